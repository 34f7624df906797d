import { describe, expect, it } from 'vitest';
import { Errno } from '../errno.js';
import { fsSyscalls } from '../syscalls/fs.js';
import { nameToBytes } from '../vfs/bytes.js';
import { makeDirectory } from '../vfs/entryOperations.js';
import { POLLIN } from '../vfs/pollEvents.js';
import { WaitQueue } from '../WaitQueue.js';
import { lookupFor, SyscallHarness } from '../vfs/testing.js';
import { HostInput } from './HostInput.js';
import { createGuestStdio, type HostStdio } from './hostStdio.js';
import type { Termios } from './termios.js';
import { ECHO, ICANON, TCGETS, TCSETS, TCSETSF, TIOCGPGRP, TIOCGWINSZ, TIOCSPGRP, TIOCSWINSZ } from './termios.js';

const READ = 63;
const WRITE = 64;
const IOCTL = 29;
const OPENAT = 56;
const FCNTL = 25;
const STATX = 291;
const PPOLL = 414;
const MOUNT = 40;

interface Host {
  stdio: HostStdio;
  out: string[];
  err: string[];
  settings: Termios[];
  signals: number[];
}

function fakeHost(terminal: { stdin: boolean; stdout: boolean; stderr: boolean; raw?: boolean }): Host {
  const out: string[] = [];
  const err: string[] = [];
  const settings: Termios[] = [];
  const signals: number[] = [];
  const decoder = new TextDecoder();
  return {
    signals,
    out,
    err,
    settings,
    stdio: {
      stdin: new HostInput(),
      stdout: { write: (bytes) => out.push(decoder.decode(bytes)) },
      stderr: { write: (bytes) => err.push(decoder.decode(bytes)) },
      stdinIsTerminal: terminal.stdin,
      stdoutIsTerminal: terminal.stdout,
      stderrIsTerminal: terminal.stderr,
      terminalHost: { windowSize: () => ({ rows: 50, columns: 132 }), settingsChanged: (t) => settings.push(t) },
      rawTerminal: terminal.raw,
      signal: (signal) => signals.push(signal),
    },
  };
}

/** A harness whose fds 0-2 are the fake host's streams, with /dev mounted first as runProgram does. */
function boot(terminal: { stdin: boolean; stdout: boolean; stderr: boolean; raw?: boolean }): { h: SyscallHarness; host: Host } {
  const h = new SyscallHarness(fsSyscalls);
  expect(makeDirectory(h.vfs, lookupFor(h.task.fs), '/dev', 0o755)).toBe(0);
  expect(h.run(MOUNT, h.string('devtmpfs'), h.string('/dev'), h.string('devtmpfs'), 0, 0)).toBe(0);
  const host = fakeHost(terminal);
  const guest = createGuestStdio(h.vfs, host.stdio);
  guest.files.forEach((file) => h.task.files.allocate(file));
  return { h, host };
}

const TERMINAL = { stdin: true, stdout: true, stderr: true };
const REDIRECTED = { stdin: false, stdout: false, stderr: false };

describe('host stdio', () => {
  it('passes output through to the host streams', () => {
    const { h, host } = boot(REDIRECTED);
    expect(h.run(WRITE, 1, h.bytes('to stdout'), 9)).toBe(9);
    expect(h.run(WRITE, 2, h.bytes('to stderr'), 9)).toBe(9);
    expect(host.out).toEqual(['to stdout']);
    expect(host.err).toEqual(['to stderr']);
  });

  it('blocks a read until the host pushes input, and reads end of file after end()', () => {
    const { h, host } = boot(REDIRECTED);
    const buffer = h.alloc(16);
    const blocked = h.blocks(READ, 0, buffer, 16);
    host.stdio.stdin.push(nameToBytes('line\n'));
    expect(blocked.resume()).toBe(5);
    expect(h.readText(buffer, 5)).toBe('line\n');
    host.stdio.stdin.push(nameToBytes('rest'));
    host.stdio.stdin.end();
    expect(h.run(READ, 0, buffer, 2)).toBe(2);
    expect(h.run(READ, 0, buffer, 16)).toBe(2);
    expect(h.run(READ, 0, buffer, 16)).toBe(0);
  });

  it('returns EAGAIN without input in non-blocking mode and polls readable once input is there', () => {
    const { h, host } = boot(REDIRECTED);
    expect(h.run(FCNTL, 0, 4, 0o4000)).toBe(0);
    expect(h.run(READ, 0, h.alloc(4), 4)).toBe(-Errno.EAGAIN);
    const fds = h.alloc(8);
    h.mem.write32(fds, 0);
    h.mem.write32(fds + 4, POLLIN);
    const waiting = h.blocks(PPOLL, fds, 1, 0, 0, 0);
    host.stdio.stdin.push(Uint8Array.of(1));
    expect(waiting.resume()).toBe(1);
  });

  it('answers isatty: TCGETS fails with ENOTTY on redirected streams', () => {
    const { h } = boot(REDIRECTED);
    const termios = h.alloc(36);
    for (const fd of [0, 1, 2]) expect(h.run(IOCTL, fd, TCGETS, termios)).toBe(-Errno.ENOTTY);
    expect(h.run(OPENAT, -100, h.string('/dev/tty'), 2, 0)).toBe(-Errno.ENXIO);
  });

  it('gives a terminal the default termios, window size and process group, and passes settings to the host', () => {
    const { h, host } = boot(TERMINAL);
    const termios = h.alloc(36);
    expect(h.run(IOCTL, 0, TCGETS, termios)).toBe(0);
    const view = new DataView(h.read(termios, 36).buffer);
    expect(view.getUint32(12, true) & (ICANON | ECHO)).toBe(ICANON | ECHO);
    expect(view.getUint32(8, true)).toBe(0x4bf);
    expect([...h.read(termios + 17, 7)]).toEqual([3, 28, 127, 21, 4, 0, 1]);
    h.mem.write32(termios + 12, 0);
    host.stdio.stdin.push(nameToBytes('typed ahead'));
    expect(h.run(IOCTL, 1, TCSETSF, termios)).toBe(0);
    expect(host.settings).toHaveLength(1);
    expect(host.settings[0].lflag).toBe(0);
    expect(h.run(IOCTL, 2, TCGETS, termios)).toBe(0);
    expect(h.mem.read32(termios + 12)).toBe(0);
    expect(h.run(FCNTL, 0, 4, 0o4000)).toBe(0);
    expect(h.run(READ, 0, h.alloc(16), 16)).toBe(-Errno.EAGAIN);
    expect(h.run(IOCTL, 0, TCSETS, 0x10)).toBe(-Errno.EFAULT);
    const winsize = h.alloc(8);
    expect(h.run(IOCTL, 1, TIOCGWINSZ, winsize)).toBe(0);
    expect([h.mem.read32(winsize)! & 0xffff, h.mem.read32(winsize)! >>> 16]).toEqual([50, 132]);
    expect(h.run(IOCTL, 1, TIOCSWINSZ, winsize)).toBe(0);
    const pgrp = h.alloc(4);
    h.mem.write32(pgrp, 7);
    expect(h.run(IOCTL, 0, TIOCSPGRP, pgrp)).toBe(0);
    h.mem.write32(pgrp, 0);
    expect(h.run(IOCTL, 0, TIOCGPGRP, pgrp)).toBe(0);
    expect(h.word(pgrp)).toBe(7);
    expect(h.run(IOCTL, 0, 0x1234, pgrp)).toBe(-Errno.ENOTTY);
  });

  it('opens terminal streams as /dev/console, so ttyname finds them, and /dev/tty reaches the same terminal', () => {
    const { h, host } = boot(TERMINAL);
    const fdStat = h.alloc(256);
    const pathStat = h.alloc(256);
    expect(h.run(STATX, 0, h.string(''), 0x1000, 0x7ff, fdStat)).toBe(0);
    expect(h.run(STATX, -100, h.string('/dev/console'), 0, 0x7ff, pathStat)).toBe(0);
    expect(h.read(fdStat + 32, 8)).toEqual(h.read(pathStat + 32, 8));
    expect(h.read(fdStat + 136, 8)).toEqual(h.read(pathStat + 136, 8));
    expect(h.run(FCNTL, 0, 3) & 3).toBe(2);
    const tty = h.run(OPENAT, -100, h.string('/dev/tty'), 2, 0);
    expect(tty).toBe(3);
    expect(h.run(WRITE, tty, h.bytes('via tty'), 7)).toBe(7);
    expect(host.out).toEqual(['via tty']);
    expect(h.run(IOCTL, tty, TCGETS, h.alloc(36))).toBe(0);
  });

  it('keeps a redirected stdin apart from a terminal stdout', () => {
    const { h, host } = boot({ stdin: false, stdout: true, stderr: true });
    expect(h.run(IOCTL, 0, TCGETS, h.alloc(36))).toBe(-Errno.ENOTTY);
    expect(h.run(IOCTL, 1, TCGETS, h.alloc(36))).toBe(0);
    host.stdio.stdin.push(nameToBytes('piped'));
    // The terminal's keyboard is not the piped input: reading the terminal finds nothing typed.
    expect(h.run(FCNTL, 1, 4, 0o4000)).toBe(0);
    expect(h.run(READ, 1, h.alloc(8), 8)).toBe(-Errno.EAGAIN);
    expect(h.run(READ, 0, h.alloc(8), 8)).toBe(5);
  });

  it('runs the line discipline itself when the host terminal is raw: echo, editing, ONLCR and ^C', () => {
    const { h, host } = boot({ ...TERMINAL, raw: true });
    host.stdio.stdin.push(nameToBytes('lx\x7fs\r'));
    const buffer = h.alloc(16);
    expect(h.run(READ, 0, buffer, 16)).toBe(3);
    expect(h.readText(buffer, 3)).toBe('ls\n');
    expect(host.out.join('')).toBe('lx\b \bs\r\n');
    expect(h.run(WRITE, 1, h.bytes('out\n'), 4)).toBe(4);
    expect(host.out.join('')).toBe('lx\b \bs\r\nout\r\n');
    host.stdio.stdin.push(Uint8Array.of(3));
    expect(host.signals).toEqual([2]);
    const waiting = h.blocks(READ, 0, buffer, 16);
    host.stdio.stdin.push(nameToBytes('x\r'));
    expect(waiting.resume()).toBe(2);
    const count = h.alloc(4);
    host.stdio.stdin.push(nameToBytes('abc\rde'));
    expect(h.run(IOCTL, 0, 0x541b, count)).toBe(0);
    expect(h.word(count)).toBe(4);
    host.stdio.stdin.end();
    expect(h.run(READ, 0, buffer, 16)).toBe(4);
    expect(h.run(READ, 0, buffer, 16)).toBe(0);
  });

  it('makes writers wait while the host output is full, and fails them with EPIPE once its reader is gone', () => {
    const { h, host } = boot(REDIRECTED);
    const drained = new WaitQueue('drained');
    let full = true;
    let broken = false;
    const output = {
      write: (bytes: Uint8Array) => host.out.push(new TextDecoder().decode(bytes)),
      drained,
      get full() {
        return full;
      },
      get broken() {
        return broken;
      },
    };
    (host.stdio as { stdout: unknown }).stdout = output;
    const fd = h.task.files.allocate(createGuestStdio(h.vfs, host.stdio).files[1]);
    const waiting = h.blocks(WRITE, fd, h.bytes('later'), 5);
    full = false;
    drained.wakeAll();
    expect(waiting.resume()).toBe(5);
    expect(host.out).toEqual(['later']);
    broken = true;
    expect(h.run(WRITE, fd, h.bytes('x'), 1)).toBe(-Errno.EPIPE);
  });
});
