/** mount(2), umount2(2) and statfs flag values (include/uapi/linux/mount.h, include/linux/statfs.h). */

export const MS_RDONLY = 1;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;
export const MS_SYNCHRONOUS = 16;
export const MS_REMOUNT = 32;
export const MS_MANDLOCK = 64;
export const MS_DIRSYNC = 128;
export const MS_NOSYMFOLLOW = 256;
export const MS_NOATIME = 1024;
export const MS_NODIRATIME = 2048;
export const MS_BIND = 4096;
export const MS_MOVE = 8192;
export const MS_REC = 16384;
export const MS_SILENT = 32768;
export const MS_UNBINDABLE = 1 << 17;
export const MS_PRIVATE = 1 << 18;
export const MS_SLAVE = 1 << 19;
export const MS_SHARED = 1 << 20;
export const MS_RELATIME = 1 << 21;
export const MS_STRICTATIME = 1 << 24;
export const MS_LAZYTIME = 1 << 25;
export const MS_NOUSER = 1 << 31;
export const MS_MGC_VAL = 0xc0ed0000;
export const MS_MGC_MSK = 0xffff0000;
export const MS_PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
/** The flags that belong to one mount rather than to the file system (MNT_* in the kernel). */
export const MOUNT_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_NOSYMFOLLOW;

export const MNT_FORCE = 1;
export const MNT_DETACH = 2;
export const MNT_EXPIRE = 4;
export const UMOUNT_NOFOLLOW = 8;

/** statfs f_flags (ST_*): the mount flags plus ST_VALID. */
export const ST_RDONLY = 0x0001;
export const ST_NOSUID = 0x0002;
export const ST_NODEV = 0x0004;
export const ST_NOEXEC = 0x0008;
export const ST_NOATIME = 0x0400;
export const ST_NODIRATIME = 0x0800;
export const ST_RELATIME = 0x1000;
export const ST_NOSYMFOLLOW = 0x2000;
export const ST_VALID = 0x0020;
