import { describe, expect, it } from 'vitest';
import { MAX_PACKET_SIZE, RspReader, checksum, escapeBinary, framePacket, unescapeBinary } from './Rsp.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('RSP framing', () => {
  it('computes the modulo-256 checksum GDB expects', () => {
    // Checksums as gdb-multiarch sent them (set debug remote 1).
    expect(checksum('qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386')).toBe(0x77);
    expect(checksum('g')).toBe(0x67);
    expect(checksum('vCont;c:1')).toBe(0x13);
    expect(checksum('')).toBe(0);
  });

  it('frames a payload as $payload#checksum with two lowercase hex digits', () => {
    expect(framePacket('OK').toString('latin1')).toBe('$OK#9a');
    expect(framePacket('').toString('latin1')).toBe('$#00');
    expect(framePacket('m80000000,4').toString('latin1')).toBe('$m80000000,4#55');
  });

  it('escapes # $ } and * in binary data and undoes it', () => {
    const raw = String.fromCharCode(0x23, 0x24, 0x7d, 0x2a, 0x00, 0xff, 0x41);
    const escaped = escapeBinary(raw);
    expect([...escaped].map((c) => c.charCodeAt(0))).toEqual([0x7d, 0x03, 0x7d, 0x04, 0x7d, 0x5d, 0x7d, 0x0a, 0x00, 0xff, 0x41]);
    expect(unescapeBinary(escaped)).toBe(raw);
    expect(unescapeBinary('ab}')).toBeUndefined();
  });
});

describe('RspReader', () => {
  it('reads packets split across chunks and acknowledgements between them', () => {
    const reader = new RspReader();
    expect(reader.feed(bytes('+$m8000'))).toEqual([{ kind: 'ack' }]);
    expect(reader.feed(bytes('0000,4#'))).toEqual([]);
    expect(reader.feed(bytes('5'))).toEqual([]);
    expect(reader.feed(bytes('5-$g#67'))).toEqual([
      { kind: 'packet', payload: 'm80000000,4' },
      { kind: 'nak' },
      { kind: 'packet', payload: 'g' },
    ]);
  });

  it('reports a packet whose checksum is wrong or not hex as corrupt', () => {
    const reader = new RspReader();
    expect(reader.feed(bytes('$g#68$g#zz$g#67'))).toEqual([{ kind: 'corrupt' }, { kind: 'corrupt' }, { kind: 'packet', payload: 'g' }]);
  });

  it('accepts uppercase checksum digits', () => {
    expect(new RspReader().feed(bytes(`$OK#9A`))).toEqual([{ kind: 'packet', payload: 'OK' }]);
  });

  it('passes ^C through as an interrupt and ignores other noise outside packets', () => {
    expect(new RspReader().feed(bytes('xyz\x03\n$?#3f'))).toEqual([{ kind: 'interrupt' }, { kind: 'packet', payload: '?' }]);
  });

  it('keeps binary payloads byte for byte (an X packet carrying 0x03 and 0xff is not an interrupt)', () => {
    const payload = 'X80000000,3:' + String.fromCharCode(0x03, 0xff, 0x7d, 0x5d);
    const reader = new RspReader();
    expect(reader.feed(framePacket(payload))).toEqual([{ kind: 'packet', payload }]);
  });

  it('restarts on a $ inside a packet that never ended', () => {
    expect(new RspReader().feed(bytes('$m8000$g#67'))).toEqual([{ kind: 'packet', payload: 'g' }]);
  });

  it('drops an oversized packet instead of buffering it without bound', () => {
    const reader = new RspReader();
    const huge = 'M' + '0'.repeat(MAX_PACKET_SIZE * 4);
    expect(reader.feed(framePacket(huge))).toEqual([{ kind: 'corrupt' }]);
    expect(reader.feed(framePacket('g'))).toEqual([{ kind: 'packet', payload: 'g' }]);
  });
});
