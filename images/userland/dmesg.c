/* dmesg [-c]: the kernel's messages (syslog(2)), without their <level> prefixes; -c clears the log after reading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int clear = argc == 2 && !strcmp(argv[1], "-c");
  if (argc > 2 || (argc == 2 && !clear)) {
    fputs("usage: dmesg [-c]\n", stderr);
    return 2;
  }
  int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
  char *log = size > 0 ? malloc(size) : NULL;
  int length = log ? klogctl(clear ? SYSLOG_ACTION_READ_CLEAR : SYSLOG_ACTION_READ_ALL, log, size) : -1;
  if (length < 0) {
    perror("dmesg");
    return 1;
  }
  // Each line is "<level>text": print the text.
  for (char *line = log; line < log + length;) {
    char *end = memchr(line, '\n', log + length - line);
    char *next = end ? end + 1 : log + length;
    char *text = line;
    if (*text == '<') {
      char *close = memchr(text, '>', next - text);
      if (close) text = close + 1;
    }
    fwrite(text, 1, next - text, stdout);
    line = next;
  }
  free(log);
  return 0;
}
