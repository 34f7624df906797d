#include <errno.h>
#include <spawn.h>

#define KNOWN_FLAGS (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)

int posix_spawnattr_init(posix_spawnattr_t *attr) {
  *attr = (posix_spawnattr_t){0};
  return 0;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr) {
  (void)attr;
  return 0;
}

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags) {
  if (flags & ~KNOWN_FLAGS) return EINVAL;
  attr->__flags = flags;
  return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *attr, short *flags) {
  *flags = (short)attr->__flags;
  return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t group) {
  attr->__process_group = group;
  return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *attr, pid_t *group) {
  *group = attr->__process_group;
  return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *mask) {
  attr->__mask = *mask;
  return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t *attr, sigset_t *mask) {
  *mask = attr->__mask;
  return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t *attr, const sigset_t *signals) {
  attr->__default = *signals;
  return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t *attr, sigset_t *signals) {
  *signals = attr->__default;
  return 0;
}
