import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { PROGRAMS } from './catalog.js';
import { runQemu, runRvnommu } from './runners.js';

// The differential suite of issue 3: every portable C program runs under qemu-riscv32 and under `rvnommu run`
// with the same argv, environment and stdin, and must print the same stdout and stderr and end with the same
// status.
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
