/**
 * RV32IMA + Zicsr + Zifencei disassembler whose text is exactly what `llvm-objdump-14 -d --mattr=+m,+a` prints
 * (its default alias forms: li, mv, ret, j, beqz, csrr, rdcycle...), so that a trace can be diffed against a listing.
 *
 * Operands follow llvm-objdump: ABI register names, decimal immediates, lui/auipc as the unsigned 20-bit field,
 * branch and jal targets as the absolute address in hex. Undecodable words give `<unknown>`; nothing throws.
 */

export interface DisassembleOptions {
  /** Names a branch or jal target for the ` <label>` llvm-objdump appends, e.g. `main+0x1c`; undefined for none. */
  symbolize?: (address: number) => string | undefined;
}

export const UNKNOWN = '<unknown>';

const REG = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** Only for fmv.x.w and fmv.w.x, the two F instructions llvm-objdump-14 decodes even without the F extension. */
const FREG = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BYTE.push((i < 16 ? '0' : '') + i.toString(16));

/** Eight lowercase hex digits, from a table rather than toString(16) + padStart. */
function hex8(value: number): string {
  return (
    HEX_BYTE[value >>> 24] + HEX_BYTE[(value >>> 16) & 255] + HEX_BYTE[(value >>> 8) & 255] + HEX_BYTE[value & 255]
  );
}

/** Every CSR name llvm-objdump-14 prints for rv32 (user, supervisor, hypervisor, machine, debug, vector). */
const CSR_NAMES: (string | undefined)[] = new Array(4096);
const NAMED_CSRS: [number, string][] = [
  [0x000, 'ustatus'], [0x001, 'fflags'], [0x002, 'frm'], [0x003, 'fcsr'], [0x004, 'uie'], [0x005, 'utvec'],
  [0x008, 'vstart'], [0x009, 'vxsat'], [0x00a, 'vxrm'], [0x00f, 'vcsr'], [0x015, 'seed'],
  [0x040, 'uscratch'], [0x041, 'uepc'], [0x042, 'ucause'], [0x043, 'utval'], [0x044, 'uip'],
  [0x100, 'sstatus'], [0x102, 'sedeleg'], [0x103, 'sideleg'], [0x104, 'sie'], [0x105, 'stvec'],
  [0x106, 'scounteren'], [0x10a, 'senvcfg'], [0x140, 'sscratch'], [0x141, 'sepc'], [0x142, 'scause'],
  [0x143, 'stval'], [0x144, 'sip'], [0x14d, 'stimecmp'], [0x15d, 'stimecmph'], [0x180, 'satp'],
  [0x200, 'vsstatus'], [0x204, 'vsie'], [0x205, 'vstvec'], [0x240, 'vsscratch'], [0x241, 'vsepc'],
  [0x242, 'vscause'], [0x243, 'vstval'], [0x244, 'vsip'], [0x24d, 'vstimecmp'], [0x25d, 'vstimecmph'],
  [0x280, 'vsatp'],
  [0x300, 'mstatus'], [0x301, 'misa'], [0x302, 'medeleg'], [0x303, 'mideleg'], [0x304, 'mie'], [0x305, 'mtvec'],
  [0x306, 'mcounteren'], [0x30a, 'menvcfg'], [0x310, 'mstatush'], [0x31a, 'menvcfgh'], [0x320, 'mcountinhibit'],
  [0x340, 'mscratch'], [0x341, 'mepc'], [0x342, 'mcause'], [0x343, 'mtval'], [0x344, 'mip'], [0x34a, 'mtinst'],
  [0x34b, 'mtval2'], [0x5a8, 'scontext'],
  [0x600, 'hstatus'], [0x602, 'hedeleg'], [0x603, 'hideleg'], [0x604, 'hie'], [0x605, 'htimedelta'],
  [0x606, 'hcounteren'], [0x607, 'hgeie'], [0x60a, 'henvcfg'], [0x615, 'htimedeltah'], [0x61a, 'henvcfgh'],
  [0x643, 'htval'], [0x644, 'hip'], [0x645, 'hvip'], [0x64a, 'htinst'], [0x680, 'hgatp'], [0x6a8, 'hcontext'],
  [0x747, 'mseccfg'], [0x757, 'mseccfgh'], [0x7a0, 'tselect'], [0x7a1, 'tdata1'], [0x7a2, 'tdata2'],
  [0x7a3, 'tdata3'], [0x7a8, 'mcontext'], [0x7b0, 'dcsr'], [0x7b1, 'dpc'], [0x7b2, 'dscratch0'], [0x7b3, 'dscratch1'],
  [0xb00, 'mcycle'], [0xb02, 'minstret'], [0xb80, 'mcycleh'], [0xb82, 'minstreth'],
  [0xc00, 'cycle'], [0xc01, 'time'], [0xc02, 'instret'], [0xc20, 'vl'], [0xc21, 'vtype'], [0xc22, 'vlenb'],
  [0xc80, 'cycleh'], [0xc81, 'timeh'], [0xc82, 'instreth'], [0xda0, 'scountovf'], [0xe12, 'hgeip'],
  [0xf11, 'mvendorid'], [0xf12, 'marchid'], [0xf13, 'mimpid'], [0xf14, 'mhartid'], [0xf15, 'mconfigptr'],
];
/** Numbered families: [CSR of the first, prefix, first index, last index, suffix]. */
const NUMBERED_CSRS: [number, string, number, number, string][] = [
  [0x10c, 'sstateen', 0, 3, ''], [0x30c, 'mstateen', 0, 3, ''], [0x31c, 'mstateen', 0, 3, 'h'],
  [0x60c, 'hstateen', 0, 3, ''], [0x61c, 'hstateen', 0, 3, 'h'],
  [0x323, 'mhpmevent', 3, 31, ''], [0x723, 'mhpmevent', 3, 31, 'h'],
  [0x3a0, 'pmpcfg', 0, 15, ''], [0x3b0, 'pmpaddr', 0, 63, ''],
  [0xb03, 'mhpmcounter', 3, 31, ''], [0xb83, 'mhpmcounter', 3, 31, 'h'],
  [0xc03, 'hpmcounter', 3, 31, ''], [0xc83, 'hpmcounter', 3, 31, 'h'],
];
for (const [csr, name] of NAMED_CSRS) CSR_NAMES[csr] = name;
for (const [csr, prefix, first, last, suffix] of NUMBERED_CSRS) {
  for (let i = first; i <= last; i++) CSR_NAMES[csr + i - first] = prefix + i + suffix;
}

/** The name llvm-objdump gives a CSR, or its number in decimal. */
export function csrName(csr: number): string {
  return CSR_NAMES[csr] ?? String(csr);
}

/** `rdcycle rd` and friends: the csrrs rd, csr, zero forms with their own mnemonic. */
const COUNTER_READS: Record<number, string> = {
  0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret', 0xc80: 'rdcycleh', 0xc81: 'rdtimeh', 0xc82: 'rdinstreth',
};

const BRANCH = ['beq', 'bne', '', '', 'blt', 'bge', 'bltu', 'bgeu'];
const LOAD = ['lb', 'lh', 'lw', '', 'lbu', 'lhu', '', ''];
const STORE = ['sb', 'sh', 'sw', '', '', '', '', ''];
const OP_IMM = ['addi', 'slli', 'slti', 'sltiu', 'xori', 'srli', 'ori', 'andi'];
const OP = ['add', 'sll', 'slt', 'sltu', 'xor', 'srl', 'or', 'and'];
const OP_MUL = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const CSR_OP = ['', 'csrrw', 'csrrs', 'csrrc', '', 'csrrwi', 'csrrsi', 'csrrci'];
/** The rd = zero forms of CSR_OP. */
const CSR_WRITE = ['', 'csrw', 'csrs', 'csrc', '', 'csrwi', 'csrsi', 'csrci'];
/** AMO mnemonics by funct5; lr.w and sc.w are handled apart. */
const AMO: Record<number, string> = {
  0x00: 'amoadd.w', 0x01: 'amoswap.w', 0x04: 'amoxor.w', 0x08: 'amoor.w', 0x0c: 'amoand.w',
  0x10: 'amomin.w', 0x14: 'amomax.w', 0x18: 'amominu.w', 0x1c: 'amomaxu.w',
};
const AQ_RL = ['', '.rl', '.aq', '.aqrl'];
/** Fence predecessor/successor sets by their 4-bit field; llvm-objdump-14 prints an empty set as `unknown`. */
const FENCE_SET = [
  'unknown', 'w', 'r', 'rw', 'o', 'ow', 'or', 'orw', 'i', 'iw', 'ir', 'irw', 'io', 'iow', 'ior', 'iorw',
];

/** The whole-word SYSTEM instructions. */
const SYSTEM_WORDS: Record<number, string> = {
  0x00000073: 'ecall', 0x00100073: 'ebreak', 0x00200073: 'uret', 0x10200073: 'sret', 0x30200073: 'mret',
  0x7b200073: 'dret', 0x10500073: 'wfi',
};

function target(pc: number, offset: number, options: DisassembleOptions | undefined): string {
  const address = (pc + offset) >>> 0;
  const text = '0x' + address.toString(16);
  const label = options?.symbolize?.(address);
  return label === undefined ? text : text + ' <' + label + '>';
}

/** One instruction in llvm-objdump's text: mnemonic, a tab, operands. */
export function disassemble(inst: number, pc: number, options?: DisassembleOptions): string {
  inst >>>= 0; // callers hold words as int32 or uint32; the whole-word comparisons below use uint32
  const rd = (inst >>> 7) & 31;
  const funct3 = (inst >>> 12) & 7;
  const rs1 = (inst >>> 15) & 31;
  const rs2 = (inst >>> 20) & 31;
  const funct7 = inst >>> 25;
  const immI = inst >> 20;

  switch (inst & 0x7f) {
    case 0x37:
      return 'lui\t' + REG[rd] + ', ' + (inst >>> 12);
    case 0x17:
      return 'auipc\t' + REG[rd] + ', ' + (inst >>> 12);
    case 0x6f: {
      const offset =
        ((inst >> 31) << 20) | (inst & 0xff000) | (((inst >>> 20) & 1) << 11) | (((inst >>> 21) & 0x3ff) << 1);
      if (rd === 0) return 'j\t' + target(pc, offset, options);
      if (rd === 1) return 'jal\t' + target(pc, offset, options);
      return 'jal\t' + REG[rd] + ', ' + target(pc, offset, options);
    }
    case 0x67:
      if (funct3 !== 0) return UNKNOWN;
      if (immI === 0) {
        if (rd === 0) return rs1 === 1 ? 'ret' : 'jr\t' + REG[rs1];
        return rd === 1 ? 'jalr\t' + REG[rs1] : 'jalr\t' + REG[rd] + ', ' + REG[rs1];
      }
      if (rd === 0) return 'jr\t' + immI + '(' + REG[rs1] + ')';
      if (rd === 1) return 'jalr\t' + immI + '(' + REG[rs1] + ')';
      return 'jalr\t' + REG[rd] + ', ' + immI + '(' + REG[rs1] + ')';
    case 0x63: {
      const name = BRANCH[funct3];
      if (name === '') return UNKNOWN;
      const offset = ((inst >> 31) << 12) | ((rd & 1) << 11) | ((funct7 & 0x3f) << 5) | (rd & 0x1e);
      const to = target(pc, offset, options);
      if (funct3 <= 1 && rs2 === 0) return name + 'z\t' + REG[rs1] + ', ' + to;
      if (funct3 === 5 && rs1 === 0) return 'blez\t' + REG[rs2] + ', ' + to;
      if (funct3 === 5 && rs2 === 0) return 'bgez\t' + REG[rs1] + ', ' + to;
      if (funct3 === 4 && rs2 === 0) return 'bltz\t' + REG[rs1] + ', ' + to;
      if (funct3 === 4 && rs1 === 0) return 'bgtz\t' + REG[rs2] + ', ' + to;
      return name + '\t' + REG[rs1] + ', ' + REG[rs2] + ', ' + to;
    }
    case 0x03: {
      const name = LOAD[funct3];
      return name === '' ? UNKNOWN : name + '\t' + REG[rd] + ', ' + immI + '(' + REG[rs1] + ')';
    }
    case 0x23: {
      const name = STORE[funct3];
      const offset = ((inst >> 25) << 5) | rd;
      return name === '' ? UNKNOWN : name + '\t' + REG[rs2] + ', ' + offset + '(' + REG[rs1] + ')';
    }
    case 0x13:
      switch (funct3) {
        case 0:
          if (rs1 === 0) return rd === 0 && immI === 0 ? 'nop' : 'li\t' + REG[rd] + ', ' + immI;
          if (immI === 0) return 'mv\t' + REG[rd] + ', ' + REG[rs1];
          break;
        case 3:
          if (immI === 1) return 'seqz\t' + REG[rd] + ', ' + REG[rs1];
          break;
        case 4:
          if (immI === -1) return 'not\t' + REG[rd] + ', ' + REG[rs1];
          break;
        // llvm-objdump-14 decodes a 6-bit shift amount even for rv32, so `slli a0, a0, 32` is printed, not unknown.
        case 1:
          return inst >>> 26 === 0 ? 'slli\t' + REG[rd] + ', ' + REG[rs1] + ', ' + (immI & 63) : UNKNOWN;
        case 5:
          if (inst >>> 26 === 0) return 'srli\t' + REG[rd] + ', ' + REG[rs1] + ', ' + (immI & 63);
          return inst >>> 26 === 0x10 ? 'srai\t' + REG[rd] + ', ' + REG[rs1] + ', ' + (immI & 63) : UNKNOWN;
      }
      return OP_IMM[funct3] + '\t' + REG[rd] + ', ' + REG[rs1] + ', ' + immI;
    case 0x33:
      if (funct7 === 1) return OP_MUL[funct3] + '\t' + REG[rd] + ', ' + REG[rs1] + ', ' + REG[rs2];
      if (funct7 === 0x20) {
        if (funct3 === 0 && rs1 === 0) return 'neg\t' + REG[rd] + ', ' + REG[rs2];
        if (funct3 === 0) return 'sub\t' + REG[rd] + ', ' + REG[rs1] + ', ' + REG[rs2];
        return funct3 === 5 ? 'sra\t' + REG[rd] + ', ' + REG[rs1] + ', ' + REG[rs2] : UNKNOWN;
      }
      if (funct7 !== 0) return UNKNOWN;
      if (funct3 === 2 && rs2 === 0) return 'sltz\t' + REG[rd] + ', ' + REG[rs1];
      if (funct3 === 2 && rs1 === 0) return 'sgtz\t' + REG[rd] + ', ' + REG[rs2];
      if (funct3 === 3 && rs1 === 0) return 'snez\t' + REG[rd] + ', ' + REG[rs2];
      return OP[funct3] + '\t' + REG[rd] + ', ' + REG[rs1] + ', ' + REG[rs2];
    case 0x0f:
      // rd, rs1 and unused fm values are reserved: llvm-objdump-14 shows a fence with any of them set as unknown.
      if ((inst & 0x000f8f80) !== 0) return UNKNOWN;
      if (funct3 === 1) return inst === 0x100f ? 'fence.i' : UNKNOWN;
      if (inst === 0x8330000f) return 'fence.tso';
      if (funct3 !== 0 || inst >>> 28 !== 0) return UNKNOWN;
      if (inst === 0x0ff0000f) return 'fence';
      return 'fence\t' + FENCE_SET[(inst >>> 24) & 15] + ', ' + FENCE_SET[(inst >>> 20) & 15];
    case 0x2f: {
      if (funct3 !== 2) return UNKNOWN;
      const funct5 = inst >>> 27;
      const suffix = AQ_RL[(inst >>> 25) & 3];
      if (funct5 === 0x02) return rs2 === 0 ? 'lr.w' + suffix + '\t' + REG[rd] + ', (' + REG[rs1] + ')' : UNKNOWN;
      const name = funct5 === 0x03 ? 'sc.w' : AMO[funct5];
      if (name === undefined) return UNKNOWN;
      return name + suffix + '\t' + REG[rd] + ', ' + REG[rs2] + ', (' + REG[rs1] + ')';
    }
    case 0x53:
      // Matching the listing here also makes a trap on F code recognisable in a trace of this F-less hart.
      if (funct3 !== 0 || rs2 !== 0) return UNKNOWN;
      if (funct7 === 0x70) return 'fmv.x.w\t' + REG[rd] + ', ' + FREG[rs1];
      return funct7 === 0x78 ? 'fmv.w.x\t' + FREG[rd] + ', ' + REG[rs1] : UNKNOWN;
    case 0x73: {
      if (funct3 === 0) {
        if (rd === 0 && funct7 === 0x09) {
          if (rs2 !== 0) return 'sfence.vma\t' + REG[rs1] + ', ' + REG[rs2];
          return rs1 === 0 ? 'sfence.vma' : 'sfence.vma\t' + REG[rs1];
        }
        return SYSTEM_WORDS[inst] ?? UNKNOWN;
      }
      if (funct3 === 4) return UNKNOWN;
      if (inst === 0xc0001073) return 'unimp';
      const csr = inst >>> 20;
      // The immediate forms (funct3 >= 5) carry a 5-bit immediate where the others name rs1.
      const source = funct3 >= 5 ? String(rs1) : REG[rs1];
      if (funct3 === 2 && rs1 === 0) {
        const counter = COUNTER_READS[csr];
        return counter === undefined ? 'csrr\t' + REG[rd] + ', ' + csrName(csr) : counter + '\t' + REG[rd];
      }
      if (rd === 0) return CSR_WRITE[funct3] + '\t' + csrName(csr) + ', ' + source;
      return CSR_OP[funct3] + '\t' + REG[rd] + ', ' + csrName(csr) + ', ' + source;
    }
  }
  return UNKNOWN;
}

/** A trace or debugger line: `80000000: 00000513  li\ta0, 0`. */
export function formatInstruction(inst: number, pc: number, options?: DisassembleOptions): string {
  return hex8(pc) + ': ' + hex8(inst) + '  ' + disassemble(inst, pc, options);
}
