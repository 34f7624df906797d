/** The data access an instruction is about to make, for watchpoints; decoded before it executes. */
export interface MemoryAccess {
  address: number;
  width: number;
  reads: boolean;
  writes: boolean;
}

/**
 * Fills `access` with the load, store or AMO that `inst` would perform given the registers, and returns true; false
 * for an instruction that touches no data memory (or is not a valid load/store/AMO, which traps instead).
 * Only the effective address is computed: whether the access would fault is the hart's business.
 */
export function decodeMemoryAccess(inst: number, regs: Int32Array, access: MemoryAccess): boolean {
  const funct3 = (inst >>> 12) & 7;
  const base = regs[(inst >>> 15) & 31];
  switch (inst & 0x7f) {
    case 0x03: // LOAD: lb lh lw lbu lhu
      if (funct3 === 3 || funct3 > 5) return false;
      return fill(access, base + (inst >> 20), 1 << (funct3 & 3), true, false);
    case 0x23: // STORE: sb sh sw
      if (funct3 > 2) return false;
      return fill(access, base + (((inst >> 25) << 5) | ((inst >>> 7) & 31)), 1 << funct3, false, true);
    case 0x2f: {
      if (funct3 !== 2) return false;
      const funct5 = inst >>> 27;
      if (funct5 === 0b00010) return fill(access, base, 4, true, false); // LR.W
      if (funct5 === 0b00011) return fill(access, base, 4, false, true); // SC.W (may fail and write nothing)
      return fill(access, base, 4, true, true); // AMO*.W read, modify and write
    }
    default:
      return false;
  }
}

function fill(access: MemoryAccess, address: number, width: number, reads: boolean, writes: boolean): true {
  access.address = address >>> 0;
  access.width = width;
  access.reads = reads;
  access.writes = writes;
  return true;
}
