import { Errno } from '../errno.js';
import { ROOT_CREDENTIALS } from '../vfs/Credentials.js';
import { TTYAUX_MAJOR } from '../vfs/devfs/DevTmpFs.js';
import { S_IFCHR, S_IFIFO } from '../vfs/fileMode.js';
import { OpenFile } from '../vfs/OpenFile.js';
import { O_RDONLY, O_RDWR, O_WRONLY } from '../vfs/openFlags.js';
import type { Vfs } from '../vfs/Vfs.js';
import { HostInput } from './HostInput.js';
import { type HostOutput, type HostStream, HostStreamOperations } from './HostStreamOperations.js';
import { Terminal, type TerminalHost } from './Terminal.js';

/** rvnommu's own standard streams, and which of them are the (one) terminal it runs in. */
export interface HostStdio {
  readonly stdin: HostInput;
  readonly stdout: HostOutput;
  readonly stderr: HostOutput;
  readonly stdinIsTerminal: boolean;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  readonly terminalHost?: TerminalHost;
}

/** The guest's descriptors 0, 1 and 2, and the terminal state when rvnommu runs in a terminal. */
export interface GuestStdio {
  readonly files: readonly [OpenFile, OpenFile, OpenFile];
  readonly terminal: Terminal | null;
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
  vfs.devices.register(TTYAUX_MAJOR, 1, { open: () => new HostStreamOperations(consoleStream) });
  vfs.devices.register(TTYAUX_MAJOR, 0, { open: () => (terminal ? new HostStreamOperations(consoleStream) : -Errno.ENXIO) });

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
    file.ops = new HostStreamOperations(isTerminal ? consoleStream : stream);
    return file;
  };
  return {
    terminal,
    files: [
      open(host.stdinIsTerminal, { input: host.stdin }, O_RDONLY),
      open(host.stdoutIsTerminal, { output: host.stdout }, O_WRONLY),
      open(host.stderrIsTerminal, { output: host.stderr }, O_WRONLY),
    ],
  };
}
