import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FRAMEBUFFER_HEIGHT, DEFAULT_FRAMEBUFFER_WIDTH } from '../devices/Framebuffer.js';
import { bootSystem, DEFAULT_INIT, signalForegroundGroup, type BootedSystem } from '../kernel/boot.js';
import { DEFAULT_RAM_SIZE } from '../kernel/Kernel.js';
import { processStdio } from '../kernel/runProgram.js';
import { Signal } from '../kernel/signals.js';
import { readRomProgram, RomImageError } from '../kernel/vfs/romfs/attachRom.js';
import { gdbRunner } from '../debug/kernelRunners.js';
import { type Command, parseCommandArgs, UsageError, parseCount, parseSize, readInputFile } from './Command.js';
import { parseFramebufferOptions, savePicture } from './framebufferOptions.js';

/** The built-in system image (images/rootfs), found next to the bundled CLI in dist/. */
export const DEFAULT_IMAGE = fileURLToPath(new URL('../images/bin/rootfs/default.rom', import.meta.url));

const CTRL_A = 0x01;

export const bootCommand: Command = {
  help: `Usage: rvnommu boot [options] [image.rom]

Boots the no-MMU machine with the romfs image in its flash as the root file system (read-only),
devtmpfs on /dev, and ${DEFAULT_INIT} as pid 1 on the console: this terminal, in raw mode, so that
^C, ^Z and line editing are the guest's. Without an image, boots the built-in system (a shell and
applets, made by images/rootfs). Images are made with 'rvnommu mkimage DIR -o image.rom'.
stdin may also be a pipe or a file: the system then reads its console input from it.

Keys: Ctrl-A x quits rvnommu at once; Ctrl-A Ctrl-A types a Ctrl-A.
The system stops as a board does, by reboot(2) (the commands halt, poweroff and reboot; the built-in init
powers off when its console shell exits with status 0): after "reboot: System halted" or "reboot: Power down"
rvnommu exits with status 0; after "reboot: Restarting system" it boots the image again from scratch, as a
board's reset does. init's own end is a kernel panic ("Attempted to kill init!"): rvnommu exits with status 1.

Options:
  --init PATH            the first program (default ${DEFAULT_INIT})
  --ram SIZE             guest RAM (default ${DEFAULT_RAM_SIZE / 1024 / 1024}M)
  --fb WIDTHxHEIGHT      size of the /dev/fb0 framebuffer (default ${DEFAULT_FRAMEBUFFER_WIDTH}x${DEFAULT_FRAMEBUFFER_HEIGHT}; 'none' for none)
  --fb-png FILE          save the framebuffer's picture as a PNG at the end and on SIGUSR1
  --gdb PORT             wait for GDB on 127.0.0.1:PORT before init's first instruction and debug
                         init (with --init, another program: e.g. --init /bin/sh); the first boot
                         only: after a restart the system runs without the debugger
  -h, --help             show this help`,

  async run(args) {
    let started = performance.now();
    const parsed = parseCommandArgs(this, args, {
      init: { type: 'string' },
      ram: { type: 'string' },
      fb: { type: 'string' },
      'fb-png': { type: 'string' },
      gdb: { type: 'string' },
    });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError('boot: expected at most one image (see rvnommu boot --help)');
    const imagePath = positionals[0] ?? DEFAULT_IMAGE;
    const initPath = values.init ?? DEFAULT_INIT;
    const image = readInputFile(imagePath);
    const { framebuffer, pngPath } = parseFramebufferOptions('boot', values);

    const terminal = process.stdin.isTTY === true;
    let system: BootedSystem | undefined;
    const host = processStdio({
      rawTerminal: terminal,
      signal: (signal) => system && signalForegroundGroup(system, signal),
      filterInput: terminal ? escapeFilter(() => quit(0)) : undefined,
    });
    const restoreTerminal = () => {
      if (terminal) process.stdin.setRawMode(false);
    };
    const quit = (status: number): never => {
      process.stderr.write('\r\nrvnommu: quit (Ctrl-A x)\r\n');
      restoreTerminal();
      process.exit(status);
    };
    const boot = (): BootedSystem => {
      try {
        return bootSystem({
          image,
          stdio: host.stdio,
          init: initPath,
          term: process.env.TERM,
          ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram'),
          framebuffer,
        });
      } catch (error) {
        throw error instanceof RomImageError ? new UsageError(`${imagePath}: ${error.message}`) : error;
      }
    };
    try {
      system = boot();
    } catch (error) {
      host.detach();
      throw error;
    }
    const onResize = () => system && signalForegroundGroup(system, Signal.SIGWINCH);
    const screenshot =
      pngPath === undefined
        ? undefined
        : () => {
            const picture = system?.kernel.framebuffer;
            if (picture) savePicture(picture, pngPath);
          };
    if (terminal) {
      process.stdin.setRawMode(true);
      // libuv's raw mode keeps output processing (ONLCR), but the guest's line discipline already turns \n into
      // \r\n: without this every line would end in \r\r\n. setRawMode(false) restores the settings saved before.
      spawnSync('stty', ['-onlcr'], { stdio: ['inherit', 'ignore', 'ignore'] });
      process.stdout.on('resize', onResize);
    }
    if (screenshot) process.on('SIGUSR1', screenshot);
    try {
      for (let first = true; ; first = false) {
        // A restart is a board's reset: a new machine boots the same image; the host's input goes on to it.
        if (!first) system = boot();
        const booted = system;
        process.stderr.write(
          `rvnommu: booted ${imagePath} (${Math.ceil(image.length / 1024)} KiB romfs) in ${Math.round(performance.now() - started)} ms, ` +
            `starting ${booted.init.comm}${terminal ? '; Ctrl-A x quits' : ''}\r\n`,
        );
        await (!first || values.gdb === undefined
          ? booted.kernel.run(booted.init)
          : gdbRunner(initPath, { port: parseCount(values.gdb, '--gdb'), log: (line) => process.stderr.write(`rvnommu: ${line}\r\n`) })(
              booted.kernel,
              booted.init,
              readRomProgram(booted.kernel.vfs, initPath),
            ));
        booted.detachConsole();
        const stop = booted.kernel.machineStop;
        // The kernel printed why on the console ("reboot: ...", or the panic).
        if (!stop) throw new Error('the kernel returned without stopping the machine');
        if (stop.kind === 'panic') return 1;
        if (stop.kind !== 'restart') return 0;
        started = performance.now();
      }
    } finally {
      host.detach();
      restoreTerminal();
      process.stdout.off('resize', onResize);
      if (screenshot) {
        process.off('SIGUSR1', screenshot);
        screenshot();
      }
    }
  },
};

/**
 * qemu's console escape: Ctrl-A x calls `quit`, Ctrl-A Ctrl-A passes one Ctrl-A on, Ctrl-A and anything else passes
 * both on. The state carries across chunks, for a Ctrl-A at the end of one.
 */
export function escapeFilter(quit: () => void): (chunk: Uint8Array) => Uint8Array {
  let escaping = false;
  return (chunk) => {
    const out: number[] = [];
    for (const byte of chunk) {
      if (escaping) {
        escaping = false;
        if (byte === 0x78) quit();
        else if (byte === CTRL_A) out.push(CTRL_A);
        else out.push(CTRL_A, byte);
      } else if (byte === CTRL_A) {
        escaping = true;
      } else {
        out.push(byte);
      }
    }
    return Uint8Array.from(out);
  };
}
