/* File descriptors on a file in /tmp: create, write, lseek (with 64-bit offsets, through _llseek), read back,
 * O_APPEND, dup sharing the offset, fstat/stat/lstat (through statx), unlink. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static char path[64];

static void write_and_read(void) {
  int fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0640);
  CHECK(fd >= 0);
  CHECK_INT(write(fd, "hello, ", 7), 7);
  CHECK_INT(write(fd, "file world\n", 11), 11);
  CHECK_INT(lseek(fd, 0, SEEK_CUR), 18);
  CHECK_INT(lseek(fd, 0, SEEK_END), 18);
  CHECK_INT(lseek(fd, 7, SEEK_SET), 7);
  char buffer[32] = {0};
  CHECK_INT(read(fd, buffer, 4), 4);
  CHECK_STR(buffer, "file");
  CHECK_INT(lseek(fd, -3, SEEK_CUR), 8);
  CHECK_INT(read(fd, buffer, sizeof buffer), 10);
  buffer[10] = 0;
  CHECK_STR(buffer, "ile world\n");
  CHECK_INT(read(fd, buffer, sizeof buffer), 0);

  // Overwrite in the middle, then read the whole file.
  CHECK_INT(lseek(fd, 0, SEEK_SET), 0);
  CHECK_INT(write(fd, "HELLO", 5), 5);
  CHECK_INT(lseek(fd, 0, SEEK_SET), 0);
  memset(buffer, 0, sizeof buffer);
  CHECK_INT(read(fd, buffer, sizeof buffer), 18);
  printf("contents: %s", buffer);
  CHECK_STR(buffer, "HELLO, file world\n");

  // Offsets beyond 4 GiB need both halves of _llseek; a negative position is refused.
  CHECK(lseek(fd, 0x100000010LL, SEEK_SET) == 0x100000010LL);
  CHECK(lseek(fd, 0, SEEK_CUR) == 0x100000010LL);
  errno = 0;
  CHECK_INT(lseek(fd, -1, SEEK_SET), -1);
  CHECK_INT(errno, EINVAL);

  // A dup shares the file offset.
  int copy = dup(fd);
  CHECK(copy > fd);
  CHECK_INT(lseek(fd, 2, SEEK_SET), 2);
  CHECK_INT(lseek(copy, 0, SEEK_CUR), 2);
  CHECK_INT(close(copy), 0);
  CHECK_INT(close(fd), 0);
}

static void append(void) {
  int fd = open(path, O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  CHECK_INT(lseek(fd, 0, SEEK_SET), 0);
  CHECK_INT(write(fd, "more\n", 5), 5);
  CHECK_INT(lseek(fd, 0, SEEK_CUR), 23);
  close(fd);
  fd = open(path, O_RDONLY);
  char buffer[32] = {0};
  CHECK_INT(read(fd, buffer, sizeof buffer), 23);
  CHECK_STR(buffer, "HELLO, file world\nmore\n");
  close(fd);
}

static void file_status(void) {
  struct stat by_path, by_fd, by_link;
  CHECK_INT(stat(path, &by_path), 0);
  CHECK(S_ISREG(by_path.st_mode));
  CHECK_INT(by_path.st_mode & 0777, 0640);
  CHECK_INT(by_path.st_size, 23);
  CHECK_INT(by_path.st_nlink, 1);
  CHECK(by_path.st_blksize > 0);
  CHECK(by_path.st_mtim.tv_sec > 1577836800);  // after 2020: time64 values arrive whole
  CHECK(by_path.st_mtim.tv_nsec >= 0 && by_path.st_mtim.tv_nsec < 1000000000);
  int fd = open(path, O_RDONLY);
  CHECK_INT(fstat(fd, &by_fd), 0);
  CHECK(by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev);
  CHECK_INT(by_fd.st_size, 23);
  close(fd);
  CHECK_INT(lstat(path, &by_link), 0);
  CHECK(by_link.st_ino == by_path.st_ino);
  struct stat directory;
  CHECK_INT(stat("/tmp", &directory), 0);
  CHECK(S_ISDIR(directory.st_mode));
  printf("stat: regular file, mode %o, %lld bytes; /tmp is a directory\n", by_path.st_mode & 0777,
         by_path.st_size);
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/rvnommu-files-%d", getpid());
  write_and_read();
  append();
  file_status();
  CHECK_INT(unlink(path), 0);
  struct stat gone;
  CHECK_INT(stat(path, &gone), -1);
  CHECK_INT(errno, ENOENT);
  return finish("files");
}
