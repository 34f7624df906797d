#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* access() modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

extern char **environ;

ssize_t read(int fd, void *buffer, size_t count);
ssize_t write(int fd, const void *buffer, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int fd, int target);
int dup3(int fd, int target, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
pid_t setsid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
/* The terminal's foreground process group (TIOCGPGRP, TIOCSPGRP). */
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
int chdir(const char *path);
char *getcwd(char *buffer, size_t size);
int unlink(const char *path);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);
int rmdir(const char *path);
int access(const char *path, int mode);
ssize_t readlink(const char *restrict path, char *restrict buffer, size_t size);
int isatty(int fd);
int execve(const char *path, char *const argv[], char *const envp[]);
/* Searches PATH (default "/bin:/usr/bin") when the name has no slash; runs a file without a #! line through
 * /bin/sh, as POSIX asks. */
int execvp(const char *name, char *const argv[]);
/* The child runs on the parent's stack, in the parent's memory, until it calls execve or _exit: the only way to
 * start a process without an MMU. */
pid_t vfork(void);
_Noreturn void _exit(int status);
unsigned sleep(unsigned seconds);
int usleep(useconds_t microseconds);
int brk(void *end);
void *sbrk(intptr_t increment);

extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *options);

#endif
