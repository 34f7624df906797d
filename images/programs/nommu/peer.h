/* Test programs that share memory with a copy of themselves: the copy is this same program, started by vfork and
 * execve (AT_EXECFN names the file that was executed) as "NAME peer ADDRESS", told where the memory is. */
#ifndef PEER_H
#define PEER_H

#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static pid_t spawn_peer(const char *name, const void *memory) {
  char address[16];
  snprintf(address, sizeof address, "%lx", (unsigned long)memory);
  char *argv[] = {(char *)name, "peer", address, NULL};
  fflush(stdout);
  pid_t pid = vfork();
  if (pid == 0) {
    execve((const char *)getauxval(AT_EXECFN), argv, environ);
    _exit(127);
  }
  return pid;
}

#endif
