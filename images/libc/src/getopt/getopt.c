/* POSIX getopt, with glibc's messages on stderr (unless opterr is 0 or the option string starts with ':').
 * Arguments are not permuted: the first operand ends the options. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

/* Where we are inside a group of options such as -abc. */
static int position = 1;

int getopt(int argc, char *const argv[], const char *options) {
  if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || !argv[optind][1]) return -1;
  if (!strcmp(argv[optind], "--")) {
    optind++;
    return -1;
  }
  char *argument = argv[optind];
  int c = (unsigned char)argument[position++];
  int at_end = !argument[position];
  if (at_end) {
    optind++;
    position = 1;
  }
  int silent = options[0] == ':';
  const char *spec = c == ':' ? NULL : strchr(options, c);
  if (!spec) {
    optopt = c;
    if (opterr && !silent) fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
    return '?';
  }
  if (spec[1] != ':') return c;
  if (!at_end) {
    optarg = argument + position;
    optind++;
    position = 1;
  } else if (optind < argc) {
    optarg = argv[optind++];
  } else {
    optopt = c;
    if (silent) return ':';
    if (opterr) fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
    return '?';
  }
  return c;
}
