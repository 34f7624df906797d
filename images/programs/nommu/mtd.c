/* The flash chip as /dev/mtd0 (drivers/mtd/mtdchar.c) and the romfs on it, run from that romfs (rvnommu run
 * --rom IMAGE /rom/mtd.elf, the image holding this program): MEMGETINFO, reads of the image, programming that only
 * clears bits, MEMERASE of whole erase blocks, reads and writes pinning the caller's pages (/proc/vmstat), and
 * execute-in-place mappings, which forbid erasing while they exist. Not portable: it needs the board's flash. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"
#include "vmstat.h"

/* include/uapi/mtd/mtd-abi.h (our libc has no <mtd/mtd-user.h>) */
struct mtd_info_user {
  uint8_t type;
  uint32_t flags;
  uint32_t size;
  uint32_t erasesize;
  uint32_t writesize;
  uint32_t oobsize;
  uint64_t padding;
};
struct erase_info_user {
  uint32_t start;
  uint32_t length;
};
#define MTD_NORFLASH 3
#define MTD_WRITEABLE 0x400
#define MEMGETINFO ((int)0x80204d01u)
#define MEMERASE ((int)0x40084d02u)

#define EXPECT_ERRNO(call, expected)                                                                         \
  do {                                                                                                       \
    errno = 0;                                                                                               \
    long result = (long)(call);                                                                              \
    int error = errno;                                                                                       \
    printf("%-60s -> %s\n", #call, strerror(error));                                                        \
    CHECK_INT(result, -1);                                                                                   \
    CHECK_INT(error, expected);                                                                              \
  } while (0)

static unsigned char buffer[4096];

static int all_ones(const unsigned char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++)
    if (bytes[i] != 0xff) return 0;
  return 1;
}

static ssize_t read_at(int fd, off_t offset, void *into, size_t length) {
  if (lseek(fd, offset, SEEK_SET) != offset) return -1;
  return read(fd, into, length);
}

static ssize_t write_at(int fd, off_t offset, const void *data, size_t length) {
  if (lseek(fd, offset, SEEK_SET) != offset) return -1;
  return write(fd, data, length);
}

int main(void) {
  int mtd = open("/dev/mtd0", O_RDWR);
  CHECK(mtd >= 0);
  struct mtd_info_user info;
  CHECK_INT(ioctl(mtd, MEMGETINFO, &info), 0);
  CHECK_INT(info.type, MTD_NORFLASH);
  CHECK(info.flags & MTD_WRITEABLE);
  CHECK_INT(info.writesize, 1);
  printf("mtd0: NOR flash of %u KiB in erase blocks of %u KiB\n", info.size / 1024, info.erasesize / 1024);

  // The chip starts with the romfs image this program was started from.
  CHECK_INT(read_at(mtd, 0, buffer, 8), 8);
  CHECK(!memcmp(buffer, "-rom1fs-", 8));
  CHECK_INT(lseek(mtd, 0, SEEK_END), info.size);
  EXPECT_ERRNO(lseek(mtd, 1, SEEK_END), EINVAL);
  CHECK_INT(read(mtd, buffer, 16), 0);
  EXPECT_ERRNO(write(mtd, "x", 1), ENOSPC);

  // The last erase block lies beyond the image: erased flash, all ones. Programming clears bits; a bit that
  // would have to become one again fails (EIO), until the block is erased.
  off_t last = info.size - info.erasesize;
  CHECK_INT(read_at(mtd, last, buffer, sizeof buffer), sizeof buffer);
  CHECK(all_ones(buffer, sizeof buffer));
  CHECK_INT(write_at(mtd, last, "flash", 5), 5);
  CHECK_INT(read_at(mtd, last, buffer, 6), 6);
  CHECK(!memcmp(buffer, "flash\377", 6));
  static const unsigned char ones[1] = {0xff};
  EXPECT_ERRNO(write_at(mtd, last, ones, 1), EIO);
  struct erase_info_user erase = {last, info.erasesize};
  CHECK_INT(ioctl(mtd, MEMERASE, &erase), 0);
  // The chip is read and programmed straight from the caller's pages, pinned for the transfer: every page of the
  // buffer is counted acquired, and released again when the call returns.
  long acquired = vmstat("nr_foll_pin_acquired");
  CHECK(acquired >= 0);
  CHECK_INT(read_at(mtd, last, buffer, sizeof buffer), sizeof buffer);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired + pages_spanned(buffer, sizeof buffer));
  CHECK_INT(write_at(mtd, last, buffer, sizeof buffer), sizeof buffer);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired + 2 * pages_spanned(buffer, sizeof buffer));
  CHECK_INT(vmstat("nr_foll_pin_released"), vmstat("nr_foll_pin_acquired"));
  // Nothing to transfer, nothing to pin.
  CHECK_INT(read_at(mtd, last, buffer, 0), 0);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired + 2 * pages_spanned(buffer, sizeof buffer));
  CHECK_INT(read_at(mtd, last, buffer, 16), 16);
  CHECK(all_ones(buffer, 16));
  struct erase_info_user partial = {last + 4096, 4096};
  EXPECT_ERRNO(ioctl(mtd, MEMERASE, &partial), EINVAL);
  int readonly = open("/dev/mtd0", O_RDONLY);
  EXPECT_ERRNO(ioctl(readonly, MEMERASE, &erase), EPERM);
  close(readonly);

  // This program's own file maps in place: the same bytes read() gives, at the same place for a second mapping.
  int self = open("/rom/mtd.elf", O_RDONLY);
  CHECK(self >= 0);
  CHECK_INT(read(self, buffer, 64), 64);
  unsigned char *text = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, self, 0);
  unsigned char *again = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, self, 0);
  CHECK(text != MAP_FAILED);
  CHECK(again == text);
  CHECK(!memcmp(text, buffer, 64));
  CHECK(!memcmp(text, "\177ELF", 4));
  // While the chip is mapped in place it must not program or erase (its reads would be status words).
  EXPECT_ERRNO(ioctl(mtd, MEMERASE, &erase), EBUSY);
  EXPECT_ERRNO(write_at(mtd, last, "x", 1), EBUSY);
  CHECK_INT(munmap(again, 4096), 0);
  CHECK_INT(munmap(text, 4096), 0);
  CHECK_INT(ioctl(mtd, MEMERASE, &erase), 0);
  // A writable private mapping is a copy in RAM, which does not pin the chip.
  unsigned char *copy = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, self, 0);
  CHECK(copy != MAP_FAILED);
  copy[0] = 0;
  CHECK_INT(ioctl(mtd, MEMERASE, &erase), 0);
  munmap(copy, 4096);
  EXPECT_ERRNO(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, self, 0), EACCES);
  close(self);

  // The chip itself maps only shared and read-only, as mtdchar allows without an MMU.
  unsigned char *chip = mmap(NULL, 4096, PROT_READ, MAP_SHARED, mtd, 0);
  CHECK(chip != MAP_FAILED);
  CHECK(!memcmp(chip, "-rom1fs-", 8));
  munmap(chip, 4096);
  EXPECT_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, mtd, 0), EACCES);

  // romfs is read-only.
  EXPECT_ERRNO(open("/rom/new", O_CREAT | O_WRONLY, 0644), EROFS);
  EXPECT_ERRNO(open("/rom/mtd.elf", O_RDWR), EROFS);
  close(mtd);
  return finish("mtd");
}
