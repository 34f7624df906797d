import { Errno } from '../errno.js';
import { WaitQueue } from '../WaitQueue.js';
import { type PollState, type WouldBlock, wouldBlock } from './FileOperations.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from './pollEvents.js';

/** Writes up to this size are atomic: never split, never interleaved with other writers. */
export const PIPE_BUF = 4096;
/** 16 pages, Linux's default pipe size. */
export const DEFAULT_PIPE_SIZE = 65536;
/** /proc/sys/fs/pipe-max-size: the largest F_SETPIPE_SZ. */
export const PIPE_MAX_SIZE = 1024 * 1024;
const PAGE_SIZE = 4096;

/**
 * A pipe's buffer and its two ends' counts (Linux's pipe_inode_info), as a byte ring. Reads return what is there
 * (0 once every writer is gone), writes fit what they can; an atomic write (at most PIPE_BUF bytes) waits until it
 * fits whole. In packet mode (O_DIRECT) each write of up to PIPE_BUF bytes is one packet and a read returns at most
 * one packet, dropping what does not fit the reader's buffer.
 */
export class Pipe {
  /** Woken when data arrives or the last writer leaves. */
  readonly readQueue = new WaitQueue('pipe read');
  /** Woken when room appears or the last reader leaves. */
  readonly writeQueue = new WaitQueue('pipe write');
  readers = 0;
  writers = 0;
  private buffer = new Uint8Array(DEFAULT_PIPE_SIZE);
  private start = 0;
  private used = 0;
  private readonly packets: number[] = [];

  get size(): number {
    return this.buffer.length;
  }

  /** Bytes waiting to be read (FIONREAD). */
  get length(): number {
    return this.used;
  }

  read(into: Uint8Array, packetMode: boolean): number | WouldBlock {
    if (into.length === 0) return 0;
    if (this.used === 0) return this.writers === 0 ? 0 : wouldBlock(this.readQueue);
    let count: number;
    let consumed: number;
    if (packetMode && this.packets.length > 0) {
      consumed = this.packets.shift()!;
      count = Math.min(into.length, consumed);
    } else {
      count = consumed = Math.min(into.length, this.used);
      this.consumePackets(consumed);
    }
    this.copyOut(into.subarray(0, count));
    this.start = (this.start + consumed) % this.buffer.length;
    this.used -= consumed;
    if (this.used === 0) this.start = 0;
    this.writeQueue.wakeAll();
    return count;
  }

  /** Writes what fits now; -EPIPE when nobody can ever read it. */
  write(data: Uint8Array, packetMode: boolean): number | WouldBlock {
    if (data.length === 0) return 0;
    if (this.readers === 0) return -Errno.EPIPE;
    const free = this.buffer.length - this.used;
    if (data.length <= PIPE_BUF ? free < data.length : free === 0) return wouldBlock(this.writeQueue);
    const count = packetMode ? Math.min(data.length, free, PIPE_BUF) : Math.min(data.length, free);
    this.copyIn(data.subarray(0, count));
    if (packetMode) this.packets.push(count);
    this.used += count;
    this.readQueue.wakeAll();
    return count;
  }

  /** pipe_poll for an open file with the given access. */
  poll(reading: boolean, writing: boolean): PollState {
    let events = 0;
    if (reading) {
      if (this.used > 0) events |= POLLIN | POLLRDNORM;
      if (this.writers === 0) events |= POLLHUP;
    }
    if (writing) {
      if (this.buffer.length - this.used >= PIPE_BUF) events |= POLLOUT | POLLWRNORM;
      if (this.readers === 0) events |= POLLERR;
    }
    return { events, queues: [this.readQueue, this.writeQueue] };
  }

  /** F_SETPIPE_SZ: rounds up to a power of two of pages; EBUSY if the data does not fit the new size. */
  resize(requested: number): number {
    if (requested < 0 || requested > PIPE_MAX_SIZE) return -Errno.EPERM;
    const size = Math.max(PAGE_SIZE, 2 ** Math.ceil(Math.log2(Math.max(requested, 1))));
    if (size > PIPE_MAX_SIZE) return -Errno.EPERM;
    if (this.used > size) return -Errno.EBUSY;
    const data = new Uint8Array(this.used);
    this.copyOut(data);
    this.buffer = new Uint8Array(size);
    this.buffer.set(data);
    this.start = 0;
    this.writeQueue.wakeAll();
    return size;
  }

  /** One end is closed (the last reference to an open file with that access). */
  close(reading: boolean, writing: boolean): void {
    if (reading && --this.readers === 0) this.writeQueue.wakeAll();
    if (writing && --this.writers === 0) this.readQueue.wakeAll();
  }

  private consumePackets(bytes: number): void {
    while (bytes > 0 && this.packets.length > 0) {
      const take = Math.min(bytes, this.packets[0]);
      bytes -= take;
      if ((this.packets[0] -= take) === 0) this.packets.shift();
    }
  }

  private copyOut(into: Uint8Array): void {
    const first = Math.min(into.length, this.buffer.length - this.start);
    into.set(this.buffer.subarray(this.start, this.start + first));
    into.set(this.buffer.subarray(0, into.length - first), first);
  }

  private copyIn(data: Uint8Array): void {
    const end = (this.start + this.used) % this.buffer.length;
    const first = Math.min(data.length, this.buffer.length - end);
    this.buffer.set(data.subarray(0, first), end);
    this.buffer.set(data.subarray(first), 0);
  }
}
