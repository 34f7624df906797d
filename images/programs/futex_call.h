/* The futex system call itself (futex_time64), for test programs: returns the result or the negative errno, as
 * the kernel gives it, without a C library wrapper in between. */
#ifndef FUTEX_CALL_H
#define FUTEX_CALL_H

#include <time.h>

#define SYS_futex_time64 422

static long futex(volatile void *word, int op, int value, const struct timespec *timeout, volatile void *word2,
                  int value3) {
  register long a7 __asm__("a7") = SYS_futex_time64;
  register long a0 __asm__("a0") = (long)word;
  register long a1 __asm__("a1") = op;
  register long a2 __asm__("a2") = value;
  register long a3 __asm__("a3") = (long)timeout;
  register long a4 __asm__("a4") = (long)word2;
  register long a5 __asm__("a5") = value3;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5) : "memory");
  return a0;
}

#endif
