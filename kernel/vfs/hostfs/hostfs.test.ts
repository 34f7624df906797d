import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../errno.js';
import { bytesToName } from '../bytes.js';
import { makeDirectory, makeDirectoryTree, makeSymlink, readSymlink, removeDirectory, removeFile, renameEntry } from '../entryOperations.js';
import { isWouldBlock } from '../FileOperations.js';
import type { FsContext } from '../FsContext.js';
import type { OpenFile } from '../OpenFile.js';
import { O_CREAT, O_RDONLY, O_WRONLY } from '../openFlags.js';
import { LOOKUP_FOLLOW } from '../PathWalker.js';
import { readDirectory } from '../readdir.js';
import { createTestVfs, lookupFor } from '../testing.js';
import type { Vfs } from '../Vfs.js';
import { HostMountError, mountHostDirectory } from './mountHostDirectory.js';

let top: string;
let shared: string;
let outside: string;
let vfs: Vfs;
let fs: FsContext;

function read(path: string): string | number {
  const file = vfs.open(lookupFor(fs), path, O_RDONLY, 0);
  if (typeof file === 'number') return file;
  const into = new Uint8Array(4096);
  const count = file.read(into);
  file.release();
  if (isWouldBlock(count)) throw new Error('blocked');
  return count < 0 ? count : bytesToName(into.subarray(0, count));
}

function write(path: string, text: string): number {
  const file = vfs.open(lookupFor(fs), path, O_CREAT | O_WRONLY, 0o644);
  if (typeof file === 'number') return file;
  const count = file.write(new TextEncoder().encode(text));
  file.release();
  return count as number;
}

function list(path: string): string[] | number {
  const file = vfs.open(lookupFor(fs), path, O_RDONLY, 0);
  if (typeof file === 'number') return file;
  const names: string[] = [];
  const error = readDirectory(file, (name) => (names.push(name), true));
  file.release();
  return error || names.sort();
}

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'rvnommu-hostfs-'));
  shared = join(top, 'shared');
  outside = join(top, 'outside');
  mkdirSync(join(shared, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'host secret');
  writeFileSync(join(shared, 'file.txt'), 'hello');
  writeFileSync(join(shared, 'sub', 'inner.txt'), 'inner');
  symlinkSync(outside, join(shared, 'link-out-abs'));
  symlinkSync('../outside', join(shared, 'link-out-rel'));
  symlinkSync('/etc', join(shared, 'link-etc'));
  symlinkSync('sub', join(shared, 'link-in'));
  vfs = createTestVfs();
  fs = vfs.newFsContext();
  mountHostDirectory(vfs, shared, '/mnt/host');
});

afterEach(() => {
  rmSync(top, { recursive: true, force: true });
});

describe('hostfs', () => {
  it('reads, writes, creates, lists and removes host files', () => {
    const at = lookupFor(fs);
    expect(read('/mnt/host/file.txt')).toBe('hello');
    expect(read('/mnt/host/sub/inner.txt')).toBe('inner');
    expect(write('/mnt/host/new.txt', 'from the guest')).toBe(14);
    expect(readFileSync(join(shared, 'new.txt'), 'utf8')).toBe('from the guest');
    expect(makeDirectory(vfs, at, '/mnt/host/made', 0o755)).toBe(0);
    expect(existsSync(join(shared, 'made'))).toBe(true);
    expect(list('/mnt/host')).toEqual(['.', '..', 'file.txt', 'link-etc', 'link-in', 'link-out-abs', 'link-out-rel', 'made', 'new.txt', 'sub']);
    const stat = vfs.resolve(at, '/mnt/host/new.txt', 0);
    expect(typeof stat !== 'number' && stat.dentry.inode.size).toBe(14);
    expect(renameEntry(vfs, at, '/mnt/host/new.txt', at, '/mnt/host/made/renamed.txt', 0)).toBe(0);
    expect(readFileSync(join(shared, 'made', 'renamed.txt'), 'utf8')).toBe('from the guest');
    expect(removeDirectory(vfs, at, '/mnt/host/made')).toBe(-Errno.ENOTEMPTY);
    expect(removeFile(vfs, at, '/mnt/host/made/renamed.txt')).toBe(0);
    expect(removeDirectory(vfs, at, '/mnt/host/made')).toBe(0);
    expect(existsSync(join(shared, 'made'))).toBe(false);
    expect(read('/mnt/host/missing')).toBe(-Errno.ENOENT);
  });

  it('sees changes made on the host', () => {
    expect(read('/mnt/host/file.txt')).toBe('hello');
    writeFileSync(join(shared, 'file.txt'), 'changed on the host');
    expect(read('/mnt/host/file.txt')).toBe('changed on the host');
    rmSync(join(shared, 'file.txt'));
    expect(read('/mnt/host/file.txt')).toBe(-Errno.ENOENT);
  });

  it('cannot climb out with ".."', () => {
    expect(read('/mnt/host/../outside/secret.txt')).toBe(-Errno.ENOENT);
    expect(read('/mnt/host/sub/../../../outside/secret.txt')).toBe(-Errno.ENOENT);
    expect(read(`/mnt/host/../../../../../../../..${outside}/secret.txt`)).toBe(-Errno.ENOENT);
    const at = lookupFor(fs);
    const sub = vfs.resolve(at, '/mnt/host/sub', 0);
    if (typeof sub === 'number') throw new Error('no sub');
    fs.setCwd(sub);
    expect(read('../../../outside/secret.txt')).toBe(-Errno.ENOENT);
    expect(read('../../..')).toBe(-Errno.EISDIR);
    expect(vfs.pathName(vfs.resolve(lookupFor(fs), '../../../..', 0) as typeof sub, fs.root).name).toBe('/');
  });

  it('resolves host symbolic links inside the guest, never on the host', () => {
    const at = lookupFor(fs);
    expect(readSymlink(vfs, at, '/mnt/host/link-out-abs')).toBe(outside);
    expect(read('/mnt/host/link-out-abs/secret.txt')).toBe(-Errno.ENOENT);
    expect(read('/mnt/host/link-out-rel/secret.txt')).toBe(-Errno.ENOENT);
    expect(read('/mnt/host/link-etc/passwd')).toBe(-Errno.ENOENT);
    expect(read('/mnt/host/link-in/inner.txt')).toBe('inner');
    // The same path in the guest's own tree is what the link leads to.
    expect(makeDirectoryTree(vfs, at, outside, 0o755)).toBe(0);
    expect(write(`${outside}/secret.txt`, 'guest file')).toBe(10);
    expect(read('/mnt/host/link-out-abs/secret.txt')).toBe('guest file');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
  });

  it('does not write through a host symbolic link either', () => {
    const at = lookupFor(fs);
    symlinkSync(join(outside, 'secret.txt'), join(shared, 'trap'));
    expect(write('/mnt/host/trap', 'overwritten')).toBe(-Errno.ENOENT);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('host secret');
    expect(makeSymlink(vfs, at, '/etc/passwd', '/mnt/host/made-link')).toBe(0);
    expect(read('/mnt/host/made-link')).toBe(-Errno.ENOENT);
  });

  it('refuses a directory the host swapped for a symbolic link after the guest entered it', () => {
    const at = lookupFor(fs);
    const sub = vfs.resolve(at, '/mnt/host/sub', 0);
    if (typeof sub === 'number') throw new Error('no sub');
    fs.setCwd(sub);
    expect(read('inner.txt')).toBe('inner');
    renameSync(join(shared, 'sub'), join(shared, 'sub-old'));
    symlinkSync(outside, join(shared, 'sub'));
    expect(read('secret.txt')).toBe(-Errno.EACCES);
    expect(write('planted.txt', 'x')).toBe(-Errno.EACCES);
    expect(list('.')).toBe(-Errno.EACCES);
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
  });

  it('keeps renames and links inside the mount', () => {
    const at = lookupFor(fs);
    expect(makeDirectory(vfs, at, '/guest', 0o755)).toBe(0);
    expect(renameEntry(vfs, at, '/mnt/host/file.txt', at, '/guest/file.txt', 0)).toBe(-Errno.EXDEV);
  });

  it('reports host problems as HostMountError', () => {
    expect(() => mountHostDirectory(vfs, join(top, 'nope'), '/x')).toThrow(HostMountError);
    expect(() => mountHostDirectory(vfs, join(shared, 'file.txt'), '/x')).toThrow(HostMountError);
    expect(() => mountHostDirectory(vfs, shared, '/mnt/host/file.txt/x')).toThrow(HostMountError);
  });

  it('follows the guest view of the mount after opening by a link that leads inside', () => {
    const file = vfs.open(lookupFor(fs), '/mnt/host/link-in/inner.txt', O_RDONLY, 0) as OpenFile;
    expect(vfs.pathName(file.path, fs.root).name).toBe('/mnt/host/sub/inner.txt');
    expect(vfs.resolve(lookupFor(fs), '/mnt/host/link-in', LOOKUP_FOLLOW)).not.toBeTypeOf('number');
  });
});
