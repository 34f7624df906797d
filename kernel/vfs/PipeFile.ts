import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import type { Credentials } from './Credentials.js';
import { S_IFIFO } from './fileMode.js';
import type { FileOperations, PollState, WouldBlock } from './FileOperations.js';
import { OpenFile } from './OpenFile.js';
import { O_DIRECT, O_NONBLOCK, O_RDONLY, O_WRONLY } from './openFlags.js';
import { Pipe } from './Pipe.js';
import type { PseudoFs } from './PseudoFs.js';

/** FIONREAD: bytes available to read (asm-generic ioctls.h). */
export const FIONREAD = 0x541b;

/** The file operations of one open end of a pipe (a pipe2 end, or a FIFO opened by name). */
export class PipeOperations implements FileOperations {
  readonly stream = true;

  constructor(readonly pipe: Pipe) {}

  read(file: OpenFile, into: Uint8Array): number | WouldBlock {
    return this.pipe.read(into, (file.flags & O_DIRECT) !== 0);
  }

  write(file: OpenFile, data: Uint8Array): number | WouldBlock {
    return this.pipe.write(data, (file.flags & O_DIRECT) !== 0);
  }

  poll(file: OpenFile): PollState {
    return this.pipe.poll(file.readable, file.writable);
  }

  ioctl(_file: OpenFile, request: number, arg: number, mem: UserMemory): number {
    return request === FIONREAD ? mem.write32(arg, this.pipe.length) : -Errno.ENOTTY;
  }

  release(file: OpenFile): void {
    this.pipe.close(file.readable, file.writable);
  }
}

/** The pipe behind an open file (F_GETPIPE_SZ, F_SETPIPE_SZ), undefined if it is not a pipe. */
export function pipeOf(file: OpenFile): Pipe | undefined {
  return file.ops instanceof PipeOperations ? file.ops.pipe : undefined;
}

/** pipe2: a new pipe's read end and write end. `flags` may hold O_NONBLOCK and O_DIRECT (packet mode). */
export function createPipe(pipeFs: PseudoFs, cred: Credentials, flags: number): [OpenFile, OpenFile] {
  const pipe = new Pipe();
  const path = pipeFs.createPath(S_IFIFO | 0o600, cred, (ino) => `pipe:[${ino}]`);
  const status = flags & (O_NONBLOCK | O_DIRECT);
  const reader = new OpenFile(path, O_RDONLY | status);
  const writer = new OpenFile(path, O_WRONLY | status);
  reader.ops = writer.ops = new PipeOperations(pipe);
  pipe.readers = 1;
  pipe.writers = 1;
  return [reader, writer];
}
