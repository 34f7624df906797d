import type { DebugTarget, InstructionHook, StopEvent } from './DebugTarget.js';
import { GdbStub, type GdbStubOptions } from './GdbStub.js';

/** How a program run under GDB ended: on its own (exit, signal, machine failure), or killed from GDB. */
export type GdbRunEnd = Exclude<StopEvent, { kind: 'stopped' }> | { readonly kind: 'killed' };

/**
 * `--gdb PORT` for every command: waits for GDB and serves it; when GDB detaches or disconnects, the program runs
 * on to its end without the debugger. A program that ended while GDB was attached reports that end, even though
 * GDB then sends `kill`.
 */
export async function runUnderGdb(target: DebugTarget, options: GdbStubOptions): Promise<GdbRunEnd> {
  const stub = new GdbStub(target, options);
  await stub.listen();
  let outcome;
  try {
    outcome = await stub.session();
  } finally {
    stub.close();
  }
  if (outcome.last.kind !== 'stopped') return outcome.last;
  if (outcome.how === 'kill') return { kind: 'killed' };
  // A signal the program stopped for when GDB left goes on to it, as gdbserver delivers it at detach.
  const cause = outcome.last.cause;
  let signal = cause.kind === 'signal' ? cause.signal : undefined;
  for (;;) {
    const event = await runPassingSignals(target, undefined, signal);
    if (event.kind !== 'stopped') return event;
    signal = undefined;
  }
}

/**
 * Resumes the target as if no debugger were there (delivering `signal` first, if given), passing on every signal
 * that stops for the debugger and going on after an exec, until the program ends or the hook (if any) stops it.
 */
export async function runPassingSignals(target: DebugTarget, hook?: InstructionHook, signal?: number): Promise<StopEvent> {
  for (;;) {
    const event = await target.resume({ hook, signal });
    if (event.kind !== 'stopped' || (event.cause.kind !== 'signal' && event.cause.kind !== 'exec')) return event;
    signal = event.cause.kind === 'signal' ? event.cause.signal : undefined;
  }
}
