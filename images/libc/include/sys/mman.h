/* Memory mappings. On a no-MMU kernel mappings are real memory blocks shared by every process: MAP_FIXED,
 * mprotect, msync and madvise are refused (ENOSYS/EINVAL) and mremap cannot move a mapping. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>

#define MAP_FAILED ((void *)-1)

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_GROWSDOWN 0x0100
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
/* No-MMU only: do not clear the memory of an anonymous mapping (the kernel must allow it). */
#define MAP_UNINITIALIZED 0x4000000

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset);
int munmap(void *address, size_t length);
/* The optional fifth argument (void *new_address) is read only with MREMAP_FIXED. */
void *mremap(void *address, size_t old_length, size_t new_length, int flags, ...);
int msync(void *address, size_t length, int flags);
int mprotect(void *address, size_t length, int protection);
int madvise(void *address, size_t length, int advice);
/* POSIX shared memory objects are files in /dev/shm (a tmpfs): on a no-MMU kernel, ftruncate of the new, empty
 * object gives it contiguous pages, which MAP_SHARED then maps in place, at the same address in every process. */
int shm_open(const char *name, int flags, mode_t mode);
int shm_unlink(const char *name);

#endif
