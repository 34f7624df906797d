import { Errno } from '../errno.js';
import { type Credentials, inGroup, isSuperuser } from './Credentials.js';
import { isDir, isReg, isSpecial, S_IALLUGO, S_ISGID, S_ISUID } from './fileMode.js';
import type { AttrChange } from './Inode.js';
import { MAX_FILE_SIZE } from './openFlags.js';
import { checkPermission, isOwnerOrCapable, MAY_EXEC, MAY_WRITE } from './permission.js';
import type { Timespec } from './Timespec.js';
import type { VfsPath } from './VfsPath.js';

const S_IXGRP = 0o010;

/** One timestamp argument of utimensat: a time, UTIME_NOW or UTIME_OMIT. */
export type TimeUpdate = Timespec | 'now' | 'omit';

/** do_truncate: sets the size; ftruncate and O_TRUNC always stamp mtime/ctime, truncate(2) when the size changes. */
export function truncateInode(path: VfsPath, size: number, alwaysStamp: boolean): number {
  const inode = path.dentry.inode;
  if (size > MAX_FILE_SIZE) return -Errno.EFBIG;
  const change: AttrChange = { size };
  if (alwaysStamp || size !== inode.size) change.mtime = change.ctime = inode.sb.now();
  return inode.setattr(path.dentry, change);
}

/** vfs_truncate (truncate(2)): directories EISDIR, other non-regular files EINVAL, then mount and permission. */
export function truncatePath(path: VfsPath, size: number, cred: Credentials): number {
  const inode = path.dentry.inode;
  if (isDir(inode.mode)) return -Errno.EISDIR;
  if (!isReg(inode.mode)) return -Errno.EINVAL;
  if (path.mount.readOnly) return -Errno.EROFS;
  const denied = checkPermission(inode, MAY_WRITE, cred);
  if (denied) return denied;
  return truncateInode(path, size, false);
}

/** chmod_common: only the owner (or root) changes the mode; set-group-ID needs membership of the group. */
export function changeMode(path: VfsPath, mode: number, cred: Credentials): number {
  const inode = path.dentry.inode;
  if (path.mount.readOnly) return -Errno.EROFS;
  if (!isOwnerOrCapable(inode, cred)) return -Errno.EPERM;
  let bits = mode & S_IALLUGO;
  if (!inGroup(cred, inode.gid) && !isSuperuser(cred)) bits &= ~S_ISGID;
  return inode.setattr(path.dentry, { mode: bits, ctime: inode.sb.now() });
}

/**
 * chown_common: -1 keeps an id. Only root gives a file away; the owner may change the group to one of its own.
 * Changing the owner of a non-directory drops set-user-ID and (if group-executable) set-group-ID.
 */
export function changeOwner(path: VfsPath, uid: number, gid: number, cred: Credentials): number {
  const inode = path.dentry.inode;
  if (path.mount.readOnly) return -Errno.EROFS;
  const newUid = uid === -1 ? inode.uid : uid;
  const newGid = gid === -1 ? inode.gid : gid;
  if (!isSuperuser(cred)) {
    if (newUid !== inode.uid || cred.uid !== inode.uid) return -Errno.EPERM;
    if (newGid !== inode.gid && !inGroup(cred, newGid)) return -Errno.EPERM;
  }
  const change: AttrChange = { uid: newUid, gid: newGid, ctime: inode.sb.now() };
  if (!isDir(inode.mode) && (uid !== -1 || gid !== -1)) {
    let mode = inode.mode & ~S_ISUID;
    if ((mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP)) mode &= ~S_ISGID;
    change.mode = mode;
  }
  return inode.setattr(path.dentry, change);
}

/**
 * vfs_utimes: null (or both "now") touches the file, which its owner or anyone who may write it can do; explicit
 * times need the owner. ctime always becomes now.
 */
export function setTimes(path: VfsPath, times: readonly [TimeUpdate, TimeUpdate] | null, cred: Credentials): number {
  const inode = path.dentry.inode;
  if (times && times[0] === 'now' && times[1] === 'now') times = null;
  if (path.mount.readOnly) return -Errno.EROFS;
  if (times) {
    if (!isOwnerOrCapable(inode, cred)) return -Errno.EPERM;
  } else if (!isOwnerOrCapable(inode, cred) && checkPermission(inode, MAY_WRITE, cred)) {
    return -Errno.EACCES;
  }
  const now = inode.sb.now();
  const [atime, mtime] = times ?? ['now', 'now'];
  const change: AttrChange = { ctime: now };
  if (atime !== 'omit') change.atime = atime === 'now' ? now : atime;
  if (mtime !== 'omit') change.mtime = mtime === 'now' ? now : mtime;
  return inode.setattr(path.dentry, change);
}

/** do_faccessat after the lookup: noexec mounts, the permission bits, then EROFS for W_OK on a read-only mount. */
export function checkAccess(path: VfsPath, mask: number, cred: Credentials): number {
  const inode = path.dentry.inode;
  if (mask & MAY_EXEC && isReg(inode.mode) && path.mount.noexec) return -Errno.EACCES;
  const denied = checkPermission(inode, mask, cred);
  if (denied || !(mask & MAY_WRITE) || isSpecial(inode.mode)) return denied;
  return path.mount.readOnly ? -Errno.EROFS : 0;
}
