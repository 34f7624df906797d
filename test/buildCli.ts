import { spawnSync } from 'node:child_process';

/**
 * Vitest global setup: bundles the CLI once before any test file runs, so that tests spawning
 * `node bin/rvnommu.js` see the current sources and never race each other rebuilding dist/.
 */
export default function buildCli(): void {
  const build = spawnSync('node', ['build.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node build.mjs failed:\n${build.stderr}`);
}
