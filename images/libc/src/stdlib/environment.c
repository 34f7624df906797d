/* The environment. The first change copies the array the kernel gave into one of our own; replaced and removed
 * strings are not freed, since a caller may still hold what getenv returned. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

static char **owned;

/* The entry for `name` (exactly `length` characters), or the terminating NULL. */
static char **find(const char *name, size_t length) {
  char **entry = environ;
  while (*entry && !(strncmp(*entry, name, length) == 0 && (*entry)[length] == '=')) entry++;
  return entry;
}

static int valid_name(const char *name) {
  if (name && *name && !strchr(name, '=')) return 1;
  errno = EINVAL;
  return 0;
}

char *getenv(const char *name) {
  size_t length = strlen(name);
  char *entry = *find(name, length);
  return entry ? entry + length + 1 : NULL;
}

int setenv(const char *name, const char *value, int overwrite) {
  if (!valid_name(name)) return -1;
  size_t length = strlen(name);
  char **slot = find(name, length);
  if (*slot && !overwrite) return 0;
  char *entry = malloc(length + strlen(value) + 2);
  if (!entry) return -1;
  stpcpy(stpcpy(stpcpy(entry, name), "="), value);
  if (!*slot) {
    size_t count = (size_t)(slot - environ);
    size_t bytes = (count + 2) * sizeof *environ;
    char **grown = environ == owned ? realloc(owned, bytes) : malloc(bytes);
    if (!grown) {
      free(entry);
      return -1;
    }
    if (environ != owned) memcpy(grown, environ, count * sizeof *grown);
    environ = owned = grown;
    slot = grown + count;
    slot[1] = NULL;
  }
  *slot = entry;
  return 0;
}

int unsetenv(const char *name) {
  if (!valid_name(name)) return -1;
  // Removing only moves entries down: the array may still be the kernel's.
  char **slot = find(name, strlen(name));
  if (*slot) {
    do slot[0] = slot[1];
    while (*slot++);
  }
  return 0;
}
