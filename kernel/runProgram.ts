import type { Framebuffer } from '../devices/Framebuffer.js';
import { Kernel, type KernelOptions } from './Kernel.js';
import { makeSiginfo, SI_USER } from './SignalDelivery.js';
import { Signal } from './signals.js';
import type { Task } from './Task.js';
import { HostInput } from './tty/HostInput.js';
import { NodeStreamOutput } from './tty/NodeStreamOutput.js';
import { createGuestStdio, type HostStdio } from './tty/hostStdio.js';
import { ROOT_CREDENTIALS } from './vfs/Credentials.js';
import { makeDirectory } from './vfs/entryOperations.js';
import { Errno } from './errno.js';
import { FdTable } from './vfs/FdTable.js';
import { mountHostDirectory } from './vfs/hostfs/mountHostDirectory.js';
import { O_CREAT, O_TRUNC, O_WRONLY } from './vfs/openFlags.js';
import { attachRom, readRomProgram } from './vfs/romfs/attachRom.js';
import type { Vfs } from './vfs/Vfs.js';

export interface HostMountSpec {
  host: string;
  guest: string;
}

export interface RunOptions extends KernelOptions {
  /** The program's bytes; absent, the program is read from the guest's tree at `path` (a program in the ROM). */
  elf?: Uint8Array;
  path: string;
  argv: string[];
  envp: string[];
  mounts?: HostMountSpec[];
  /** The host side of the guest's fds 0, 1 and 2 (default: this process's stdin, stdout and stderr). */
  stdio?: HostStdio;
  /** Takes the framebuffer's picture when the program ends and whenever rvnommu receives SIGUSR1. */
  screenshot?: (picture: Framebuffer) => void;
  /** Told how many instructions the guest executed, when the program has ended. */
  countInstructions?: (retired: number) => void;
  /**
   * Runs the loaded program in place of `kernel.run` and resolves with its wait status: how a debugger or a
   * tracer (debug/) drives the kernel. `elf` is the program file.
   */
  runner?: (kernel: Kernel, first: Task, elf: Uint8Array) => Promise<number>;
}

/** The file-system tree every program sees: a ramfs root with /dev (devtmpfs), /tmp (tmpfs) and /proc. */
export function createRootFileSystem(vfs: Vfs): void {
  vfs.mountRoot();
  const fs = vfs.newFsContext();
  const at = { fs, cred: ROOT_CREDENTIALS, base: fs.root };
  for (const dir of ['/dev', '/tmp', '/proc']) {
    const result = makeDirectory(vfs, at, dir, dir === '/tmp' ? 0o1777 : 0o755);
    if (result < 0) throw new Error(`cannot create ${dir}: errno ${-result}`);
  }
  fs.release();
  const mounts = [['devtmpfs', '/dev', ''], ['tmpfs', '/tmp', 'mode=1777'], ['proc', '/proc', '']] as const;
  for (const [type, target, mode] of mounts) {
    const sb = vfs.createSuperBlock(type, type, mode);
    if (typeof sb === 'number') throw new Error(`cannot create ${type}: errno ${-sb}`);
    const mounted = vfs.mountAt(target, sb);
    if (typeof mounted === 'number') throw new Error(`cannot mount ${type} on ${target}: errno ${-mounted}`);
  }
  // shm_open's objects live in a tmpfs on /dev/shm, mounted where devtmpfs had room for the mount point (the
  // devtmpfs of a tiny machine runs out of inodes first).
  const shm = vfs.createSuperBlock('tmpfs', 'tmpfs', 'mode=1777');
  if (typeof shm !== 'number') vfs.mountAt('/dev/shm', shm);
}

/**
 * Puts the program file into the guest's tree at the path it was started by (relative to /, the guest's working
 * directory), so that AT_EXECFN and argv[0] name a file the program can execute again, as under qemu-user.
 */
export function installProgram(vfs: Vfs, path: string, bytes: Uint8Array): void {
  const fs = vfs.newFsContext();
  const at = { fs, cred: ROOT_CREDENTIALS, base: fs.root };
  try {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
    let dir = '';
    for (const part of parts.slice(0, -1)) {
      dir += `/${part}`;
      const result = makeDirectory(vfs, at, dir, 0o755);
      if (result < 0 && result !== -Errno.EEXIST) throw new Error(`cannot create ${dir} for the program: errno ${-result}`);
    }
    const file = vfs.open(at, `/${parts.join('/')}`, O_WRONLY | O_CREAT | O_TRUNC, 0o755);
    if (typeof file === 'number') throw new Error(`cannot install ${path} in the guest: errno ${-file}`);
    const written = file.write(bytes);
    file.release();
    if (written !== bytes.length) throw new Error(`cannot install ${path} in the guest: short write`);
  } finally {
    fs.release();
  }
}

/** The host signals qemu-user passes on to its guest (SIGUSR1 is rvnommu's own: --fb-png). */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * As qemu-user does: a signal sent to rvnommu (^C in the terminal, kill) goes to the guest program, which may
 * catch it; if it does not, it dies of it and rvnommu exits with 128 + the signal. Returns the undo.
 */
function forwardHostSignals(kernel: Kernel, program: Task): () => void {
  const handlers = FORWARDED_SIGNALS.map((name) => {
    const handler = () => kernel.sendSignal(program, Signal[name], makeSiginfo(Signal[name], SI_USER));
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return () => handlers.forEach((undo) => undo());
}

/** How `rvnommu boot` uses this process's terminal: raw, with typed signals and the emulator's own keys. */
export interface ConsoleOptions {
  /** Runs Linux's line discipline in rvnommu (HostStdio.rawTerminal); the caller puts the host tty in raw mode. */
  readonly rawTerminal?: boolean;
  /** Receives the signals typed on the terminal (^C, ^\, ^Z) for the foreground process group. */
  readonly signal?: HostStdio['signal'];
  /** Sees each chunk of input first and returns what the guest gets (say, without an escape sequence). */
  readonly filterInput?: (chunk: Uint8Array) => Uint8Array;
}

/** This process's standard streams as the guest's: input is passed on as node delivers it. */
export function processStdio(options: ConsoleOptions = {}): { stdio: HostStdio; detach: () => void } {
  const stdin = new HostInput();
  const onData = (chunk: Buffer) => stdin.push(options.filterInput ? options.filterInput(chunk) : chunk);
  const onEnd = () => stdin.end();
  process.stdin.on('data', onData);
  process.stdin.on('end', onEnd);
  const stdio: HostStdio = {
    stdin,
    stdout: new NodeStreamOutput(process.stdout),
    stderr: new NodeStreamOutput(process.stderr),
    stdinIsTerminal: process.stdin.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    terminalHost: {
      windowSize: () =>
        process.stdout.isTTY ? { rows: process.stdout.rows, columns: process.stdout.columns } : undefined,
    },
    rawTerminal: options.rawTerminal,
    signal: options.signal,
  };
  return {
    stdio,
    detach: () => {
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
      process.stdin.pause();
    },
  };
}

/**
 * `rvnommu run`: boots the kernel, mounts the host directories, gives the program the host's standard streams as
 * fds 0-2 and runs it to the end. Resolves with its wait status; throws ExecError when the program cannot be
 * loaded and HostMountError when a host directory cannot be mounted.
 */
export async function runProgram(options: RunOptions): Promise<number> {
  const kernel = new Kernel(options);
  createRootFileSystem(kernel.vfs);
  if (options.rom) attachRom(kernel, options.rom.image, options.rom.mountPoint);
  const elf = options.elf ?? readRomProgram(kernel.vfs, options.path);
  if (options.elf) installProgram(kernel.vfs, options.path, options.elf);
  // After the program is installed, so that a mount over its directory cannot put the program file on the host.
  for (const { host, guest } of options.mounts ?? []) mountHostDirectory(kernel.vfs, host, guest);
  const host = options.stdio ? { stdio: options.stdio, detach: () => {} } : processStdio();
  const { screenshot } = options;
  const framebuffer = kernel.framebuffer;
  const takeScreenshot = screenshot && framebuffer ? () => screenshot(framebuffer) : undefined;
  if (takeScreenshot) process.on('SIGUSR1', takeScreenshot);
  try {
    const guest = createGuestStdio(kernel.vfs, host.stdio);
    const files = new FdTable();
    guest.files.forEach((file) => files.allocate(file));
    const task = kernel.spawn({
      elf,
      path: options.path,
      argv: options.argv,
      envp: options.envp,
      files,
      fs: kernel.vfs.newFsContext(),
    });
    const stopForwarding = options.stdio ? () => {} : forwardHostSignals(kernel, task);
    try {
      const status = await (options.runner ? options.runner(kernel, task, elf) : kernel.run(task));
      options.countInstructions?.(kernel.hart.retired);
      return status;
    } finally {
      stopForwarding();
    }
  } finally {
    host.detach();
    if (takeScreenshot) {
      process.off('SIGUSR1', takeScreenshot);
      takeScreenshot();
    }
  }
}
