#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "spawn_impl.h"

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *actions) {
  actions->__count = 0;
  actions->__actions = NULL;
  return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *actions) {
  for (int i = 0; i < actions->__count; i++) free(actions->__actions[i].path);
  free(actions->__actions);
  return posix_spawn_file_actions_init(actions);
}

static int add(posix_spawn_file_actions_t *actions, struct __spawn_action action) {
  if (action.fd < 0 || (action.kind == ACTION_DUP2 && action.source < 0)) return EBADF;
  struct __spawn_action *grown = realloc(actions->__actions, (actions->__count + 1) * sizeof *grown);
  if (!grown) return ENOMEM;
  actions->__actions = grown;
  actions->__actions[actions->__count++] = action;
  return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *actions, int fd, const char *path, int flags,
                                     mode_t mode) {
  char *copy = strdup(path);
  if (!copy) return ENOMEM;
  int result = add(actions, (struct __spawn_action){ACTION_OPEN, fd, -1, copy, flags, mode});
  if (result) free(copy);
  return result;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *actions, int fd) {
  return add(actions, (struct __spawn_action){ACTION_CLOSE, fd, -1, NULL, 0, 0});
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *actions, int fd, int target) {
  return add(actions, (struct __spawn_action){ACTION_DUP2, target, fd, NULL, 0, 0});
}
