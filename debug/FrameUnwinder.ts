/** Frames beyond this are not followed: a corrupt chain must not make `backtrace` run forever. */
const MAX_FRAMES = 64;

export interface UnwindState {
  readonly pc: number;
  readonly ra: number;
  /** s0, the frame pointer. */
  readonly fp: number;
  /** True when pc is a function's first instruction: its frame record does not exist yet. */
  readonly atFunctionEntry: boolean;
}

/**
 * Return addresses of the active calls, innermost first (frame 0 is pc), following the frame-pointer chain of
 * code built with -fno-omit-frame-pointer. The RISC-V frame record: s0 holds the frame's CFA (the caller's sp),
 * the return address is saved at s0-4 and the caller's s0 at s0-8.
 *
 * At a function's first instruction the frame is not set up yet: the caller is in ra and s0 is still the
 * caller's. Elsewhere in a prologue, and in code without frame pointers, the chain is what s0 says it is; the
 * walk stops where a record cannot be read or would not move up the stack.
 */
export function unwindFrames(state: UnwindState, read32: (address: number) => number | undefined): number[] {
  const frames = [state.pc >>> 0];
  if (state.atFunctionEntry) frames.push(state.ra >>> 0);
  let fp = state.fp >>> 0;
  while (frames.length < MAX_FRAMES && fp !== 0 && (fp & 3) === 0 && fp >= 8) {
    const ra = read32(fp - 4);
    const callerFp = read32(fp - 8);
    if (ra === undefined || callerFp === undefined || ra === 0) break;
    frames.push(ra >>> 0);
    if (callerFp >>> 0 <= fp) break; // the caller's frame lies higher on a downward-growing stack
    fp = callerFp >>> 0;
  }
  return frames;
}
