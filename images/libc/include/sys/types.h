/* Basic system types for rv32 (ilp32). time_t and off_t are 64-bit: the rv32 syscall ABI is time64 only, and
 * files are reached through _llseek and statx, so no 32-bit variant exists to be compatible with. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long long off_t;
typedef int pid_t;
typedef unsigned uid_t;
typedef unsigned gid_t;
typedef unsigned id_t;
typedef unsigned mode_t;
typedef unsigned long long dev_t;
typedef unsigned long long ino_t;
typedef unsigned nlink_t;
typedef long blksize_t;
typedef long long blkcnt_t;
typedef long long time_t;
typedef long suseconds_t;
typedef unsigned useconds_t;
typedef int clockid_t;
typedef long clock_t;

#endif
