import { Errno } from '../../kernel/errno.js';
import { ExecError } from '../ElfLoader.js';

/** The 64-byte header every bFLT file starts with (Linux include/linux/flat.h), all fields big-endian. */
export const FLAT_HEADER_SIZE = 64;
export const FLAT_MAGIC = 'bFLT';
/** The only revision read: 2 is the pre-2.4 format (CONFIG_BINFMT_FLAT_OLD), which RISC-V never had. */
export const FLAT_VERSION = 4;

/** Load the whole file into RAM, text included, as one block (text and data keep their distance). */
export const FLAT_FLAG_RAM = 0x0001;
/** PIC with a GOT at the start of the data segment, each entry relocated, a -1 word ending it. */
export const FLAT_FLAG_GOTPIC = 0x0002;
/** Everything after the header is gzip-compressed (CONFIG_BINFMT_ZFLAT). */
export const FLAT_FLAG_GZIP = 0x0004;
/** Only data and relocations are gzip-compressed, the text stays executable in place (CONFIG_BINFMT_ZFLAT). */
export const FLAT_FLAG_GZDATA = 0x0008;
/** Ask the kernel to log where the program was loaded. */
export const FLAT_FLAG_KTRACE = 0x0010;

export interface FlatHeader {
  rev: number;
  /** File offset of the first instruction (its top byte was a shared-library id, and is ignored). */
  entry: number;
  /** File offsets: text (header included) is [0, dataStart), data [dataStart, dataEnd), bss up to bssEnd. */
  dataStart: number;
  dataEnd: number;
  bssEnd: number;
  stackSize: number;
  /** File offset of relocCount big-endian words, each the flat address of a word to relocate. */
  relocStart: number;
  relocCount: number;
  flags: number;
  buildDate: number;
}

/** Whether `bytes` is a bFLT file at all (the loader's first check: anything else is another format's). */
export function isFlatBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === FLAT_MAGIC;
}

/**
 * Reads and checks the header the way binfmt_flat's load_flat_file does before it allocates anything, and also
 * that the file holds what the header promises (Linux would fail on a short read): every failure is ENOEXEC
 * with a sentence naming the file and the problem.
 */
export function parseFlatHeader(bytes: Uint8Array, name: string): FlatHeader {
  const fail = (why: string): never => {
    throw new ExecError(Errno.ENOEXEC, `${name}: ${why}`);
  };
  if (!isFlatBinary(bytes)) fail('not a bFLT file (no "bFLT" magic)');
  if (bytes.length < FLAT_HEADER_SIZE) fail(`truncated bFLT header (${bytes.length} of ${FLAT_HEADER_SIZE} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, FLAT_HEADER_SIZE);
  const word = (offset: number) => view.getUint32(offset, false);
  const header: FlatHeader = {
    rev: word(4),
    entry: word(8) & 0x00ff_ffff,
    dataStart: word(12),
    dataEnd: word(16),
    bssEnd: word(20),
    stackSize: word(24),
    relocStart: word(28),
    relocCount: word(32),
    flags: word(36),
    buildDate: word(40),
  };
  if (header.rev !== FLAT_VERSION) {
    fail(`bFLT revision ${header.rev} is not supported (only revision ${FLAT_VERSION})`);
  }
  if (header.flags & (FLAT_FLAG_GZIP | FLAT_FLAG_GZDATA)) {
    const what = header.flags & FLAT_FLAG_GZIP ? 'gzip-compressed (FLAT_FLAG_GZIP)' : 'gzip-compressed data (FLAT_FLAG_GZDATA)';
    fail(`${what} bFLT files are not supported (no CONFIG_BINFMT_ZFLAT): convert without compression (elf2flt without -z)`);
  }
  if (header.dataStart < FLAT_HEADER_SIZE || header.dataEnd < header.dataStart || header.bssEnd < header.dataEnd) {
    fail(
      `bad bFLT header: segments out of order (data_start 0x${header.dataStart.toString(16)}, ` +
        `data_end 0x${header.dataEnd.toString(16)}, bss_end 0x${header.bssEnd.toString(16)})`,
    );
  }
  const textLen = header.dataStart;
  const dataLen = header.dataEnd - header.dataStart;
  const bssLen = header.bssEnd - header.dataEnd;
  // As Linux: 256 MiB is far beyond any no-MMU program, so a top bit set means a corrupt file.
  const fullData = dataLen + header.relocCount * 4;
  if ((textLen | dataLen | bssLen | header.stackSize | header.relocCount) >>> 28 || fullData >= 2 ** 28) {
    fail('bad bFLT header: a segment, the stack or the relocation count is 256 MiB or more');
  }
  if (header.entry < FLAT_HEADER_SIZE || header.entry >= header.dataStart) {
    fail(`bFLT entry point 0x${header.entry.toString(16)} is outside the text (0x40-0x${header.dataStart.toString(16)})`);
  }
  if (bytes.length < header.dataEnd) {
    fail(`truncated bFLT file: ${bytes.length} bytes, but text and data end at ${header.dataEnd}`);
  }
  const relocEnd = header.relocStart + 4 * header.relocCount;
  if (header.relocCount > 0 && relocEnd > bytes.length) {
    fail(`truncated bFLT file: ${bytes.length} bytes, but the ${header.relocCount} relocations end at ${relocEnd}`);
  }
  return header;
}
