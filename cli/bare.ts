import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BareMachine, DEFAULT_BARE_RAM } from '../cpu/BareMachine.js';
import { type Command, UsageError, parseCount, parseSize } from './Command.js';

export const bareCommand: Command = {
  name: 'bare',
  summary: 'run a bare-metal ELF (M-mode at 0x80000000, ends via HTIF tohost)',
  help: `Usage: rvnommu bare [options] program.elf

Loads a bare-metal RV32IMA ELF at its link address in RAM at 0x80000000 and starts it in
M-mode at its entry point, like spike or qemu-system-riscv32 -machine spike -bios none.
The program ends by writing its result to the 'tohost' symbol (HTIF): 1 means pass,
(n << 1) | 1 means test n failed. Console output through HTIF goes to stdout.

Exit status: 0 on pass, n (at most 255) when test n failed, 2 on errors.

Options:
  --ram SIZE                 RAM size (default ${DEFAULT_BARE_RAM / 1024 / 1024}M)
  --max-instructions N       give up after N instructions (default: no limit)
  --count                    print the number of executed instructions on stderr
  -h, --help                 show this help`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ram: { type: 'string' },
        'max-instructions': { type: 'string' },
        count: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(this.help);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('bare: expected exactly one ELF file (see rvnommu bare --help)');
    const path = positionals[0];
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const machine = new BareMachine(bytes, path, {
      ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram'),
      maxInstructions: values['max-instructions'] === undefined ? undefined : parseCount(values['max-instructions'], '--max-instructions'),
    });
    const result = machine.run();
    if (values.count) process.stderr.write(`${result.instructions} instructions\n`);
    if (result.exitCode !== 0) {
      process.stderr.write(`${path}: test ${result.exitCode} failed\n`);
      return Math.min(result.exitCode, 255);
    }
    return 0;
  },
};
