/* Memory rules of no-MMU Linux (mm/nommu.c, binfmt_elf_fdpic): no MAP_FIXED, no mprotect, msync or madvise,
 * mremap only within the original allocation, never moving and never on a mapping that may be shared, and a
 * break that grows only into the stack block; allocations are power-of-two blocks trimmed per vm.nr_trim_pages
 * (/proc/sys/vm). Not portable: with an MMU all of these succeed. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

enum { PAGE = 4096 };

#define EXPECT_FAILURE(call, expected)                                                                       \
  do {                                                                                                       \
    errno = 0;                                                                                               \
    int failed = (call);                                                                                     \
    int error = errno;                                                                                       \
    printf("%-60s -> %s\n", #call, strerror(error));                                                        \
    CHECK(failed);                                                                                           \
    CHECK_INT(error, expected);                                                                              \
  } while (0)

static void *map(size_t length, int flags) {
  return mmap(NULL, length, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

/* A /proc/meminfo field, in kB. */
static long meminfo(const char *field) {
  static char text[2048];
  int fd = open("/proc/meminfo", O_RDONLY);
  int length = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
  if (fd >= 0) close(fd);
  if (length <= 0) return -1;
  text[length] = 0;
  const char *line = strstr(text, field);
  return line ? strtol(line + strlen(field) + 1, NULL, 10) : -1;
}

static int set_trim_pages(const char *value) {
  int fd = open("/proc/sys/vm/nr_trim_pages", O_WRONLY);
  if (fd < 0) return -1;
  int written = write(fd, value, strlen(value));
  int error = errno;
  close(fd);
  errno = error;
  return written < 0 ? -1 : 0;
}

/* kB a 3-page anonymous mapping takes from the allocator: its power-of-two block, less what trimming frees. */
static long three_page_cost(void) {
  long before = meminfo("MmapCopy");
  void *memory = map(3 * PAGE, MAP_PRIVATE);
  long cost = meminfo("MmapCopy") - before;
  munmap(memory, 3 * PAGE);
  return cost;
}

int main(void) {
  unsigned char *memory = map(3 * PAGE, MAP_PRIVATE);
  CHECK(memory != MAP_FAILED);
  EXPECT_FAILURE(map(PAGE, MAP_PRIVATE | MAP_FIXED) == MAP_FAILED, EINVAL);
  EXPECT_FAILURE(mprotect(memory, PAGE, PROT_READ) < 0, ENOSYS);
  EXPECT_FAILURE(msync(memory, PAGE, MS_SYNC) < 0, ENOSYS);
  EXPECT_FAILURE(madvise(memory, PAGE, MADV_DONTNEED) < 0, ENOSYS);

  // mremap keeps the address: shrinking works, growing back within the allocation works, beyond it does not
  // (not even with MREMAP_MAYMOVE), and the old length must be the mapping's.
  memory[0] = 0x5a;
  CHECK(mremap(memory, 3 * PAGE, PAGE, 0) == memory);
  CHECK(mremap(memory, PAGE, 3 * PAGE, 0) == memory);
  CHECK_INT(memory[0], 0x5a);
  EXPECT_FAILURE(mremap(memory, 3 * PAGE, 4 * PAGE, MREMAP_MAYMOVE) == MAP_FAILED, ENOMEM);
  EXPECT_FAILURE(mremap(memory, 2 * PAGE, PAGE, 0) == MAP_FAILED, EINVAL);
  CHECK_INT(munmap(memory, 3 * PAGE), 0);

  // A read-only mapping of a file may be shared with other processes: mremap refuses to change it.
  char path[64];
  snprintf(path, sizeof path, "/tmp/rvnommu-memory-%d", getpid());
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
  static const char page[PAGE];
  CHECK_INT(write(fd, page, PAGE), PAGE);
  void *file = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(file != MAP_FAILED);
  EXPECT_FAILURE(mremap(file, PAGE, PAGE / 2, 0) == MAP_FAILED, EPERM);
  munmap(file, PAGE);
  close(fd);
  unlink(path);

  // vm.nr_trim_pages: allocations are power-of-two blocks whose excess pages are freed when there are at least that
  // many of them (1: always), and kept when trimming is off (0).
  CHECK_INT(set_trim_pages("1\n"), 0);
  CHECK_INT(three_page_cost(), 12);
  CHECK_INT(set_trim_pages("0\n"), 0);
  CHECK_INT(three_page_cost(), 16);
  EXPECT_FAILURE(set_trim_pages("-1\n") < 0, EINVAL);
  CHECK_INT(set_trim_pages("1\n"), 0);

  // The break starts at the bottom of the stack block and may grow into it, but not past it.
  char *start = sbrk(0);
  int grew = sbrk(PAGE) == start && sbrk(0) == start + PAGE;
  printf("sbrk(%d): %s\n", PAGE, grew ? "the break grew by a page" : strerror(errno));
  CHECK(grew);
  if (grew) memset(start, 0xa5, PAGE);
  CHECK_INT(brk(start), 0);
  EXPECT_FAILURE(sbrk(1024 * 1024) == (void *)-1, ENOMEM);
  return finish("memory");
}
