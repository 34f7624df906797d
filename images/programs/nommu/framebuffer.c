/* /dev/fb0 on a no-MMU kernel: the mode and memory ioctls, a shared mapping that is the video memory itself (its
 * address is the physical smem_start, as get_fb_unmapped_area gives it) and the same for every shared mapping,
 * no shared futexes on it (device memory), read and write pinning the caller's pages for the copy (counted in
 * /proc/vmstat as FOLL_PIN counts them), and the refusals. Leaves a gradient on the screen: red grows to the
 * right, green downwards, blue is 0x80 (the tests check the saved picture). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"
#include "futex_call.h"
#include "vmstat.h"

enum { PAGE = 4096 };

static uint32_t gradient(uint32_t x, uint32_t y, uint32_t width, uint32_t height) {
  uint32_t red = width > 1 ? x * 255 / (width - 1) : 0;
  uint32_t green = height > 1 ? y * 255 / (height - 1) : 0;
  return red << 16 | green << 8 | 0x80;
}

static int read_at(int fd, void *into, int length, long offset) {
  return lseek(fd, offset, SEEK_SET) < 0 ? -1 : read(fd, into, length);
}

static int write_at(int fd, const void *data, int length, long offset) {
  return lseek(fd, offset, SEEK_SET) < 0 ? -1 : write(fd, data, length);
}

/* Whether /proc/self/maps lists a /dev/fb0 area starting at `start` (skipped when /proc is not mounted). */
static int maps_list_fb(unsigned long start) {
  int fd = open("/proc/self/maps", O_RDONLY);
  if (fd < 0) return 1;
  static char maps[8192];
  int length = read(fd, maps, sizeof maps - 1);
  close(fd);
  if (length <= 0) return 0;
  maps[length] = 0;
  char prefix[16];
  snprintf(prefix, sizeof prefix, "%08lx-", start);
  for (char *line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : 0) {
    char *end = strchr(line, '\n');
    if (end) *end = 0;
    int match = !strncmp(line, prefix, 9) && strstr(line, "/dev/fb0");
    if (end) *end = '\n';
    if (match) return 1;
  }
  return 0;
}

int main(void) {
  int fd = open("/dev/fb0", O_RDWR);
  CHECK(fd >= 0);
  if (fd < 0) return finish("framebuffer");
  struct fb_var_screeninfo var;
  struct fb_fix_screeninfo fix;
  CHECK_INT(ioctl(fd, FBIOGET_VSCREENINFO, &var), 0);
  CHECK_INT(ioctl(fd, FBIOGET_FSCREENINFO, &fix), 0);
  printf("%s: %ux%u, %u bits per pixel, %u bytes per line\n", fix.id, var.xres, var.yres, var.bits_per_pixel, fix.line_length);
  CHECK_INT(var.bits_per_pixel, 32);
  CHECK_INT(var.red.offset, 16);
  CHECK_INT(var.green.offset, 8);
  CHECK_INT(var.blue.offset, 0);
  CHECK_INT(fix.visual, FB_VISUAL_TRUECOLOR);
  CHECK_INT(fix.line_length, var.xres * 4);
  CHECK_INT(fix.smem_len, fix.line_length * var.yres);
  CHECK_INT(ioctl(fd, FBIOPUT_VSCREENINFO, &var), 0);
  struct fb_var_screeninfo other = var;
  other.xres = var.xres * 2;
  errno = 0;
  CHECK(ioctl(fd, FBIOPUT_VSCREENINFO, &other) < 0 && errno == EINVAL);

  // A shared mapping is the video memory: no copy, the address is the physical one.
  uint32_t *screen = mmap(NULL, fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(screen != MAP_FAILED);
  if (screen == MAP_FAILED) return finish("framebuffer");
  CHECK((unsigned long)screen == fix.smem_start);
  CHECK(maps_list_fb((unsigned long)screen));
  for (uint32_t y = 0; y < var.yres; y++)
    for (uint32_t x = 0; x < var.xres; x++) screen[y * (fix.line_length / 4) + x] = gradient(x, y, var.xres, var.yres);

  // Video memory is device memory (VM_IO): a shared futex there fails as get_user_pages refuses it, a private one
  // needs no page and works.
  CHECK_INT(futex(screen, FUTEX_WAKE, 1, NULL, NULL, 0), -EFAULT);
  CHECK_INT(futex(screen, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0), 0);

  // read() sees what was drawn through the mapping.
  uint32_t pixel = 0;
  uint32_t x = var.xres - 1, y = var.yres / 2;
  CHECK_INT(read_at(fd, &pixel, 4, y * fix.line_length + x * 4), 4);
  CHECK_INT(pixel, gradient(x, y, var.xres, var.yres));

  // read() and write() copy straight between video memory and the caller's pages, pinned meanwhile: up to three
  // pages of the picture out and back in again, every page the buffer touches counted once each way.
  static unsigned char copy[3 * PAGE];
  int length = fix.smem_len < sizeof copy ? (int)fix.smem_len : (int)sizeof copy;
  long acquired = vmstat("nr_foll_pin_acquired");
  CHECK(acquired >= 0);
  CHECK_INT(vmstat("nr_foll_pin_released"), acquired);
  CHECK_INT(read_at(fd, copy, length, 0), length);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired + pages_spanned(copy, length));
  CHECK_INT(write_at(fd, copy, length, 0), length);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired + 2 * pages_spanned(copy, length));
  CHECK_INT(vmstat("nr_foll_pin_released"), vmstat("nr_foll_pin_acquired"));
  CHECK(!memcmp(copy, screen, length));
  // A buffer in device memory cannot be pinned: the driver copies it instead, and no pin is counted. (The first
  // pixel of the second row gets the first row's, then its own again.)
  uint32_t *second_row = screen + fix.line_length / 4, saved = *second_row;
  acquired = vmstat("nr_foll_pin_acquired");
  CHECK_INT(write_at(fd, screen, 4, fix.line_length), 4);
  CHECK_INT(vmstat("nr_foll_pin_acquired"), acquired);
  CHECK_INT(*second_row, screen[0]);
  *second_row = saved;

  // A second shared mapping, through a read-only descriptor, is the same memory again; one from a page offset
  // shares the region of the first.
  int read_only = open("/dev/fb0", O_RDONLY);
  const uint32_t *view = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, read_only, 0);
  CHECK(view == screen);
  CHECK_INT(munmap((void *)view, PAGE), 0);
  const char *second_page = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, read_only, PAGE);
  CHECK(second_page == (const char *)screen + PAGE);

  // What Linux refuses: private mappings (a character device without mmap capabilities offers no copies),
  // executable video memory, writing through a read-only descriptor.
  errno = 0;
  CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == ENODEV);
  errno = 0;
  CHECK(mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EINVAL);
  errno = 0;
  CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, read_only, 0) == MAP_FAILED && errno == EACCES);
  close(read_only);

  // Writing at the end of video memory: nothing fits (ENOSPC); past it: EFBIG.
  errno = 0;
  CHECK(write_at(fd, &pixel, 4, fix.smem_len) < 0 && errno == ENOSPC);
  errno = 0;
  CHECK(write_at(fd, &pixel, 4, fix.smem_len + 4) < 0 && errno == EFBIG);

  // A file mapping is unmapped whole; the first area found at an address is the one that must match.
  CHECK_INT(munmap(screen, fix.smem_len), 0);
  CHECK_INT(munmap((void *)second_page, PAGE), 0);
  // With no mapping left to share, a page offset fails: get_fb_unmapped_area adds it as a byte count, and the
  // driver's mmap then finds the area not at the page it maps.
  errno = 0;
  CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE) == MAP_FAILED && errno == EINVAL);
  close(fd);
  return finish("framebuffer");
}
