import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import type { Credentials } from './Credentials.js';
import { makeDirectory, makeSymlink } from './entryOperations.js';
import { O_CREAT, O_WRONLY } from './openFlags.js';
import { LOOKUP_DIRECTORY, LOOKUP_FOLLOW } from './PathWalker.js';
import { createTestVfs, lookupFor } from './testing.js';
import type { Vfs } from './Vfs.js';
import type { VfsPath } from './VfsPath.js';

function setup(): { vfs: Vfs; at: ReturnType<typeof lookupFor>; name: (path: VfsPath | number) => string | number } {
  const vfs = createTestVfs();
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  for (const dir of ['/a', '/a/b', '/a/b/c', '/mnt']) expect(makeDirectory(vfs, at, dir, 0o755)).toBe(0);
  const file = vfs.open(at, '/a/file', O_CREAT | O_WRONLY, 0o644);
  if (typeof file === 'number') throw new Error('create failed');
  file.release();
  const name = (path: VfsPath | number) => (typeof path === 'number' ? path : vfs.pathName(path, fs.root).name);
  return { vfs, at, name };
}

describe('PathWalker', () => {
  it('resolves absolute and relative paths, collapsing slashes and dots', () => {
    const { vfs, at, name } = setup();
    expect(name(vfs.resolve(at, '/a/b/c', LOOKUP_FOLLOW))).toBe('/a/b/c');
    expect(name(vfs.resolve(at, 'a/b', LOOKUP_FOLLOW))).toBe('/a/b');
    expect(name(vfs.resolve(at, '//a///b/./c//', LOOKUP_FOLLOW))).toBe('/a/b/c');
    expect(name(vfs.resolve(at, '/', LOOKUP_FOLLOW))).toBe('/');
    expect(name(vfs.resolve(at, '.', LOOKUP_FOLLOW))).toBe('/');
  });

  it('stops ".." at the root and walks up otherwise', () => {
    const { vfs, at, name } = setup();
    expect(name(vfs.resolve(at, '/..', 0))).toBe('/');
    expect(name(vfs.resolve(at, '/../../a/..', 0))).toBe('/');
    expect(name(vfs.resolve(at, '/a/b/c/../..', 0))).toBe('/a');
  });

  it('gives ENOENT, ENOTDIR and ENAMETOOLONG like Linux', () => {
    const { vfs, at } = setup();
    expect(vfs.resolve(at, '/missing', 0)).toBe(-Errno.ENOENT);
    expect(vfs.resolve(at, '/missing/x', 0)).toBe(-Errno.ENOENT);
    expect(vfs.resolve(at, '/a/file/x', 0)).toBe(-Errno.ENOTDIR);
    expect(vfs.resolve(at, '/a/file/', 0)).toBe(-Errno.ENOTDIR);
    expect(vfs.resolve(at, '/a/file', LOOKUP_DIRECTORY)).toBe(-Errno.ENOTDIR);
    expect(vfs.resolve(at, '', 0)).toBe(-Errno.ENOENT);
    expect(vfs.resolve(at, `/${'x'.repeat(256)}`, 0)).toBe(-Errno.ENAMETOOLONG);
    expect(vfs.resolve(at, `/${'x'.repeat(255)}`, 0)).toBe(-Errno.ENOENT);
  });

  it('follows relative and absolute symlinks, the last one only when asked or before a slash', () => {
    const { vfs, at, name } = setup();
    expect(makeSymlink(vfs, at, 'b/c', '/a/rel')).toBe(0);
    expect(makeSymlink(vfs, at, '/a/b', '/abs')).toBe(0);
    expect(makeSymlink(vfs, at, '../..', '/a/b/up')).toBe(0);
    expect(name(vfs.resolve(at, '/a/rel', LOOKUP_FOLLOW))).toBe('/a/b/c');
    expect(name(vfs.resolve(at, '/abs/c', 0))).toBe('/a/b/c');
    expect(name(vfs.resolve(at, '/a/b/up/a', 0))).toBe('/a');
    expect(name(vfs.resolve(at, '/abs', 0))).toBe('/abs');
    expect(name(vfs.resolve(at, '/abs/', 0))).toBe('/a/b');
  });

  it('reports dangling links as ENOENT and loops as ELOOP after 40 links', () => {
    const { vfs, at, name } = setup();
    expect(makeSymlink(vfs, at, '/nowhere', '/dangling')).toBe(0);
    expect(vfs.resolve(at, '/dangling', LOOKUP_FOLLOW)).toBe(-Errno.ENOENT);
    expect(makeSymlink(vfs, at, '/loop2', '/loop1')).toBe(0);
    expect(makeSymlink(vfs, at, '/loop1', '/loop2')).toBe(0);
    expect(vfs.resolve(at, '/loop1', LOOKUP_FOLLOW)).toBe(-Errno.ELOOP);
    expect(vfs.resolve(at, '/loop1/x', 0)).toBe(-Errno.ELOOP);
    // A chain of exactly 40 links resolves; one more is too many.
    expect(makeSymlink(vfs, at, '/a', '/chain0')).toBe(0);
    for (let i = 1; i <= 40; i++) expect(makeSymlink(vfs, at, `/chain${i - 1}`, `/chain${i}`)).toBe(0);
    expect(name(vfs.resolve(at, '/chain39', LOOKUP_FOLLOW))).toBe('/a');
    expect(vfs.resolve(at, '/chain40', LOOKUP_FOLLOW)).toBe(-Errno.ELOOP);
  });

  it('enters mounts and climbs out of them with ".."', () => {
    const { vfs, at, name } = setup();
    const sb = vfs.createSuperBlock('tmpfs', 'tmpfs', '');
    if (typeof sb === 'number') throw new Error('tmpfs');
    expect(vfs.mountAt('/mnt', sb)).not.toBeTypeOf('number');
    const mnt = vfs.resolve(at, '/mnt', 0) as VfsPath;
    expect(mnt.mount.sb).toBe(sb);
    expect(mnt.dentry).toBe(sb.root);
    expect(makeDirectory(vfs, at, '/mnt/inside', 0o755)).toBe(0);
    expect(name(vfs.resolve(at, '/mnt/inside/../..', 0))).toBe('/');
    expect(name(vfs.resolve(at, '/mnt/inside/../../a', 0))).toBe('/a');
    expect(name(vfs.resolve(at, '/a/../mnt/inside', 0))).toBe('/mnt/inside');
  });

  it('keeps ".." and absolute paths inside a changed root', () => {
    const { vfs, at } = setup();
    const jail = vfs.resolve(at, '/a/b', 0) as VfsPath;
    at.fs.setRoot(jail);
    at.fs.setCwd(jail);
    const inJail = lookupFor(at.fs);
    const c = vfs.resolve(inJail, '/c', 0) as VfsPath;
    expect(c.dentry.name).toBe('c');
    expect(vfs.resolve(inJail, '/../../..', 0)).toEqual(jail);
    expect(vfs.resolve(inJail, '/file', 0)).toBe(-Errno.ENOENT);
  });

  it('needs search permission on every directory for non-root users', () => {
    const { vfs, at } = setup();
    const user: Credentials = { uid: 1000, gid: 1000, groups: [] };
    expect(makeDirectory(vfs, at, '/private', 0o700)).toBe(0);
    expect(makeDirectory(vfs, at, '/private/x', 0o755)).toBe(0);
    const asUser = { ...lookupFor(at.fs), cred: user };
    expect(vfs.resolve(asUser, '/private/x', 0)).toBe(-Errno.EACCES);
    expect(vfs.resolve(asUser, '/private', 0)).not.toBeTypeOf('number');
    expect(vfs.resolve(at, '/private/x', 0)).not.toBeTypeOf('number');
  });
});
