import type { UserMemory } from '../UserMemory.js';
import type { FileOperations, PollState, WouldBlock } from '../vfs/FileOperations.js';
import type { OpenFile } from '../vfs/OpenFile.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../vfs/pollEvents.js';
import type { LineDiscipline } from './LineDiscipline.js';
import type { Terminal } from './Terminal.js';

/** An open terminal whose input and output go through a line discipline (tty_fops over N_TTY). */
export class TerminalOperations implements FileOperations {
  readonly stream = true;

  constructor(
    private readonly terminal: Terminal,
    private readonly discipline: LineDiscipline,
  ) {}

  read(_file: OpenFile, into: Uint8Array): number | WouldBlock {
    return this.discipline.read(into);
  }

  write(_file: OpenFile, data: Uint8Array): number {
    return this.discipline.write(data);
  }

  poll(file: OpenFile): PollState {
    let events = 0;
    if (file.readable && this.discipline.readable) events |= POLLIN | POLLRDNORM;
    if (file.writable) events |= POLLOUT | POLLWRNORM;
    return { events, queues: [this.discipline.readQueue] };
  }

  ioctl(_file: OpenFile, request: number, arg: number, mem: UserMemory): number {
    return this.terminal.ioctl(request, arg, mem);
  }
}
