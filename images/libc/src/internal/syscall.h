/* Raw system calls of the rv32 Linux ABI: ecall with the number in a7, arguments in a0-a5, the result in a0.
 * A result in -4095..-1 is a negated errno. Numbers are the asm-generic rv32 table (time64 only), which lacks
 * open, stat, fstat, lseek, mmap, wait4, dup2, pipe, fork and vfork: the libc builds those on their successors. */
#ifndef LIBC_INTERNAL_SYSCALL_H
#define LIBC_INTERNAL_SYSCALL_H

#define SYS_getcwd 17
#define SYS_dup 23
#define SYS_dup3 24
#define SYS_fcntl64 25
#define SYS_ioctl 29
#define SYS_mkdirat 34
#define SYS_unlinkat 35
#define SYS_umount2 39
#define SYS_mount 40
#define SYS_truncate64 45
#define SYS_ftruncate64 46
#define SYS_faccessat 48
#define SYS_chdir 49
#define SYS_openat 56
#define SYS_close 57
#define SYS_pipe2 59
#define SYS_getdents64 61
#define SYS_llseek 62
#define SYS_read 63
#define SYS_write 64
#define SYS_readlinkat 78
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_waitid 95
#define SYS_set_tid_address 96
#define SYS_syslog 116
#define SYS_sched_yield 124
#define SYS_reboot 142
#define SYS_kill 129
#define SYS_tkill 130
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_setpgid 154
#define SYS_getpgid 155
#define SYS_setsid 157
#define SYS_uname 160
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_gettid 178
#define SYS_shmget 194
#define SYS_shmctl 195
#define SYS_shmat 196
#define SYS_shmdt 197
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mremap 216
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mmap2 222
#define SYS_mprotect 226
#define SYS_msync 227
#define SYS_madvise 233
#define SYS_getrandom 278
#define SYS_statx 291
#define SYS_clock_gettime64 403
#define SYS_clock_nanosleep_time64 407
#define SYS_futex_time64 422

#ifndef __ASSEMBLER__

/* The kernel's sigset_t: 64 signals, whatever size the libc's sigset_t has. */
#define KERNEL_SIGSET_SIZE 8

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f) {
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

/* Fewer arguments: the unused registers are passed as zero, which the kernel ignores. */
#define __syscall0(n) __syscall6(n, 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a) __syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define __syscall2(n, a, b) __syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define __syscall3(n, a, b, c) __syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __syscall4(n, a, b, c, d) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __syscall5(n, a, b, c, d, e) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Turns a raw result into the C convention: -1 with errno set, or the value. */
long __syscall_ret(unsigned long result);

#endif
#endif
