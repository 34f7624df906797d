/* Pipes within one process: data through, end of file once the writer is closed, pipe2 flags, O_NONBLOCK
 * through fcntl (EAGAIN), dup2 redirection of stdout, EPIPE with SIGPIPE ignored. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "check.h"

static void data_and_end(void) {
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  CHECK_INT(write(fds[1], "ping", 4), 4);
  CHECK_INT(write(fds[1], "pong", 4), 4);
  char buffer[16] = {0};
  CHECK_INT(read(fds[0], buffer, 6), 6);
  CHECK_STR(buffer, "pingpo");
  CHECK_INT(read(fds[0], buffer, sizeof buffer), 2);
  CHECK_INT(close(fds[1]), 0);
  CHECK_INT(read(fds[0], buffer, sizeof buffer), 0);
  CHECK_INT(close(fds[0]), 0);
}

static void flags(void) {
  int fds[2];
  CHECK_INT(pipe2(fds, O_CLOEXEC), 0);
  CHECK_INT(fcntl(fds[0], F_GETFD), FD_CLOEXEC);
  CHECK_INT(fcntl(fds[1], F_GETFD), FD_CLOEXEC);
  CHECK_INT(fcntl(fds[0], F_SETFD, 0), 0);
  CHECK_INT(fcntl(fds[0], F_GETFD), 0);
  CHECK_INT(fcntl(fds[0], F_GETFL) & O_ACCMODE, O_RDONLY);
  CHECK_INT(fcntl(fds[1], F_GETFL) & O_ACCMODE, O_WRONLY);

  CHECK_INT(fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK), 0);
  CHECK(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
  char byte;
  CHECK_INT(read(fds[0], &byte, 1), -1);
  CHECK_INT(errno, EAGAIN);
  close(fds[0]);
  close(fds[1]);

  CHECK_INT(pipe2(fds, O_NONBLOCK), 0);
  CHECK_INT(read(fds[0], &byte, 1), -1);
  CHECK_INT(errno, EAGAIN);
  int duplicate = fcntl(fds[0], F_DUPFD, 10);
  CHECK(duplicate >= 10);
  close(duplicate);
  close(fds[0]);
  close(fds[1]);
}

/* printf into a pipe by making it stdout for a while. */
static void redirect_stdout(void) {
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  CHECK_INT(dup2(fds[1], STDOUT_FILENO), STDOUT_FILENO);
  CHECK_INT(dup2(STDOUT_FILENO, STDOUT_FILENO), STDOUT_FILENO);
  printf("captured %d\n", 7);
  fflush(stdout);
  CHECK_INT(dup3(saved, STDOUT_FILENO, 0), STDOUT_FILENO);
  close(saved);
  close(fds[1]);
  char buffer[32] = {0};
  CHECK_INT(read(fds[0], buffer, sizeof buffer), 11);
  CHECK_STR(buffer, "captured 7\n");
  close(fds[0]);
  printf("read back from the pipe: %s", buffer);
}

static void broken_pipe(void) {
  int fds[2];
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  CHECK_INT(pipe(fds), 0);
  close(fds[0]);
  CHECK_INT(write(fds[1], "x", 1), -1);
  CHECK_INT(errno, EPIPE);
  close(fds[1]);
}

int main(void) {
  data_and_end();
  flags();
  redirect_stdout();
  broken_pipe();
  return finish("pipe");
}
