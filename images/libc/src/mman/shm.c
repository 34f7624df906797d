#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHM_DIRECTORY "/dev/shm/"
#define NAME_MAX 255

/* The file of a shared memory object: "/name" (leading slashes optional) is /dev/shm/name. A name must be one
 * path component other than "." and "..": EINVAL otherwise, ENAMETOOLONG past NAME_MAX. */
static int shm_path(const char *name, char path[sizeof SHM_DIRECTORY + NAME_MAX]) {
  while (*name == '/') name++;
  size_t length = strlen(name);
  if (length == 0 || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
    errno = EINVAL;
    return -1;
  }
  if (length > NAME_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(path, SHM_DIRECTORY, sizeof SHM_DIRECTORY - 1);
  memcpy(path + sizeof SHM_DIRECTORY - 1, name, length + 1);
  return 0;
}

/* Opened close-on-exec, not through a symbolic link, and without blocking on a FIFO someone put there. */
int shm_open(const char *name, int flags, mode_t mode) {
  char path[sizeof SHM_DIRECTORY + NAME_MAX];
  if (shm_path(name, path) < 0) return -1;
  return open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
}

int shm_unlink(const char *name) {
  char path[sizeof SHM_DIRECTORY + NAME_MAX];
  if (shm_path(name, path) < 0) return -1;
  return unlink(path);
}
