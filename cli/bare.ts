import { readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BareMachine, BareMachineError, DEFAULT_BARE_RAM } from '../cpu/BareMachine.js';
import { BareTarget } from '../debug/BareTarget.js';
import { GdbListenError } from '../debug/GdbStub.js';
import type { InstructionHook } from '../debug/DebugTarget.js';
import { type GdbRunEnd, runUnderGdb } from '../debug/runUnderGdb.js';
import { Tracer } from '../debug/Tracer.js';
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
  --max-instructions N       give up after N instructions (default: no limit; not with --gdb)
  --count                    print the number of executed instructions on stderr
  --gdb PORT                 wait for GDB on 127.0.0.1:PORT before the first instruction
                             (gdb-multiarch: set architecture riscv:rv32, target remote :PORT)
  --trace                    print every executed instruction on stderr: address, word,
                             disassembly, and the registers and CSRs it changed. The machine
                             is deterministic (time is the instruction count), so two traces
                             of one program are identical and diff cleanly
  -h, --help                 show this help`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ram: { type: 'string' },
        'max-instructions': { type: 'string' },
        count: { type: 'boolean' },
        gdb: { type: 'string' },
        trace: { type: 'boolean' },
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
    if (values.gdb !== undefined && values['max-instructions'] !== undefined) {
      throw new UsageError('bare: --max-instructions does not apply under --gdb (interrupt the program from GDB instead)');
    }
    if (values.gdb !== undefined && values.trace) throw new UsageError('bare: --trace and --gdb cannot be combined');
    const maxInstructions = values['max-instructions'] === undefined ? undefined : parseCount(values['max-instructions'], '--max-instructions');
    const machine = new BareMachine(bytes, path, {
      ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram'),
      maxInstructions,
    });
    let exitCode: number | undefined;
    if (values.gdb !== undefined) exitCode = await debugWithGdb(machine, path, values.gdb);
    else if (values.trace) exitCode = await runTraced(machine, path, maxInstructions);
    else exitCode = machine.run().exitCode;
    if (exitCode === undefined) return KILLED_STATUS;
    if (values.count) process.stderr.write(`${machine.hart.retired} instructions\n`);
    if (exitCode !== 0) {
      process.stderr.write(`${path}: test ${exitCode} failed\n`);
      return Math.min(exitCode, 255);
    }
    return 0;
  },
};

/** What a shell reports for a program killed by SIGKILL, which is what GDB's `kill` does. */
const KILLED_STATUS = 128 + 9;

/** Runs the machine under GDB; the program's exit code, or undefined when GDB killed it. */
async function debugWithGdb(machine: BareMachine, path: string, port: string): Promise<number | undefined> {
  const end = await runUnderGdb(new BareTarget(machine, path), {
    port: parseCount(port, '--gdb'),
    log: (line) => process.stderr.write(`rvnommu: ${line}\n`),
  }).catch((error: unknown) => {
    throw error instanceof GdbListenError ? new UsageError(error.message) : error;
  });
  if (end.kind === 'killed') {
    process.stderr.write(`${path}: killed by the debugger\n`);
    return undefined;
  }
  return exitCodeOf(end);
}

/** Runs the machine with every instruction traced to stderr; the program's exit code. */
async function runTraced(machine: BareMachine, path: string, maxInstructions: number | undefined): Promise<number> {
  const target = new BareTarget(machine, path);
  // Synchronous writes: the trace can be far larger than any buffer, and must interleave with errors in order.
  const tracer = new Tracer(target, (text) => writeSync(2, text));
  const limit = maxInstructions ?? Infinity;
  const hook: InstructionHook = {
    before: (site) => (machine.hart.retired >= limit ? { kind: 'interrupt' } : tracer.before(site)),
  };
  const end = await target.resume({ hook });
  tracer.flush();
  if (end.kind === 'stopped') {
    throw new BareMachineError(`no exit after ${limit} instructions (pc 0x${(machine.hart.pc >>> 0).toString(16)}); tohost was never written`);
  }
  return exitCodeOf(end);
}

function exitCodeOf(end: Exclude<GdbRunEnd, { kind: 'killed' }>): number {
  switch (end.kind) {
    case 'exited': return end.code;
    case 'signalled': throw new BareMachineError(`killed by signal ${end.signal}`);
    case 'failed': throw new BareMachineError(end.message);
  }
}
