import { WaitQueue } from '../WaitQueue.js';
import type { HostOutput } from './HostStreamOperations.js';

/**
 * One of this process's output streams (stdout, stderr) as a guest's host output: a write the stream cannot take
 * at once makes the guest wait for 'drain' (a slow reader slows the writer, nothing is lost), and once the reader
 * is gone (EPIPE: `rvnommu run prog | head`) the guest's writes fail with EPIPE and SIGPIPE as on Linux, instead of
 * the error ending rvnommu.
 */
export class NodeStreamOutput implements HostOutput {
  readonly drained: WaitQueue;
  full = false;
  broken = false;

  constructor(private readonly stream: NodeJS.WritableStream & { on(event: string, listener: (...args: unknown[]) => void): unknown }) {
    this.drained = new WaitQueue('host output drained');
    stream.on('drain', () => {
      this.full = false;
      this.drained.wakeAll();
    });
    stream.on('error', () => {
      this.broken = true;
      this.full = false;
      this.drained.wakeAll();
    });
  }

  write(bytes: Uint8Array): void {
    if (this.broken) return;
    if (!this.stream.write(bytes)) this.full = true;
  }
}
