import { Signal } from '../signals.js';
import { type WouldBlock, wouldBlock } from '../vfs/FileOperations.js';
import { WaitQueue } from '../WaitQueue.js';
import {
  ECHO,
  ECHOCTL,
  ECHOE,
  ECHOK,
  ECHOKE,
  ECHONL,
  ICANON,
  ICRNL,
  IEXTEN,
  IGNCR,
  INLCR,
  ISIG,
  ISTRIP,
  IXON,
  NOFLSH,
  OCRNL,
  ONLCR,
  OPOST,
  type Termios,
  VEOF,
  VEOL,
  VEOL2,
  VERASE,
  VINTR,
  VKILL,
  VLNEXT,
  VMIN,
  VQUIT,
  VREPRINT,
  VSTART,
  VSTOP,
  VSUSP,
  VTIME,
  VWERASE,
} from './termios.js';

/** Where a line discipline's echo and output go, and where its signals go. */
export interface LineDisciplineHost {
  /** Bytes to show on the terminal (echo and the guest's output, after output processing). */
  output(bytes: Uint8Array): void;
  /** ISIG: ^C, ^\ or ^Z was typed; the kernel signals the terminal's foreground process group. */
  signal?(signal: Signal): void;
}

/** The longest canonical line (N_TTY_BUF_SIZE minus room for the newline). */
const MAX_LINE = 4095;
/** Ends a line typed with VEOF: the read returns the line without it, or 0 (end of file) for an empty line. */
const EOF_MARK = -1;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const DELETE = 127;

/**
 * Linux's N_TTY line discipline for a terminal whose host side is raw (a serial console, or a host terminal in
 * raw mode): input processing (ICRNL, IGNCR, INLCR, ISTRIP, IXON), signals from ^C ^\ ^Z, canonical line editing
 * with erase, word erase, kill, literal next, reprint and ^D, echo, non-canonical reads with VMIN/VTIME, and
 * output processing (OPOST with ONLCR, OCRNL).
 */
export class LineDiscipline {
  /** Woken when input becomes readable or the terminal hangs up. */
  readonly readQueue = new WaitQueue('tty input');
  /** Input readers may take: bytes, and in canonical mode EOF_MARKs ending ^D lines. */
  private ready: number[] = [];
  /** Complete canonical lines in `ready`. */
  private lines = 0;
  /** The canonical line being edited. */
  private line: number[] = [];
  private literalNext = false;
  private hungUp = false;

  constructor(
    private readonly terminal: { readonly termios: Termios },
    private readonly host: LineDisciplineHost,
  ) {}

  private get termios(): Termios {
    return this.terminal.termios;
  }

  /** Bytes read (FIONREAD): in canonical mode only those of complete lines. */
  get available(): number {
    return this.ready.filter((value) => value !== EOF_MARK).length;
  }

  /** Whether a read would return at once. */
  get readable(): boolean {
    if (this.hungUp) return true;
    return this.termios.lflag & ICANON ? this.lines > 0 : this.ready.length + this.line.length > 0;
  }

  /** Characters typed on the terminal. */
  receive(bytes: Uint8Array): void {
    for (const byte of bytes) this.receiveChar(byte);
    if (this.readable) this.readQueue.wakeAll();
  }

  /** The terminal went away (host input ended): reads return end of file from now on. */
  hangUp(): void {
    this.hungUp = true;
    this.readQueue.wakeAll();
  }

  /** Drops typed input (TCFLSH, TCSETSF). */
  discard(): void {
    this.ready = [];
    this.line = [];
    this.lines = 0;
  }

  /** n_tty_read: a line in canonical mode, otherwise what VMIN and VTIME allow. */
  read(into: Uint8Array): number | WouldBlock {
    if (into.length === 0) return 0;
    if (this.termios.lflag & ICANON) return this.readLine(into);
    // Leaving canonical mode makes a half-typed line plain input.
    this.ready = [...this.ready.filter((value) => value !== EOF_MARK), ...this.line];
    this.line = [];
    this.lines = 0;
    const min = this.termios.cc[VMIN];
    const time = this.termios.cc[VTIME];
    const wanted = Math.max(1, Math.min(min, into.length));
    if (this.ready.length >= wanted || (min === 0 && time === 0) || this.hungUp) return this.take(into);
    if (time > 0 && (min === 0 || this.ready.length > 0)) {
      // VTIME tenths of a second: from the read for VMIN 0, between bytes otherwise.
      return { wouldBlock: [this.readQueue], timeout: time * 100, onTimeout: () => this.take(into) };
    }
    return wouldBlock(this.readQueue);
  }

  /** The guest's output, with output processing. */
  write(data: Uint8Array): number {
    this.emit(data);
    return data.length;
  }

  private readLine(into: Uint8Array): number | WouldBlock {
    if (this.lines === 0) return this.hungUp ? 0 : wouldBlock(this.readQueue);
    let count = 0;
    while (count < into.length) {
      const value = this.ready.shift()!;
      if (value === EOF_MARK) {
        this.lines--;
        return count;
      }
      into[count++] = value;
      if (this.isLineEnd(value)) {
        this.lines--;
        return count;
      }
    }
    return count;
  }

  private take(into: Uint8Array): number {
    const count = Math.min(into.length, this.ready.length);
    into.set(this.ready.splice(0, count));
    return count;
  }

  private is(c: number, index: number): boolean {
    const special = this.termios.cc[index];
    return special !== 0 && c === special;
  }

  private isLineEnd(c: number): boolean {
    return c === NEWLINE || this.is(c, VEOL) || (this.termios.lflag & IEXTEN) !== 0 && this.is(c, VEOL2);
  }

  private receiveChar(c: number): void {
    const { iflag, lflag } = this.termios;
    if (iflag & ISTRIP) c &= 0x7f;
    if (this.literalNext) {
      this.literalNext = false;
      this.store(c);
      return;
    }
    if (lflag & ISIG) {
      const signal = this.is(c, VINTR) ? Signal.SIGINT : this.is(c, VQUIT) ? Signal.SIGQUIT : this.is(c, VSUSP) ? Signal.SIGTSTP : 0;
      if (signal) return this.interrupt(signal, c);
    }
    if (iflag & IXON && (this.is(c, VSTOP) || this.is(c, VSTART))) return;
    if (c === CARRIAGE_RETURN) {
      if (iflag & IGNCR) return;
      if (iflag & ICRNL) c = NEWLINE;
    } else if (c === NEWLINE && iflag & INLCR) {
      c = CARRIAGE_RETURN;
    }
    if (!(lflag & ICANON)) {
      if (lflag & ECHO) this.echo(c);
      this.ready.push(c);
      return;
    }
    const extended = (lflag & IEXTEN) !== 0;
    if (this.is(c, VERASE) || this.is(c, VKILL) || (extended && this.is(c, VWERASE))) return this.erase(c);
    if (extended && this.is(c, VLNEXT)) {
      this.literalNext = true;
      if (lflag & ECHO && lflag & ECHOCTL) this.emit(Uint8Array.of(0x5e, 8));
      return;
    }
    if (extended && this.is(c, VREPRINT)) {
      if (lflag & ECHO) {
        this.echo(c);
        this.emit(Uint8Array.of(NEWLINE));
        for (const typed of this.line) this.echo(typed);
      }
      return;
    }
    if (this.is(c, VEOF)) return this.completeLine(EOF_MARK);
    if (c === NEWLINE) {
      if (lflag & (ECHO | ECHONL)) this.emit(Uint8Array.of(NEWLINE));
      return this.completeLine(NEWLINE);
    }
    if (this.isLineEnd(c)) {
      if (lflag & ECHO) this.echo(c);
      return this.completeLine(c);
    }
    this.store(c);
  }

  /** An ordinary character: into the line being edited (canonical) or straight to the readers. */
  private store(c: number): void {
    if (this.termios.lflag & ICANON) {
      if (this.line.length >= MAX_LINE) return;
      this.line.push(c);
    } else {
      this.ready.push(c);
    }
    if (this.termios.lflag & ECHO) this.echo(c);
  }

  private completeLine(terminator: number): void {
    this.ready.push(...this.line, terminator);
    this.line = [];
    this.lines++;
  }

  private interrupt(signal: Signal, c: number): void {
    if (!(this.termios.lflag & NOFLSH)) this.discard();
    if (this.termios.lflag & ECHO) this.echo(c);
    this.host.signal?.(signal);
  }

  /** VERASE, VWERASE and VKILL on the line being edited, with the echo ECHOE/ECHOK/ECHOKE ask for. */
  private erase(c: number): void {
    const { lflag } = this.termios;
    if (this.line.length === 0) return;
    if (this.is(c, VKILL)) {
      if (!(lflag & ECHO)) {
        this.line = [];
      } else if (lflag & ECHOKE && lflag & ECHOE) {
        while (this.line.length > 0) this.eraseOne();
      } else {
        this.line = [];
        this.echo(c);
        if (lflag & ECHOK) this.emit(Uint8Array.of(NEWLINE));
      }
      return;
    }
    if (this.is(c, VERASE)) return this.eraseOne();
    while (this.line.length > 0 && this.line[this.line.length - 1] === 0x20) this.eraseOne();
    while (this.line.length > 0 && this.line[this.line.length - 1] !== 0x20) this.eraseOne();
  }

  private eraseOne(): void {
    const removed = this.line.pop()!;
    const { lflag } = this.termios;
    if (!(lflag & ECHO)) return;
    if (!(lflag & ECHOE)) {
      this.echo(this.termios.cc[VERASE]);
      return;
    }
    const width = lflag & ECHOCTL && isControl(removed) ? 2 : 1;
    for (let i = 0; i < width; i++) this.emit(Uint8Array.of(8, 0x20, 8));
  }

  /** echo_char: control characters as ^X under ECHOCTL (tab and newline as themselves). */
  private echo(c: number): void {
    if (this.termios.lflag & ECHOCTL && isControl(c) && c !== 9 && c !== NEWLINE) this.emit(Uint8Array.of(0x5e, c ^ 0x40));
    else this.emit(Uint8Array.of(c));
  }

  /** Output processing: OPOST with ONLCR (NL to CR NL) and OCRNL (CR to NL). */
  private emit(data: Uint8Array): void {
    const { oflag } = this.termios;
    if (!(oflag & OPOST) || !(oflag & (ONLCR | OCRNL))) {
      this.host.output(data.slice());
      return;
    }
    const out: number[] = [];
    for (const c of data) {
      if (c === NEWLINE && oflag & ONLCR) out.push(CARRIAGE_RETURN, NEWLINE);
      else if (c === CARRIAGE_RETURN && oflag & OCRNL) out.push(NEWLINE);
      else out.push(c);
    }
    this.host.output(Uint8Array.from(out));
  }
}

function isControl(c: number): boolean {
  return c < 0x20 || c === DELETE;
}
