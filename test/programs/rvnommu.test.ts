import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { environmentOf, PROGRAMS, type GuestProgram } from './catalog.js';

// The differential suite of issue 3: every portable C program runs under qemu-riscv32 and under `rvnommu run`
// with the same argv, environment and stdin, and must print the same stdout and stderr and end with the same
// status.
function runRvnommu(program: GuestProgram, options: string[] = []) {
  const envArgs = program.env.flatMap((assignment) => ['-E', assignment]);
  const target = program.fromRom ? romArgs(program) : [program.path];
  return spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', ...options, ...envArgs, ...target, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    timeout: 60_000,
  });
}

/** --rom IMAGE /rom/NAME.elf, the image made by rvnommu mkimage from a directory holding only the program. */
function romArgs(program: GuestProgram): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-rom-'));
  const name = basename(program.path);
  mkdirSync(join(scratch, 'tree'));
  copyFileSync(program.path, join(scratch, 'tree', name));
  const image = join(scratch, 'image.rom');
  const made = spawnSync('node', ['bin/rvnommu.js', 'mkimage', join(scratch, 'tree'), '-o', image], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mkimage for ${name}: ${made.stderr}`);
  return ['--rom', image, `/rom/${name}`];
}

function runQemu(program: GuestProgram) {
  return spawnSync('qemu-riscv32', [program.path, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    env: environmentOf(program),
    timeout: 60_000,
  });
}

describeWithOracle('qemu-riscv32', 'C programs: rvnommu run against qemu-riscv32', () => {
  it.each(PROGRAMS.filter((p) => p.portable).map((p) => [p.name, p] as const))('%s', (_name, program) => {
    const qemu = runQemu(program);
    const ours = runRvnommu(program);
    expect(ours.stderr).toBe(qemu.stderr);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
    expect(ours.status).toBe(program.status);
    expect(ours.stdout).toContain(`${program.name}: ok`);
  });
});

describe('no-MMU C programs on rvnommu', () => {
  it.each(PROGRAMS.filter((p) => !p.portable).map((p) => [p.name, p] as const))('%s', (_name, program) => {
    const ours = runRvnommu(program);
    expect(ours.stderr).toBe('');
    expect(ours.stdout).not.toMatch(/^FAILED /m);
    expect(ours.stdout).toContain(`${program.name}: ok`);
    expect(ours.status).toBe(program.status);
  });
});

// The block translator against the reference interpreter (issue 10): every program gives the same output and
// status with --no-jit; single-threaded programs that do not look at the clock also execute the same number of
// instructions (elsewhere host timing decides how often a thread spins or retries).
const CLOCK_INDEPENDENT = new Set(['hello', 'printf', 'string', 'stdlib', 'ctype', 'malloc', 'errno', 'getopt', 'memory']);

describe('C programs on the interpreter alone (--no-jit)', () => {
  it.each(PROGRAMS.map((p) => [p.name, p] as const))('%s', (_name, program) => {
    const translated = runRvnommu(program, ['--count']);
    const interpreted = runRvnommu(program, ['--count', '--no-jit']);
    expect(interpreted.stdout).toBe(translated.stdout);
    expect(interpreted.status).toBe(translated.status);
    const count = (stderr: string) => /^(\d+) instructions$/m.exec(stderr)?.[1];
    expect(count(interpreted.stderr)).toBeDefined();
    if (CLOCK_INDEPENDENT.has(program.name)) expect(count(interpreted.stderr)).toBe(count(translated.stderr));
  });
});
