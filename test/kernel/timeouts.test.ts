import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Timed waits on the kernel's one clock (images/programs/kernel/timeouts.c): poll, FUTEX_WAIT, FUTEX_WAIT_BITSET
// and nanosleep in two processes and two threads.
const PROGRAM = 'images/bin/kernel/timeouts.elf';

function rvnommu(...args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', ...args, PROGRAM], { encoding: 'utf8', timeout: 60_000 });
}

describe('timed waits', () => {
  it('expire with their results and last at least their timeouts on the host clock', () => {
    const run = rvnommu();
    expect(run.stdout).toMatch(/ ms: poll timed out\n/);
    expect(run.stdout).toMatch(/^FUTEX_WAIT timed out after \d+ ms$/m);
    expect(run.stdout).toMatch(/^FUTEX_WAIT_BITSET timed out after \d+ ms$/m);
    expect(run.stdout).toMatch(/timeouts: ok\n$/);
    expect(run.status).toBe(0);
  });

  it('follow the instruction count with --deterministic: two runs print the same times and syscalls', () => {
    const runs = [1, 2].map(() => rvnommu('--deterministic', '--strace'));
    for (const run of runs) {
      expect(run.stdout).toMatch(/timeouts: ok\n$/);
      expect(run.status).toBe(0);
    }
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[1].stderr).toBe(runs[0].stderr);
    // When every task waits, the clock jumps to the earliest deadline: the waits last exactly their timeouts
    // (the child ticks every 30 ms, each poll times out after 7 ms, each futex wait after 20 ms).
    expect(runs[0].stdout).toMatch(/^ {3}7 ms: poll timed out\n {2}14 ms: poll timed out\n/);
    expect(runs[0].stdout).toMatch(/^ {2}\d\d ms: tick 0 from the child$/m);
    expect(runs[0].stdout).toContain('FUTEX_WAIT timed out after 20 ms\nFUTEX_WAIT_BITSET timed out after 20 ms\n');
    // strace shows the waits ending: 12 poll timeouts (0) in the parent, two futex ETIMEDOUTs in its thread.
    expect(runs[0].stderr.match(/^\[1\] <\.\.\. resumed> = 0$/gm)).toHaveLength(12);
    expect(runs[0].stderr.match(/^\[3\] <\.\.\. resumed> = -1 ETIMEDOUT$/gm)).toHaveLength(2);
  });
});
