/* uname [-asnrvm]: system name (the default), node name, release, version, machine; -a is all of them. */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  struct utsname names;
  if (uname(&names) < 0) {
    perror("uname");
    return 1;
  }
  const char *fields[] = {names.sysname, names.nodename, names.release, names.version, names.machine};
  const char letters[] = "snrvm";
  int wanted = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-') goto usage;
    for (const char *flag = argv[i] + 1; *flag; flag++) {
      if (*flag == 'a') {
        wanted = 0x1f;
        continue;
      }
      int bit = 0;
      while (letters[bit] && letters[bit] != *flag) bit++;
      if (!letters[bit]) goto usage;
      wanted |= 1 << bit;
    }
  }
  if (!wanted) wanted = 1;
  const char *separator = "";
  for (int bit = 0; bit < 5; bit++) {
    if (!(wanted & 1 << bit)) continue;
    printf("%s%s", separator, fields[bit]);
    separator = " ";
  }
  printf("\n");
  return 0;
usage:
  fprintf(stderr, "usage: uname [-asnrvm]\n");
  return 1;
}
