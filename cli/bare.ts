import { BareMachine, BareMachineError, DEFAULT_BARE_RAM } from '../cpu/BareMachine.js';
import { BareTarget } from '../debug/BareTarget.js';
import { GdbListenError } from '../debug/GdbStub.js';
import type { InstructionHook } from '../debug/DebugTarget.js';
import { type GdbRunEnd, runUnderGdb } from '../debug/runUnderGdb.js';
import { TraceOutput } from '../debug/TraceOutput.js';
import { Tracer } from '../debug/Tracer.js';
import { type Command, parseCommandArgs, UsageError, parseCount, parseSize, readInputFile } from './Command.js';

export const bareCommand: Command = {
  help: `Usage: rvnommu bare [options] program.elf

Loads a bare-metal RV32IMA ELF at its link address in RAM at 0x80000000 and starts it in
M-mode at its entry point, like spike or qemu-system-riscv32 -machine spike -bios none.
The program ends by writing its result to the 'tohost' symbol (HTIF): 1 means pass,
(n << 1) | 1 means test n failed. Console output through HTIF goes to stdout.

Exit status: 0 on pass, n (at most 255) when test n failed, 2 on errors.

Options:
  --ram SIZE                 RAM size (default ${DEFAULT_BARE_RAM / 1024 / 1024}M)
  --max-instructions N       give up after N instructions (default: no limit; not with --gdb)
  --count                    print the number of executed instructions on stderr
  --no-jit                   interpret every instruction (the reference) instead of translating
                             hot code to JavaScript; results and instruction counts are the same
  --gdb PORT                 wait for GDB on 127.0.0.1:PORT before the first instruction
                             (gdb-multiarch: set architecture riscv:rv32, target remote :PORT)
  --trace                    print every executed instruction on stderr: address, word,
                             disassembly, and the registers and CSRs it changed. The machine
                             is deterministic (time is the instruction count), so two traces
                             of one program are identical and diff cleanly
  -h, --help                 show this help`,

  async run(args) {
    const parsed = parseCommandArgs(this, args, {
      ram: { type: 'string' },
      'max-instructions': { type: 'string' },
      count: { type: 'boolean' },
      'no-jit': { type: 'boolean' },
      gdb: { type: 'string' },
      trace: { type: 'boolean' },
    });
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('bare: expected exactly one ELF file (see rvnommu bare --help)');
    const path = positionals[0];
    const bytes = readInputFile(path);
    if (values.gdb !== undefined && values['max-instructions'] !== undefined) {
      throw new UsageError('bare: --max-instructions does not apply under --gdb (interrupt the program from GDB instead)');
    }
    if (values.gdb !== undefined && values.trace) throw new UsageError('bare: --trace and --gdb cannot be combined');
    const maxInstructions = values['max-instructions'] === undefined ? undefined : parseCount(values['max-instructions'], '--max-instructions');
    const machine = new BareMachine(bytes, path, {
      ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram'),
      maxInstructions,
    });
    if (values['no-jit']) machine.hart.setTranslation(false);
    let ending: Ending;
    if (values.gdb !== undefined) ending = await debugWithGdb(machine, path, values.gdb);
    else if (values.trace) ending = await runTraced(machine, path, maxInstructions);
    else ending = { exitCode: machine.run().exitCode };
    // As a shell reports a program killed by a signal.
    if ('killedBy' in ending) return 128 + ending.killedBy;
    const exitCode = ending.exitCode;
    if (values.count) process.stderr.write(`${machine.hart.retired} instructions\n`);
    if (exitCode !== 0) {
      process.stderr.write(`${path}: test ${exitCode} failed\n`);
      return Math.min(exitCode, 255);
    }
    return 0;
  },
};

/** How a run ended: with the program's exit code, or cut short from outside as if by a signal. */
type Ending = { readonly exitCode: number } | { readonly killedBy: number };
/** GDB's `kill`. */
const SIGKILL = 9;
/** The trace's reader went away. */
const SIGPIPE = 13;

/** Runs the machine under GDB. */
async function debugWithGdb(machine: BareMachine, path: string, port: string): Promise<Ending> {
  const end = await runUnderGdb(new BareTarget(machine, path), {
    port: parseCount(port, '--gdb'),
    log: (line) => process.stderr.write(`rvnommu: ${line}\n`),
  }).catch((error: unknown) => {
    throw error instanceof GdbListenError ? new UsageError(error.message) : error;
  });
  if (end.kind === 'killed') {
    process.stderr.write(`${path}: killed by the debugger\n`);
    return { killedBy: SIGKILL };
  }
  return { exitCode: exitCodeOf(end) };
}

/** Runs the machine with every instruction traced to stderr. */
async function runTraced(machine: BareMachine, path: string, maxInstructions: number | undefined): Promise<Ending> {
  const target = new BareTarget(machine, path);
  const output = new TraceOutput(2);
  const tracer = new Tracer(target, output.write);
  const limit = maxInstructions ?? Infinity;
  const hook: InstructionHook = {
    before: (site) => (machine.hart.retired >= limit || output.closed ? { kind: 'interrupt' } : tracer.before(site)),
  };
  const end = await target.resume({ hook });
  tracer.flush();
  if (output.closed) return { killedBy: SIGPIPE };
  if (end.kind === 'stopped') {
    throw new BareMachineError(`no exit after ${limit} instructions (pc 0x${(machine.hart.pc >>> 0).toString(16)}); tohost was never written`);
  }
  return { exitCode: exitCodeOf(end) };
}

function exitCodeOf(end: Exclude<GdbRunEnd, { kind: 'killed' }>): number {
  switch (end.kind) {
    case 'exited': return end.code;
    case 'signalled': throw new BareMachineError(`killed by signal ${end.signal}`);
    case 'failed': throw new BareMachineError(end.message);
  }
}
