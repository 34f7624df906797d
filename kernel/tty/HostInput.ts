import { WaitQueue } from '../WaitQueue.js';

/**
 * Bytes the host delivers to the guest (a stdin stream): pushed asynchronously as they arrive, then end() at end
 * of input. Readers take what is there; `queue` is woken on every push and at the end.
 */
export class HostInput {
  readonly queue = new WaitQueue('host input');
  private readonly chunks: Uint8Array[] = [];
  private ended = false;

  /** Queues a copy of `bytes` for the guest. */
  push(bytes: Uint8Array): void {
    if (this.ended || bytes.length === 0) return;
    this.chunks.push(bytes.slice());
    this.queue.wakeAll();
  }

  /** No more input will come: readers see end of file once the queued bytes are consumed. */
  end(): void {
    this.ended = true;
    this.queue.wakeAll();
  }

  get atEnd(): boolean {
    return this.ended && this.chunks.length === 0;
  }

  get available(): number {
    return this.chunks.reduce((total, chunk) => total + chunk.length, 0);
  }

  /** Moves queued bytes into `into`; returns the count (0 if nothing is queued). */
  take(into: Uint8Array): number {
    let count = 0;
    while (count < into.length && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const part = Math.min(chunk.length, into.length - count);
      into.set(chunk.subarray(0, part), count);
      count += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    return count;
  }

  /** Drops every queued byte (TCFLSH, TCSETSF). */
  discard(): void {
    this.chunks.length = 0;
  }
}
