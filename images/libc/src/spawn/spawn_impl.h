#ifndef LIBC_SPAWN_IMPL_H
#define LIBC_SPAWN_IMPL_H

#include <spawn.h>
#include <sys/types.h>

#define ACTION_OPEN 0
#define ACTION_CLOSE 1
#define ACTION_DUP2 2

struct __spawn_action {
  int kind;
  int fd;
  /* ACTION_DUP2: the descriptor copied to fd. */
  int source;
  /* ACTION_OPEN: a copy owned by the action list. */
  char *path;
  int flags;
  mode_t mode;
};

#endif
