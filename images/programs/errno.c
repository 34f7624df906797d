/* Failing system calls: each must fail with the errno Linux gives, shown with its strerror message. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define EXPECT_ERRNO(call, expected)                                                                         \
  do {                                                                                                       \
    errno = 0;                                                                                               \
    long result = (long)(call);                                                                              \
    int error = errno;                                                                                       \
    printf("%-40s -> %s\n", #call, strerror(error));                                                        \
    CHECK(result == -1 || result == 0); /* 0: a NULL pointer */                                              \
    CHECK_INT(error, expected);                                                                              \
  } while (0)

int main(void) {
  char file[64];
  snprintf(file, sizeof file, "/tmp/rvnommu-errno-%d", getpid());
  int fd = open(file, O_CREAT | O_EXCL | O_WRONLY, 0600);
  CHECK(fd >= 0);
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  char buffer[8];
  struct stat status;

  EXPECT_ERRNO(open("/nonexistent-rvnommu/file", O_RDONLY), ENOENT);
  EXPECT_ERRNO(open(file, O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST);
  EXPECT_ERRNO(open("/tmp", O_WRONLY), EISDIR);
  EXPECT_ERRNO(open(file, O_RDONLY | O_DIRECTORY), ENOTDIR);
  EXPECT_ERRNO(close(-1), EBADF);
  EXPECT_ERRNO(read(fd, buffer, sizeof buffer), EBADF);
  EXPECT_ERRNO(write(fds[0], "x", 1), EBADF);
  EXPECT_ERRNO(dup(-1), EBADF);
  EXPECT_ERRNO(dup2(12345, 3), EBADF);
  EXPECT_ERRNO(dup3(fd, fd, 0), EINVAL);
  EXPECT_ERRNO(lseek(fds[0], 0, SEEK_SET), ESPIPE);
  EXPECT_ERRNO(lseek(fd, 0, 99), EINVAL);
  EXPECT_ERRNO(ioctl(fds[0], TCGETS, buffer), ENOTTY);
  EXPECT_ERRNO(isatty(fds[0]), ENOTTY);
  EXPECT_ERRNO(fcntl(fd, 9999), EINVAL);
  EXPECT_ERRNO(mkdir("/tmp", 0755), EEXIST);
  EXPECT_ERRNO(mkdir("/nonexistent-rvnommu/dir", 0755), ENOENT);
  EXPECT_ERRNO(rmdir(file), ENOTDIR);
  EXPECT_ERRNO(unlink("/tmp"), EISDIR);
  EXPECT_ERRNO(chdir(file), ENOTDIR);
  EXPECT_ERRNO(chdir("/nonexistent-rvnommu"), ENOENT);
  EXPECT_ERRNO(getcwd(buffer, 1), ERANGE);
  EXPECT_ERRNO(access("/nonexistent-rvnommu", F_OK), ENOENT);
  EXPECT_ERRNO(stat("/nonexistent-rvnommu", &status), ENOENT);
  EXPECT_ERRNO(stat("", &status), ENOENT);
  EXPECT_ERRNO(fstat(-1, &status), EBADF);
  EXPECT_ERRNO(opendir("/nonexistent-rvnommu"), ENOENT);
  EXPECT_ERRNO(opendir(file), ENOTDIR);
  EXPECT_ERRNO(execve("/nonexistent-rvnommu", (char *[]){"x", NULL}, environ), ENOENT);
  EXPECT_ERRNO(waitpid(-1, NULL, 0), ECHILD);
  EXPECT_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD);
  EXPECT_ERRNO(kill(0x3fffffff, 0), ESRCH);
  EXPECT_ERRNO(kill(getpid(), 999), EINVAL);
  EXPECT_ERRNO(sigaction(SIGKILL, &(struct sigaction){.sa_handler = SIG_IGN}, NULL), EINVAL);
  EXPECT_ERRNO(signal(0, SIG_IGN) == SIG_ERR ? -1 : 0, EINVAL);
  sigset_t set;
  sigemptyset(&set);
  EXPECT_ERRNO(sigprocmask(99, &set, NULL), EINVAL);
  EXPECT_ERRNO(sigaddset(&set, 0), EINVAL);
  EXPECT_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL);
  EXPECT_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0, EBADF);
  EXPECT_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0, EINVAL);
  EXPECT_ERRNO(clock_gettime(1000, &(struct timespec){0}), EINVAL);
  EXPECT_ERRNO(nanosleep(&(struct timespec){.tv_nsec = 2000000000}, NULL), EINVAL);
  EXPECT_ERRNO(strtol("99999999999", NULL, 10) == 2147483647L ? 0 : -1, ERANGE);

  close(fd);
  close(fds[0]);
  close(fds[1]);
  CHECK_INT(unlink(file), 0);
  return finish("errno");
}
