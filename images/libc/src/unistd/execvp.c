#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../internal/exec.h"

extern char **environ;

/* POSIX: a file the kernel refuses as ENOEXEC is a shell script without a #! line. Without an MMU there is no
 * fork to fall back on, so this is the caller's last exec either way. */
static void exec_file(const char *path, char *const argv[], char *const envp[]) {
  execve(path, argv, envp);
  if (errno != ENOEXEC) return;
  int count = 0;
  while (argv[count]) count++;
  char *script_argv[count + 2];
  script_argv[0] = "sh";
  script_argv[1] = (char *)path;
  for (int i = 1; i <= count; i++) script_argv[i + 1] = argv[i];
  execve("/bin/sh", script_argv, envp);
  errno = ENOEXEC;
}

int __execvpe(const char *name, char *const argv[], char *const envp[]) {
  if (*name == '\0') {
    errno = ENOENT;
    return -1;
  }
  if (strchr(name, '/')) {
    exec_file(name, argv, envp);
    return -1;
  }
  const char *path = getenv("PATH");
  if (!path) path = "/bin:/usr/bin";
  size_t name_length = strlen(name);
  // EACCES from any directory wins over a later ENOENT, as in glibc and musl.
  int saw_eacces = 0;
  for (const char *dir = path;; dir++) {
    const char *end = strchr(dir, ':');
    if (!end) end = dir + strlen(dir);
    size_t dir_length = end - dir;
    char full[dir_length + name_length + 2];
    // An empty PATH element is the current directory.
    memcpy(full, dir, dir_length);
    full[dir_length] = '/';
    memcpy(full + dir_length + 1, name, name_length + 1);
    exec_file(dir_length ? full : name, argv, envp);
    if (errno == EACCES) saw_eacces = 1;
    else if (errno != ENOENT && errno != ENOTDIR) return -1;
    if (*end == '\0') break;
    dir = end;
  }
  if (saw_eacces) errno = EACCES;
  return -1;
}

int execvp(const char *name, char *const argv[]) {
  return __execvpe(name, argv, environ);
}
