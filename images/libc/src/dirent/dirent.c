#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "../internal/syscall.h"

struct __DIR {
  int fd;
  /* The records of the last getdents64 call: bytes [position, end) are still to be returned. */
  int position;
  int end;
  _Alignas(struct dirent) char records[2048];
};

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return NULL;
  DIR *directory = malloc(sizeof *directory);
  if (!directory) {
    close(fd);
    return NULL;
  }
  *directory = (DIR){.fd = fd};
  return directory;
}

/* NULL at the end (errno untouched) or on error (errno set). */
struct dirent *readdir(DIR *directory) {
  if (directory->position >= directory->end) {
    long length = __syscall_ret(
        __syscall3(SYS_getdents64, directory->fd, directory->records, sizeof directory->records));
    if (length <= 0) return NULL;
    directory->position = 0;
    directory->end = (int)length;
  }
  struct dirent *entry = (struct dirent *)(directory->records + directory->position);
  directory->position += entry->d_reclen;
  return entry;
}

int closedir(DIR *directory) {
  int result = close(directory->fd);
  free(directory);
  return result;
}
