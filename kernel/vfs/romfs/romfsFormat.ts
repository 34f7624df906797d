/**
 * The romfs on-disk format (include/uapi/linux/romfs_fs.h), shared by the image builder and the file system.
 * Everything is big-endian and aligned to 16 bytes. The image starts with a super block:
 *   "-rom1fs-", the image size, a checksum making the first min(size, 512) bytes sum to zero as be32 words, and
 *   the NUL-terminated volume name padded to 16 bytes.
 * Then come file headers: next (offset of the next entry of the same directory, low 4 bits: type and exec bit),
 * spec (type-specific), size, a checksum over the header and its padded name, the padded name, and the data.
 */
export const ROMFS_MAGIC = 0x7275;
export const ROMFS_SIGNATURE = '-rom1fs-';
/** Names are at most this long including the NUL (readdir reads up to ROMFS_MAXFN - 1 characters). */
export const ROMFS_MAXFN = 128;
/** statfs counts the image in blocks of BLOCK_SIZE. */
export const ROMFS_BLOCK_SIZE = 1024;
export const ROMFH_SIZE = 16;
/** The super block checksum covers at most this many leading bytes. */
export const ROMFS_SUPER_CHECKSUM_BYTES = 512;

export const ROMFH_TYPE = 7;
export const ROMFH_HRD = 0;
export const ROMFH_DIR = 1;
export const ROMFH_REG = 2;
export const ROMFH_SYM = 3;
export const ROMFH_BLK = 4;
export const ROMFH_CHR = 5;
export const ROMFH_SCK = 6;
export const ROMFH_FIF = 7;
export const ROMFH_EXEC = 8;

/** Rounds up to the 16-byte alignment of every header and data start. */
export function romfsAlign(offset: number): number {
  return Math.ceil(offset / ROMFH_SIZE) * ROMFH_SIZE;
}

/** Bytes a NUL-terminated name takes, padded (what follows a header and the super block). */
export function paddedNameLength(nameLength: number): number {
  return romfsAlign(nameLength + 1);
}

/** Sum of the big-endian 32-bit words of `bytes` (length a multiple of 4), modulo 2^32. */
export function romfsChecksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}
