/* Reads standard input to its end, echoing each line, then prints the count of bytes and lines and a checksum
 * (FNV-1a). A last line without a newline counts as a line. */
#include <stdint.h>
#include "check.h"

int main(void) {
  char line[256];
  unsigned long bytes = 0, lines = 0;
  uint32_t hash = 2166136261u;
  while (fgets(line, sizeof line, stdin)) {
    size_t length = strlen(line);
    bytes += length;
    if (line[length - 1] == '\n' || feof(stdin)) lines++;
    for (size_t i = 0; i < length; i++) hash = (hash ^ (unsigned char)line[i]) * 16777619u;
    printf("> %s%s", line, line[length - 1] == '\n' ? "" : "\n");
  }
  CHECK(feof(stdin) && !ferror(stdin));
  printf("stdin: %lu bytes, %lu lines, fnv1a %08x\n", bytes, lines, (unsigned)hash);
  return finish("stdin");
}
