import type { PhysicalMemory } from '../cpu/PhysicalMemory.js';
import { VM_WRITE } from './mm/constants.js';
import { Signal } from './signals.js';
import type { Task } from './Task.js';

export const SIG_DFL = 0;
export const SIG_IGN = 1;
/** SIGCHLD's sa_flags: no SIGCHLD when a child stops or continues. */
export const SA_NOCLDSTOP = 0x1;
export const SA_SIGINFO = 0x4;
export const SA_ONSTACK = 0x0800_0000;
export const SA_RESTART = 0x1000_0000;
export const SA_NODEFER = 0x4000_0000;
export const SA_RESETHAND = 0x8000_0000 | 0;
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;
/** SIGCHLD's si_code: what happened to the child. */
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;
export const SIGINFO_SIZE = 128;

/**
 * The RISC-V rt_sigframe of a no-MMU kernel (arch/riscv/kernel/signal.c): siginfo, then the ucontext (flags,
 * link, stack_t, sigset, 120 bytes of padding, then at a 16-byte boundary the sigcontext: pc and x1-x31, then the
 * 528-byte FP state, unused on RV32IMA), then two instructions (li a7, rt_sigreturn; ecall) that the handler
 * returns into, because without an MMU there is no vDSO to hold them.
 */
const UC = SIGINFO_SIZE;
const UC_STACK = UC + 8;
const UC_SIGMASK = UC + 20;
const UC_MCONTEXT = UC + 160;
const FP_STATE_SIZE = 528;
const SIGRETURN_CODE = UC_MCONTEXT + 128 + FP_STATE_SIZE;
const FRAME_SIZE = SIGRETURN_CODE + 8;
const LI_A7_SIGRETURN = 0x08b0_0893;
const ECALL = 0x0000_0073;

/** Signals that no handler, mask or SIG_IGN can stop. */
export function isUnblockable(signal: number): boolean {
  return signal === Signal.SIGKILL || signal === Signal.SIGSTOP;
}

/** Bit of `signal` in a two-word sigset. */
export function inSet(set: Int32Array, signal: number): boolean {
  return (set[(signal - 1) >> 5] & (1 << ((signal - 1) & 31))) !== 0;
}

export function addToSet(set: Int32Array, signal: number): void {
  set[(signal - 1) >> 5] |= 1 << ((signal - 1) & 31);
}

export interface SignalAction {
  handler: number;
  flags: number;
  mask: Int32Array;
}

/** The task's action for `signal` (struct sigaction: handler, flags, 64-bit mask). */
export function actionOf(task: Task, signal: number): SignalAction {
  const raw = task.sigactions.get(signal);
  if (!raw) return { handler: SIG_DFL, flags: 0, mask: new Int32Array(2) };
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return {
    handler: view.getUint32(0, true),
    flags: view.getInt32(4, true),
    mask: new Int32Array([view.getInt32(8, true), view.getInt32(12, true)]),
  };
}

/** A siginfo for a signal sent by a process (kill, tgkill) or raised by the kernel for a fault. */
export function makeSiginfo(signal: number, code: number, fields: { pid?: number; addr?: number } = {}): Uint8Array {
  const info = new DataView(new ArrayBuffer(SIGINFO_SIZE));
  info.setInt32(0, signal, true);
  info.setInt32(8, code, true);
  if (fields.pid !== undefined) info.setInt32(12, fields.pid, true);
  if (fields.addr !== undefined) info.setUint32(12, fields.addr >>> 0, true);
  return new Uint8Array(info.buffer);
}

/**
 * Builds the signal frame on the task's stack and points the task at the handler: a0 = signal, a1 = &info,
 * a2 = &ucontext, ra = the sigreturn trampoline in the frame. Returns false if the frame does not fit in a
 * writable mapping (the caller then kills the task with SIGSEGV, as Linux's force_sigsegv does).
 */
export function setupFrame(task: Task, physical: PhysicalMemory, signal: number, info: Uint8Array, action: SignalAction, savedMask: Int32Array): boolean {
  const onAltStack = action.flags & SA_ONSTACK && task.altStack.size > 0 && !onStack(task, task.regs[2]);
  const top = onAltStack ? task.altStack.sp + task.altStack.size : task.regs[2] >>> 0;
  const frame = ((top - FRAME_SIZE) & ~15) >>> 0;
  const area = task.mm.find(frame);
  if (!area || !(area.flags & VM_WRITE) || frame + FRAME_SIZE > area.end) return false;

  const at = physical.backingOffsetOfRange(frame, FRAME_SIZE);
  const bytes = physical.u8.subarray(at, at + FRAME_SIZE);
  bytes.fill(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, FRAME_SIZE);
  bytes.set(info, 0);
  view.setUint32(UC_STACK, task.altStack.sp, true);
  view.setInt32(UC_STACK + 4, task.altStack.size === 0 ? 2 /* SS_DISABLE */ : onStack(task, task.regs[2]) ? 1 : 0, true);
  view.setUint32(UC_STACK + 8, task.altStack.size, true);
  view.setInt32(UC_SIGMASK, savedMask[0], true);
  view.setInt32(UC_SIGMASK + 4, savedMask[1], true);
  view.setInt32(UC_MCONTEXT, task.pc, true);
  for (let r = 1; r < 32; r++) view.setInt32(UC_MCONTEXT + 4 * r, task.regs[r], true);
  view.setUint32(SIGRETURN_CODE, LI_A7_SIGRETURN, true);
  view.setUint32(SIGRETURN_CODE + 4, ECALL, true);

  task.regs[1] = frame + SIGRETURN_CODE;
  task.regs[2] = frame;
  task.regs[10] = signal;
  task.regs[11] = frame;
  task.regs[12] = frame + UC;
  task.pc = action.handler;
  return true;
}

/** rt_sigreturn: restores registers and the signal mask from the frame at sp; returns the restored a0. */
export function restoreFrame(task: Task, physical: PhysicalMemory): number | undefined {
  const frame = task.regs[2] >>> 0;
  const area = task.mm.find(frame);
  if (!area || frame + FRAME_SIZE > area.end) return undefined;
  const at = physical.backingOffsetOfRange(frame, FRAME_SIZE);
  const view = new DataView(physical.u8.buffer, at, FRAME_SIZE);
  task.sigmask[0] = view.getInt32(UC_SIGMASK, true) & ~((1 << (Signal.SIGKILL - 1)) | (1 << (Signal.SIGSTOP - 1)));
  task.sigmask[1] = view.getInt32(UC_SIGMASK + 4, true);
  task.pc = view.getInt32(UC_MCONTEXT, true);
  for (let r = 1; r < 32; r++) task.regs[r] = view.getInt32(UC_MCONTEXT + 4 * r, true);
  return task.regs[10];
}

function onStack(task: Task, sp: number): boolean {
  const base = task.altStack.sp;
  return task.altStack.size > 0 && sp >>> 0 > base && sp >>> 0 <= base + task.altStack.size;
}
