import { FLAT_HEADER_SIZE, FLAT_MAGIC, FLAT_VERSION } from './FlatHeader.js';

/** A program in flat addresses: 0 is the first byte of text, the data follows the text directly. */
export interface FlatProgram {
  /** Flat address of the first instruction. */
  entry: number;
  text: Uint8Array;
  /** Initialised data, its words to relocate already in the byte order the flags call for. */
  data: Uint8Array;
  bssSize: number;
  stackSize: number;
  /** Flat addresses of the words that hold addresses. */
  relocations: number[];
  flags: number;
}

/**
 * Encodes a bFLT v4 file: header, text, data, then the relocation table (big-endian words), as elf2flt lays it
 * out. The build date is left 0 so that the same program always gives the same bytes.
 */
export function writeFlatFile(program: FlatProgram): Uint8Array {
  const dataStart = FLAT_HEADER_SIZE + program.text.length;
  const dataEnd = dataStart + program.data.length;
  const file = new Uint8Array(dataEnd + 4 * program.relocations.length);
  const view = new DataView(file.buffer);
  file.set(new TextEncoder().encode(FLAT_MAGIC), 0);
  const fields = [
    FLAT_VERSION,
    FLAT_HEADER_SIZE + program.entry,
    dataStart,
    dataEnd,
    dataEnd + program.bssSize,
    program.stackSize,
    dataEnd,
    program.relocations.length,
    program.flags,
  ];
  fields.forEach((value, i) => view.setUint32(4 + 4 * i, value, false));
  file.set(program.text, FLAT_HEADER_SIZE);
  file.set(program.data, dataStart);
  program.relocations.forEach((flat, i) => view.setUint32(dataEnd + 4 * i, flat, false));
  return file;
}
