import {
  CAUSE,
  CSR,
  INTERRUPT_BIT,
  IRQ_MEI,
  IRQ_MSI,
  IRQ_MTI,
  MIE_WRITABLE,
  MIP_MEIP,
  MIP_MSIP,
  MISA_VALUE,
  MSTATUS_MIE,
  MSTATUS_MPIE,
  MSTATUS_MPP,
  MSTATUS_MPP_SHIFT,
  MSTATUS_MPRV,
  MSTATUS_TW,
  MSTATUS_WRITABLE,
  PRIV_M,
  PRIV_U,
} from './Csr.js';
import type { TranslatedCodeHost } from './BlockTranslator.js';
import { CodeCache, DEFAULT_HOT_THRESHOLD } from './CodeCache.js';
import { mulhu } from './mulhu.js';
import {
  ACCESS_FAULT,
  type AccessWidth,
  PAGE_CODE,
  PAGE_FLAGS,
  PAGE_MMIO,
  PAGE_R,
  PAGE_SHIFT,
  PAGE_W,
  PAGE_WATCH,
  PAGE_X,
  PhysicalMemory,
} from './PhysicalMemory.js';

/** Why `Hart.run` returned. */
export enum StopReason {
  /** The instruction budget was used up. */
  Budget = 0,
  /** A trap from U-mode was handed to the host kernel (`userTrapsToHost`); mcause/mepc/mtval describe it. */
  UserTrap = 1,
  /** The hart executed WFI and waits for an interrupt. */
  Wfi = 2,
  /** The host asked the hart to stop (`requestStop`), e.g. a device or the debugger. */
  Requested = 3,
}

const NO_RESERVATION = -1;
const LOAD_FAST = PAGE_R | PAGE_MMIO;
const STORE_FAST = PAGE_W | PAGE_MMIO | PAGE_WATCH | PAGE_CODE;
const FETCH_FAST = PAGE_X | PAGE_MMIO;
const FRAME_MASK = ~PAGE_FLAGS;
const OFFSET_MASK = (1 << PAGE_SHIFT) - 1;

/**
 * One RV32IMA hart with M and U privilege modes, Zicsr and Zifencei.
 *
 * The interpreter loop keeps the hot state in locals and touches memory through the page map (see PhysicalMemory):
 * an aligned access to an ordinary page is one typed-array load for the map entry and one for the data. All other
 * cases are handled by the slow paths, which never allocate.
 *
 * Hot code runs translated (see CodeCache and BlockTranslator) unless `setTranslation(false)` makes the interpreter,
 * the reference, execute everything. Both count steps, retire instructions and take traps identically.
 *
 * A hosted kernel sets `userTrapsToHost`: a trap taken from U-mode then records mcause/mepc/mtval exactly as the
 * hardware would and returns `StopReason.UserTrap` instead of vectoring to mtvec; the kernel plays the M-mode trap
 * handler and resumes the task with `pc` of its choice. That trap boundary is the only kernel <-> CPU interface.
 */
export interface TranslationOptions {
  /** Executions of an entry point before it is translated (default DEFAULT_HOT_THRESHOLD). */
  hotThreshold?: number;
}

export class Hart implements TranslatedCodeHost {
  readonly regs = new Int32Array(32);
  pc = 0;
  priv = PRIV_M;

  mstatus = 0;
  mtvec = 0;
  mepc = 0;
  mcause = 0;
  mtval = 0;
  mscratch = 0;
  mie = 0;
  /** Software-writable interrupt-pending bits; MTIP/MEIP come from devices through `setInterruptPending`. */
  mip = 0;
  mcounteren = 0;
  mhartid = 0;

  /** Instructions retired since reset (also the cycle count: one instruction per cycle). */
  retired = 0;
  /** What software wrote to mcycle/minstret, as 64-bit offsets from `retired`. */
  private cycleOffset = 0n;
  private instretOffset = 0n;
  /** Reads the platform timer (mtime) for the time/timeh CSRs. */
  timeSource: () => number = () => this.retired;

  userTrapsToHost = false;
  reservation = NO_RESERVATION;

  private stopReason: StopReason = StopReason.Budget;
  private stopRequested = false;
  /** Set whenever the loop must leave its fast path after the current instruction. */
  private attention = false;
  /** Instructions of this slice that trapped instead of retiring. */
  private trapsInSlice = 0;
  /** Retired instructions of the running slice that `retired` does not count yet (for counter CSRs). */
  private retiredInSlice = 0;
  private codeCache: CodeCache | null = null;
  /** Steps that translated code executed, out of all those counted by `retired` and the traps. */
  translatedSteps = 0;
  /** See TranslatedCodeHost. */
  exitPc = 0;
  trapTarget = 0;

  constructor(readonly memory: PhysicalMemory, translation: TranslationOptions | false = {}) {
    this.setTranslation(translation);
  }

  /** Turns block translation on (dropping earlier translations) or off: the interpreter then runs everything. */
  setTranslation(options: TranslationOptions | false): void {
    this.codeCache?.clear();
    this.codeCache = options === false ? null : new CodeCache(this, this.memory, options.hotThreshold ?? DEFAULT_HOT_THRESHOLD);
  }

  get translating(): boolean {
    return this.codeCache !== null;
  }

  reset(pc: number): void {
    this.regs.fill(0);
    this.pc = pc | 0;
    this.priv = PRIV_M;
    this.mstatus = 0;
    this.mie = 0;
    this.mip = 0;
    this.mcause = 0;
    this.reservation = NO_RESERVATION;
  }

  /** Instructions retired so far; inside `run` exact only where the slow paths record progress (MMIO, CSRs). */
  get instretNow(): number {
    return this.retired + this.retiredInSlice;
  }

  /** Asks a running `run` to return at the next instruction boundary (safe to call from device callbacks). */
  requestStop(): void {
    this.stopRequested = true;
    this.attention = true;
  }

  /** Devices raise and lower MTIP, MSIP and MEIP here, also from inside `run` (an MMIO store to the CLINT). */
  setInterruptPending(mask: number, pending: boolean): void {
    this.mip = pending ? this.mip | mask : this.mip & ~mask;
    this.attention = true;
  }

  /** Breaks any LR reservation: the kernel calls this on every task switch. */
  clearReservation(): void {
    this.reservation = NO_RESERVATION;
  }

  /** Executes up to `budget` instructions (traps count toward the budget) and says why it stopped. */
  run(budget: number): StopReason {
    const regs = this.regs;
    const mem = this.memory;
    const u8 = mem.u8;
    const i8 = mem.i8;
    const u16 = mem.u16;
    const i16 = mem.i16;
    const i32 = mem.i32;
    let map = this.priv === PRIV_M ? mem.machineMap : mem.userMap;
    let dataMap = this.dataMap();
    const codeCache = this.codeCache;
    let pc = this.pc | 0;
    let steps = 0;

    // The host may have rewritten code since the last slice (loaders, a debugger's breakpoints).
    codeCache?.revalidate();
    this.stopReason = StopReason.Budget;
    this.trapsInSlice = 0;
    this.attention = this.stopRequested;
    if (this.interruptPending()) {
      pc = this.takeInterrupt(pc);
      map = mem.machineMap;
      dataMap = this.dataMap();
    }

    while (steps < budget) {
      let entry = map[pc >>> PAGE_SHIFT];
      if ((entry & FETCH_FAST) !== PAGE_X || (pc & 3) !== 0) {
        // Only jumps can misalign pc and they check their target, so pc & 3 means a bad entry point or mepc.
        steps++;
        pc = this.exception(pc & 3 ? CAUSE.instructionMisaligned : CAUSE.instructionAccessFault, pc, pc);
        if (this.stopReason !== StopReason.Budget) break;
        map = mem.machineMap;
        dataMap = this.dataMap();
        this.attention = this.stopRequested;
        continue;
      }
      const at = (entry & FRAME_MASK) + (pc & OFFSET_MASK);
      // With attention pending (a stop requested before the run) the interpreter runs one instruction and stops.
      const translated = codeCache === null || this.attention ? null : codeCache.lookup(pc, at, budget - steps);
      if (translated !== null) {
        const taken = translated.code(dataMap, budget - steps, steps, translated.block);
        steps += taken;
        this.translatedSteps += taken;
        pc = this.exitPc;
      } else {
        steps++;
        const inst = i32[at >> 2];
        const rd = (inst >> 7) & 31;
        const rs1 = (inst >> 15) & 31;
        const funct3 = (inst >> 12) & 7;
        let next = (pc + 4) | 0;

        switch (inst & 0x7f) {
          case 0x37: // LUI
            regs[rd] = inst & 0xfffff000;
            break;
          case 0x17: // AUIPC
            regs[rd] = (pc + (inst & 0xfffff000)) | 0;
            break;
          case 0x6f: {
            // JAL
            const imm =
              ((inst >> 31) << 20) | (inst & 0xff000) | ((inst >> 9) & 0x800) | ((inst >> 20) & 0x7fe);
            const target = (pc + imm) | 0;
            if (target & 3) {
              next = this.exception(CAUSE.instructionMisaligned, target, pc);
              break;
            }
            regs[rd] = next;
            next = target;
            break;
          }
          case 0x67: {
            // JALR
            if (funct3 !== 0) {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
              break;
            }
            const target = (regs[rs1] + (inst >> 20)) & ~1;
            if (target & 3) {
              next = this.exception(CAUSE.instructionMisaligned, target, pc);
              break;
            }
            regs[rd] = next;
            next = target;
            break;
          }
          case 0x63: {
            // BRANCH
            const a = regs[rs1];
            const b = regs[(inst >> 20) & 31];
            let taken: boolean;
            switch (funct3) {
              case 0: taken = a === b; break;
              case 1: taken = a !== b; break;
              case 4: taken = a < b; break;
              case 5: taken = a >= b; break;
              case 6: taken = a >>> 0 < b >>> 0; break;
              case 7: taken = a >>> 0 >= b >>> 0; break;
              default:
                next = this.exception(CAUSE.illegalInstruction, inst, pc);
                taken = false;
            }
            if (taken) {
              const imm =
                ((inst >> 31) << 12) | ((inst << 4) & 0x800) | ((inst >> 20) & 0x7e0) | ((inst >> 7) & 0x1e);
              const target = (pc + imm) | 0;
              if (target & 3) {
                next = this.exception(CAUSE.instructionMisaligned, target, pc);
              } else {
                next = target;
              }
            }
            break;
          }
          case 0x03: {
            // LOAD
            if (funct3 === 3 || funct3 > 5) {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
              break;
            }
            const addr = (regs[rs1] + (inst >> 20)) | 0;
            entry = dataMap[addr >>> PAGE_SHIFT];
            if ((entry & LOAD_FAST) === PAGE_R && (addr & ((1 << (funct3 & 3)) - 1)) === 0) {
              const at = (entry & FRAME_MASK) + (addr & OFFSET_MASK);
              switch (funct3) {
                case 0: regs[rd] = i8[at]; break;
                case 4: regs[rd] = u8[at]; break;
                case 1: regs[rd] = i16[at >> 1]; break;
                case 5: regs[rd] = u16[at >> 1]; break;
                default: regs[rd] = i32[at >> 2];
              }
              break;
            }
            const value = this.loadSlow(dataMap, addr, funct3, pc, steps - 1);
            if (value === ACCESS_FAULT) next = this.trapTarget;
            else regs[rd] = value;
            break;
          }
          case 0x23: {
            // STORE
            const addr = (regs[rs1] + (((inst >> 20) & ~31) | rd)) | 0;
            const value = regs[(inst >> 20) & 31];
            entry = dataMap[addr >>> PAGE_SHIFT];
            if (funct3 > 2) {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
              break;
            }
            if ((entry & STORE_FAST) === PAGE_W && (addr & ((1 << funct3) - 1)) === 0) {
              const at = (entry & FRAME_MASK) + (addr & OFFSET_MASK);
              if (funct3 === 0) u8[at] = value;
              else if (funct3 === 1) u16[at >> 1] = value;
              else i32[at >> 2] = value;
            } else if (!this.storeSlow(dataMap, addr, funct3, value, pc, steps - 1)) {
              next = this.trapTarget;
            }
            break;
          }
          case 0x13: {
            // OP-IMM
            const a = regs[rs1];
            const imm = inst >> 20;
            switch (funct3) {
              case 0: regs[rd] = (a + imm) | 0; break;
              case 2: regs[rd] = a < imm ? 1 : 0; break;
              case 3: regs[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break;
              case 4: regs[rd] = a ^ imm; break;
              case 6: regs[rd] = a | imm; break;
              case 7: regs[rd] = a & imm; break;
              case 1:
                if (inst >>> 25 !== 0) {
                  next = this.exception(CAUSE.illegalInstruction, inst, pc);
                } else {
                  regs[rd] = a << (imm & 31);
                }
                break;
              case 5:
                if (inst >>> 25 === 0) regs[rd] = a >>> (imm & 31);
                else if (inst >>> 25 === 0x20) regs[rd] = a >> (imm & 31);
                else {
                  next = this.exception(CAUSE.illegalInstruction, inst, pc);
                }
                break;
            }
            break;
          }
          case 0x33: {
            // OP and M extension
            const a = regs[rs1];
            const b = regs[(inst >> 20) & 31];
            const funct7 = inst >>> 25;
            if (funct7 === 0) {
              switch (funct3) {
                case 0: regs[rd] = (a + b) | 0; break;
                case 1: regs[rd] = a << (b & 31); break;
                case 2: regs[rd] = a < b ? 1 : 0; break;
                case 3: regs[rd] = a >>> 0 < b >>> 0 ? 1 : 0; break;
                case 4: regs[rd] = a ^ b; break;
                case 5: regs[rd] = a >>> (b & 31); break;
                case 6: regs[rd] = a | b; break;
                case 7: regs[rd] = a & b; break;
              }
            } else if (funct7 === 0x20 && funct3 === 0) {
              regs[rd] = (a - b) | 0;
            } else if (funct7 === 0x20 && funct3 === 5) {
              regs[rd] = a >> (b & 31);
            } else if (funct7 === 1) {
              switch (funct3) {
                case 0: regs[rd] = Math.imul(a, b); break;
                case 1: regs[rd] = mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0); break;
                case 2: regs[rd] = mulhu(a, b) - (a < 0 ? b : 0); break;
                case 3: regs[rd] = mulhu(a, b); break;
                case 4: regs[rd] = b === 0 ? -1 : a === -0x8000_0000 && b === -1 ? a : (a / b) | 0; break;
                case 5: regs[rd] = b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0; break;
                case 6: regs[rd] = b === 0 ? a : b === -1 ? 0 : a % b; break;
                case 7: regs[rd] = b === 0 ? a : (a >>> 0) % (b >>> 0) | 0; break;
              }
            } else {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
            }
            break;
          }
          case 0x0f: // MISC-MEM: FENCE is a no-op on one hart; FENCE.I makes code written by anyone visible.
            if (funct3 > 1) {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
            } else if (funct3 === 1) {
              codeCache?.revalidate();
            }
            break;
          case 0x2f: {
            // AMO
            next = this.atomic(inst, rd, rs1, pc, next);
            break;
          }
          case 0x73: {
            // SYSTEM
            if (funct3 === 0) {
              if (inst === 0x0000_0073 || inst === 0x0010_0073) {
                const cause = inst === 0x73 ? (this.priv === PRIV_U ? CAUSE.ecallFromU : CAUSE.ecallFromM) : CAUSE.breakpoint;
                next = this.exception(cause, cause === CAUSE.breakpoint ? pc : 0, pc);
              } else if (inst === 0x3020_0073 && this.priv === PRIV_M) {
                next = this.mret();
                if (this.interruptPending()) next = this.takeInterrupt(next);
                this.attention = true;
              } else if (inst === 0x1050_0073 && (this.priv === PRIV_M || (this.mstatus & MSTATUS_TW) === 0)) {
                // WFI stops the slice so the machine can advance time; the interrupt resumes after it. In U-mode
                // (allowed while TW=0) it is a no-op, which the spec permits: a task that waits must ask its kernel.
                if (this.priv === PRIV_M && (this.mip & this.mie) === 0) {
                  this.stopReason = StopReason.Wfi;
                  this.attention = true;
                }
              } else {
                next = this.exception(CAUSE.illegalInstruction, inst, pc);
              }
            } else if (funct3 === 4) {
              next = this.exception(CAUSE.illegalInstruction, inst, pc);
            } else {
              this.retiredInSlice = steps - this.trapsInSlice - 1;
              const csr = inst >>> 20;
              const operand = funct3 & 4 ? rs1 : regs[rs1];
              const op = funct3 & 3;
              const writes = op === 1 || rs1 !== 0;
              const old = this.csrAccess(csr, writes);
              if (old === ACCESS_FAULT) {
                next = this.exception(CAUSE.illegalInstruction, inst, pc);
                break;
              }
              if (writes) {
                const value = op === 1 ? operand : op === 2 ? old | operand : old & ~operand;
                this.writeCsr(csr, value | 0);
                this.attention = true; // mstatus.MPRV/MPP may have changed the data map
              }
              regs[rd] = old;
              if (writes && this.interruptPending()) {
                next = this.takeInterrupt(next);
                this.attention = true;
              }
            }
            break;
          }
          default:
            next = this.exception(CAUSE.illegalInstruction, inst, pc);
        }
        regs[0] = 0;
        pc = next;
      }
      if (this.attention) {
        // Something changed outside the fast path: a trap, an xRET, a device asking us to stop.
        this.attention = false;
        if (this.stopReason !== StopReason.Budget) break;
        if (this.stopRequested) {
          this.stopRequested = false;
          this.stopReason = StopReason.Requested;
          break;
        }
        if (this.interruptPending()) pc = this.takeInterrupt(pc);
        map = this.priv === PRIV_M ? mem.machineMap : mem.userMap;
        dataMap = this.dataMap();
      }
    }

    this.pc = pc;
    this.retired += steps - this.trapsInSlice;
    this.retiredInSlice = 0;
    return this.stopReason;
  }

  /**
   * The slow path of a load (MMIO, misaligned, faulting), for the interpreter and translated code alike. Returns the
   * value, or ACCESS_FAULT after taking the trap, whose handler address is then in `trapTarget`.
   */
  loadSlow(map: Int32Array, addr: number, funct3: number, pc: number, stepsBefore: number): number {
    this.retiredInSlice = stepsBefore - this.trapsInSlice;
    const value = this.memory.slowLoad(map, addr, (1 << (funct3 & 3)) as AccessWidth, funct3 < 4, PAGE_R);
    if (value === ACCESS_FAULT) this.trapTarget = this.exception(CAUSE.loadAccessFault, this.memory.faultAddress, pc);
    return value;
  }

  /** The slow path of a store (MMIO, watched or code pages, misaligned, faulting); false after taking the trap. */
  storeSlow(map: Int32Array, addr: number, funct3: number, value: number, pc: number, stepsBefore: number): boolean {
    this.retiredInSlice = stepsBefore - this.trapsInSlice;
    if (this.memory.slowStore(map, addr, (1 << funct3) as AccessWidth, value)) return true;
    this.trapTarget = this.exception(CAUSE.storeAccessFault, this.memory.faultAddress, pc);
    return false;
  }

  trap(cause: number, tval: number, pc: number): number {
    return this.exception(cause, tval, pc);
  }

  get attentionRequested(): boolean {
    return this.attention;
  }

  codeChanged(): void {
    this.attention = true;
  }

  private atomic(inst: number, rd: number, rs1: number, pc: number, next: number): number {
    const regs = this.regs;
    const mem = this.memory;
    const funct5 = inst >>> 27;
    const addr = regs[rs1];
    const src = regs[(inst >> 20) & 31];
    const map = this.dataMap();
    if (((inst >> 12) & 7) !== 2) return this.exception(CAUSE.illegalInstruction, inst, pc);
    if (funct5 === 0b00010) {
      // LR.W
      if ((inst >> 20) & 31) return this.exception(CAUSE.illegalInstruction, inst, pc);
      if (addr & 3) return this.exception(CAUSE.loadMisaligned, addr, pc);
      const value = mem.slowLoad(map, addr, 4, true, PAGE_R);
      if (value === ACCESS_FAULT) return this.exception(CAUSE.loadAccessFault, mem.faultAddress, pc);
      regs[rd] = value;
      this.reservation = addr;
      return next;
    }
    if (addr & 3) return this.exception(CAUSE.storeMisaligned, addr, pc);
    const entry = map[addr >>> PAGE_SHIFT];
    if ((entry & (PAGE_R | PAGE_W)) !== (PAGE_R | PAGE_W)) return this.exception(CAUSE.storeAccessFault, addr, pc);
    if (funct5 === 0b00011) {
      // SC.W
      const success = this.reservation === addr;
      this.reservation = NO_RESERVATION;
      if (success && !mem.slowStore(map, addr, 4, src)) return this.exception(CAUSE.storeAccessFault, addr, pc);
      regs[rd] = success ? 0 : 1;
      return next;
    }
    const old = mem.slowLoad(map, addr, 4, true, PAGE_R);
    if (old === ACCESS_FAULT) return this.exception(CAUSE.storeAccessFault, addr, pc);
    let value: number;
    switch (funct5) {
      case 0b00001: value = src; break;
      case 0b00000: value = (old + src) | 0; break;
      case 0b00100: value = old ^ src; break;
      case 0b01100: value = old & src; break;
      case 0b01000: value = old | src; break;
      case 0b10000: value = old < src ? old : src; break;
      case 0b10100: value = old > src ? old : src; break;
      case 0b11000: value = old >>> 0 < src >>> 0 ? old : src; break;
      case 0b11100: value = old >>> 0 > src >>> 0 ? old : src; break;
      default:
        return this.exception(CAUSE.illegalInstruction, inst, pc);
    }
    if (!mem.slowStore(map, addr, 4, value)) return this.exception(CAUSE.storeAccessFault, addr, pc);
    regs[rd] = old;
    return next;
  }

  /** Takes a synchronous exception at `pc`; returns where execution continues. */
  private exception(cause: number, tval: number, pc: number): number {
    this.mcause = cause;
    this.mtval = tval | 0;
    this.mepc = pc;
    this.reservation = NO_RESERVATION;
    this.trapsInSlice++;
    this.attention = true;
    if (this.priv === PRIV_U && this.userTrapsToHost) {
      this.stopReason = StopReason.UserTrap;
      return pc;
    }
    return this.enterMachineMode(this.mtvec & ~3);
  }

  private enterMachineMode(target: number): number {
    const mie = this.mstatus & MSTATUS_MIE;
    this.mstatus =
      (this.mstatus & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE)) |
      (this.priv << MSTATUS_MPP_SHIFT) |
      (mie ? MSTATUS_MPIE : 0);
    this.priv = PRIV_M;
    return target | 0;
  }

  /** The page map for loads and stores: with MPRV set, M-mode accesses data with the privilege in MPP. */
  private dataMap(): Int32Array {
    const mem = this.memory;
    if (this.priv === PRIV_M && (this.mstatus & (MSTATUS_MPRV | MSTATUS_MPP)) === MSTATUS_MPRV) return mem.userMap;
    return this.priv === PRIV_M ? mem.machineMap : mem.userMap;
  }

  private mret(): number {
    const mpp = (this.mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
    const mpie = this.mstatus & MSTATUS_MPIE;
    this.mstatus = (this.mstatus & ~(MSTATUS_MPP | MSTATUS_MIE)) | (mpie ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
    if (mpp !== PRIV_M) this.mstatus &= ~MSTATUS_MPRV;
    this.priv = mpp === PRIV_M ? PRIV_M : PRIV_U;
    return this.mepc & ~3;
  }

  private pendingAndEnabled(): number {
    return this.mip & this.mie;
  }

  interruptPending(): boolean {
    if (this.priv === PRIV_M && (this.mstatus & MSTATUS_MIE) === 0) return false;
    if (this.priv === PRIV_U && this.userTrapsToHost) return false;
    return this.pendingAndEnabled() !== 0;
  }

  /** Enters the highest-priority pending interrupt handler (MEI > MSI > MTI); `pc` is the interrupted instruction. */
  private takeInterrupt(pc: number): number {
    const pending = this.pendingAndEnabled();
    const irq = pending & MIP_MEIP ? IRQ_MEI : pending & MIP_MSIP ? IRQ_MSI : IRQ_MTI;
    this.mcause = INTERRUPT_BIT | irq;
    this.mtval = 0;
    this.mepc = pc;
    this.reservation = NO_RESERVATION;
    this.attention = true;
    const base = this.mtvec & ~3;
    return this.enterMachineMode((this.mtvec & 3) === 1 ? base + 4 * irq : base);
  }

  private counterValue(offset: bigint): bigint {
    return BigInt.asUintN(64, BigInt(this.retired + this.retiredInSlice) + offset);
  }

  /**
   * Checks privilege and existence of a CSR and returns its current value, or ACCESS_FAULT when the access is
   * illegal (unknown CSR, insufficient privilege, write to a read-only CSR, counter disabled by mcounteren).
   */
  private csrAccess(csr: number, writes: boolean): number {
    if ((csr >>> 8 & 3) > this.priv) return ACCESS_FAULT;
    if (writes && csr >>> 10 === 3) return ACCESS_FAULT;
    if (csr >= CSR.cycle && csr <= CSR.hpmcounter31h && (csr & 0x7f) < 32) {
      const index = csr & 31;
      if (this.priv === PRIV_U && (this.mcounteren & (1 << index)) === 0) return ACCESS_FAULT;
      const high = csr >= CSR.cycleh;
      let value: bigint;
      if (index === 0) value = this.counterValue(this.cycleOffset);
      else if (index === 1) value = BigInt(Math.floor(this.timeSource()));
      else if (index === 2) value = this.counterValue(this.instretOffset);
      else value = 0n;
      return half(value, high);
    }
    switch (csr) {
      case CSR.mvendorid:
      case CSR.marchid:
      case CSR.mimpid:
      case CSR.mconfigptr:
      case CSR.mstatush:
        return 0;
      case CSR.mhartid: return this.mhartid;
      case CSR.mstatus: return this.mstatus;
      case CSR.misa: return MISA_VALUE;
      case CSR.mie: return this.mie;
      case CSR.mtvec: return this.mtvec;
      case CSR.mcounteren: return this.mcounteren;
      case CSR.mscratch: return this.mscratch;
      case CSR.mepc: return this.mepc;
      case CSR.mcause: return this.mcause;
      case CSR.mtval: return this.mtval;
      case CSR.mip: return this.mip;
      case CSR.mcycle: return half(this.counterValue(this.cycleOffset), false);
      case CSR.mcycleh: return half(this.counterValue(this.cycleOffset), true);
      case CSR.minstret: return half(this.counterValue(this.instretOffset), false);
      case CSR.minstreth: return half(this.counterValue(this.instretOffset), true);
    }
    // PMP with zero entries and unimplemented hardware performance monitors: present, read-only zero (WARL).
    if (csr >= CSR.pmpcfg0 && csr <= CSR.pmpaddr63) return 0;
    if (csr >= CSR.mhpmcounter3 && csr <= CSR.mhpmcounter31) return 0;
    if (csr >= CSR.mhpmcounter3h && csr <= CSR.mhpmcounter31h) return 0;
    if (csr >= CSR.mhpmevent3 && csr <= CSR.mhpmevent31) return 0;
    return ACCESS_FAULT;
  }

  private writeCsr(csr: number, value: number): void {
    switch (csr) {
      case CSR.mstatus: {
        let v = (this.mstatus & ~MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
        // MPP is WARL: only M (3) and U (0) exist.
        const mpp = (v & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
        if (mpp !== PRIV_M && mpp !== PRIV_U) v &= ~MSTATUS_MPP;
        this.mstatus = v;
        break;
      }
      case CSR.mie: this.mie = value & MIE_WRITABLE; break;
      case CSR.mip: break; // MSIP is driven by the CLINT, MTIP/MEIP by devices: none is software-writable here.
      case CSR.mtvec: this.mtvec = (value & 3) >= 2 ? value & ~3 : value; break;
      case CSR.mcounteren: this.mcounteren = value & 7; break;
      case CSR.mscratch: this.mscratch = value; break;
      case CSR.mepc: this.mepc = value & ~3; break;
      case CSR.mcause: this.mcause = value; break;
      case CSR.mtval: this.mtval = value; break;
      case CSR.mcycle: this.cycleOffset = this.replaceHalf(this.cycleOffset, value, false); break;
      case CSR.mcycleh: this.cycleOffset = this.replaceHalf(this.cycleOffset, value, true); break;
      case CSR.minstret: this.instretOffset = this.replaceHalf(this.instretOffset, value, false); break;
      case CSR.minstreth: this.instretOffset = this.replaceHalf(this.instretOffset, value, true); break;
      default: break; // read-only-zero WARL registers
    }
  }

  /** New counter offset so that the counter reads `value` in its low or high word from the next instruction on. */
  private replaceHalf(offset: bigint, value: number, high: boolean): bigint {
    const next = BigInt(this.retired + this.retiredInSlice + 1);
    const now = BigInt.asUintN(64, next + offset);
    const word = BigInt(value >>> 0);
    const wanted = high ? (word << 32n) | (now & 0xffff_ffffn) : (now & ~0xffff_ffffn) | word;
    return wanted - next;
  }
}

/** The low or high 32-bit word of a 64-bit counter, as a register value. */
function half(value: bigint, high: boolean): number {
  return Number(BigInt.asIntN(32, high ? value >> 32n : value));
}
