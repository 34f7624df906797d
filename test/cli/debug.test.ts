import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function rvnommu(...args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('rvnommu debug', () => {
  it('is listed by the CLI and runs a batch of commands on a bare-metal program', () => {
    expect(rvnommu('--help').stdout).toMatch(/^ {2}debug {2,}/m);
    const session = rvnommu('debug', '--batch', '--ex', 'break workload', '--ex', 'continue', '--ex', 'stepi 2', 'images/bin/bench/workload-bare.elf');
    expect(session.stderr).toBe('');
    expect(session.status).toBe(0);
    expect(session.stdout).toMatch(/Breakpoint 1, 0x([0-9a-f]{8}) in workload\n/);
    expect(session.stdout).toMatch(/=> [0-9a-f]{8}: [0-9a-f]{8} {2}sw\ts0, 56\(sp\)\n/);
  });

  it('reports a missing program in one line', () => {
    const session = rvnommu('debug', '--batch', 'no-such-file.elf');
    expect(session.status).not.toBe(0);
    expect(session.stderr.trim().split('\n')).toHaveLength(1);
    expect(session.stderr).toContain('no-such-file.elf');
  });
});
