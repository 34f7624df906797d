/**
 * The userfaultfd ABI (include/uapi/linux/userfaultfd.h). Every structure is made of __u64 fields, so the rv32
 * layouts are the 64-bit ones: uffdio_api 24 bytes, uffdio_range 16, uffdio_register 32, uffdio_copy 40,
 * uffdio_zeropage 32, uffd_msg 32 (packed).
 */

export const UFFD_API = 0xaa;

/** userfaultfd(2) flags besides O_CLOEXEC and O_NONBLOCK: only faults taken in user mode are reported. */
export const UFFD_USER_MODE_ONLY = 1;

export const UFFD_EVENT_PAGEFAULT = 0x12;
export const UFFD_PAGEFAULT_FLAG_WRITE = 1 << 0;

export const UFFD_FEATURE_MISSING_SHMEM = 1 << 5;
export const UFFD_FEATURE_SIGBUS = 1 << 7;
export const UFFD_FEATURE_THREAD_ID = 1 << 8;
export const UFFD_FEATURE_EXACT_ADDRESS = 1 << 11;
/**
 * What UFFDIO_API offers here: missing-page faults on anonymous and shmem memory, SIGBUS instead of a message,
 * the faulting thread's id, the exact fault address. No write-protect, minor-fault, poison or move support and
 * no non-cooperative events (fork, remap, remove, unmap).
 */
export const UFFD_API_FEATURES = UFFD_FEATURE_MISSING_SHMEM | UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS;

export const UFFDIO_REGISTER_MODE_MISSING = 1;

export const UFFDIO_COPY_MODE_DONTWAKE = 1;
/** Accepted by the mode check of UFFDIO_COPY as in Linux, then refused because no range is registered for WP. */
export const UFFDIO_COPY_MODE_WP = 2;
export const UFFDIO_ZEROPAGE_MODE_DONTWAKE = 1;

const _UFFDIO_REGISTER = 0x00;
const _UFFDIO_UNREGISTER = 0x01;
const _UFFDIO_WAKE = 0x02;
const _UFFDIO_COPY = 0x03;
const _UFFDIO_ZEROPAGE = 0x04;
const _UFFDIO_API = 0x3f;

/** The ioctls UFFDIO_API reports (UFFD_API_IOCTLS), as the two words of its __u64 bit mask. */
export const UFFD_API_IOCTLS = (1 << _UFFDIO_REGISTER) | (1 << _UFFDIO_UNREGISTER);
export const UFFD_API_IOCTLS_HIGH = 1 << (_UFFDIO_API - 32);
/** The ioctls UFFDIO_REGISTER reports for a registered range (UFFD_API_RANGE_IOCTLS without WP, CONTINUE, POISON). */
export const UFFD_API_RANGE_IOCTLS = (1 << _UFFDIO_WAKE) | (1 << _UFFDIO_COPY) | (1 << _UFFDIO_ZEROPAGE);

const UFFDIO = 0xaa;
const IOC_WRITE = 1;
const IOC_READ = 2;

function ioc(dir: number, nr: number, size: number): number {
  return ((dir << 30) | (size << 16) | (UFFDIO << 8) | nr) >>> 0;
}

export const UFFDIO_API = ioc(IOC_READ | IOC_WRITE, _UFFDIO_API, 24);
export const UFFDIO_REGISTER = ioc(IOC_READ | IOC_WRITE, _UFFDIO_REGISTER, 32);
export const UFFDIO_UNREGISTER = ioc(IOC_READ, _UFFDIO_UNREGISTER, 16);
export const UFFDIO_WAKE = ioc(IOC_READ, _UFFDIO_WAKE, 16);
export const UFFDIO_COPY = ioc(IOC_READ | IOC_WRITE, _UFFDIO_COPY, 40);
export const UFFDIO_ZEROPAGE = ioc(IOC_READ | IOC_WRITE, _UFFDIO_ZEROPAGE, 32);

/** sizeof(struct uffd_msg). */
export const UFFD_MSG_SIZE = 32;

/** A UFFD_EVENT_PAGEFAULT message: event, reserved, then pagefault.flags, .address and .feat.ptid. */
export function encodePagefaultMessage(address: number, flags: number, ptid: number): Uint8Array {
  const bytes = new Uint8Array(UFFD_MSG_SIZE);
  const view = new DataView(bytes.buffer);
  bytes[0] = UFFD_EVENT_PAGEFAULT;
  view.setUint32(8, flags, true);
  view.setUint32(16, address >>> 0, true);
  view.setUint32(24, ptid, true);
  return bytes;
}
