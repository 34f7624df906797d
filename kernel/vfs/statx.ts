import { devMajor, devMinor } from './fileMode.js';
import type { Timespec } from './Timespec.js';
import type { VfsPath } from './VfsPath.js';

/** struct statx is 256 bytes (include/uapi/linux/stat.h). */
export const STATX_SIZE = 256;

export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE_FIELD = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;
export const STATX_MNT_ID = 0x1000;
/** A mask bit reserved for extending the structure: asking for it is EINVAL. */
export const STATX__RESERVED = 0x80000000;

export const STATX_ATTR_AUTOMOUNT = 0x1000;
export const STATX_ATTR_MOUNT_ROOT = 0x2000;
export const STATX_ATTR_DAX = 0x200000;

function putTime(view: DataView, at: number, time: Timespec): void {
  view.setBigInt64(at, BigInt(time.sec), true);
  view.setUint32(at + 8, time.nsec, true);
}

/**
 * The struct statx Linux 6.1 fills for `path` (vfs_statx, generic_fillattr): the basic stats and the mount id,
 * no birth time, whatever the caller asked for; the rest of the 256 bytes zero.
 */
export function encodeStatx(path: VfsPath): Uint8Array {
  const inode = path.dentry.inode;
  const bytes = new Uint8Array(STATX_SIZE);
  const view = new DataView(bytes.buffer);
  const mountRoot = path.dentry === path.mount.root;
  view.setUint32(0, STATX_BASIC_STATS | STATX_MNT_ID, true);
  view.setUint32(4, inode.blockSize, true);
  view.setBigUint64(8, BigInt(mountRoot ? STATX_ATTR_MOUNT_ROOT : 0), true);
  view.setUint32(16, inode.nlink, true);
  view.setUint32(20, inode.uid, true);
  view.setUint32(24, inode.gid, true);
  view.setUint16(28, inode.mode, true);
  view.setBigUint64(32, BigInt(inode.ino), true);
  view.setBigUint64(40, BigInt(inode.size), true);
  view.setBigUint64(48, BigInt(Math.ceil(inode.blocks)), true);
  view.setBigUint64(56, BigInt(STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX), true);
  putTime(view, 64, inode.atime);
  putTime(view, 96, inode.ctime);
  putTime(view, 112, inode.mtime);
  view.setUint32(128, devMajor(inode.rdev), true);
  view.setUint32(132, devMinor(inode.rdev), true);
  view.setUint32(136, devMajor(inode.sb.dev), true);
  view.setUint32(140, devMinor(inode.sb.dev), true);
  view.setBigUint64(144, BigInt(path.mount.id), true);
  return bytes;
}
