/**
 * The terminal ABI of rv32 Linux: asm-generic termbits.h (struct termios: four u32 flag words, c_line, 19 control
 * characters: 36 bytes) and ioctls.h request numbers.
 */

export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TCSBRK = 0x5409;
export const TCXONC = 0x540a;
export const TCFLSH = 0x540b;
export const TIOCSCTTY = 0x540e;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCOUTQ = 0x5411;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const FIONREAD = 0x541b;
export const TIOCNOTTY = 0x5422;
export const TIOCGSID = 0x5429;

/** TCFLSH arguments. */
export const TCIFLUSH = 0;
export const TCOFLUSH = 1;
export const TCIOFLUSH = 2;

export const NCCS = 19;
export const TERMIOS_SIZE = 36;
/** struct winsize: four u16 (rows, columns, x pixels, y pixels). */
export const WINSIZE_SIZE = 8;

export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VTIME = 5;
export const VMIN = 6;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VEOL = 11;
export const VREPRINT = 12;
export const VDISCARD = 13;
export const VWERASE = 14;
export const VLNEXT = 15;
export const VEOL2 = 16;

export const ISTRIP = 0x20;
export const INLCR = 0x40;
export const IGNCR = 0x80;
export const ICRNL = 0x100;
export const IXON = 0x400;
export const OPOST = 0x1;
export const ONLCR = 0x4;
export const OCRNL = 0x8;
export const B38400 = 0xf;
export const CS8 = 0x30;
export const CREAD = 0x80;
export const HUPCL = 0x400;
export const ISIG = 0x1;
export const ICANON = 0x2;
export const ECHO = 0x8;
export const ECHOE = 0x10;
export const ECHOK = 0x20;
export const ECHONL = 0x40;
export const NOFLSH = 0x80;
export const ECHOCTL = 0x200;
export const ECHOKE = 0x800;
export const IEXTEN = 0x8000;

/** The settings of a terminal (struct termios without the kernel's speed fields). */
export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  readonly cc: Uint8Array;
}

/** tty_std_termios: what a freshly opened Linux terminal has (cooked mode, echo, ^C ^\ DEL ^U ^D ...). */
export function defaultTermios(): Termios {
  return {
    iflag: ICRNL | IXON,
    oflag: OPOST | ONLCR,
    cflag: B38400 | CS8 | CREAD | HUPCL,
    lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    line: 0,
    // INIT_C_CC: intr ^C, quit ^\, erase DEL, kill ^U, eof ^D, time 0, min 1, swtc 0, start ^Q, stop ^S,
    // susp ^Z, eol 0, reprint ^R, discard ^O, werase ^W, lnext ^V, eol2 0.
    cc: Uint8Array.from([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0]),
  };
}

export function encodeTermios(termios: Termios): Uint8Array {
  const bytes = new Uint8Array(TERMIOS_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, termios.iflag, true);
  view.setUint32(4, termios.oflag, true);
  view.setUint32(8, termios.cflag, true);
  view.setUint32(12, termios.lflag, true);
  bytes[16] = termios.line;
  bytes.set(termios.cc.subarray(0, NCCS), 17);
  return bytes;
}

export function decodeTermios(bytes: Uint8Array): Termios {
  const view = new DataView(bytes.buffer, bytes.byteOffset, TERMIOS_SIZE);
  return {
    iflag: view.getUint32(0, true),
    oflag: view.getUint32(4, true),
    cflag: view.getUint32(8, true),
    lflag: view.getUint32(12, true),
    line: bytes[16],
    cc: bytes.slice(17, 17 + NCCS),
  };
}
