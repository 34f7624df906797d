#ifndef LIBC_INTERNAL_EXEC_H
#define LIBC_INTERNAL_EXEC_H

#include "startup.h"

/* execvp with the new program's environment given: `name` is searched for in the caller's PATH (a name with a
 * slash is a path), and a file the kernel refuses as ENOEXEC runs as a shell script. Returns -1 with errno. */
int __execvpe(const char *name, char *const argv[], char *const envp[]) HIDDEN;

#endif
