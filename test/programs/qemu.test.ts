import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { environmentOf, PROGRAMS, summaryLine } from './catalog.js';

// The qemu half of the differential test: every portable program must pass its own checks under the Linux
// user-mode oracle, so that comparing rvnommu's output with qemu's compares against a known-good run.
describeWithOracle('qemu-riscv32', 'C test programs under qemu-riscv32', () => {
  for (const program of PROGRAMS.filter((p) => p.portable)) {
    it(`${program.name} passes its checks and exits ${program.status}`, () => {
      const result = spawnSync('qemu-riscv32', [program.path, ...program.args], {
        input: program.stdin ?? '',
        env: environmentOf(program),
        encoding: 'utf8',
        timeout: 30_000,
      });
      const lines = result.stdout.split('\n');
      expect(lines.filter((line) => line.startsWith('FAILED'))).toEqual([]);
      expect(lines).toContain(summaryLine(program));
      expect(result.signal).toBeNull();
      expect(result.status).toBe(program.status);
    });
  }
});
