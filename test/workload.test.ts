import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import { describeWithOracle } from './oracle.js';

// The benchmark workload is real compiled C (loops, multiplication, division, byte and word traffic): the
// checksum our interpreter computes must be the one qemu computes from the same source.
describeWithOracle('qemu-riscv32', 'benchmark workload', () => {
  it('computes the same checksum as qemu-riscv32', () => {
    const chunks: Uint8Array[] = [];
    const path = 'images/bin/bench/workload-bare.elf';
    const result = new BareMachine(readFileSync(path), path, { output: (bytes) => chunks.push(bytes) }).run();
    expect(result.exitCode).toBe(0);
    const qemu = spawnSync('qemu-riscv32', ['images/bin/bench/workload-linux.elf'], { encoding: 'utf8' });
    expect(qemu.status).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe(qemu.stdout);
    expect(qemu.stdout).toMatch(/^workload checksum 0x[0-9a-f]{8}\n$/);
  });
});
