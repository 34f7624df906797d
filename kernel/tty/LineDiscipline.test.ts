import { describe, expect, it } from 'vitest';
import { Signal } from '../signals.js';
import { isWouldBlock } from '../vfs/FileOperations.js';
import { LineDiscipline } from './LineDiscipline.js';
import { defaultTermios, ECHO, ICANON, ISIG, type Termios, VMIN, VTIME } from './termios.js';

function setup(adjust: (termios: Termios) => void = () => {}) {
  const terminal = { termios: defaultTermios() };
  adjust(terminal.termios);
  const shown: string[] = [];
  const signals: Signal[] = [];
  const discipline = new LineDiscipline(terminal, {
    output: (bytes) => shown.push(String.fromCharCode(...bytes)),
    signal: (signal) => signals.push(signal),
  });
  const type = (text: string) => discipline.receive(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  const read = (size = 100): string | 'blocked' => {
    const into = new Uint8Array(size);
    const result = discipline.read(into);
    return isWouldBlock(result) ? 'blocked' : String.fromCharCode(...into.subarray(0, result));
  };
  return { terminal, discipline, type, read, echo: () => shown.join(''), signals };
}

describe('LineDiscipline', () => {
  it('hands out whole lines in canonical mode, turning the carriage return into a newline', () => {
    const { type, read, echo } = setup();
    type('hel');
    expect(read()).toBe('blocked');
    type('lo\rnext\r');
    expect(read()).toBe('hello\n');
    expect(read(3)).toBe('nex');
    expect(read()).toBe('t\n');
    expect(echo()).toBe('hello\r\nnext\r\n');
  });

  it('edits the line: erase, word erase, kill', () => {
    const { type, read, echo } = setup();
    type('abx\x7fc\r');
    expect(read()).toBe('abc\n');
    expect(echo()).toBe('abx\b \bc\r\n');
    type('one two\x17three\r');
    expect(read()).toBe('one three\n');
    type('garbage\x15ok\r');
    expect(read()).toBe('ok\n');
  });

  it('ends input with ^D: the line so far, then end of file on an empty line', () => {
    const { type, read, echo } = setup();
    type('partial\x04');
    expect(read()).toBe('partial');
    type('\x04');
    expect(read()).toBe('');
    expect(echo()).toBe('partial');
  });

  it('turns ^C, ^\\ and ^Z into signals, dropping the typed input and echoing ^C', () => {
    const { type, read, echo, signals } = setup();
    type('lost\x03');
    expect(signals).toEqual([Signal.SIGINT]);
    expect(echo()).toBe('lost^C');
    type('\x1c\x1a');
    expect(signals).toEqual([Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTSTP]);
    type('kept\r');
    expect(read()).toBe('kept\n');
  });

  it('passes control characters through when ISIG is off, and takes the next character literally after ^V', () => {
    const { type, read } = setup((t) => (t.lflag &= ~ISIG));
    type('\x03\x16\x7f\r');
    expect(read()).toBe('\x03\x7f\n');
  });

  it('reads bytes as they come in non-canonical mode, honouring VMIN and VTIME', () => {
    const { terminal, type, read, echo } = setup((t) => (t.lflag &= ~(ICANON | ECHO)));
    type('ab');
    expect(read()).toBe('ab');
    terminal.termios.cc[VMIN] = 3;
    type('cd');
    expect(read()).toBe('blocked');
    type('e');
    expect(read()).toBe('cde');
    terminal.termios.cc[VMIN] = 0;
    terminal.termios.cc[VTIME] = 0;
    expect(read()).toBe('');
    expect(echo()).toBe('');
  });

  it('times a VTIME read out with what arrived (nothing)', () => {
    const { discipline } = setup((t) => {
      t.lflag &= ~ICANON;
      t.cc[VMIN] = 0;
      t.cc[VTIME] = 5;
    });
    const into = new Uint8Array(4);
    const pending = discipline.read(into);
    if (!isWouldBlock(pending)) throw new Error('expected to wait');
    expect(pending.timeout).toBe(500);
    expect(pending.onTimeout!()).toBe(0);
  });

  it('reports end of file after a hang-up', () => {
    const { discipline, read } = setup();
    discipline.hangUp();
    expect(read()).toBe('');
  });

  it('translates the guest output with ONLCR', () => {
    const { discipline, echo } = setup();
    discipline.write(Uint8Array.from('a\nb', (c) => c.charCodeAt(0)));
    expect(echo()).toBe('a\r\nb');
  });
});
