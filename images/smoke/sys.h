/*
 * Raw rv32 Linux syscalls for the smoke programs: no C library, so the kernel's ABI is tested on its own
 * (a7 = number, a0..a5 = arguments, a0 = result or -errno).
 */
#include <stddef.h>
#include <stdint.h>

#define SYS_write 64
#define SYS_exit_group 94
#define SYS_getpid 172
#define SYS_munmap 215
#define SYS_mmap2 222
#define SYS_uname 160
#define SYS_brk 214
#define SYS_clock_gettime64 403

static inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  register long a5 __asm__("a5") = f;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5) : "memory");
  return a0;
}

static inline size_t length(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

static inline void put(const char *s) {
  syscall6(SYS_write, 1, (long)s, (long)length(s), 0, 0, 0);
}

static inline void put_hex(uint32_t value) {
  char text[11] = "0x";
  for (int i = 0; i < 8; i++) text[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 15];
  text[10] = 0;
  put(text);
}

static inline void put_dec(long value) {
  char text[16];
  int n = 15;
  int negative = value < 0;
  unsigned long v = negative ? -(unsigned long)value : (unsigned long)value;
  text[n] = 0;
  do text[--n] = (char)('0' + v % 10); while ((v /= 10) != 0);
  if (negative) text[--n] = '-';
  put(text + n);
}

static inline __attribute__((noreturn)) void exit_group(int code) {
  syscall6(SYS_exit_group, code, 0, 0, 0, 0, 0);
  __builtin_unreachable();
}

/* The entry point: sp holds argc, argv..., NULL, envp..., NULL, auxv. */
int main(int argc, char **argv, char **envp);
__asm__(".text\n.globl _start\n_start:\n  lw a0, 0(sp)\n  addi a1, sp, 4\n  slli a2, a0, 2\n  add a2, a2, a1\n  addi a2, a2, 4\n"
        "  andi sp, sp, -16\n  call main\n  li a7, 94\n  ecall\n");
