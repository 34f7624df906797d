import { MS_NOATIME, MS_NODEV, MS_NODIRATIME, MS_NOEXEC, MS_NOSUID, MS_NOSYMFOLLOW, MS_RDONLY, MS_RELATIME, ST_NOATIME, ST_NODEV, ST_NODIRATIME, ST_NOEXEC, ST_NOSUID, ST_NOSYMFOLLOW, ST_RDONLY, ST_RELATIME, ST_VALID } from './mountFlags.js';
import type { StatFs } from './SuperBlock.js';
import type { VfsPath } from './VfsPath.js';

/** sizeof(struct statfs64) on rv32 (asm-generic statfs.h: 32-bit words, 64-bit counts, 8-byte aligned). */
export const STATFS64_SIZE = 88;

const FLAG_MAP: [number, number][] = [
  [MS_RDONLY, ST_RDONLY],
  [MS_NOSUID, ST_NOSUID],
  [MS_NODEV, ST_NODEV],
  [MS_NOEXEC, ST_NOEXEC],
  [MS_NOATIME, ST_NOATIME],
  [MS_NODIRATIME, ST_NODIRATIME],
  [MS_RELATIME, ST_RELATIME],
  [MS_NOSYMFOLLOW, ST_NOSYMFOLLOW],
];

/** struct statfs64 for the file system of `path`, with the mount's flags as Linux's calculate_f_flags gives them. */
export function encodeStatfs64(stats: StatFs, path: VfsPath): Uint8Array {
  const bytes = new Uint8Array(STATFS64_SIZE);
  const view = new DataView(bytes.buffer);
  let flags = ST_VALID;
  for (const [mountFlag, stFlag] of FLAG_MAP) if (path.mount.flags & mountFlag) flags |= stFlag;
  if (path.mount.readOnly) flags |= ST_RDONLY;
  view.setUint32(0, stats.magic, true);
  view.setUint32(4, stats.blockSize, true);
  view.setBigUint64(8, BigInt(stats.blocks), true);
  view.setBigUint64(16, BigInt(stats.blocksFree), true);
  view.setBigUint64(24, BigInt(stats.blocksAvailable), true);
  view.setBigUint64(32, BigInt(stats.files), true);
  view.setBigUint64(40, BigInt(stats.filesFree), true);
  view.setUint32(56, stats.nameMax, true);
  view.setUint32(60, stats.blockSize, true);
  view.setUint32(64, flags, true);
  return bytes;
}
