import { Kernel, type KernelOptions } from './Kernel.js';
import { LOG_INFO } from './KernelLog.js';
import { makeSiginfo, SI_KERNEL } from './SignalDelivery.js';
import type { Task } from './Task.js';
import { createGuestStdio, type HostStdio } from './tty/hostStdio.js';
import type { Terminal } from './tty/Terminal.js';
import { FdTable } from './vfs/FdTable.js';
import { MS_RDONLY } from './vfs/mountFlags.js';
import { MTD_SOURCE } from './vfs/romfs/RomFs.js';
import { attachFlash, readRomProgram, RomImageError } from './vfs/romfs/attachRom.js';

export const DEFAULT_INIT = '/sbin/init';

export interface BootOptions extends KernelOptions {
  /** The romfs image in the flash: the root file system. */
  readonly image: Uint8Array;
  /** The console: the host side of init's fds 0, 1 and 2. */
  readonly stdio: HostStdio;
  /** The first program (Linux's init=), run as pid 1. */
  readonly init?: string;
  /** The console's terminal type, init's TERM (default linux). */
  readonly term?: string;
}

/** A booted machine with init loaded, ready for `kernel.run(init)`. */
export interface BootedSystem {
  readonly kernel: Kernel;
  readonly init: Task;
  /** The console's terminal state (null when no host stream is a terminal). */
  readonly terminal: Terminal | null;
  /** Leaves the host's input to the next machine, once this one has stopped (GuestStdio.detach). */
  readonly detachConsole: () => void;
}

/**
 * A uClinux board's start: the romfs in flash is the root file system, read-only (root=/dev/mtdblock0), the kernel
 * mounts devtmpfs on /dev (CONFIG_DEVTMPFS_MOUNT) and starts init as pid 1 on the console, in its own session
 * with the console as controlling terminal. /proc, /tmp and the shell are init's business. The machine runs until
 * reboot(2) or a panic (init's end) stops it: `kernel.run(init)`, then `kernel.machineStop`. Throws RomImageError
 * for an image the machine cannot boot.
 */
export function bootSystem(options: BootOptions): BootedSystem {
  const initPath = options.init ?? DEFAULT_INIT;
  const kernel = new Kernel({
    ...options,
    rom: { image: options.image, mountPoint: '/' },
    panicWhenInitExits: true,
    console: consoleWriter(options.stdio),
  });
  const vfs = kernel.vfs;
  attachFlash(kernel, options.image);
  try {
    vfs.mountRoot({ type: 'romfs', source: MTD_SOURCE, flags: MS_RDONLY });
  } catch {
    throw new RomImageError('the image is not a romfs image (no -rom1fs- signature, or a bad checksum)');
  }
  kernel.printk(LOG_INFO, `VFS: Mounted root (romfs filesystem) readonly on device ${MTD_SOURCE}.`);
  const devtmpfs = vfs.createSuperBlock('devtmpfs', 'devtmpfs', '');
  const devMounted = typeof devtmpfs === 'number' ? devtmpfs : vfs.mountAt('/dev', devtmpfs);
  if (typeof devMounted === 'number') throw new RomImageError('the image has no /dev directory to mount devtmpfs on');
  kernel.printk(LOG_INFO, 'devtmpfs: mounted');

  const guest = createGuestStdio(vfs, options.stdio);
  const files = new FdTable();
  guest.files.forEach((file) => files.allocate(file));
  const elf = readRomProgram(vfs, initPath);
  kernel.printk(LOG_INFO, `Run ${initPath} as init process`);
  const init = kernel.spawn({
    elf,
    path: initPath,
    argv: [initPath],
    envp: ['HOME=/', 'PATH=/bin:/sbin', `TERM=${options.term ?? 'linux'}`],
    files,
    fs: vfs.newFsContext(),
  });
  if (guest.terminal) {
    guest.terminal.session = init.sid;
    guest.terminal.foregroundPgrp = init.pgid;
  }
  return { kernel, init, terminal: guest.terminal, detachConsole: guest.detach };
}

/** What the terminal driver does with a typed ^C or a window change: the signal to its foreground process group. */
export function signalForegroundGroup(system: BootedSystem, signal: number): void {
  const group = system.terminal?.foregroundPgrp;
  if (!group) return;
  const info = makeSiginfo(signal, SI_KERNEL);
  for (const task of system.kernel.liveProcesses()) if (task.pgid === group) system.kernel.sendSignal(task, signal, info);
}

/**
 * The kernel's console lines go where init's console output goes (the terminal, else stdout), ending in \r\n on a
 * terminal as a serial console's driver ends them.
 */
function consoleWriter(stdio: HostStdio): (line: string) => void {
  const toStdout = stdio.stdoutIsTerminal || !stdio.stderrIsTerminal;
  const output = toStdout ? stdio.stdout : stdio.stderr;
  const newline = (toStdout ? stdio.stdoutIsTerminal : stdio.stderrIsTerminal) ? '\r\n' : '\n';
  const encoder = new TextEncoder();
  return (line) => output.write(encoder.encode(`${line}${newline}`));
}
