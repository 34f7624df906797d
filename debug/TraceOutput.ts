import { writeSync } from 'node:fs';

/** For waiting a millisecond synchronously while a pipe is full. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Where `--trace` text goes: written synchronously, since a trace can be far larger than any buffer and must stay
 * in order with error messages. Node makes stdio pipes non-blocking, so a full pipe (a slow reader) means waiting
 * and writing the rest; a reader that has gone (`rvnommu bare --trace prog 2>&1 | head`) is noted instead of
 * thrown, so the run can end quietly, as a program killed by SIGPIPE would.
 */
export class TraceOutput {
  private readerGone = false;

  constructor(private readonly fd: number) {}

  get closed(): boolean {
    return this.readerGone;
  }

  readonly write = (text: string): void => {
    const bytes = Buffer.from(text);
    let written = 0;
    while (written < bytes.length && !this.readerGone) {
      try {
        written += writeSync(this.fd, bytes, written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(PAUSE, 0, 0, 1);
        else if (code === 'EPIPE') this.readerGone = true;
        else throw error;
      }
    }
  };
}
