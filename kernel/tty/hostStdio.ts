import { Errno } from '../errno.js';
import type { Signal } from '../signals.js';
import type { FileOperations } from '../vfs/FileOperations.js';
import { ROOT_CREDENTIALS } from '../vfs/Credentials.js';
import { TTYAUX_MAJOR } from '../vfs/devfs/DevTmpFs.js';
import { S_IFCHR, S_IFIFO } from '../vfs/fileMode.js';
import { OpenFile } from '../vfs/OpenFile.js';
import { O_RDONLY, O_RDWR, O_WRONLY } from '../vfs/openFlags.js';
import type { Vfs } from '../vfs/Vfs.js';
import { HostInput } from './HostInput.js';
import { type HostOutput, type HostStream, HostStreamOperations } from './HostStreamOperations.js';
import { LineDiscipline } from './LineDiscipline.js';
import { Terminal, type TerminalHost } from './Terminal.js';
import { TerminalOperations } from './TerminalOperations.js';

/** rvnommu's own standard streams, and which of them are the (one) terminal it runs in. */
export interface HostStdio {
  readonly stdin: HostInput;
  readonly stdout: HostOutput;
  readonly stderr: HostOutput;
  readonly stdinIsTerminal: boolean;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  readonly terminalHost?: TerminalHost;
  /**
   * The host terminal is in raw mode: rvnommu runs Linux's line discipline itself (echo, line editing, ^D, and
   * ^C ^\ ^Z as signals), so the guest's termios settings behave exactly as on Linux.
   */
  readonly rawTerminal?: boolean;
  /** Receives the signals typed on the terminal (ISIG), for the foreground process group. */
  readonly signal?: (signal: Signal) => void;
}

/** The guest's descriptors 0, 1 and 2, and the terminal state when rvnommu runs in a terminal. */
export interface GuestStdio {
  readonly files: readonly [OpenFile, OpenFile, OpenFile];
  readonly terminal: Terminal | null;
  /**
   * The console's line discipline takes no more host input: the machine is gone, and the input is left to the
   * next one (a restart's console). Without a line discipline, the guest only takes input when it reads.
   */
  readonly detach: () => void;
}

/**
 * qemu-user's arrangement: the guest's fds 0, 1 and 2 are rvnommu's stdin, stdout and stderr. The streams that
 * are the terminal become opens of /dev/console (so ttyname() finds them), whose driver is registered here along
 * with /dev/tty (the controlling terminal: the console, ENXIO when there is no terminal). Redirected streams
 * become pipe-like files. Must run after /dev is mounted for the terminal streams to have their /dev name.
 */
export function createGuestStdio(vfs: Vfs, host: HostStdio): GuestStdio {
  const anyTerminal = host.stdinIsTerminal || host.stdoutIsTerminal || host.stderrIsTerminal;
  const terminal = anyTerminal ? new Terminal(host.terminalHost, host.stdinIsTerminal ? host.stdin : null) : null;
  const consoleStream: HostStream = {
    // With stdin redirected, rvnommu has no way to the terminal's keyboard: the console's input never comes.
    input: host.stdinIsTerminal ? host.stdin : new HostInput(),
    output: host.stdoutIsTerminal || !host.stderrIsTerminal ? host.stdout : host.stderr,
    terminal: terminal ?? undefined,
  };
  const consoleDriver =
    terminal && host.rawTerminal && host.stdinIsTerminal
      ? disciplined(terminal, host, consoleStream)
      : { open: () => new HostStreamOperations(consoleStream), detach: () => {} };
  const consoleOperations = consoleDriver.open;
  vfs.devices.register(TTYAUX_MAJOR, 1, { open: consoleOperations });
  vfs.devices.register(TTYAUX_MAJOR, 0, { open: () => (terminal ? consoleOperations() : -Errno.ENXIO) });

  const open = (isTerminal: boolean, stream: HostStream, flags: number): OpenFile => {
    if (isTerminal) {
      const fs = vfs.newFsContext();
      const file = vfs.open({ fs, cred: ROOT_CREDENTIALS, base: fs.root }, '/dev/console', O_RDWR, 0);
      fs.release();
      if (typeof file !== 'number') return file;
    }
    const type = isTerminal ? S_IFCHR | 0o620 : S_IFIFO | 0o600;
    const path = vfs.anonFs.createPath(type, ROOT_CREDENTIALS, (ino) => (isTerminal ? 'console' : `pipe:[${ino}]`));
    const file = new OpenFile(path, flags);
    file.ops = isTerminal ? consoleOperations() : new HostStreamOperations(stream);
    return file;
  };
  return {
    terminal,
    detach: consoleDriver.detach,
    files: [
      open(host.stdinIsTerminal, { input: host.stdin }, O_RDONLY),
      open(host.stdoutIsTerminal, { output: host.stdout }, O_WRONLY),
      open(host.stderrIsTerminal, { output: host.stderr }, O_WRONLY),
    ],
  };
}

/** The console through a line discipline fed with the raw host input, as it arrives. */
function disciplined(terminal: Terminal, host: HostStdio, stream: HostStream): { open: () => FileOperations; detach: () => void } {
  const discipline = new LineDiscipline(terminal, { output: (bytes) => stream.output?.write(bytes), signal: host.signal });
  terminal.input = discipline;
  const chunk = new Uint8Array(4096);
  let unsubscribe = (): void => {};
  const pump = (): void => {
    for (let count = host.stdin.take(chunk); count > 0; count = host.stdin.take(chunk)) discipline.receive(chunk.subarray(0, count));
    if (host.stdin.atEnd) discipline.hangUp();
    else unsubscribe = host.stdin.queue.subscribe(pump);
  };
  pump();
  return { open: () => new TerminalOperations(terminal, discipline), detach: () => unsubscribe() };
}
