/* fbdemo [FRAMES]: draws on /dev/fb0 through a shared mapping of the video memory: a colour gradient with a white
 * square that moves one step per frame (FRAMES, default 1, about 30 a second), then exits leaving the last frame.
 * Pixels are composed from the mode's red, green and blue bit fields, so any 16- or 32-bit truecolour mode works. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static struct fb_var_screeninfo mode;

/* An 8-bit channel value in the field's position and width. */
static uint32_t channel(const struct fb_bitfield *field, unsigned value) {
  return (value >> (8 - field->length)) << field->offset;
}

static uint32_t rgb(unsigned red, unsigned green, unsigned blue) {
  return channel(&mode.red, red) | channel(&mode.green, green) | channel(&mode.blue, blue);
}

static void put(uint8_t *line, unsigned x, uint32_t pixel) {
  if (mode.bits_per_pixel == 32) ((uint32_t *)line)[x] = pixel;
  else ((uint16_t *)line)[x] = pixel;
}

int main(int argc, char **argv) {
  int frames = argc > 1 ? atoi(argv[1]) : 1;
  if (frames < 1) {
    fprintf(stderr, "usage: fbdemo [FRAMES]\n");
    return 1;
  }
  int fd = open("/dev/fb0", O_RDWR);
  if (fd < 0) {
    fprintf(stderr, "fbdemo: /dev/fb0: %s\n", strerror(errno));
    return 1;
  }
  struct fb_fix_screeninfo fixed;
  if (ioctl(fd, FBIOGET_VSCREENINFO, &mode) < 0 || ioctl(fd, FBIOGET_FSCREENINFO, &fixed) < 0) {
    fprintf(stderr, "fbdemo: mode ioctls: %s\n", strerror(errno));
    return 1;
  }
  if (fixed.visual != FB_VISUAL_TRUECOLOR || (mode.bits_per_pixel != 32 && mode.bits_per_pixel != 16)) {
    fprintf(stderr, "fbdemo: %u bits per pixel, visual %u: not a 16- or 32-bit truecolour mode\n",
            mode.bits_per_pixel, fixed.visual);
    return 1;
  }
  uint8_t *screen = mmap(NULL, fixed.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (screen == MAP_FAILED) {
    fprintf(stderr, "fbdemo: mmap: %s\n", strerror(errno));
    return 1;
  }
  printf("%s: %ux%u, %u bits per pixel, %d frames\n", fixed.id, mode.xres, mode.yres, mode.bits_per_pixel, frames);
  unsigned size = (mode.xres < mode.yres ? mode.xres : mode.yres) / 4;
  struct timespec frame_time = {.tv_nsec = 33000000};
  for (int frame = 0; frame < frames; frame++) {
    unsigned left = frame * 4 % (mode.xres - size), top = (mode.yres - size) / 2;
    for (unsigned y = 0; y < mode.yres; y++) {
      uint8_t *line = screen + (size_t)y * fixed.line_length;
      for (unsigned x = 0; x < mode.xres; x++) {
        bool inside = x >= left && x < left + size && y >= top && y < top + size;
        put(line, x, inside ? rgb(255, 255, 255) : rgb(x * 255 / mode.xres, y * 255 / mode.yres, 128));
      }
    }
    if (frame + 1 < frames) nanosleep(&frame_time, NULL);
  }
  munmap(screen, fixed.smem_len);
  close(fd);
  return 0;
}
