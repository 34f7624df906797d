import { MIP_MSIP, MIP_MTIP } from '../cpu/Csr.js';
import type { AccessWidth, MmioDevice } from '../cpu/PhysicalMemory.js';

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;

export interface InterruptSink {
  setInterruptPending(mask: number, pending: boolean): void;
}

/**
 * The core-local interruptor of the SiFive/spike machines: msip, mtimecmp and mtime for hart 0.
 *
 * mtime is not read from a host clock: the machine advances it with the instructions it executes (one tick each)
 * and jumps it forward while the hart waits in WFI. Timer behaviour is therefore deterministic and a program that
 * sleeps in WFI does not make the host wait.
 */
export class Clint implements MmioDevice {
  readonly name = 'clint';
  mtime = 0;
  mtimecmp = 2 ** 64 - 1;
  private msip = 0;

  constructor(private readonly hart: InterruptSink) {}

  advance(ticks: number): void {
    this.mtime += ticks;
    this.update();
  }

  /** While the hart waits for an interrupt, time runs on to the timer deadline (if one is set). */
  skipToDeadline(): void {
    if (this.mtimecmp < 2 ** 64 - 1 && this.mtime < this.mtimecmp) this.mtime = this.mtimecmp;
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
    switch (offset) {
      case MSIP:
        this.msip = value & 1;
        this.hart.setInterruptPending(MIP_MSIP, this.msip !== 0);
        return;
      case MTIMECMP: this.mtimecmp = high(this.mtimecmp) * 2 ** 32 + (value >>> 0); break;
      case MTIMECMP + 4: this.mtimecmp = (value >>> 0) * 2 ** 32 + (this.mtimecmp % 2 ** 32); break;
      case MTIME: this.mtime = high(this.mtime) * 2 ** 32 + (value >>> 0); break;
      case MTIME + 4: this.mtime = (value >>> 0) * 2 ** 32 + (this.mtime % 2 ** 32); break;
      default: return;
    }
    this.update();
  }

  private update(): void {
    this.hart.setInterruptPending(MIP_MTIP, this.mtime >= this.mtimecmp);
  }
}

function low(value: number): number {
  return (value % 2 ** 32) | 0;
}

function high(value: number): number {
  return Math.floor(value / 2 ** 32) | 0;
}
