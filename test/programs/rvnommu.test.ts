import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { PROGRAMS, type GuestProgram } from './catalog.js';

// The differential suite of issue 3: every portable C program runs under qemu-riscv32 and under `rvnommu run`
// with the same argv, environment and stdin, and must print the same stdout and stderr and end with the same
// status.
function runRvnommu(program: GuestProgram) {
  const envArgs = program.env.flatMap((assignment) => ['-E', assignment]);
  return spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', ...envArgs, program.path, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    timeout: 60_000,
  });
}

function runQemu(program: GuestProgram) {
  const env = Object.fromEntries(program.env.map((assignment) => assignment.split(/=(.*)/s).slice(0, 2)));
  return spawnSync('qemu-riscv32', [program.path, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    env,
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
