import { Errno } from '../errno.js';
import type { Credentials } from './Credentials.js';
import { isDir, isLink } from './fileMode.js';
import type { MountTable } from './MountTable.js';
import { MAX_SYMLINKS, NAME_MAX } from './openFlags.js';
import { checkPermission, MAY_EXEC } from './permission.js';
import type { VfsPath } from './VfsPath.js';

/** Follow a symbolic link in the last component. */
export const LOOKUP_FOLLOW = 1;
/** The result must be a directory. */
export const LOOKUP_DIRECTORY = 2;

/** What the last component of a path is (Linux's LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT). */
export type LastType = 'normal' | 'dot' | 'dotdot' | 'root';

/** A path resolved up to its last component (filename_parentat). */
export interface ParentLookup {
  /** The directory the last component is looked up in. */
  readonly dir: VfsPath;
  readonly last: string;
  readonly type: LastType;
  /** The path ended in '/': the last component must be a directory. */
  readonly trailingSlash: boolean;
}

/**
 * One path resolution (Linux's nameidata and link_path_walk): components are looked up one at a time from the
 * root or a base directory, search permission is checked on every directory, ".." stops at the process root and
 * climbs out of mounts, mounts are entered, and symbolic links are followed, at most 40 in all (ELOOP).
 * A walker keeps that count, so use one per syscall.
 */
export class PathWalker {
  private linksFollowed = 0;

  constructor(
    private readonly mounts: MountTable,
    private readonly root: VfsPath,
    private readonly cred: Credentials,
  ) {}

  /** path_lookupat: the location `path` names, relative to `base` unless absolute. `path` is not empty. */
  lookup(base: VfsPath, path: string, flags: number): VfsPath | number {
    const parent = this.lookupParent(base, path);
    return typeof parent === 'number' ? parent : this.finish(parent, flags);
  }

  /** filename_parentat: everything but the last component. `path` is not empty. */
  lookupParent(base: VfsPath, path: string): ParentLookup | number {
    const absolute = path.startsWith('/');
    let dir = absolute ? this.root : base;
    if (!absolute && !isDir(base.dentry.inode.mode)) return -Errno.ENOTDIR;
    const names = path.split('/').filter((name) => name !== '');
    if (names.length === 0) return { dir, last: '', type: 'root', trailingSlash: false };
    for (let i = 0; i < names.length - 1; i++) {
      const denied = this.mayLookup(dir);
      if (denied) return denied;
      const next = this.step(dir, names[i]);
      if (typeof next === 'number') return next;
      if (!isDir(next.dentry.inode.mode)) return -Errno.ENOTDIR;
      dir = next;
    }
    const denied = this.mayLookup(dir);
    if (denied) return denied;
    const last = names[names.length - 1];
    const type: LastType = last === '.' ? 'dot' : last === '..' ? 'dotdot' : 'normal';
    return { dir, last, type, trailingSlash: path.endsWith('/') };
  }

  /** Resolves the last component of a parent lookup the way lookup() would. */
  finish(parent: ParentLookup, flags: number): VfsPath | number {
    let result: VfsPath | number;
    if (parent.type === 'normal') {
      const child = this.child(parent.dir, parent.last);
      if (child === null) return -Errno.ENOENT;
      if (typeof child === 'number') return child;
      const follow = flags & LOOKUP_FOLLOW || parent.trailingSlash;
      result = follow && isLink(child.dentry.inode.mode) ? this.followLink(parent.dir, child) : child;
    } else {
      result = parent.type === 'dotdot' ? this.dotdot(parent.dir) : parent.dir;
    }
    if (typeof result === 'number') return result;
    if ((flags & LOOKUP_DIRECTORY || parent.trailingSlash) && !isDir(result.dentry.inode.mode)) return -Errno.ENOTDIR;
    return result;
  }

  /** The child `name` of `dir` (a normal name), with mounts entered; null if it does not exist. */
  child(dir: VfsPath, name: string): VfsPath | null | number {
    if (name.length > NAME_MAX) return -Errno.ENAMETOOLONG;
    const dentry = dir.dentry.lookup(name);
    if (dentry === null || typeof dentry === 'number') return dentry;
    return this.enterMounts({ mount: dir.mount, dentry });
  }

  /** Resolves the target of the symbolic link `link`, found in directory `dir`, following its last component too. */
  followLink(dir: VfsPath, link: VfsPath): VfsPath | number {
    if (++this.linksFollowed > MAX_SYMLINKS) return -Errno.ELOOP;
    if (link.mount.nosymfollow) return -Errno.ELOOP;
    const jump = link.dentry.inode.magicLink(link.dentry);
    if (jump !== null) return jump;
    const target = link.dentry.inode.readlink(link.dentry);
    if (typeof target === 'number') return target;
    if (target === '') return -Errno.ENOENT;
    return this.lookup(dir, target, LOOKUP_FOLLOW);
  }

  /** Counts a link followed outside lookup() (open with O_CREAT follows the last link itself). */
  countLink(): number {
    return ++this.linksFollowed > MAX_SYMLINKS ? -Errno.ELOOP : 0;
  }

  /** follow_dotdot: the parent, staying at the process root and climbing from a mount root to its mount point. */
  dotdot(from: VfsPath): VfsPath {
    let { mount, dentry } = from;
    for (;;) {
      if (mount === this.root.mount && dentry === this.root.dentry) return this.root;
      if (dentry !== mount.root) break;
      if (!mount.parent || !mount.mountpoint) return { mount, dentry };
      dentry = mount.mountpoint;
      mount = mount.parent;
    }
    return this.enterMounts({ mount, dentry: dentry.parent });
  }

  private step(dir: VfsPath, name: string): VfsPath | number {
    if (name === '.') return dir;
    if (name === '..') return this.dotdot(dir);
    const child = this.child(dir, name);
    if (child === null) return -Errno.ENOENT;
    if (typeof child === 'number') return child;
    return isLink(child.dentry.inode.mode) ? this.followLink(dir, child) : child;
  }

  private enterMounts(path: VfsPath): VfsPath {
    for (let mounted = this.mounts.mountedOn(path); mounted; mounted = this.mounts.mountedOn(path)) {
      path = { mount: mounted, dentry: mounted.root };
    }
    return path;
  }

  private mayLookup(dir: VfsPath): number {
    return checkPermission(dir.dentry.inode, MAY_EXEC, this.cred);
  }
}
