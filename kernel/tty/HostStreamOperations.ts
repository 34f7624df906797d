import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import { type FileOperations, type PollState, type WouldBlock, wouldBlock } from '../vfs/FileOperations.js';
import type { OpenFile } from '../vfs/OpenFile.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../vfs/pollEvents.js';
import type { WaitQueue } from '../WaitQueue.js';
import type { HostInput } from './HostInput.js';
import type { Terminal } from './Terminal.js';
import { FIONREAD } from './termios.js';

/** Where the guest's output bytes go on the host (a stdout or stderr stream). */
export interface HostOutput {
  /** Takes the bytes (a private copy: the caller does not reuse them). */
  write(bytes: Uint8Array): void;
  /** The host is still flushing earlier output to a slow reader: writers wait for `drained` (backpressure). */
  readonly full?: boolean;
  readonly drained?: WaitQueue;
  /** The reader on the host side is gone (EPIPE): writes fail with EPIPE, as on a pipe without readers. */
  readonly broken?: boolean;
}

/** A host stream as the guest sees it: input, output or both, and the terminal state if it is a terminal. */
export interface HostStream {
  readonly input?: HostInput;
  readonly output?: HostOutput;
  readonly terminal?: Terminal;
}

/**
 * The file operations of a host stream, qemu-user style: reads take the host's input as it arrives (waiting when
 * none is there, end of file after end()), writes go straight to the host. Terminal ioctls are answered only
 * when the stream is a terminal, so isatty() tells the truth.
 */
export class HostStreamOperations implements FileOperations {
  readonly stream = true;

  constructor(private readonly host: HostStream) {}

  read(_file: OpenFile, into: Uint8Array): number | WouldBlock {
    const input = this.host.input;
    if (!input) return -Errno.EINVAL;
    const count = input.take(into);
    if (count > 0 || input.atEnd || into.length === 0) return count;
    return wouldBlock(input.queue);
  }

  write(_file: OpenFile, data: Uint8Array): number | WouldBlock {
    const output = this.host.output;
    if (!output) return -Errno.EINVAL;
    if (output.broken) return -Errno.EPIPE;
    if (output.full && output.drained) return wouldBlock(output.drained);
    output.write(data.slice());
    return data.length;
  }

  poll(file: OpenFile): PollState {
    const input = this.host.input;
    let events = 0;
    if (file.readable && input) {
      if (input.available > 0 || input.atEnd) events |= POLLIN | POLLRDNORM;
      if (input.atEnd && !this.host.terminal) events |= POLLHUP;
    }
    const output = this.host.output;
    if (file.writable && output) {
      if (output.broken) events |= POLLERR;
      else if (!output.full) events |= POLLOUT | POLLWRNORM;
    }
    const queues = [...(input ? [input.queue] : []), ...(output?.drained ? [output.drained] : [])];
    return { events, queues };
  }

  ioctl(_file: OpenFile, request: number, arg: number, mem: UserMemory): number {
    if (this.host.terminal) return this.host.terminal.ioctl(request, arg, mem);
    if (request === FIONREAD) return mem.write32(arg, this.host.input?.available ?? 0);
    return -Errno.ENOTTY;
  }
}
