import { FdpicLinkError, fdpicLink } from '../binfmt/fdpicLink.js';
import { type Command, parseCommandArgs, readInputFile, UsageError, writeOutputFile } from './Command.js';

export const fdpicLinkCommand: Command = {
  help: `Usage: rvnommu fdpic-link [options] IN.elf -o OUT.elf

Rewrites a static PIE so that its text and data segments may be loaded independently:
every instruction sequence that reaches the data segment PC-relatively loads the address
from a GOT slot off gp instead, and the ELF header gets the FDPIC flag. Text run from a
romfs on flash is then shared by every process running the program.

The input must be compiled with -fPIE (or -fPIC) -mno-relax, linked -static-pie with
-Wl,--emit-relocs, and start with the FDPIC start code (images/bin/libc/crt1-fdpic.o),
which reserves the GOT and relocates the data through the load map. Strip the output
afterwards if you like. See binfmt/README.md for the conventions.

Options:
  -o, --output OUT.elf   the FDPIC program to write (required)
  -v, --verbose          say how many sequences were rewritten and GOT slots used
  -h, --help             show this help`,

  async run(args) {
    const parsed = parseCommandArgs(this, args, {
      output: { type: 'string', short: 'o' },
      verbose: { type: 'boolean', short: 'v' },
    });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected one input program (see rvnommu fdpic-link --help)');
    if (values.output === undefined) throw new UsageError('expected -o OUT.elf');
    const input = readInputFile(positionals[0]);
    let result;
    try {
      result = fdpicLink(input, positionals[0]);
    } catch (error) {
      throw error instanceof FdpicLinkError ? new UsageError(error.message) : error;
    }
    writeOutputFile(values.output, result.bytes, 0o755);
    if (values.verbose) console.error(`${values.output}: ${result.rewritten} data references through ${result.slots} GOT slots`);
    return 0;
  },
};
