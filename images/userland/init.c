/* init: the first process of a small no-MMU system. It mounts /proc, /tmp and /dev/shm (unless something is
 * mounted there already), opens /dev/console as stdin, stdout and stderr if they are not open, prints a banner,
 * runs /etc/rc with the shell if there is one, then keeps a shell on the console, reaping every orphan meanwhile.
 * The system stops as busybox's init stops it: on SIGUSR1 (halt), SIGUSR2 (poweroff) or SIGTERM (reboot), which
 * the halt, poweroff and reboot commands send, init terminates the other processes and calls reboot(2). It
 * powers off the same way when the shell ends with status 0 (`exit`, or the end of its input); a shell that ends
 * otherwise (a failure, a signal) is started again, at most once a second. init exits only when there is no
 * shell, and the kernel then panics, as Linux does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL "/bin/sh"

extern char **environ;

/* Whether a file system is mounted at `path`: its device differs from its parent's. */
static int is_mount_point(const char *path) {
  char parent[256];
  struct stat here, above;
  snprintf(parent, sizeof parent, "%s/..", path);
  return stat(path, &here) == 0 && stat(parent, &above) == 0 && here.st_dev != above.st_dev;
}

static void mount_once(const char *type, const char *target, const char *options) {
  if (mkdir(target, 0755) < 0 && errno != EEXIST) {
    fprintf(stderr, "init: mkdir %s: %s\n", target, strerror(errno));
    return;
  }
  if (is_mount_point(target)) return;
  if (mount(type, target, type, 0, options) < 0 && errno != EBUSY)
    fprintf(stderr, "init: mount %s on %s: %s\n", type, target, strerror(errno));
}

/* Descriptors 0, 1 and 2 on /dev/console where they are not open. */
static void open_console(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) >= 0) continue;
    int console = open("/dev/console", O_RDWR | O_NOCTTY);
    if (console < 0) return;
    if (console != fd) {
      dup2(console, fd);
      close(console);
    }
  }
}

static pid_t start(char *const argv[]) {
  pid_t pid = vfork();
  if (pid == 0) {
    execve(argv[0], argv, environ);
    _exit(errno == ENOENT ? 127 : 126);
  }
  if (pid < 0) fprintf(stderr, "init: vfork: %s\n", strerror(errno));
  return pid;
}

/* Reaps children until `pid` ends; returns its wait status. Orphans the kernel gave to init are reaped too. */
static int reap_until(pid_t pid) {
  for (;;) {
    int status;
    pid_t child = waitpid(-1, &status, 0);
    if (child == pid) return status;
    if (child < 0 && errno != EINTR) return 127 << 8;
  }
}

static void ignore(int number) {
  (void)number;
}

/* What a reboot does to the others: a polite SIGTERM, a second to go, then SIGKILL; every one reaped.
 * Async-signal-safe: the shutdown runs in a signal handler. */
static void stop_everything(void) {
  kill(-1, SIGTERM);
  for (int tries = 0; tries < 10; tries++) {
    siginfo_t info;
    int result;
    do {
      info.si_pid = 0;
      result = waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
    } while (result == 0 && info.si_pid);
    if (result < 0 && errno == ECHILD) return;
    usleep(100000);
  }
  kill(-1, SIGKILL);
  siginfo_t info;
  while (waitid(P_ALL, 0, &info, WEXITED) == 0 || errno == EINTR) continue;
}

static void say(const char *text) {
  write(STDOUT_FILENO, text, strlen(text));
}

/* The other processes end, then the kernel stops the machine; reboot(2) does not come back unless refused. */
static void shut_down(const char *what, int howto) {
  say("init: the system is going down for ");
  say(what);
  say("\n");
  stop_everything();
  reboot(howto);
  say("init: reboot(2) refused\n");
}

/* The handler of halt's, poweroff's and reboot's signals: the shutdown itself, so that none is missed
 * while init waits (busybox's init does the same). */
static void shut_down_on(int number) {
  if (number == SIGUSR1) shut_down("halt", RB_HALT_SYSTEM);
  else if (number == SIGUSR2) shut_down("power off", RB_POWER_OFF);
  else shut_down("reboot", RB_AUTOBOOT);
}

int main(void) {
  open_console();
  // Like the kernel's protection of init: the keyboard's signals must not end the system. A caught signal
  // goes back to its default in the programs init starts.
  struct sigaction action = {.sa_handler = ignore, .sa_flags = SA_RESTART};
  const int guarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTSTP};
  for (unsigned i = 0; i < sizeof guarded / sizeof guarded[0]; i++) sigaction(guarded[i], &action, NULL);
  const int shutdowns[] = {SIGUSR1, SIGUSR2, SIGTERM};
  struct sigaction shutdown = {.sa_handler = shut_down_on, .sa_flags = SA_RESTART};
  for (unsigned i = 0; i < 3; i++) sigaddset(&shutdown.sa_mask, shutdowns[i]);
  for (unsigned i = 0; i < 3; i++) sigaction(shutdowns[i], &shutdown, NULL);

  mount_once("proc", "/proc", NULL);
  mount_once("tmpfs", "/tmp", "mode=1777");
  mount_once("tmpfs", "/dev/shm", "mode=1777");
  setenv("PATH", "/bin:/sbin:/usr/bin", 0);
  setenv("HOME", "/", 0);

  struct utsname names;
  if (uname(&names) == 0)
    printf("init: %s %s %s %s %s\n", names.sysname, names.nodename, names.release, names.version, names.machine);
  fflush(stdout);

  if (access("/etc/rc", R_OK) == 0) {
    char *rc[] = {SHELL, "/etc/rc", NULL};
    pid_t pid = start(rc);
    if (pid > 0) {
      int status = reap_until(pid);
      if (status) fprintf(stderr, "init: /etc/rc failed (status 0x%x)\n", status);
    }
  }

  if (access(SHELL, X_OK) < 0) {
    fprintf(stderr, "init: %s: %s\n", SHELL, strerror(errno));
    return 1;
  }
  char *shell[] = {SHELL, NULL};
  for (;;) {
    time_t started = time(NULL);
    pid_t pid = start(shell);
    int status = pid < 0 ? -1 : reap_until(pid);
    if (status == 0) {
      fflush(stdout);
      shut_down("power off", RB_POWER_OFF);
    }
    if (time(NULL) - started < 1) sleep(1);
  }
}
