import headless from '@xterm/headless';
import pty from 'node-pty';

/** The shell's PS1 (images/userland/sh): a screen line that is only this is the shell waiting for a command. */
export const PROMPT = '$';

const DEFAULT_WAIT_MS = 30_000;

/**
 * `rvnommu boot` on a pseudo-terminal, seen through a headless xterm.js the way a user sees it: input is typed as
 * keys, and output is read from the emulated screen (after cursor movement, line editing and the like), not from
 * the raw byte stream.
 */
export class PtyConsole {
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  private readonly screen: headless.Terminal;
  private readonly child: pty.IPty;
  /** Checked after each chunk of output the screen has parsed. */
  private readonly watchers = new Set<() => void>();
  /** Everything rvnommu wrote to the terminal, control characters included. */
  received = '';

  constructor(args: string[], size = { columns: 80, rows: 24 }) {
    // The buffer, read by lines(), is a proposed API in the headless build.
    this.screen = new headless.Terminal({ cols: size.columns, rows: size.rows, scrollback: 5000, allowProposedApi: true });
    this.child = pty.spawn(process.execPath, ['bin/rvnommu.js', ...args], {
      name: 'xterm-256color',
      cols: size.columns,
      rows: size.rows,
      cwd: process.cwd(),
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    this.child.onData((data) => {
      this.received += data;
      this.screen.write(data);
    });
    this.screen.onWriteParsed(() => this.watchers.forEach((check) => check()));
    this.exited = new Promise((resolve) => this.child.onExit(resolve));
  }

  /** The scrollback and the screen, row by row (so that an index is a row), with the blank rows at the end cut. */
  lines(): string[] {
    const buffer = this.screen.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  /** The absolute row of the cursor: lines after it are output that came later. */
  cursorRow(): number {
    const buffer = this.screen.buffer.active;
    return buffer.baseY + buffer.cursorY;
  }

  /**
   * Resolves with what `check` returns once it returns something other than undefined for the screen's lines;
   * rejects after `timeoutMs` with the screen in the message.
   */
  waitFor<T>(what: string, check: (lines: string[]) => T | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const watcher = () => {
        const result = check(this.lines());
        if (result === undefined) return;
        done();
        resolve(result);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${this.lines().join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
      };
      this.watchers.add(watcher);
      watcher();
    });
  }

  /** Waits for a line containing `text`; resolves with that line. */
  waitForText(text: string, timeoutMs?: number): Promise<string> {
    return this.waitFor(JSON.stringify(text), (lines) => lines.find((line) => line.includes(text)), timeoutMs);
  }

  /** Waits for the shell's prompt on a line after `row`; resolves with the lines in between (the output). */
  waitForPrompt(row: number, timeoutMs?: number): Promise<string[]> {
    return this.waitFor(
      `the prompt after row ${row}`,
      (lines) => {
        const prompt = lines.findIndex((line, index) => index > row && line.trimEnd() === PROMPT);
        return prompt < 0 ? undefined : lines.slice(row + 1, prompt);
      },
      timeoutMs,
    );
  }

  /** Types `command` and Enter at the prompt; resolves with the command's output lines, once the prompt is back. */
  async run(command: string): Promise<string[]> {
    const row = this.cursorRow();
    this.type(`${command}\r`);
    return this.waitForPrompt(row);
  }

  type(keys: string): void {
    this.child.write(keys);
  }

  /** Changes the pty's window size, as a terminal window being resized does (the child gets SIGWINCH). */
  resize(columns: number, rows: number): void {
    this.screen.resize(columns, rows);
    this.child.resize(columns, rows);
  }

  /** Ends rvnommu if it is still running, and frees the screen. */
  close(): void {
    try {
      this.child.kill();
    } catch {
      // Already gone.
    }
    this.screen.dispose();
  }
}
