import type { Kernel } from '../kernel/Kernel.js';
import type { Task } from '../kernel/Task.js';
import type { InstructionHook, StopEvent } from './DebugTarget.js';
import type { GdbStubOptions } from './GdbStub.js';
import { KernelTarget } from './KernelTarget.js';
import { type GdbRunEnd, runPassingSignals, runUnderGdb } from './runUnderGdb.js';
import type { TraceOutput } from './TraceOutput.js';
import { Tracer } from './Tracer.js';

/** How `rvnommu run` runs a loaded program in place of the kernel's own loop (RunOptions.runner). */
export type ProgramRunner = (kernel: Kernel, first: Task, elf: Uint8Array) => Promise<number>;

/** GDB's `kill`, as a wait status. */
const KILLED = 9;
/** The trace's reader went away: the run ends as a program killed by SIGPIPE would. */
const BROKEN_PIPE = 13;

/** `run --gdb PORT`: waits for GDB before the first instruction and serves it; see runUnderGdb. */
export function gdbRunner(path: string, options: GdbStubOptions): ProgramRunner {
  return async (kernel, first, elf) => {
    const end = await runUnderGdb(new KernelTarget(kernel, first, elf, path), options);
    if (end.kind === 'killed') options.log?.(`${path}: killed by the debugger`);
    return waitStatus(end);
  };
}

/**
 * `run --trace`: every instruction of every task (child processes too), each line prefixed with its task id,
 * in the format of `bare --trace`.
 */
export function traceRunner(path: string, output: TraceOutput): ProgramRunner {
  return async (kernel, first, elf) => {
    const target = new KernelTarget(kernel, first, elf, path, { wholeMachine: true });
    const tracer = new Tracer(target, output.write, { showThread: true });
    const hook: InstructionHook = { before: (site) => (output.closed ? { kind: 'interrupt' } : tracer.before(site)) };
    const end = await runPassingSignals(target, hook);
    tracer.flush();
    return output.closed ? BROKEN_PIPE : waitStatus(end);
  };
}

/** The Linux wait status of a run's end. */
function waitStatus(end: GdbRunEnd | StopEvent): number {
  switch (end.kind) {
    case 'exited': return (end.code & 0xff) << 8;
    case 'signalled': return end.signal;
    case 'killed': return KILLED;
    case 'failed': throw new Error(end.message);
    case 'stopped': throw new Error(`the program stopped unexpectedly (${end.cause.kind})`);
  }
}
