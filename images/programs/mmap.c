/* Memory mappings that behave the same with or without an MMU: anonymous private and shared mappings (zeroed),
 * private mappings of a file (at offset 0 and at a page offset, which goes through mmap2's 4096-byte units;
 * writes stay in the copy), and munmap. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

enum { PAGE = 4096 };

static void anonymous(int flags, const char *name) {
  size_t length = 3 * PAGE + 100;
  unsigned char *memory = mmap(NULL, length, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
  CHECK(memory != MAP_FAILED);
  if (memory == MAP_FAILED) return;
  CHECK_INT((uintptr_t)memory % PAGE, 0);
  int zero = 1;
  for (size_t i = 0; i < length; i++) zero &= memory[i] == 0;
  CHECK(zero);
  uint32_t sum = 0;
  for (size_t i = 0; i < length; i++) memory[i] = (unsigned char)(i * 13);
  for (size_t i = 0; i < length; i++) sum = sum * 31 + memory[i];
  printf("%s anonymous mapping: %zu bytes, zeroed, checksum %08x\n", name, length, (unsigned)sum);
  CHECK_INT(munmap(memory, length), 0);
}

/* Mappings of a file holding two pages: "abc...", with "second page" at the start of the second. */
static void map_file(int fd, const char *contents, size_t length) {
  char *whole = mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0);
  char *second = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
  char *copy = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(whole != MAP_FAILED && second != MAP_FAILED && copy != MAP_FAILED);
  if (whole == MAP_FAILED || second == MAP_FAILED || copy == MAP_FAILED) return;
  CHECK(!memcmp(whole, contents, length));
  CHECK(!memcmp(second, "second page", 11));
  printf("file mapping at offset %d: \"%.11s\"\n", PAGE, second);
  CHECK_INT(munmap(whole, length), 0);
  CHECK_INT(munmap(second, PAGE), 0);

  // Writing to a private mapping changes the copy, not the file.
  memcpy(copy, "PRIVATE", 7);
  char first[8] = {0};
  CHECK_INT(lseek(fd, 0, SEEK_SET), 0);
  CHECK_INT(read(fd, first, 7), 7);
  CHECK_STR(first, "abcdefg");
  CHECK_INT(munmap(copy, PAGE), 0);
}

static void file_backed(void) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/rvnommu-mmap-%d", getpid());
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
  CHECK(fd >= 0);
  static char contents[2 * PAGE];
  for (int i = 0; i < 2 * PAGE; i++) contents[i] = (char)('a' + i % 26);
  memcpy(contents + PAGE, "second page", 11);
  CHECK_INT(write(fd, contents, sizeof contents), sizeof contents);
  map_file(fd, contents, sizeof contents);

  // A read-only descriptor cannot back a shared writable mapping.
  int read_only = open(path, O_RDONLY);
  errno = 0;
  CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, read_only, 0) == MAP_FAILED);
  CHECK_INT(errno, EACCES);
  close(read_only);
  close(fd);
  unlink(path);
}

int main(void) {
  anonymous(MAP_PRIVATE, "private");
  anonymous(MAP_SHARED, "shared");
  file_backed();
  return finish("mmap");
}
