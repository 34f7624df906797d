import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `rvnommu run --mount HOSTDIR:/GUESTDIR`, end to end through the real CLI.
/** copy SOURCE [TARGET]: prints SOURCE and writes it to TARGET (images/programs/kernel/copy.c). */
const COPY = 'images/bin/kernel/copy.elf';
const SECRET = 'outside the mounted directory\n';

function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** A host directory to mount, next to a file the guest must never reach, and links that point at it. */
function hostTree() {
  const root = mkdtempSync(join(tmpdir(), 'rvnommu-mount-'));
  const shared = join(root, 'shared');
  mkdirSync(shared);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(shared, 'input.txt'), 'hello from the host\n');
  symlinkSync('../secret.txt', join(shared, 'relative-escape'));
  symlinkSync(join(root, 'secret.txt'), join(shared, 'absolute-escape'));
  symlinkSync('../written-outside.txt', join(shared, 'relative-write-escape'));
  symlinkSync(join(root, 'written-outside.txt'), join(shared, 'absolute-write-escape'));
  return { root, shared };
}

describe('rvnommu run --mount', () => {
  it('lets the guest read a host file and write one back, at a guest path it creates', () => {
    const { shared } = hostTree();
    const run = rvnommu(['--mount', `${shared}:/mnt/host`, COPY, '/mnt/host/input.txt', '/mnt/host/output.txt']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello from the host\n');
    expect(run.status).toBe(0);
    expect(readFileSync(join(shared, 'output.txt'), 'utf8')).toBe('hello from the host\n');
  });

  it('refuses a host directory that does not exist with one line and status 2', () => {
    const missing = join(tmpdir(), 'rvnommu-no-such-directory');
    const run = rvnommu(['--mount', `${missing}:/mnt`, COPY, '/proc/version']);
    expect(run.stderr).toBe(`rvnommu run: --mount ${missing}: ENOENT\n`);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('refuses a host file that is not a directory', () => {
    const { shared } = hostTree();
    const run = rvnommu(['--mount', `${join(shared, 'input.txt')}:/mnt`, COPY, '/proc/version']);
    expect(run.stderr).toMatch(/^rvnommu run: --mount .*input\.txt: not a directory\n$/);
    expect(run.status).toBe(2);
  });

  it.each([
    ['a relative symlink out of the directory', '/mnt/host/relative-escape'],
    ['an absolute symlink to a host path', '/mnt/host/absolute-escape'],
    ['.. above the mount point', '/mnt/host/../secret.txt'],
    ['.. above the guest root', '/mnt/host/../../../secret.txt'],
  ])('keeps the guest inside the directory: %s', (_what, path) => {
    const { shared } = hostTree();
    const run = rvnommu(['--mount', `${shared}:/mnt/host`, COPY, path]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`copy: ${path}: No such file or directory\n`);
    expect(run.status).toBe(1);
  });

  // Creating through a dangling symlink follows it, as on Linux, but in the guest's tree: the relative link leads
  // to /mnt/written-outside.txt, which the guest's own /mnt can take; the absolute one to a guest directory that
  // does not exist.
  it.each([
    ['a relative', 'relative-write-escape', 0, ''],
    ['an absolute', 'absolute-write-escape', 1, 'copy: /mnt/host/absolute-write-escape: No such file or directory\n'],
  ])('does not create a host file outside the directory through %s symlink', (_kind, link, status, stderr) => {
    const { root, shared } = hostTree();
    const run = rvnommu(['--mount', `${shared}:/mnt/host`, COPY, '/mnt/host/input.txt', `/mnt/host/${link}`]);
    expect(run.stderr).toBe(stderr);
    expect(run.status).toBe(status);
    expect(existsSync(join(root, 'written-outside.txt'))).toBe(false);
  });
});
