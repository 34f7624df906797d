/* sleep SECONDS: SECONDS may have a fraction (0.5). */
#include <ctype.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sleep SECONDS\n");
    return 1;
  }
  struct timespec delay = {0};
  const char *p = argv[1];
  while (isdigit((unsigned char)*p)) delay.tv_sec = delay.tv_sec * 10 + (*p++ - '0');
  if (*p == '.') {
    long scale = 100000000;
    for (p++; isdigit((unsigned char)*p); p++, scale /= 10) delay.tv_nsec += (*p - '0') * scale;
  }
  if (*p || p == argv[1]) {
    fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
    return 1;
  }
  while (nanosleep(&delay, &delay) < 0) continue;
  return 0;
}
