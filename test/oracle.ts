import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';

/**
 * Differential tests compare rvnommu with an oracle program (qemu-riscv32, qemu-system-riscv32, gdb-multiarch).
 * Without the oracle installed such a suite is reported as skipped, never as passed; CI installs the oracles and
 * sets RVNOMMU_REQUIRE_ORACLES=1 so that a missing one fails the run instead.
 */
export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function describeWithOracle(command: string, name: string, body: () => void): void {
  const available = hasTool(command);
  if (!available && process.env.RVNOMMU_REQUIRE_ORACLES === '1') {
    throw new Error(`${command} is required (RVNOMMU_REQUIRE_ORACLES=1) but is not installed`);
  }
  describe.skipIf(!available)(`${name} [oracle: ${command}]`, body);
}
