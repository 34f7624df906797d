import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';

const PROGRAM = 'images/bin/programs/nommu/userfaultfd.elf';

describe('rvnommu run: userfaultfd', () => {
  it('serves missing pages to worker threads from a handler thread, lets waiting threads go on unregister and close, runs a signal handler during a wait, and makes a system call wait for a missing page', () => {
    const run = spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', PROGRAM], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'stress: 4 workers read 32 pages served by UFFDIO_COPY',
        'zeropage: a write fault completed on a zeroed page',
        'unregister: the waiting thread went on with a zero page',
        'close: the waiting thread went on with a zero page',
        'signal: the handler ran while the thread waited, then the load faulted again and completed',
        'syscall: read() into a missing page waited for it (EFAULT with UFFD_USER_MODE_ONLY)',
        'userfaultfd: ok',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(0);
  });
});

// The program cannot be compared with qemu-riscv32: its user mode does not implement userfaultfd. If a later qemu
// does, this fails, and the program should join the differential suite.
describeWithOracle('qemu-riscv32', 'userfaultfd under qemu-riscv32', () => {
  it('is ENOSYS in qemu user mode', () => {
    const run = spawnSync('qemu-riscv32', [PROGRAM], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toBe('FAILED: no userfaultfd system call (ENOSYS)\n');
    expect(run.status).toBe(1);
  });
});
