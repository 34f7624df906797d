import { CAUSE } from './Csr.js';
import { mulhu } from './mulhu.js';
import {
  ACCESS_FAULT,
  PAGE_CODE,
  PAGE_FLAGS,
  PAGE_MMIO,
  PAGE_R,
  PAGE_SHIFT,
  PAGE_SIZE,
  PAGE_W,
  PAGE_WATCH,
} from './PhysicalMemory.js';

/**
 * Translates guest code into JavaScript.
 *
 * The unit of translation is a region: the code that has run so far and is reachable from one entry point through
 * direct jumps and branches without leaving the entry's page, cut into basic blocks. The region becomes one JavaScript function: the
 * guest registers it touches live in local variables, each block is a case of a switch inside a loop, and a branch
 * to a block of the same region never leaves the function, so a guest loop runs as a JavaScript loop that V8 compiles
 * to machine code. Control leaves the function only for a target outside the region (an indirect jump, another
 * page, an instruction the translator leaves to the interpreter), a trap, a slow-path access that needs the hart's
 * attention, or a block that does not fit in the remaining budget; the function then writes the registers back and
 * says how many steps it took and where execution continues. Calls and returns within the page stay inside too: an
 * indirect jump (JALR) whose target is the start of one of the region's blocks continues there, and discovery
 * follows the targets of `auipc`/`lui` + `jalr` pairs and the return address after every call.
 *
 * Translated code keeps the interpreter's exact accounting: each block adds its length to the step count before it
 * runs, and a block that stops early (a trap, or a slow path after which the hart must look at interrupts or a stop
 * request) takes back the instructions it did not reach. Loads and stores on ordinary pages are inlined; everything
 * else calls the hart's slow paths, the same ones the interpreter uses. SYSTEM instructions (CSRs, ecall, ebreak,
 * xRET, WFI), atomics, FENCE.I and every encoding that traps are never translated: a region stops before them.
 */

/** Instruction words per page; regions and the code cache index instructions by their slot in the page. */
export const PAGE_SLOTS = PAGE_SIZE >>> 2;
/** Bounds the work of one translation for the JavaScript compiler too. */
const MAX_REGION_INSTRUCTIONS = 512;

const LOAD_FAST = PAGE_R | PAGE_MMIO;
const STORE_FAST = PAGE_W | PAGE_MMIO | PAGE_WATCH | PAGE_CODE;
const FRAME_MASK = ~PAGE_FLAGS;
const OFFSET_MASK = PAGE_FLAGS;

/** What translated code needs from the hart: the registers, and the slow paths shared with the interpreter. */
export interface TranslatedCodeHost {
  readonly regs: Int32Array;
  /** Set when the hart must look at traps, interrupts or stop requests before the next instruction. */
  readonly attentionRequested: boolean;
  /** Where execution continues after the trap that `loadSlow` or `storeSlow` just took. */
  readonly trapTarget: number;
  /** Where execution continues after the translated code that just returned. */
  exitPc: number;
  /** Loads through the slow path; the value, or ACCESS_FAULT after taking the trap. */
  loadSlow(map: Int32Array, addr: number, funct3: number, pc: number, stepsBefore: number): number;
  /** Stores through the slow path; false after taking the trap. */
  storeSlow(map: Int32Array, addr: number, funct3: number, value: number, pc: number, stepsBefore: number): boolean;
  /** Takes a synchronous exception at `pc` and returns where execution continues. */
  trap(cause: number, tval: number, pc: number): number;
  /** Translated code was dropped because the hart overwrote it: whatever runs must leave after this instruction. */
  codeChanged(): void;
}

/** The memory views translated code reads instructions and data through. */
export interface BackingStore {
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
}

/**
 * Runs translated code from the start of `block` with at most `budget` steps; returns the steps taken (at least the
 * block's length, which the caller checked fits) and leaves the next pc in `host.exitPc`. `stepsBefore` is the run's
 * step count so far, so that slow paths can record exactly how many instructions have retired.
 */
export type RegionCode = (dataMap: Int32Array, budget: number, stepsBefore: number, block: number) => number;

/** A basic block of a region: where it starts in the page, and how many instructions it has. */
export interface Block {
  readonly slot: number;
  readonly length: number;
}

export interface Translation {
  /** The instruction slots of the page that the code was made from: [firstSlot, endSlot). */
  readonly firstSlot: number;
  readonly endSlot: number;
  /** Every block is an entry point: `code` starts at the one it is given by index. */
  readonly blocks: readonly Block[];
  readonly code: RegionCode;
  /** The generated JavaScript, for tests and for reading. */
  readonly source: string;
}

const enum Flow {
  /** Left to the interpreter: a region stops before it. */
  Untranslated,
  Straight,
  Branch,
  Jal,
  Jalr,
}

/**
 * Translates the region entered at `entrySlot` of the page at guest address `pagePc`, whose bytes start at
 * `pageOffset` in the backing store. Returns null when the entry instruction itself is left to the interpreter.
 *
 * Only code that has run already (`hasRun`) is followed into. Code that has never run may never do so, and V8 could
 * not optimize it anyway: it has no type feedback for it, so reaching it later would throw the whole function back
 * to V8's bytecode interpreter until it has been compiled again. Such code becomes a region of its own once it is
 * hot.
 */
export function translateRegion(
  host: TranslatedCodeHost,
  store: BackingStore,
  pagePc: number,
  pageOffset: number,
  entrySlot: number,
  hasRun: (slot: number) => boolean,
): Translation | null {
  const words = store.i32.subarray(pageOffset >> 2, (pageOffset >> 2) + PAGE_SLOTS);
  const pcOf = (slot: number) => (pagePc + slot * 4) | 0;
  if (flowOf(words[entrySlot], pcOf(entrySlot)) === Flow.Untranslated) return null;

  // Discovery: follow every direct control transfer that stays in the page, marking block leaders on the way.
  const inRegion = new Uint8Array(PAGE_SLOTS);
  const leader = new Uint8Array(PAGE_SLOTS);
  const pending = [entrySlot];
  leader[entrySlot] = 1;
  let count = 0;
  // A target is a leader even when it is not followed: straight-line code may reach it and must stop there.
  const follow = (slot: number) => {
    if (slot >= 0 && slot < PAGE_SLOTS) {
      leader[slot] = 1;
      if (hasRun(slot)) pending.push(slot);
    }
  };
  while (pending.length > 0) {
    for (let slot = pending.pop()!; slot < PAGE_SLOTS; slot++) {
      if (inRegion[slot]) {
        leader[slot] = 1; // reached again by falling through: another way in
        break;
      }
      const inst = words[slot];
      const flow = flowOf(inst, pcOf(slot));
      if (flow === Flow.Untranslated || count === MAX_REGION_INSTRUCTIONS) break;
      inRegion[slot] = 1;
      count++;
      if (flow === Flow.Branch) {
        follow(slot + (branchOffset(inst) >> 2));
        follow(slot + 1);
        break;
      }
      // A call's return address is followed too: the callee most likely comes back there.
      if (flow === Flow.Jal) {
        follow(slot + (jalOffset(inst) >> 2));
        if (((inst >> 7) & 31) !== 0) follow(slot + 1);
        break;
      }
      if (flow === Flow.Jalr) {
        const target = constantJalrTarget(words, slot, pcOf(slot - 1));
        if (target !== undefined && ((target - pagePc) >>> 0) < PAGE_SIZE) follow((target - pagePc) >>> 2);
        if (((inst >> 7) & 31) !== 0) follow(slot + 1);
        break;
      }
    }
  }

  // Blocks: runs of region instructions that start at a leader and end at a control transfer.
  const blockOf = new Int16Array(PAGE_SLOTS).fill(-1);
  const blockStarts: number[] = [];
  const blocks: Block[] = [];
  let firstSlot = PAGE_SLOTS;
  let endSlot = 0;
  for (let slot = 0; slot < PAGE_SLOTS; slot++) {
    if (!inRegion[slot]) continue;
    firstSlot = Math.min(firstSlot, slot);
    endSlot = slot + 1;
    const previousFlow = slot > 0 && inRegion[slot - 1] ? flowOf(words[slot - 1], pcOf(slot - 1)) : Flow.Untranslated;
    if (leader[slot] || previousFlow !== Flow.Straight) {
      blockOf[slot] = blockStarts.length;
      blockStarts.push(slot);
    }
  }

  const used = new Uint8Array(32);
  const written = new Uint8Array(32);
  const x = (r: number) => {
    used[r] = 1;
    return r === 0 ? '0' : `x${r}`;
  };
  const assign = (rd: number, value: string) => {
    if (rd === 0) return '';
    used[rd] = written[rd] = 1;
    return `x${rd} = ${value};`;
  };
  /** Control transfer to a slot of this page, or to any guest address if `slot` is out of it. */
  const goTo = (slot: number, target: number) =>
    slot >= 0 && slot < PAGE_SLOTS && blockOf[slot] >= 0 ? `b = ${blockOf[slot]}; continue run;` : `next = ${target}; break run;`;

  const body: string[] = [];
  for (let block = 0; block < blockStarts.length; block++) {
    const start = blockStarts[block];
    let end = start + 1;
    while (end < PAGE_SLOTS && inRegion[end] && blockOf[end] < 0) end++;
    const length = end - start;
    blocks.push({ slot: start, length });
    // A block that branches back to its own start (most inner loops) loops in place: the dispatch is not needed.
    const last = words[end - 1];
    const selfLoop = (last & 0x7f) === 0x63 && end - 1 + (branchOffset(last) >> 2) === start;
    body.push(`case ${block}: // 0x${(pcOf(start) >>> 0).toString(16)}`);
    if (selfLoop) body.push(`for (;;) {`);
    body.push(`if (left - n < ${length}) { next = ${pcOf(start)}; break run; }`);
    body.push(`n += ${length};`);
    let open = true;
    for (let slot = start; slot < end; slot++) {
      const inst = words[slot];
      const pc = pcOf(slot);
      /** Leaves after this instruction, taking back the rest of the block from the step count. */
      const leave = (nextPc: string) => `{ ${end - slot - 1 ? `n -= ${end - slot - 1}; ` : ''}next = ${nextPc}; break run; }`;
      const stepsBefore = `done + n - ${end - slot}`;
      const rd = (inst >> 7) & 31;
      const rs1 = (inst >> 15) & 31;
      const rs2 = (inst >> 20) & 31;
      const funct3 = (inst >> 12) & 7;
      const a = x(rs1);
      switch (inst & 0x7f) {
        case 0x37:
          body.push(assign(rd, `${inst & 0xfffff000}`));
          break;
        case 0x17:
          body.push(assign(rd, `${(pc + (inst & 0xfffff000)) | 0}`));
          break;
        case 0x13:
          body.push(assign(rd, opImm(a, inst >> 20, funct3)));
          break;
        case 0x33:
          body.push(assign(rd, op(a, x(rs2), funct3, inst >>> 25)));
          break;
        case 0x0f: // FENCE: nothing to order on one hart
          break;
        case 0x03: {
          const width = 1 << (funct3 & 3);
          const view = ['i8', 'i16', 'i32', '', 'u8', 'u16'][funct3];
          const target = rd === 0 ? 'v' : `x${rd}`;
          if (rd !== 0) used[rd] = written[rd] = 1;
          body.push(
            `a = (${a} + ${inst >> 20}) | 0; e = dm[a >>> 12];`,
            `if ((e & ${LOAD_FAST}) === ${PAGE_R}${width > 1 ? ` && (a & ${width - 1}) === 0` : ''}) ` +
              `${target} = ${view}[((e & ${FRAME_MASK}) | (a & ${OFFSET_MASK}))${width > 1 ? ` >> ${width >> 1}` : ''}];`,
            `else {`,
            `v = h.loadSlow(dm, a, ${funct3}, ${pc}, ${stepsBefore});`,
            `if (v === ${ACCESS_FAULT}) ${leave('h.trapTarget')}`,
            rd === 0 ? '' : `${target} = v;`,
            `if (h.attentionRequested) ${leave(`${(pc + 4) | 0}`)}`,
            `}`,
          );
          break;
        }
        case 0x23: {
          const width = 1 << funct3;
          const view = ['u8', 'u16', 'i32'][funct3];
          const value = x(rs2);
          body.push(
            `a = (${a} + ${((inst >> 20) & ~31) | rd}) | 0; e = dm[a >>> 12];`,
            `if ((e & ${STORE_FAST}) === ${PAGE_W}${width > 1 ? ` && (a & ${width - 1}) === 0` : ''}) ` +
              `${view}[((e & ${FRAME_MASK}) | (a & ${OFFSET_MASK}))${width > 1 ? ` >> ${width >> 1}` : ''}] = ${value};`,
            `else {`,
            `if (!h.storeSlow(dm, a, ${funct3}, ${value}, ${pc}, ${stepsBefore})) ${leave('h.trapTarget')}`,
            `if (h.attentionRequested) ${leave(`${(pc + 4) | 0}`)}`,
            `}`,
          );
          break;
        }
        case 0x63: {
          const target = (pc + branchOffset(inst)) | 0;
          const taken = selfLoop ? 'continue;' : goTo(slot + (branchOffset(inst) >> 2), target);
          body.push(`if (${condition(a, x(rs2), funct3)}) { ${taken} }`);
          if (selfLoop) body.push('break;', '}');
          break;
        }
        case 0x6f: {
          const target = (pc + jalOffset(inst)) | 0;
          body.push(assign(rd, `${(pc + 4) | 0}`), goTo(slot + (jalOffset(inst) >> 2), target));
          open = false;
          break;
        }
        case 0x67:
          // The target is computed before rd is written: rd may be rs1.
          body.push(
            `t = (${a} + ${inst >> 20}) & -2;`,
            `if (t & 2) { next = h.trap(${CAUSE.instructionMisaligned}, t, ${pc}); break run; }`,
            assign(rd, `${(pc + 4) | 0}`),
            `if ((t ^ ${pagePc}) >>> ${PAGE_SHIFT} === 0 && (b = blockOf[(t >>> 2) & ${PAGE_SLOTS - 1}]) >= 0) continue run;`,
            `next = t; break run;`,
          );
          open = false;
          break;
      }
    }
    if (open) {
      // Falls through to the next instruction: the next case, another block, or out of the region.
      if (!(block + 1 < blockStarts.length && blockStarts[block + 1] === end)) body.push(goTo(end, pcOf(end)));
    }
  }

  const registers = [...Array(32).keys()].filter((r) => r !== 0 && used[r]);
  const entryPc = (pcOf(entrySlot) >>> 0).toString(16);
  const source = [
    `return function region_${entryPc}(dm, left, done, b) {`,
    registers.length ? `let ${registers.map((r) => `x${r} = regs[${r}]`).join(', ')};` : '',
    `let n = 0, next = 0, a = 0, e = 0, v = 0, t = 0;`,
    `run: for (;;) switch (b) {`,
    ...body.filter((line) => line !== ''),
    `}`,
    ...registers.filter((r) => written[r]).map((r) => `regs[${r}] = x${r};`),
    `h.exitPc = next;`,
    `return n;`,
    `};`,
  ].join('\n');
  const factory = new Function('h', 'regs', 'u8', 'i8', 'u16', 'i16', 'i32', 'mulhu', 'blockOf', source);
  const code = factory(host, host.regs, store.u8, store.i8, store.u16, store.i16, store.i32, mulhu, blockOf) as RegionCode;
  return { firstSlot, endSlot, blocks, code, source };
}

/** How an instruction transfers control, or Untranslated for what only the interpreter executes. */
function flowOf(inst: number, pc: number): Flow {
  const funct3 = (inst >> 12) & 7;
  const funct7 = inst >>> 25;
  switch (inst & 0x7f) {
    case 0x37:
    case 0x17:
      return Flow.Straight;
    case 0x13:
      if (funct3 === 1) return funct7 === 0 ? Flow.Straight : Flow.Untranslated;
      if (funct3 === 5) return funct7 === 0 || funct7 === 0x20 ? Flow.Straight : Flow.Untranslated;
      return Flow.Straight;
    case 0x33:
      return funct7 === 0 || funct7 === 1 || (funct7 === 0x20 && (funct3 === 0 || funct3 === 5))
        ? Flow.Straight
        : Flow.Untranslated;
    case 0x03:
      return funct3 === 3 || funct3 > 5 ? Flow.Untranslated : Flow.Straight;
    case 0x23:
      return funct3 > 2 ? Flow.Untranslated : Flow.Straight;
    case 0x0f:
      return funct3 === 0 ? Flow.Straight : Flow.Untranslated;
    // A jump or branch to a misaligned constant target is left to the interpreter, which raises the trap.
    case 0x63:
      return funct3 === 2 || funct3 === 3 || ((pc + branchOffset(inst)) & 3) !== 0 ? Flow.Untranslated : Flow.Branch;
    case 0x6f:
      return ((pc + jalOffset(inst)) & 3) !== 0 ? Flow.Untranslated : Flow.Jal;
    case 0x67:
      return funct3 === 0 ? Flow.Jalr : Flow.Untranslated;
    default:
      return Flow.Untranslated;
  }
}

/** The target of the JALR at `slot` when the instruction before it (at `pc`) set its base register to a constant. */
function constantJalrTarget(words: Int32Array, slot: number, pc: number): number | undefined {
  if (slot === 0) return undefined;
  const inst = words[slot];
  const previous = words[slot - 1];
  const base = (inst >> 15) & 31;
  if (base === 0 || ((previous >> 7) & 31) !== base) return undefined;
  const upper = previous & 0xfffff000;
  if ((previous & 0x7f) === 0x17) return (pc + upper + (inst >> 20)) & -2;
  if ((previous & 0x7f) === 0x37) return (upper + (inst >> 20)) & -2;
  return undefined;
}

function branchOffset(inst: number): number {
  return ((inst >> 31) << 12) | ((inst << 4) & 0x800) | ((inst >> 20) & 0x7e0) | ((inst >> 7) & 0x1e);
}

function jalOffset(inst: number): number {
  return ((inst >> 31) << 20) | (inst & 0xff000) | ((inst >> 9) & 0x800) | ((inst >> 20) & 0x7fe);
}

function opImm(a: string, imm: number, funct3: number): string {
  switch (funct3) {
    case 0: return `(${a} + ${imm}) | 0`;
    case 1: return `${a} << ${imm & 31}`;
    case 2: return `${a} < ${imm} ? 1 : 0`;
    case 3: return `${a} >>> 0 < ${imm >>> 0} ? 1 : 0`;
    case 4: return `${a} ^ ${imm}`;
    case 5: return imm & 0x400 ? `${a} >> ${imm & 31}` : `(${a} >>> ${imm & 31}) | 0`;
    case 6: return `${a} | ${imm}`;
    default: return `${a} & ${imm}`;
  }
}

/** OP and the M extension; funct7 is 0, 0x20 or 1 (flowOf let nothing else through). */
function op(a: string, b: string, funct3: number, funct7: number): string {
  if (funct7 === 0x20) return funct3 === 0 ? `(${a} - ${b}) | 0` : `${a} >> ${b}`;
  if (funct7 === 0) {
    switch (funct3) {
      case 0: return `(${a} + ${b}) | 0`;
      case 1: return `${a} << ${b}`;
      case 2: return `${a} < ${b} ? 1 : 0`;
      case 3: return `${a} >>> 0 < ${b} >>> 0 ? 1 : 0`;
      case 4: return `${a} ^ ${b}`;
      case 5: return `(${a} >>> ${b}) | 0`;
      case 6: return `${a} | ${b}`;
      default: return `${a} & ${b}`;
    }
  }
  switch (funct3) {
    case 0: return `Math.imul(${a}, ${b})`;
    case 1: return `(mulhu(${a}, ${b}) - (${a} < 0 ? ${b} : 0) - (${b} < 0 ? ${a} : 0)) | 0`;
    case 2: return `(mulhu(${a}, ${b}) - (${a} < 0 ? ${b} : 0)) | 0`;
    case 3: return `mulhu(${a}, ${b})`;
    case 4: return `${b} === 0 ? -1 : ${a} === -2147483648 && ${b} === -1 ? ${a} : (${a} / ${b}) | 0`;
    case 5: return `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`;
    case 6: return `${b} === 0 ? ${a} : ${b} === -1 ? 0 : (${a} % ${b}) | 0`;
    default: return `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`;
  }
}

function condition(a: string, b: string, funct3: number): string {
  switch (funct3) {
    case 0: return `${a} === ${b}`;
    case 1: return `${a} !== ${b}`;
    case 4: return `${a} < ${b}`;
    case 5: return `${a} >= ${b}`;
    case 6: return `${a} >>> 0 < ${b} >>> 0`;
    default: return `${a} >>> 0 >= ${b} >>> 0`;
  }
}
