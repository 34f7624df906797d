/* halt, poweroff and reboot [-f]: one program under three names (hard links in the image), as in busybox. Each
 * asks init to stop the system by a signal (SIGUSR1 halt, SIGUSR2 poweroff, SIGTERM reboot): init ends the other
 * processes and then calls reboot(2). With -f, the program calls reboot(2) itself at once. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

struct command {
  const char *name;
  int init_signal;
  int howto;
};

static const struct command commands[] = {
    {"halt", SIGUSR1, RB_HALT_SYSTEM},
    {"poweroff", SIGUSR2, RB_POWER_OFF},
    {"reboot", SIGTERM, RB_AUTOBOOT},
};

int main(int argc, char **argv) {
  const char *slash = strrchr(argv[0], '/');
  const char *name = slash ? slash + 1 : argv[0];
  const struct command *command = NULL;
  for (unsigned i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(name, commands[i].name) == 0) command = &commands[i];
  if (!command) {
    fprintf(stderr, "%s: run as halt, poweroff or reboot\n", name);
    return 1;
  }
  int force = argc == 2 && strcmp(argv[1], "-f") == 0;
  if (argc > 2 || (argc == 2 && !force)) {
    fprintf(stderr, "usage: %s [-f]\n", name);
    return 1;
  }
  if (force ? reboot(command->howto) < 0 : kill(1, command->init_signal) < 0) {
    fprintf(stderr, "%s: %s\n", name, strerror(errno));
    return 1;
  }
  return 0;
}
