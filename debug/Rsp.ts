/**
 * GDB remote serial protocol framing: `$payload#cc` packets with a modulo-256 checksum, `+`/`-` acknowledgements,
 * the 0x03 interrupt byte, and the `}` escape of binary data (X packets, qXfer replies).
 *
 * Payloads are handled as latin1 strings, one character per byte, so binary packets survive unchanged and the
 * command parser can use ordinary string operations.
 */

/** A packet longer than this is garbage or hostile: it is dropped, never buffered without end. */
export const MAX_PACKET_SIZE = 0x4000;

const ESCAPE = 0x7d;
const INTERRUPT = 0x03;

export type RspEvent =
  | { readonly kind: 'packet'; readonly payload: string }
  /** A packet whose checksum did not match: the sender expects `-` and a retransmission. */
  | { readonly kind: 'corrupt' }
  | { readonly kind: 'ack' }
  | { readonly kind: 'nak' }
  | { readonly kind: 'interrupt' };

export function checksum(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) sum += payload.charCodeAt(i);
  return sum & 0xff;
}

/** The bytes to send for one packet: `$`, payload, `#`, two hex digits of checksum. */
export function framePacket(payload: string): Buffer {
  return Buffer.from(`$${payload}#${hex2(checksum(payload))}`, 'latin1');
}

/** Escapes `#`, `$`, `}` and `*` (which GDB would read as run-length encoding) in binary data. */
export function escapeBinary(data: string): string {
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    out += code === 0x23 || code === 0x24 || code === ESCAPE || code === 0x2a ? '}' + String.fromCharCode(code ^ 0x20) : data[i];
  }
  return out;
}

/** Undoes escapeBinary; undefined when the data ends in a lone escape character. */
export function unescapeBinary(data: string): string | undefined {
  let out = '';
  for (let i = 0; i < data.length; i++) {
    if (data.charCodeAt(i) !== ESCAPE) {
      out += data[i];
      continue;
    }
    if (++i >= data.length) return undefined;
    out += String.fromCharCode(data.charCodeAt(i) ^ 0x20);
  }
  return out;
}

export function hex2(value: number): string {
  return (value & 0xff).toString(16).padStart(2, '0');
}

/**
 * Splits the incoming byte stream into protocol events. Bytes outside packets other than `+`, `-` and 0x03 are
 * ignored (GDB sends none; line noise must not wedge the stub).
 */
export class RspReader {
  private state: 'idle' | 'payload' | 'checksum' = 'idle';
  private payload = '';
  private sum = '';
  private overflowed = false;

  feed(chunk: Uint8Array): RspEvent[] {
    const events: RspEvent[] = [];
    for (const byte of chunk) {
      switch (this.state) {
        case 'idle':
          if (byte === 0x24) this.start();
          else if (byte === 0x2b) events.push({ kind: 'ack' });
          else if (byte === 0x2d) events.push({ kind: 'nak' });
          else if (byte === INTERRUPT) events.push({ kind: 'interrupt' });
          break;
        case 'payload':
          if (byte === 0x23) {
            this.state = 'checksum';
          } else if (byte === 0x24) {
            this.start(); // a new packet start abandons a packet that never ended
          } else if (this.payload.length < MAX_PACKET_SIZE) {
            this.payload += String.fromCharCode(byte);
          } else {
            this.overflowed = true;
          }
          break;
        case 'checksum':
          this.sum += String.fromCharCode(byte);
          if (this.sum.length === 2) {
            this.state = 'idle';
            const good = /^[0-9a-fA-F]{2}$/.test(this.sum) && parseInt(this.sum, 16) === checksum(this.payload);
            events.push(good && !this.overflowed ? { kind: 'packet', payload: this.payload } : { kind: 'corrupt' });
          }
          break;
      }
    }
    return events;
  }

  private start(): void {
    this.state = 'payload';
    this.payload = '';
    this.sum = '';
    this.overflowed = false;
  }
}
