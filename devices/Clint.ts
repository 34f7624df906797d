import { MIP_MSIP, MIP_MTIP } from '../cpu/Csr.js';
import type { AccessWidth, MmioDevice } from '../cpu/PhysicalMemory.js';

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;

export interface ClintHart {
  setInterruptPending(mask: number, pending: boolean): void;
  /** Instructions retired so far, including those of the slice being run. */
  readonly instretNow: number;
  /** Ends the running slice, so that the machine sizes the next one by the new deadline. */
  requestStop(): void;
}

/**
 * The core-local interruptor of the SiFive/spike machines: msip, mtimecmp and mtime for hart 0.
 *
 * mtime is not read from a host clock: it advances exactly one tick per retired instruction (plus whatever the
 * program writes to it, and the time skipped while the hart waits in WFI). Timer behaviour is therefore
 * deterministic, and a program that sleeps in WFI does not make the host wait.
 */
export class Clint implements MmioDevice {
  readonly name = 'clint';
  mtimecmp = 2 ** 64 - 1;
  /** mtime minus the retired-instruction count. */
  private offset = 0;
  private msip = 0;

  constructor(private readonly hart: ClintHart) {}

  get mtime(): number {
    return this.offset + this.hart.instretNow;
  }

  /** Instructions the hart may run before the timer fires (Infinity when no deadline is set). */
  get ticksToDeadline(): number {
    return this.mtimecmp >= 2 ** 64 - 1 ? Infinity : Math.max(0, this.mtimecmp - this.mtime);
  }

  /** Re-evaluates MTIP; the machine calls it between slices. */
  update(): void {
    this.hart.setInterruptPending(MIP_MTIP, this.mtime >= this.mtimecmp);
  }

  /** While the hart waits for an interrupt, time runs on to the timer deadline (if one is set). */
  skipToDeadline(): void {
    if (this.mtimecmp < 2 ** 64 - 1 && this.mtime < this.mtimecmp) this.offset += this.mtimecmp - this.mtime;
    this.update();
  }

  read(offset: number, width: AccessWidth): number {
    if (width !== 4) return 0;
    switch (offset) {
      case MSIP: return this.msip;
      case MTIMECMP: return low(this.mtimecmp);
      case MTIMECMP + 4: return high(this.mtimecmp);
      case MTIME: return low(this.mtime);
      case MTIME + 4: return high(this.mtime);
      default: return 0;
    }
  }

  write(offset: number, width: AccessWidth, value: number): void {
    if (width !== 4) return;
    const mtime = this.mtime;
    switch (offset) {
      case MSIP:
        this.msip = value & 1;
        this.hart.setInterruptPending(MIP_MSIP, this.msip !== 0);
        return;
      case MTIMECMP:
        this.mtimecmp = highUnsigned(this.mtimecmp) * 2 ** 32 + (value >>> 0);
        this.hart.requestStop();
        break;
      case MTIMECMP + 4:
        this.mtimecmp = (value >>> 0) * 2 ** 32 + (this.mtimecmp % 2 ** 32);
        this.hart.requestStop();
        break;
      case MTIME: this.offset += highUnsigned(mtime) * 2 ** 32 + (value >>> 0) - mtime; break;
      case MTIME + 4: this.offset += (value >>> 0) * 2 ** 32 + (mtime % 2 ** 32) - mtime; break;
      default: return;
    }
    this.update();
  }
}

function low(value: number): number {
  return (value % 2 ** 32) | 0;
}

function high(value: number): number {
  return Math.floor(value / 2 ** 32) | 0;
}

function highUnsigned(value: number): number {
  return Math.floor(value / 2 ** 32);
}
