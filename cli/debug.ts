import { ElfFile } from '../binfmt/ElfFile.js';
import { isFlatBinary } from '../binfmt/flat/FlatHeader.js';
import { BareMachine, DEFAULT_BARE_RAM } from '../cpu/BareMachine.js';
import { BareTarget } from '../debug/BareTarget.js';
import type { DebugTarget } from '../debug/DebugTarget.js';
import { Debugger } from '../debug/Debugger.js';
import { runDebugRepl } from '../debug/DebugRepl.js';
import { KernelTarget } from '../debug/KernelTarget.js';
import { TraceOutput } from '../debug/TraceOutput.js';
import { Tracer } from '../debug/Tracer.js';
import { DEFAULT_RAM_SIZE } from '../kernel/Kernel.js';
import { runProgram } from '../kernel/runProgram.js';
import { HostInput } from '../kernel/tty/HostInput.js';
import type { HostStdio } from '../kernel/tty/hostStdio.js';
import { type Command, parseCommandArgs, UsageError, parseSize, readInputFile } from './Command.js';

export const debugCommand: Command = {
  help: `Usage: rvnommu debug [options] program [args...]

Loads the program and stops before its first instruction: a bare-metal program (one with a
'tohost' symbol) as 'rvnommu bare' does, any other as a Linux program under the kernel as
'rvnommu run' does (the host's environment, an empty stdin, args as its arguments; threads
are its tasks, symbols are at their load addresses (each segment's own for FDPIC; a bFLT
program has none: use addresses), and signals stop before they act; an execve stops at the
new program's first instruction with its symbols loaded, and moves the breakpoints set by
symbol into it).

Commands (type 'help' at the prompt): break, watch/rwatch/awatch, catch syscall, continue,
stepi, nexti, regs, csrs, x, disasm, backtrace, print, set, info, quit. An empty line repeats
the last command. Addresses are numbers, $registers and ELF symbols: 'break workload',
'watch crc_table+8', 'x $sp 32'.

Commands are read from stdin: a terminal gets a prompt and line editing, a pipe or file
is read as a script.

Options:
  --ex COMMAND         run COMMAND first (repeatable), like gdb -ex
  --batch              quit after the --ex commands instead of reading stdin
  --trace              print every executed instruction on stderr (format of 'bare --trace')
  --ram SIZE           RAM size (default ${DEFAULT_BARE_RAM / 1024 / 1024}M bare-metal, ${DEFAULT_RAM_SIZE / 1024 / 1024}M Linux)
  -h, --help           show this help

Example:
  rvnommu debug --batch --ex 'break workload' --ex continue --ex regs --ex 'stepi 3' prog.elf
  rvnommu debug --batch --ex 'catch syscall write' --ex continue --ex bt linux-prog.elf`,

  async run(args) {
    const parsed = parseCommandArgs(
      this,
      args,
      {
        ex: { type: 'string', multiple: true },
        batch: { type: 'boolean' },
        trace: { type: 'boolean' },
        ram: { type: 'string' },
      },
      { programFollows: true },
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError('debug: expected a program file (see rvnommu debug --help)');
    const [path, ...programArgs] = positionals;
    const bytes = readInputFile(path);
    const ramSize = values.ram === undefined ? undefined : parseSize(values.ram, '--ram');
    // A bare-metal program ends through HTIF's tohost; anything else is a Linux program for the kernel.
    if (!isFlatBinary(bytes) && ElfFile.parse(bytes, path).symbol('tohost')) {
      if (programArgs.length > 0) throw new UsageError('debug: a bare-metal program takes no arguments');
      await runDebugger(new BareTarget(new BareMachine(bytes, path, { ramSize }), path), values);
      return 0;
    }
    await runProgram({
      elf: bytes,
      path,
      argv: [path, ...programArgs],
      envp: Object.entries(process.env).map(([key, value]) => `${key}=${value ?? ''}`),
      ramSize,
      // The debugger's commands come from stdin: the program reads an empty one.
      stdio: debuggerStdio(),
      runner: async (kernel, first, elf) => {
        await runDebugger(new KernelTarget(kernel, first, elf, path), values);
        return 0;
      },
    });
    return 0;
  },
};

interface DebuggerOptions {
  readonly ex?: string[];
  readonly batch?: boolean;
  readonly trace?: boolean;
}

/** Shows where the program stands, runs the --ex commands, then reads commands from stdin unless --batch. */
async function runDebugger(target: DebugTarget, options: DebuggerOptions): Promise<void> {
  const write = (text: string) => process.stdout.write(text);
  const tracer = options.trace ? new Tracer(target, new TraceOutput(2).write, { showThread: target.osabi !== undefined }) : undefined;
  const debug = new Debugger(target, tracer);
  if (target.symbols.unavailable) write(`${target.name}: ${target.symbols.unavailable}\n`);
  write(`${debug.location()}\n`);
  for (const command of options.ex ?? []) {
    if (debug.done) break;
    write(`(rvnommu) ${command}\n`);
    const output = await debug.execute(command);
    if (output !== '') write(`${output}\n`);
  }
  if (!options.batch && !debug.done) {
    await runDebugRepl(debug, {
      input: process.stdin,
      write,
      interrupt: () => target.interrupt(),
      interactive: process.stdin.isTTY === true,
    });
  }
}

/** The program's stdout and stderr are rvnommu's; its stdin is empty, since the debugger reads rvnommu's. */
function debuggerStdio(): HostStdio {
  const stdin = new HostInput();
  stdin.end();
  return {
    stdin,
    stdout: { write: (bytes) => process.stdout.write(bytes) },
    stderr: { write: (bytes) => process.stderr.write(bytes) },
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
  };
}
