/* The userfaultfd ABI (include/uapi/linux/userfaultfd.h): the ioctls on a userfaultfd, their structures and the
 * messages read() returns. Every field is 64 bits wide, so the layouts are the same on rv32 as on 64-bit Linux.
 * The C library has no userfaultfd() wrapper (glibc has none either): call it as system call 282. */
#ifndef _LINUX_USERFAULTFD_H
#define _LINUX_USERFAULTFD_H

#define __NR_userfaultfd 282

#define UFFD_API 0xaaULL

/* userfaultfd() flags besides O_CLOEXEC and O_NONBLOCK. */
#define UFFD_USER_MODE_ONLY 1

#define _UFFDIO_REGISTER 0x00
#define _UFFDIO_UNREGISTER 0x01
#define _UFFDIO_WAKE 0x02
#define _UFFDIO_COPY 0x03
#define _UFFDIO_ZEROPAGE 0x04
#define _UFFDIO_API 0x3f

#define UFFD_API_IOCTLS ((1ULL << _UFFDIO_REGISTER) | (1ULL << _UFFDIO_UNREGISTER) | (1ULL << _UFFDIO_API))
#define UFFD_API_RANGE_IOCTLS ((1ULL << _UFFDIO_WAKE) | (1ULL << _UFFDIO_COPY) | (1ULL << _UFFDIO_ZEROPAGE))

/* _IOR/_IOWR(0xAA, nr, struct): direction in bits 30-31, size in bits 16-29, type in 8-15, number in 0-7. */
#define _UFFDIO_IOC(dir, nr, size) ((int)(((unsigned)(dir) << 30) | ((size) << 16) | (0xaa << 8) | (nr)))
#define UFFDIO_API _UFFDIO_IOC(3, _UFFDIO_API, sizeof(struct uffdio_api))
#define UFFDIO_REGISTER _UFFDIO_IOC(3, _UFFDIO_REGISTER, sizeof(struct uffdio_register))
#define UFFDIO_UNREGISTER _UFFDIO_IOC(2, _UFFDIO_UNREGISTER, sizeof(struct uffdio_range))
#define UFFDIO_WAKE _UFFDIO_IOC(2, _UFFDIO_WAKE, sizeof(struct uffdio_range))
#define UFFDIO_COPY _UFFDIO_IOC(3, _UFFDIO_COPY, sizeof(struct uffdio_copy))
#define UFFDIO_ZEROPAGE _UFFDIO_IOC(3, _UFFDIO_ZEROPAGE, sizeof(struct uffdio_zeropage))

/* What read() returns: one 32-byte message per event. */
struct uffd_msg {
  unsigned char event;
  unsigned char reserved1;
  unsigned short reserved2;
  unsigned int reserved3;
  union {
    struct {
      unsigned long long flags;
      unsigned long long address;
      union {
        unsigned int ptid;
      } feat;
    } pagefault;
    struct {
      unsigned long long reserved1;
      unsigned long long reserved2;
      unsigned long long reserved3;
    } reserved;
  } arg;
} __attribute__((packed));

#define UFFD_EVENT_PAGEFAULT 0x12

#define UFFD_PAGEFAULT_FLAG_WRITE (1 << 0)
#define UFFD_PAGEFAULT_FLAG_WP (1 << 1)
#define UFFD_PAGEFAULT_FLAG_MINOR (1 << 2)

struct uffdio_api {
  unsigned long long api;
  /* In: the features wanted. Out: every feature the kernel offers. */
  unsigned long long features;
  unsigned long long ioctls;
};

#define UFFD_FEATURE_PAGEFAULT_FLAG_WP (1 << 0)
#define UFFD_FEATURE_EVENT_FORK (1 << 1)
#define UFFD_FEATURE_EVENT_REMAP (1 << 2)
#define UFFD_FEATURE_EVENT_REMOVE (1 << 3)
#define UFFD_FEATURE_MISSING_HUGETLBFS (1 << 4)
#define UFFD_FEATURE_MISSING_SHMEM (1 << 5)
#define UFFD_FEATURE_EVENT_UNMAP (1 << 6)
#define UFFD_FEATURE_SIGBUS (1 << 7)
#define UFFD_FEATURE_THREAD_ID (1 << 8)
#define UFFD_FEATURE_MINOR_HUGETLBFS (1 << 9)
#define UFFD_FEATURE_MINOR_SHMEM (1 << 10)
#define UFFD_FEATURE_EXACT_ADDRESS (1 << 11)

struct uffdio_range {
  unsigned long long start;
  unsigned long long len;
};

struct uffdio_register {
  struct uffdio_range range;
  unsigned long long mode;
  /* Out: the ioctls usable on the range. */
  unsigned long long ioctls;
};

#define UFFDIO_REGISTER_MODE_MISSING (1ULL << 0)
#define UFFDIO_REGISTER_MODE_WP (1ULL << 1)
#define UFFDIO_REGISTER_MODE_MINOR (1ULL << 2)

struct uffdio_copy {
  unsigned long long dst;
  unsigned long long src;
  unsigned long long len;
  unsigned long long mode;
  /* Out: the bytes copied, or a negated errno. */
  long long copy;
};

#define UFFDIO_COPY_MODE_DONTWAKE (1ULL << 0)
#define UFFDIO_COPY_MODE_WP (1ULL << 1)

struct uffdio_zeropage {
  struct uffdio_range range;
  unsigned long long mode;
  /* Out: the bytes zeroed, or a negated errno. */
  long long zeropage;
};

#define UFFDIO_ZEROPAGE_MODE_DONTWAKE (1ULL << 0)

#endif
