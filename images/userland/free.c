/* free: memory use in KiB from /proc/meminfo, in procps's layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct field {
  const char *name;
  unsigned long kib;
};

int main(void) {
  FILE *meminfo = fopen("/proc/meminfo", "r");
  if (!meminfo) {
    perror("free: /proc/meminfo");
    return 1;
  }
  struct field fields[] = {{"MemTotal", 0}, {"MemFree", 0}, {"Buffers", 0},   {"Cached", 0},
                           {"Shmem", 0},    {"MemAvailable", 0}, {"SwapTotal", 0}, {"SwapFree", 0}};
  enum { TOTAL, FREE, BUFFERS, CACHED, SHMEM, AVAILABLE, SWAP_TOTAL, SWAP_FREE, COUNT };
  char line[128];
  while (fgets(line, sizeof line, meminfo)) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = '\0';
    for (int i = 0; i < COUNT; i++)
      if (strcmp(line, fields[i].name) == 0) fields[i].kib = strtoul(colon + 1, NULL, 10);
  }
  fclose(meminfo);
  unsigned long cache = fields[BUFFERS].kib + fields[CACHED].kib;
  unsigned long used = fields[TOTAL].kib - fields[FREE].kib - cache;
  printf("%15s%12s%12s%12s%12s%12s\n", "total", "used", "free", "shared", "buff/cache", "available");
  printf("Mem:%11lu%12lu%12lu%12lu%12lu%12lu\n", fields[TOTAL].kib, used, fields[FREE].kib, fields[SHMEM].kib, cache,
         fields[AVAILABLE].kib);
  printf("Swap:%10lu%12lu%12lu\n", fields[SWAP_TOTAL].kib, fields[SWAP_TOTAL].kib - fields[SWAP_FREE].kib,
         fields[SWAP_FREE].kib);
  return 0;
}
