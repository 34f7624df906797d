import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import {
  decodeTermios,
  defaultTermios,
  encodeTermios,
  FIONREAD,
  TCFLSH,
  TCGETS,
  TCIOFLUSH,
  TCIFLUSH,
  TCSBRK,
  TCSETS,
  TCSETSF,
  TCSETSW,
  TCXONC,
  TERMIOS_SIZE,
  type Termios,
  TIOCGPGRP,
  TIOCGSID,
  TIOCGWINSZ,
  TIOCNOTTY,
  TIOCOUTQ,
  TIOCSCTTY,
  TIOCSPGRP,
  TIOCSWINSZ,
  WINSIZE_SIZE,
} from './termios.js';

/** The typed input a terminal's readers take from: FIONREAD counts it, the flushes drop it. */
export interface TerminalInput {
  readonly available: number;
  discard(): void;
}

/** What the host side of a terminal may offer. */
export interface TerminalHost {
  /** The host terminal's size, when it knows it. */
  windowSize?(): { rows: number; columns: number } | undefined;
  /** The guest changed the settings (say, left canonical mode): the host may follow, e.g. with raw mode. */
  settingsChanged?(termios: Termios): void;
}

/**
 * A terminal's state as the tty ioctls see it: termios settings, window size, foreground process group and
 * session. Reading and line editing are the host's (or a line discipline's) business; this answers isatty()
 * (TCGETS succeeds only on a terminal) and the programs that configure the terminal.
 */
export class Terminal {
  termios: Termios = defaultTermios();
  /** TIOCGPGRP's answer; the kernel sets it for the first process group. */
  foregroundPgrp = 0;
  /** The session the terminal controls (TIOCGSID); 0 while none does. */
  session = 0;
  private size = { rows: 24, columns: 80, xpixels: 0, ypixels: 0 };

  constructor(
    private readonly host: TerminalHost = {},
    /** The input the terminal's readers take from, for FIONREAD and the flushes. */
    public input: TerminalInput | null = null,
  ) {}

  get windowSize(): { rows: number; columns: number; xpixels: number; ypixels: number } {
    const hostSize = this.host.windowSize?.();
    return hostSize ? { ...this.size, ...hostSize } : this.size;
  }

  /** The tty ioctls (tty_ioctl and n_tty_ioctl); -ENOTTY for other requests. */
  ioctl(request: number, arg: number, mem: UserMemory): number {
    switch (request) {
      case TCGETS:
        return mem.copyOut(arg, encodeTermios(this.termios));
      case TCSETS:
      case TCSETSW:
      case TCSETSF: {
        const bytes = mem.copyIn(arg, TERMIOS_SIZE);
        if (typeof bytes === 'number') return bytes;
        // Output is written synchronously, so "after draining" (TCSETSW) is now.
        if (request === TCSETSF) this.input?.discard();
        this.termios = decodeTermios(bytes);
        this.host.settingsChanged?.(this.termios);
        return 0;
      }
      case TIOCGWINSZ: {
        const size = this.windowSize;
        const bytes = new Uint8Array(WINSIZE_SIZE);
        new Uint16Array(bytes.buffer).set([size.rows, size.columns, size.xpixels, size.ypixels]);
        return mem.copyOut(arg, bytes);
      }
      case TIOCSWINSZ: {
        const bytes = mem.copyIn(arg, WINSIZE_SIZE);
        if (typeof bytes === 'number') return bytes;
        const [rows, columns, xpixels, ypixels] = new Uint16Array(bytes.buffer);
        this.size = { rows, columns, xpixels, ypixels };
        return 0;
      }
      case TIOCGPGRP:
        return mem.write32(arg, this.foregroundPgrp);
      case TIOCSPGRP: {
        const pgrp = mem.read32(arg);
        if (pgrp === undefined) return -Errno.EFAULT;
        if (pgrp < 0) return -Errno.EINVAL;
        this.foregroundPgrp = pgrp;
        return 0;
      }
      case TIOCGSID:
        return this.session === 0 ? -Errno.ENOTTY : mem.write32(arg, this.session);
      case TIOCSCTTY:
      case TIOCNOTTY:
        return 0;
      case FIONREAD:
        return mem.write32(arg, this.input?.available ?? 0);
      case TIOCOUTQ:
        return mem.write32(arg, 0);
      case TCSBRK:
        return 0;
      case TCXONC:
        return arg >= 0 && arg <= 3 ? 0 : -Errno.EINVAL;
      case TCFLSH:
        if (arg < 0 || arg > TCIOFLUSH) return -Errno.EINVAL;
        if (arg === TCIFLUSH || arg === TCIOFLUSH) this.input?.discard();
        return 0;
      default:
        return -Errno.ENOTTY;
    }
  }
}
