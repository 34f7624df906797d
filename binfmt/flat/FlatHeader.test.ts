import { describe, expect, it } from 'vitest';
import { Errno } from '../../kernel/errno.js';
import { ExecError } from '../ElfLoader.js';
import {
  FLAT_FLAG_GZDATA,
  FLAT_FLAG_GZIP,
  FLAT_FLAG_RAM,
  FLAT_HEADER_SIZE,
  isFlatBinary,
  parseFlatHeader,
} from './FlatHeader.js';
import { writeFlatFile, type FlatProgram } from './FlatWriter.js';

function program(overrides: Partial<FlatProgram> = {}): FlatProgram {
  return {
    entry: 4,
    text: new Uint8Array(32).fill(0x13),
    data: new Uint8Array(16),
    bssSize: 100,
    stackSize: 4096,
    relocations: [32, 36],
    flags: FLAT_FLAG_RAM,
    ...overrides,
  };
}

/** A file with header word `index` (0 = rev) replaced. */
function withWord(file: Uint8Array, index: number, value: number): Uint8Array {
  const copy = file.slice();
  new DataView(copy.buffer).setUint32(4 + 4 * index, value >>> 0, false);
  return copy;
}

function execErrorOf(bytes: Uint8Array): ExecError {
  try {
    parseFlatHeader(bytes, 'prog.flt');
  } catch (error) {
    if (error instanceof ExecError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

describe('bFLT header', () => {
  it('recognises the magic and nothing else', () => {
    expect(isFlatBinary(writeFlatFile(program()))).toBe(true);
    expect(isFlatBinary(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1]))).toBe(false);
    expect(isFlatBinary(new TextEncoder().encode('bFL'))).toBe(false);
  });

  it('reads every field, big-endian, with the shared-library id masked off the entry', () => {
    const file = withWord(writeFlatFile(program()), 1, 0x0100_0044);
    const header = parseFlatHeader(file, 'prog.flt');
    expect(header).toEqual({
      rev: 4,
      entry: 0x44,
      dataStart: FLAT_HEADER_SIZE + 32,
      dataEnd: FLAT_HEADER_SIZE + 48,
      bssEnd: FLAT_HEADER_SIZE + 148,
      stackSize: 4096,
      relocStart: FLAT_HEADER_SIZE + 48,
      relocCount: 2,
      flags: FLAT_FLAG_RAM,
      buildDate: 0,
    });
  });

  const good = writeFlatFile(program());
  it.each([
    ['no magic', new Uint8Array(64), /not a bFLT file/],
    ['a truncated header', good.slice(0, 40), /truncated bFLT header \(40 of 64 bytes\)/],
    ['revision 2', withWord(good, 0, 2), /bFLT revision 2 is not supported \(only revision 4\)/],
    ['revision 5', withWord(good, 0, 5), /bFLT revision 5 is not supported/],
    ['FLAT_FLAG_GZIP', withWord(good, 8, FLAT_FLAG_RAM | FLAT_FLAG_GZIP), /gzip-compressed \(FLAT_FLAG_GZIP\) bFLT files are not supported/],
    ['FLAT_FLAG_GZDATA', withWord(good, 8, FLAT_FLAG_GZDATA), /gzip-compressed data \(FLAT_FLAG_GZDATA\) bFLT files are not supported/],
    ['data_start inside the header', withWord(good, 2, 32), /segments out of order \(data_start 0x20/],
    ['data_end before data_start', withWord(good, 3, 0x50), /segments out of order/],
    ['bss_end before data_end', withWord(good, 4, 0x60), /segments out of order/],
    ['a 256 MiB stack', withWord(good, 5, 0x1000_0000), /256 MiB or more/],
    ['2^26 relocations', withWord(good, 7, 0x0400_0000), /256 MiB or more/],
    ['an entry in the header', withWord(good, 1, 0x10), /entry point 0x10 is outside the text \(0x40-0x60\)/],
    ['an entry in the data', withWord(good, 1, 0x60), /entry point 0x60 is outside the text/],
    ['truncated data', good.slice(0, 0x68), /truncated bFLT file: 104 bytes, but text and data end at 112/],
    ['a truncated relocation table', good.slice(0, good.length - 2), /truncated bFLT file: 118 bytes, but the 2 relocations end at 120/],
  ])('rejects %s with ENOEXEC', (_what, bytes, message) => {
    const error = execErrorOf(bytes);
    expect(error.errno).toBe(Errno.ENOEXEC);
    expect(error.message).toMatch(/^prog\.flt: /);
    expect(error.message).toMatch(message);
  });

  it('accepts a file whose relocation table is empty wherever reloc_start points', () => {
    const file = withWord(writeFlatFile(program({ relocations: [] })), 6, 0xffff_0000);
    expect(parseFlatHeader(file, 'prog.flt').relocCount).toBe(0);
  });
});
