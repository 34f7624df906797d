import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import type { Credentials } from '../vfs/Credentials.js';
import { type FileOperations, type PollState, type WouldBlock, wouldBlock } from '../vfs/FileOperations.js';
import { OpenFile } from '../vfs/OpenFile.js';
import { O_CLOEXEC, O_NONBLOCK, O_RDWR } from '../vfs/openFlags.js';
import { POLLERR, POLLIN } from '../vfs/pollEvents.js';
import type { PseudoFs } from '../vfs/PseudoFs.js';
import {
  UFFD_API,
  UFFD_API_FEATURES,
  UFFD_API_IOCTLS,
  UFFD_API_IOCTLS_HIGH,
  UFFD_API_RANGE_IOCTLS,
  UFFD_MSG_SIZE,
  UFFD_USER_MODE_ONLY,
  UFFDIO_API,
  UFFDIO_COPY,
  UFFDIO_COPY_MODE_DONTWAKE,
  UFFDIO_COPY_MODE_WP,
  UFFDIO_REGISTER,
  UFFDIO_REGISTER_MODE_MISSING,
  UFFDIO_UNREGISTER,
  UFFDIO_WAKE,
  UFFDIO_ZEROPAGE,
  UFFDIO_ZEROPAGE_MODE_DONTWAKE,
} from './uapi.js';
import { UserfaultfdContext, validateRange } from './UserfaultfdContext.js';

/** The flags userfaultfd(2) accepts: UFFD_SHARED_FCNTL_FLAGS (O_CLOEXEC, O_NONBLOCK) and UFFD_USER_MODE_ONLY. */
export const USERFAULTFD_FLAGS = O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY;

/**
 * The __u64 fields of a uAPI structure at `addr`, or -EFAULT. A value of 2^53 or more loses low bits, which only
 * matters for values every check refuses anyway (addresses and lengths above 4 GiB, unknown mode bits).
 */
function readFields(mem: UserMemory, addr: number, count: number): number[] | number {
  const bytes = mem.copyIn(addr, 8 * count);
  if (typeof bytes === 'number') return bytes;
  const view = new DataView(bytes.buffer);
  return Array.from({ length: count }, (_, i) => view.getUint32(8 * i + 4, true) * 2 ** 32 + view.getUint32(8 * i, true));
}

/** Whether a __u64 mode has bits outside `allowed`. */
function hasUnknownBits(mode: number, allowed: number): boolean {
  return mode >= 2 ** 32 || (mode & ~allowed) !== 0;
}

/**
 * The file operations of a userfaultfd (userfaultfd_fops): read() of struct uffd_msg, poll, the UFFDIO_* ioctls,
 * and release on the last close.
 */
export class UserfaultfdOperations implements FileOperations {
  constructor(readonly ctx: UserfaultfdContext) {}

  /** userfaultfd_read: whole messages only; the first may be waited for, more are taken only if pending. */
  read(_file: OpenFile, into: Uint8Array): number | WouldBlock {
    if (this.ctx.features === null) return -Errno.EINVAL;
    if (into.length < UFFD_MSG_SIZE) return -Errno.EINVAL;
    const read = this.ctx.readMessages(into);
    return read > 0 ? read : wouldBlock(this.ctx.readers);
  }

  /** userfaultfd_poll: readable while a fault waits to be read; EPOLLERR before UFFDIO_API or on a blocking fd. */
  poll(file: OpenFile): PollState {
    const queues = [this.ctx.readers];
    if (this.ctx.features === null || !file.nonBlocking) return { events: POLLERR, queues };
    return { events: this.ctx.hasPendingFaults ? POLLIN : 0, queues };
  }

  ioctl(_file: OpenFile, request: number, arg: number, mem: UserMemory): number {
    if (request !== UFFDIO_API && this.ctx.features === null) return -Errno.EINVAL;
    switch (request) {
      case UFFDIO_API:
        return this.api(arg >>> 0, mem);
      case UFFDIO_REGISTER:
        return this.register(arg >>> 0, mem);
      case UFFDIO_UNREGISTER:
        return this.unregister(arg >>> 0, mem);
      case UFFDIO_WAKE:
        return this.wake(arg >>> 0, mem);
      case UFFDIO_COPY:
        return this.copy(arg >>> 0, mem);
      case UFFDIO_ZEROPAGE:
        return this.zeropage(arg >>> 0, mem);
      default:
        return -Errno.EINVAL;
    }
  }

  release(): void {
    this.ctx.release();
  }

  /**
   * userfaultfd_api: the API must be UFFD_API and the features a subset of what is offered; the answer lists every
   * offered feature and the ioctls. A second UFFDIO_API fails; a failed one zeroes the structure.
   */
  private api(arg: number, mem: UserMemory): number {
    const fields = readFields(mem, arg, 2);
    if (typeof fields === 'number') return fields;
    const [api, features] = fields;
    const fail = (errno: number): number => mem.copyOut(arg, new Uint8Array(24)) || errno;
    if (api !== UFFD_API || hasUnknownBits(features, UFFD_API_FEATURES)) return fail(-Errno.EINVAL);
    const answer = new Uint32Array([UFFD_API, 0, UFFD_API_FEATURES, 0, UFFD_API_IOCTLS, UFFD_API_IOCTLS_HIGH]);
    const copied = mem.copyOut(arg, new Uint8Array(answer.buffer));
    if (copied) return copied;
    if (this.ctx.features !== null) return fail(-Errno.EINVAL);
    this.ctx.features = features;
    return 0;
  }

  /** userfaultfd_register: MODE_MISSING only; the ioctls usable on the range are written back. */
  private register(arg: number, mem: UserMemory): number {
    const fields = readFields(mem, arg, 3);
    if (typeof fields === 'number') return fields;
    const [start, len, mode] = fields;
    // Write-protect and minor-fault modes need arch support this kernel does not offer: EINVAL as in Linux then.
    if (mode !== UFFDIO_REGISTER_MODE_MISSING) return -Errno.EINVAL;
    const invalid = validateRange(start, len);
    if (invalid) return invalid;
    const result = this.ctx.register(start, start + len);
    if (result) return result;
    return mem.write64(arg + 24, UFFD_API_RANGE_IOCTLS);
  }

  private unregister(arg: number, mem: UserMemory): number {
    const range = readRange(mem, arg);
    if (typeof range === 'number') return range;
    return this.ctx.unregister(range.start, range.start + range.len);
  }

  /** userfaultfd_wake: for use after UFFDIO_COPY or UFFDIO_ZEROPAGE with DONTWAKE. */
  private wake(arg: number, mem: UserMemory): number {
    const range = readRange(mem, arg);
    if (typeof range === 'number') return range;
    this.ctx.wake(range.start, range.len);
    return 0;
  }

  /**
   * userfaultfd_copy: fills missing pages from the caller's memory at `src`. The count filled (or the errno) is
   * written to the `copy` field; a partial fill returns EAGAIN.
   */
  private copy(arg: number, mem: UserMemory): number {
    const fields = readFields(mem, arg, 4);
    if (typeof fields === 'number') return fields;
    const [dst, src, len, mode] = fields;
    const invalid = validateRange(dst, len);
    if (invalid) return invalid;
    if (hasUnknownBits(mode, UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP)) return -Errno.EINVAL;
    if (!this.ctx.mmAlive) return -Errno.ESRCH;
    // The source is read as the caller sees its memory (copy_from_user), page by page.
    const source = (offset: number): Uint8Array | number =>
      src + offset + PAGE_SIZE > 2 ** 32 ? -Errno.EFAULT : mem.copyIn(src + offset, PAGE_SIZE);
    const filled = this.ctx.fill(dst, len, source, (mode & UFFDIO_COPY_MODE_WP) !== 0);
    return this.finishFill(arg + 32, dst, len, filled, mode & UFFDIO_COPY_MODE_DONTWAKE, mem);
  }

  private zeropage(arg: number, mem: UserMemory): number {
    const fields = readFields(mem, arg, 3);
    if (typeof fields === 'number') return fields;
    const [start, len, mode] = fields;
    const invalid = validateRange(start, len);
    if (invalid) return invalid;
    if (hasUnknownBits(mode, UFFDIO_ZEROPAGE_MODE_DONTWAKE)) return -Errno.EINVAL;
    if (!this.ctx.mmAlive) return -Errno.ESRCH;
    const filled = this.ctx.fill(start, len, null, false);
    return this.finishFill(arg + 24, start, len, filled, mode & UFFDIO_ZEROPAGE_MODE_DONTWAKE, mem);
  }

  /** Reports a fill's result in the structure, wakes the filled range unless DONTWAKE, and gives the ioctl result. */
  private finishFill(resultAddr: number, dst: number, len: number, filled: number, dontWake: number, mem: UserMemory): number {
    const written = mem.write64(resultAddr, filled);
    if (written) return written;
    if (filled < 0) return filled;
    if (!dontWake) this.ctx.wake(dst, filled);
    return filled === len ? 0 : -Errno.EAGAIN;
  }
}

/** A struct uffdio_range, validated. */
function readRange(mem: UserMemory, addr: number): { start: number; len: number } | number {
  const fields = readFields(mem, addr, 2);
  if (typeof fields === 'number') return fields;
  const [start, len] = fields;
  return validateRange(start, len) || { start, len };
}

/** The open file of a new userfaultfd, an anonymous inode. */
export function createUserfaultfd(ctx: UserfaultfdContext, anonFs: PseudoFs, cred: Credentials, flags: number): OpenFile {
  const path = anonFs.createPath(0o600, cred, () => 'anon_inode:[userfaultfd]');
  const file = new OpenFile(path, O_RDWR | (flags & O_NONBLOCK));
  file.ops = new UserfaultfdOperations(ctx);
  return file;
}
