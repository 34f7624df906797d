/* POSIX shared memory on a no-MMU kernel, as on uClinux: shm_open makes a file in /dev/shm (tmpfs, which is ramfs
 * without an MMU), ftruncate of the empty file gives it one run of contiguous pages, and mmap(MAP_SHARED) maps
 * those pages in place. So every process maps the object at the same address and sees the others' writes at
 * once, and the rules of fs/ramfs/file-nommu.c show: a range that is not one run of pages cannot be shared, nor
 * can the file shrink under a shared mapping.
 * Not portable: with an MMU each process may map the object anywhere, and any file can be shared. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "peer.h"

#define PAGE 4096
#define NAME "/rvnommu-shm"
#define SIZE (2 * PAGE)

/* Whether /proc/self/maps lists [start, start + length) with `flags` and naming `path`: 1 if so, 0 if not, -1
 * when /proc is not mounted. No-MMU Linux marks a shared mapping S (s: could share, but is private). */
static int mapped_as(void *start, size_t length, const char *flags, const char *path) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (!maps) return -1;
  char prefix[64];
  snprintf(prefix, sizeof prefix, "%08lx-%08lx %s ", (unsigned long)start, (unsigned long)start + length, flags);
  char line[256];
  int found = 0;
  while (fgets(line, sizeof line, maps)) {
    if (!strncmp(line, prefix, strlen(prefix)) && strstr(line, path)) found = 1;
  }
  fclose(maps);
  return found;
}

/* Reads `length` bytes at `offset` of `fd` through read(), not through a mapping. */
static const char *read_at(int fd, off_t offset, size_t length) {
  static char buffer[64];
  memset(buffer, 0, sizeof buffer);
  lseek(fd, offset, SEEK_SET);
  if (read(fd, buffer, length) != (ssize_t)length) return "(short read)";
  return buffer;
}

/* The other process, run by execve: maps the object the parent made, expects it at the parent's address with
 * the parent's words in it, and answers in the second page. */
static int peer(const char *parent_address) {
  int fd = shm_open(NAME, O_RDWR, 0);
  CHECK(fd >= 0);
  char *memory = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(memory != MAP_FAILED);
  if (memory == MAP_FAILED) return 1;
  CHECK(memory == (char *)strtoul(parent_address, NULL, 16));
  CHECK_STR(memory, "written by the parent");
  strcpy(memory + PAGE, "written by the child");
  CHECK(mapped_as(memory, SIZE, "rw-S", "/dev/shm/rvnommu-shm") != 0);
  close(fd);
  return check_failures ? 1 : 0;
}

/* A file filled by write() gets its pages one at a time: shareable only where they happen to be one run. */
static void written_file(void) {
  int fd = shm_open("/rvnommu-written", O_CREAT | O_EXCL | O_RDWR, 0600);
  CHECK(fd >= 0);
  char page[PAGE];
  memset(page, 'w', sizeof page);
  CHECK_INT(write(fd, page, PAGE), PAGE);
  // One page is always one run: shared in place, and the file's bytes are the mapping's.
  char *one = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(one != MAP_FAILED);
  if (one != MAP_FAILED) {
    CHECK_INT(one[PAGE - 1], 'w');
    one[0] = 'm';
    CHECK_STR(read_at(fd, 0, 2), "mw");
    CHECK_INT(munmap(one, PAGE), 0);
  }
  // A hole in the middle: not one run, so no shared mapping (get_unmapped_area -ENOSYS, do_mmap ENODEV)...
  CHECK_INT(lseek(fd, 2 * PAGE, SEEK_SET), 2 * PAGE);
  CHECK_INT(write(fd, page, PAGE), PAGE);
  errno = 0;
  CHECK(mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
  CHECK_INT(errno, ENODEV);
  // ...but a private mapping is a copy, with the hole as zeros.
  char *copy = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(copy != MAP_FAILED);
  if (copy != MAP_FAILED) {
    CHECK_INT(copy[0], 'm');
    CHECK_INT(copy[PAGE], 0);
    CHECK_INT(copy[2 * PAGE], 'w');
    CHECK_INT(munmap(copy, 3 * PAGE), 0);
  }
  printf("shm: a file written with a hole cannot be mapped shared (ENODEV), only copied\n");
  close(fd);
  CHECK_INT(shm_unlink("/rvnommu-written"), 0);
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "peer")) return peer(argv[2]);

  shm_unlink(NAME);
  int fd = shm_open(NAME, O_CREAT | O_EXCL | O_RDWR, 0600);
  CHECK(fd >= 0);
  errno = 0;
  CHECK_INT(shm_open(NAME, O_CREAT | O_EXCL | O_RDWR, 0600), -1);
  CHECK_INT(errno, EEXIST);
  errno = 0;
  CHECK_INT(shm_open("dir/name", O_RDWR, 0), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shm_open("/", O_RDWR, 0), -1);
  CHECK_INT(errno, EINVAL);

  // The empty object sized by ftruncate: one contiguous, zeroed run of pages.
  struct stat st;
  CHECK_INT(ftruncate(fd, SIZE), 0);
  CHECK_INT(fstat(fd, &st), 0);
  CHECK_INT(st.st_size, SIZE);
  char *memory = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(memory != MAP_FAILED);
  if (memory == MAP_FAILED) return finish("shm");
  CHECK_INT(memory[0] | memory[SIZE - 1], 0);

  // The mapping is the file: writes to memory are read by read(), write() shows in memory.
  strcpy(memory, "written by the parent");
  CHECK_STR(read_at(fd, 0, 21), "written by the parent");
  CHECK_INT(lseek(fd, 100, SEEK_SET), 100);
  CHECK_INT(write(fd, "by write()", 11), 11);
  CHECK_STR(memory + 100, "by write()");

  // Every mapping of a page of it is that page: read-only private mappings too; writable private ones are copies.
  char *second_page = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
  CHECK(second_page == memory + PAGE);
  char *direct = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(direct == memory);
  char *copy = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(copy != MAP_FAILED && copy != memory);
  if (copy != MAP_FAILED) {
    CHECK_STR(copy, "written by the parent");
    copy[0] = 'W';
    CHECK_INT(memory[0], 'w');
    CHECK_INT(munmap(copy, SIZE), 0);
  }
  CHECK_INT(munmap(direct, PAGE), 0);
  // A file mapping is unmapped whole, looked up from the first mapping that ends above the address: here the
  // whole object's, which starts below it (EINVAL until that one is gone).
  errno = 0;
  CHECK_INT(munmap(second_page, PAGE), -1);
  CHECK_INT(errno, EINVAL);
  printf("shm: shared and read-only private mappings are the file's own pages, a writable private one a copy\n");

  int listed = mapped_as(memory, SIZE, "rw-S", "/dev/shm/rvnommu-shm");
  CHECK(listed != 0);
  if (listed > 0) printf("shm: /proc/self/maps shows the shared mapping of /dev/shm/rvnommu-shm\n");

  // Another process maps the object at the same address and writes to it.
  int status;
  pid_t pid = spawn_peer("shm", memory);
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_STR(memory + PAGE, "written by the child");
  printf("shm: another process mapped it at the same address; the parent reads \"%s\"\n", memory + PAGE);

  // What no-MMU Linux refuses.
  errno = 0;
  CHECK(mmap(NULL, SIZE + PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
  CHECK_INT(errno, ENODEV);
  int reader = shm_open(NAME, O_RDONLY, 0);
  errno = 0;
  CHECK(mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, reader, 0) == MAP_FAILED);
  CHECK_INT(errno, EACCES);
  close(reader);
  errno = 0;
  CHECK_INT(ftruncate(fd, PAGE), -1);
  CHECK_INT(errno, ETXTBSY);
  // Growing is fine, and so is cutting what no mapping uses.
  CHECK_INT(ftruncate(fd, 3 * PAGE), 0);
  CHECK_INT(ftruncate(fd, SIZE), 0);
  printf("shm: past the end ENODEV, writable sharing of a read-only open EACCES, shrinking under the mapping ETXTBSY\n");

  // The mapping keeps the pages after the name and the descriptor are gone.
  CHECK_INT(shm_unlink(NAME), 0);
  CHECK_INT(close(fd), 0);
  errno = 0;
  CHECK_INT(shm_open(NAME, O_RDWR, 0), -1);
  CHECK_INT(errno, ENOENT);
  CHECK_STR(memory, "written by the parent");
  CHECK(mapped_as(memory, SIZE, "rw-S", "/dev/shm/rvnommu-shm (deleted)") != 0);
  CHECK_INT(munmap(memory, SIZE), 0);
  CHECK_INT(munmap(second_page, PAGE), 0);

  // An empty object grows into one block of the buddy allocator at most (4 MiB): past it, EFBIG.
  fd = shm_open(NAME, O_CREAT | O_RDWR, 0600);
  errno = 0;
  CHECK_INT(ftruncate(fd, 8 << 20), -1);
  CHECK_INT(errno, EFBIG);
  close(fd);
  CHECK_INT(shm_unlink(NAME), 0);

  written_file();
  return finish("shm");
}
