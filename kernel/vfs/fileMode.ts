/** Inode mode bits (include/uapi/linux/stat.h), directory entry types (include/linux/fs_types.h) and device numbers. */

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;
export const S_IRWXUGO = 0o777;
export const S_IALLUGO = 0o7777;
export const S_IXUGO = 0o111;

export const DT_UNKNOWN = 0;
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_BLK = 6;
export const DT_REG = 8;
export const DT_LNK = 10;
export const DT_SOCK = 12;

export function isDir(mode: number): boolean {
  return (mode & S_IFMT) === S_IFDIR;
}

export function isReg(mode: number): boolean {
  return (mode & S_IFMT) === S_IFREG;
}

export function isLink(mode: number): boolean {
  return (mode & S_IFMT) === S_IFLNK;
}

/** Character and block devices, FIFOs and sockets: files whose contents are not data on the file system. */
export function isSpecial(mode: number): boolean {
  const type = mode & S_IFMT;
  return type === S_IFCHR || type === S_IFBLK || type === S_IFIFO || type === S_IFSOCK;
}

/** The d_type of getdents64 for a mode (the S_IFMT nibble, as Linux's fs_umode_to_dtype). */
export function modeToDirentType(mode: number): number {
  return (mode & S_IFMT) >>> 12;
}

/** The kernel's dev_t (MKDEV): 12-bit major, 20-bit minor. */
export function makeDev(major: number, minor: number): number {
  return ((major << 20) | minor) >>> 0;
}

export function devMajor(dev: number): number {
  return dev >>> 20;
}

export function devMinor(dev: number): number {
  return dev & 0xfffff;
}
