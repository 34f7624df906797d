#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "../internal/syscall.h"

#define STATX_BASIC_STATS 0x7ff

struct statx_timestamp {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};

/* The kernel's struct statx (include/uapi/linux/stat.h), 256 bytes. */
struct statx {
  uint32_t mask;
  uint32_t blksize;
  uint64_t attributes;
  uint32_t nlink;
  uint32_t uid;
  uint32_t gid;
  uint16_t mode;
  uint16_t spare0;
  uint64_t ino;
  uint64_t size;
  uint64_t blocks;
  uint64_t attributes_mask;
  struct statx_timestamp atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor;
  uint32_t dev_major, dev_minor;
  uint64_t spare[14];
};

static struct timespec timespec_of(struct statx_timestamp t) {
  return (struct timespec){.tv_sec = t.tv_sec, .tv_nsec = t.tv_nsec};
}

int fstatat(int dirfd, const char *path, struct stat *out, int flags) {
  struct statx x;
  int result = __syscall_ret(__syscall5(SYS_statx, dirfd, path, flags, STATX_BASIC_STATS, &x));
  if (result < 0) return result;
  *out = (struct stat){
      .st_dev = makedev(x.dev_major, x.dev_minor),
      .st_ino = x.ino,
      .st_mode = x.mode,
      .st_nlink = x.nlink,
      .st_uid = x.uid,
      .st_gid = x.gid,
      .st_rdev = makedev(x.rdev_major, x.rdev_minor),
      .st_size = (off_t)x.size,
      .st_blksize = (blksize_t)x.blksize,
      .st_blocks = (blkcnt_t)x.blocks,
      .st_atim = timespec_of(x.atime),
      .st_mtim = timespec_of(x.mtime),
      .st_ctim = timespec_of(x.ctime),
  };
  return 0;
}

int stat(const char *path, struct stat *out) {
  return fstatat(AT_FDCWD, path, out, 0);
}

int lstat(const char *path, struct stat *out) {
  return fstatat(AT_FDCWD, path, out, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *out) {
  return fstatat(fd, "", out, AT_EMPTY_PATH);
}
