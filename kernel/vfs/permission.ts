import { Errno } from '../errno.js';
import { type Credentials, inGroup, isSuperuser } from './Credentials.js';
import { isDir, S_ISGID, S_IXUGO } from './fileMode.js';

const S_IXGRP = 0o010;

/** The access masks of inode_permission (include/linux/fs.h). */
export const MAY_EXEC = 1;
export const MAY_WRITE = 2;
export const MAY_READ = 4;
export const MAY_APPEND = 8;

/** The part of an inode the permission rules look at. */
export interface Permissions {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * generic_permission: the owner, group or other class of the mode bits, then the capabilities root holds
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Root may execute a non-directory only if some execute bit is set.
 * Returns 0 or -EACCES.
 */
export function checkPermission(inode: Permissions, mask: number, cred: Credentials): number {
  mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
  let bits = inode.mode;
  if (cred.uid === inode.uid) bits >>= 6;
  else if (inGroup(cred, inode.gid)) bits >>= 3;
  if ((mask & ~bits & 7) === 0) return 0;
  if (isSuperuser(cred)) {
    if (isDir(inode.mode)) return 0;
    if (!(mask & MAY_EXEC) || inode.mode & S_IXUGO) return 0;
  }
  return -Errno.EACCES;
}

/** inode_owner_or_capable: chmod, utimes with explicit times and O_NOATIME need this. */
export function isOwnerOrCapable(inode: Permissions, cred: Credentials): boolean {
  return isSuperuser(cred) || cred.uid === inode.uid;
}

/** The owner and mode of a new inode in `dir` (inode_init_owner): a set-group-ID directory passes its group on. */
export function newInodeOwner(dir: Permissions, mode: number, cred: Credentials): { mode: number; uid: number; gid: number } {
  if (!(dir.mode & S_ISGID)) return { mode, uid: cred.uid, gid: cred.gid };
  if (isDir(mode)) mode |= S_ISGID;
  else if ((mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP) && !inGroup(cred, dir.gid) && !isSuperuser(cred)) mode &= ~S_ISGID;
  return { mode, uid: cred.uid, gid: dir.gid };
}
