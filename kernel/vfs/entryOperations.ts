import { Errno } from '../errno.js';
import { type Credentials, isSuperuser } from './Credentials.js';
import type { Dentry } from './Dentry.js';
import { isDir, isLink, S_IALLUGO, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK, S_IRWXUGO, S_ISVTX } from './fileMode.js';
import type { Inode } from './Inode.js';
import { NAME_MAX, RENAME_EXCHANGE, RENAME_NOREPLACE } from './openFlags.js';
import { LOOKUP_FOLLOW, type PathWalker } from './PathWalker.js';
import { checkPermission, MAY_EXEC, MAY_WRITE } from './permission.js';
import { isDeadDirectory, type Lookup, mayCreate, type Vfs } from './Vfs.js';
import type { VfsPath } from './VfsPath.js';

/** Where a new name goes: an existing directory and a name not yet in it. */
interface CreateSite {
  readonly dir: VfsPath;
  readonly name: string;
}

/**
 * filename_create: the parent of the new name, checking that the name is a normal one (EEXIST for "/", "." and
 * ".."), that it does not exist yet, that a trailing slash is only used for directories, and the mount is
 * writable, in that order.
 */
function filenameCreate(walker: PathWalker, base: VfsPath, path: string, wantDir: boolean): CreateSite | number {
  const parent = walker.lookupParent(base, path);
  if (typeof parent === 'number') return parent;
  if (parent.type !== 'normal') return -Errno.EEXIST;
  if (parent.last.length > NAME_MAX) return -Errno.ENAMETOOLONG;
  const existing = parent.dir.dentry.lookup(parent.last);
  if (typeof existing === 'number') return existing;
  if (existing) return -Errno.EEXIST;
  if (parent.trailingSlash && !wantDir) return -Errno.ENOENT;
  if (parent.dir.mount.readOnly) return -Errno.EROFS;
  return { dir: parent.dir, name: parent.last };
}

/** may_delete: removing `victim` from `dir` needs write and search permission, and the sticky bit's ownership. */
function mayDelete(dir: Inode, victim: Dentry, removingDirectory: boolean, cred: Credentials): number {
  const denied = checkPermission(dir, MAY_WRITE | MAY_EXEC, cred);
  if (denied) return denied;
  const inode = victim.inode;
  if (dir.mode & S_ISVTX && !isSuperuser(cred) && cred.uid !== inode.uid && cred.uid !== dir.uid) return -Errno.EPERM;
  if (removingDirectory) {
    if (!isDir(inode.mode)) return -Errno.ENOTDIR;
    if (victim.isRoot) return -Errno.EBUSY;
  } else if (isDir(inode.mode)) {
    return -Errno.EISDIR;
  }
  return isDeadDirectory(dir) ? -Errno.ENOENT : 0;
}

function instantiate(site: CreateSite, inode: Inode | number): number {
  if (typeof inode === 'number') return inode;
  site.dir.dentry.instantiate(site.name, inode);
  return 0;
}

/** mkdirat: `mode` before the umask. */
export function makeDirectory(vfs: Vfs, at: Lookup, path: string, mode: number): number {
  const site = filenameCreate(vfs.walker(at), at.base, path, true);
  if (typeof site === 'number') return site;
  const dir = site.dir.dentry.inode;
  const denied = mayCreate(dir, at.cred);
  if (denied) return denied;
  return instantiate(site, dir.mkdir(site.dir.dentry, site.name, mode & ~at.fs.umask & (S_IRWXUGO | S_ISVTX), at.cred));
}

/** mknodat: regular files, device nodes, FIFOs and sockets; `rdev` is the kernel device number. */
export function makeNode(vfs: Vfs, at: Lookup, path: string, mode: number, rdev: number): number {
  const type = mode & S_IFMT;
  if (type === S_IFDIR) return -Errno.EPERM;
  if (![0, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK].includes(type)) return -Errno.EINVAL;
  const site = filenameCreate(vfs.walker(at), at.base, path, false);
  if (typeof site === 'number') return site;
  const dir = site.dir.dentry.inode;
  const denied = mayCreate(dir, at.cred);
  if (denied) return denied;
  const bits = mode & S_IALLUGO & ~at.fs.umask;
  if (type === 0 || type === S_IFREG) return instantiate(site, dir.create(site.dir.dentry, site.name, S_IFREG | bits, at.cred));
  const device = type === S_IFCHR || type === S_IFBLK;
  if (device && !isSuperuser(at.cred)) return -Errno.EPERM;
  return instantiate(site, dir.mknod(site.dir.dentry, site.name, type | bits, device ? rdev : 0, at.cred));
}

/** mkdir -p: every missing directory of the absolute `path`; existing directories are fine. */
export function makeDirectoryTree(vfs: Vfs, at: Lookup, path: string, mode: number): number {
  const names = path.split('/').filter((name) => name !== '');
  for (let i = 1; i <= names.length; i++) {
    const prefix = `/${names.slice(0, i).join('/')}`;
    const error = makeDirectory(vfs, at, prefix, mode);
    if (error === -Errno.EEXIST) {
      const existing = vfs.resolve(at, prefix, LOOKUP_FOLLOW);
      if (typeof existing === 'number') return existing;
      if (!isDir(existing.dentry.inode.mode)) return -Errno.ENOTDIR;
    } else if (error) {
      return error;
    }
  }
  return 0;
}

/** symlinkat: `target` is stored as given (not empty: the caller has checked). */
export function makeSymlink(vfs: Vfs, at: Lookup, target: string, path: string): number {
  const site = filenameCreate(vfs.walker(at), at.base, path, false);
  if (typeof site === 'number') return site;
  const dir = site.dir.dentry.inode;
  const denied = mayCreate(dir, at.cred);
  if (denied) return denied;
  return instantiate(site, dir.symlink(site.dir.dentry, site.name, target, at.cred));
}

/** linkat after its flag checks: `old` is the resolved existing file. */
export function makeLink(vfs: Vfs, old: VfsPath, at: Lookup, path: string): number {
  const site = filenameCreate(vfs.walker(at), at.base, path, false);
  if (typeof site === 'number') return site;
  if (old.mount !== site.dir.mount) return -Errno.EXDEV;
  const dir = site.dir.dentry.inode;
  const inode = old.dentry.inode;
  const denied = mayCreate(dir, at.cred);
  if (denied) return denied;
  if (dir.sb !== inode.sb) return -Errno.EXDEV;
  if (isDir(inode.mode)) return -Errno.EPERM;
  if (!vfs.isLinkable(inode)) return -Errno.ENOENT;
  const error = dir.link(old.dentry, site.dir.dentry, site.name);
  if (error) return error;
  site.dir.dentry.instantiate(site.name, inode);
  return 0;
}

/** unlinkat without AT_REMOVEDIR. */
export function removeFile(vfs: Vfs, at: Lookup, path: string): number {
  const parent = vfs.walker(at).lookupParent(at.base, path);
  if (typeof parent === 'number') return parent;
  if (parent.type !== 'normal') return -Errno.EISDIR;
  if (parent.dir.mount.readOnly) return -Errno.EROFS;
  if (parent.last.length > NAME_MAX) return -Errno.ENAMETOOLONG;
  const victim = parent.dir.dentry.lookup(parent.last);
  if (typeof victim === 'number') return victim;
  if (!victim) return -Errno.ENOENT;
  if (parent.trailingSlash) return isDir(victim.inode.mode) ? -Errno.EISDIR : -Errno.ENOTDIR;
  const dir = parent.dir.dentry;
  const denied = mayDelete(dir.inode, victim, false, at.cred);
  if (denied) return denied;
  if (victim.mountCount > 0) return -Errno.EBUSY;
  const error = dir.inode.unlink(dir, victim);
  if (error) return error;
  dir.drop(victim);
  return 0;
}

/** unlinkat with AT_REMOVEDIR (rmdir). */
export function removeDirectory(vfs: Vfs, at: Lookup, path: string): number {
  const parent = vfs.walker(at).lookupParent(at.base, path);
  if (typeof parent === 'number') return parent;
  if (parent.type === 'dotdot') return -Errno.ENOTEMPTY;
  if (parent.type === 'dot') return -Errno.EINVAL;
  if (parent.type === 'root') return -Errno.EBUSY;
  if (parent.dir.mount.readOnly) return -Errno.EROFS;
  if (parent.last.length > NAME_MAX) return -Errno.ENAMETOOLONG;
  const victim = parent.dir.dentry.lookup(parent.last);
  if (typeof victim === 'number') return victim;
  if (!victim) return -Errno.ENOENT;
  const dir = parent.dir.dentry;
  const denied = mayDelete(dir.inode, victim, true, at.cred);
  if (denied) return denied;
  if (victim.mountCount > 0) return -Errno.EBUSY;
  const error = dir.inode.rmdir(dir, victim);
  if (error) return error;
  dir.drop(victim);
  return 0;
}

/** The child of `ancestor` on the way down to `descendant` (which lies strictly below it). */
function childTowards(ancestor: Dentry, descendant: Dentry): Dentry {
  let d = descendant;
  while (d.parent !== ancestor) d = d.parent;
  return d;
}

/** renameat2 after its flag checks (do_renameat2 and vfs_rename). */
export function renameEntry(vfs: Vfs, from: Lookup, oldPath: string, to: Lookup, newPath: string, flags: number): number {
  const oldParent = vfs.walker(from).lookupParent(from.base, oldPath);
  if (typeof oldParent === 'number') return oldParent;
  const newParent = vfs.walker(to).lookupParent(to.base, newPath);
  if (typeof newParent === 'number') return newParent;
  if (oldParent.dir.mount !== newParent.dir.mount) return -Errno.EXDEV;
  if (oldParent.type !== 'normal') return -Errno.EBUSY;
  if (newParent.type !== 'normal') return flags & RENAME_NOREPLACE ? -Errno.EEXIST : -Errno.EBUSY;
  if (oldParent.dir.mount.readOnly) return -Errno.EROFS;
  const oldDir = oldParent.dir.dentry;
  const newDir = newParent.dir.dentry;
  if (oldParent.last.length > NAME_MAX || newParent.last.length > NAME_MAX) return -Errno.ENAMETOOLONG;
  const old = oldDir.lookup(oldParent.last);
  if (typeof old === 'number') return old;
  if (!old) return -Errno.ENOENT;
  const target = newDir.lookup(newParent.last);
  if (typeof target === 'number') return target;
  if (flags & RENAME_NOREPLACE && target) return -Errno.EEXIST;
  const exchange = (flags & RENAME_EXCHANGE) !== 0;
  if (exchange) {
    if (!target) return -Errno.ENOENT;
    if (!isDir(target.inode.mode) && newParent.trailingSlash) return -Errno.ENOTDIR;
  }
  if (!isDir(old.inode.mode)) {
    if (oldParent.trailingSlash) return -Errno.ENOTDIR;
    if (!exchange && newParent.trailingSlash) return -Errno.ENOTDIR;
  }
  if (oldDir !== newDir) {
    // lock_rename's trap: the entry that is an ancestor of the other parent.
    if (oldDir.isAncestorOf(newDir) && childTowards(oldDir, newDir) === old) return -Errno.EINVAL;
    if (newDir.isAncestorOf(oldDir) && childTowards(newDir, oldDir) === target) return exchange ? -Errno.EINVAL : -Errno.ENOTEMPTY;
  }
  if (target && old.inode === target.inode) return 0;
  const movingDir = isDir(old.inode.mode);
  let denied = mayDelete(oldDir.inode, old, movingDir, from.cred);
  if (denied) return denied;
  if (!target) denied = mayCreate(newDir.inode, to.cred);
  else denied = mayDelete(newDir.inode, target, exchange ? isDir(target.inode.mode) : movingDir, to.cred);
  if (denied) return denied;
  if (oldDir !== newDir) {
    // A directory changing parent has its ".." rewritten.
    if (movingDir && (denied = checkPermission(old.inode, MAY_WRITE, from.cred))) return denied;
    if (exchange && isDir(target!.inode.mode) && (denied = checkPermission(target!.inode, MAY_WRITE, to.cred))) return denied;
  }
  if (old.mountCount > 0 || (target && target.mountCount > 0)) return -Errno.EBUSY;
  const error = oldDir.inode.rename(oldDir, old, newDir, newParent.last, target, flags);
  if (error) return error;
  const oldName = old.name;
  if (exchange) {
    old.moveTo(newDir, newParent.last);
    target!.moveTo(oldDir, oldName);
  } else {
    if (target) newDir.drop(target);
    old.moveTo(newDir, newParent.last);
  }
  return 0;
}

/** readlinkat: the target of a symbolic link; an empty path names the dirfd itself. */
export function readSymlink(vfs: Vfs, at: Lookup, path: string): string | number {
  const link = vfs.resolve(at, path, 0, true);
  if (typeof link === 'number') return link;
  if (!isLink(link.dentry.inode.mode)) return path === '' ? -Errno.ENOENT : -Errno.EINVAL;
  return link.dentry.inode.readlink(link.dentry);
}
