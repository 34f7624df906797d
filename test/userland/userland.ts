import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('bin/rvnommu.js');
export const USERLAND = resolve('images/bin/userland');

/**
 * A host directory holding the userland as a system's /bin has it: each images/bin/userland/NAME.elf as NAME, and
 * test again as [, halt again as poweroff and reboot. The guest sees it at /bin with PATH=/bin, so the shell finds the commands by name.
 */
export function makeSystem(): string {
  const root = mkdtempSync(join(tmpdir(), 'rvnommu-userland-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  for (const file of readdirSync(USERLAND)) {
    if (file.endsWith('.elf')) copyFileSync(join(USERLAND, file), join(bin, file.slice(0, -'.elf'.length)));
  }
  copyFileSync(join(bin, 'test'), join(bin, '['));
  for (const name of ['poweroff', 'reboot']) copyFileSync(join(bin, 'halt'), join(bin, name));
  return root;
}

export interface RunOptions {
  input?: string;
  mounts?: string[];
  options?: string[];
}

/**
 * `rvnommu run` of bin/PROGRAM from the system's root as working directory, so that the program is /bin/PROGRAM
 * in the guest too (the mount of the system's bin hides the copy run installs there).
 */
export function run(root: string, program: string, args: string[], options: RunOptions = {}): SpawnSyncReturns<string> {
  const mounts = [`${join(root, 'bin')}:/bin`, ...(options.mounts ?? [])].flatMap((mount) => ['--mount', mount]);
  return spawnSync(
    'node',
    [CLI, 'run', '--clear-env', '-E', 'PATH=/bin', '-E', 'HOME=/tmp', ...mounts, ...(options.options ?? []), `bin/${program}`, ...args],
    { cwd: root, encoding: 'utf8', input: options.input ?? '', timeout: 60_000 },
  );
}

/** sh -c SCRIPT on rvnommu. */
export function sh(root: string, script: string, options: RunOptions = {}): SpawnSyncReturns<string> {
  return run(root, 'sh', ['-c', script], options);
}
