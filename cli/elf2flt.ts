import { ElfError, ElfFile } from '../binfmt/ElfFile.js';
import { Elf2FltError, elfToFlat } from '../binfmt/flat/elf2flt.js';
import { type Command, parseCommandArgs, parseSize, readInputFile, UsageError, writeOutputFile } from './Command.js';

export const elf2fltCommand: Command = {
  help: `Usage: rvnommu elf2flt [options] IN.elf OUT.flt

Converts a static-PIE RISC-V program (ld -static-pie, relocations R_RISCV_RELATIVE only)
into a bFLT v4 file that the kernel loads with binfmt_flat: read-only segments become
the text, writable ones the data and bss, and the ELF relocations the bFLT relocation
table. The output is flagged FLAT_FLAG_RAM (text and data in one block, as PC-relative
RISC-V code needs), uncompressed, without a GOT section of its own. The same input
always gives the same bytes.

The kernel relocates a bFLT program itself and gives it no auxiliary vector, so the
program must be linked with start code that neither relocates it again nor needs one:
images/libc/crt/crt1-flat.S (images/bin/libc/crt1-flat.o) does this for our C library.

Options:
  -s, --stack SIZE       the stack to allocate (default: PT_GNU_STACK's size, else 128K)
  -h, --help             show this help

Example:
  rvnommu elf2flt hello.elf hello.flt && rvnommu run hello.flt`,

  async run(args) {
    const parsed = parseCommandArgs(this, args, { stack: { type: 'string', short: 's' } });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 2) throw new UsageError('expected IN.elf OUT.flt (see rvnommu elf2flt --help)');
    const [input, output] = positionals;
    const stackSize = values.stack === undefined ? undefined : parseSize(values.stack, '--stack');
    let flat: Uint8Array;
    try {
      flat = elfToFlat(ElfFile.parse(readInputFile(input), input), { stackSize });
    } catch (error) {
      throw error instanceof ElfError || error instanceof Elf2FltError ? new UsageError(error.message) : error;
    }
    writeOutputFile(output, flat, 0o755);
    return 0;
  },
};
