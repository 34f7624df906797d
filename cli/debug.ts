import { parseArgs } from 'node:util';
import { ElfFile } from '../binfmt/ElfFile.js';
import { BareMachine, DEFAULT_BARE_RAM } from '../cpu/BareMachine.js';
import { BareTarget } from '../debug/BareTarget.js';
import { Debugger } from '../debug/Debugger.js';
import { runDebugRepl } from '../debug/DebugRepl.js';
import { TraceOutput } from '../debug/TraceOutput.js';
import { Tracer } from '../debug/Tracer.js';
import { type Command, UsageError, parseSize, readInputFile } from './Command.js';

export const debugCommand: Command = {
  name: 'debug',
  summary: 'debug a bare-metal ELF instruction by instruction, without GDB',
  help: `Usage: rvnommu debug [options] program.elf

Loads the program as 'rvnommu bare' does and stops before its first instruction. Commands
(type 'help' at the prompt): break, watch/rwatch/awatch, catch syscall, continue, stepi,
nexti, regs, csrs, x, disasm, backtrace, print, set, info, quit. An empty line repeats
the last command. Addresses are numbers, $registers and ELF symbols: 'break workload',
'watch crc_table+8', 'x $sp 32'.

Commands are read from stdin: a terminal gets a prompt and line editing, a pipe or file
is read as a script.

Options:
  --ex COMMAND         run COMMAND first (repeatable), like gdb -ex
  --batch              quit after the --ex commands instead of reading stdin
  --trace              print every executed instruction on stderr (format of 'bare --trace')
  --ram SIZE           RAM size (default ${DEFAULT_BARE_RAM / 1024 / 1024}M)
  -h, --help           show this help

Example:
  rvnommu debug --batch --ex 'break workload' --ex continue --ex regs --ex 'stepi 3' prog.elf`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ex: { type: 'string', multiple: true },
        batch: { type: 'boolean' },
        trace: { type: 'boolean' },
        ram: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(this.help);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('debug: expected exactly one ELF file (see rvnommu debug --help)');
    const path = positionals[0];
    const bytes = readInputFile(path);
    if (!ElfFile.parse(bytes, path).symbol('tohost')) {
      throw new UsageError(`debug: ${path} has no 'tohost' symbol; only bare-metal programs can be debugged so far`);
    }
    const machine = new BareMachine(bytes, path, { ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram') });
    const target = new BareTarget(machine, path);
    const write = (text: string) => process.stdout.write(text);
    const tracer = values.trace ? new Tracer(target, new TraceOutput(2).write) : undefined;
    const debug = new Debugger(target, tracer);

    write(`${debug.location()}\n`);
    for (const command of values.ex ?? []) {
      if (debug.done) break;
      write(`(rvnommu) ${command}\n`);
      const output = await debug.execute(command);
      if (output !== '') write(`${output}\n`);
    }
    if (!values.batch && !debug.done) {
      await runDebugRepl(debug, {
        input: process.stdin,
        write,
        interrupt: () => target.interrupt(),
        interactive: process.stdin.isTTY === true,
      });
    }
    return 0;
  },
};
