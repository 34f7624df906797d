import { type Block, PAGE_SLOTS, type RegionCode, type TranslatedCodeHost, translateRegion } from './BlockTranslator.js';
import { PAGE_FLAGS, PAGE_SHIFT, type PhysicalMemory } from './PhysicalMemory.js';

/** Executions of an entry point before it is translated: compiling is only worth it for code that keeps running. */
export const DEFAULT_HOT_THRESHOLD = 50;
/** Heat of an entry point whose first instruction the translator leaves to the interpreter. */
const NEVER = 255;

/** One translated region, with a copy of the instruction words it was made from. */
interface Region {
  readonly firstSlot: number;
  readonly words: Int32Array;
  readonly blocks: readonly Block[];
  /** The cache's epoch when the words were last found unchanged in memory. */
  checkedEpoch: number;
}

/** A way into translated code: the start of one of a region's blocks. */
export interface Entry {
  readonly region: Region;
  readonly code: RegionCode;
  readonly block: number;
  readonly length: number;
}

/** The translations and execution counts of one page of code, indexed by instruction slot. */
class CodePage {
  readonly entries: (Entry | undefined)[] = new Array(PAGE_SLOTS).fill(undefined);
  /** Executions of slots that no region covers, and NEVER for those whose instruction stays interpreted. */
  readonly heat = new Uint8Array(PAGE_SLOTS);
  /** Slots inside some region: entering there mid-block is rare (the end of a slice) and not worth a translation. */
  readonly covered = new Uint8Array(PAGE_SLOTS);
  regions: Region[] = [];

  /** `pc` is the guest address of the page, `offset` where it starts in the backing store. */
  constructor(readonly pc: number, readonly offset: number) {}
}

/**
 * The code cache: translations of hot code, found by where the code lies in physical memory.
 *
 * The interpreter asks `lookup` before every instruction it would execute. Each instruction address outside the
 * regions translated so far counts its executions; the first to reach the threshold becomes the entry of a new
 * region (see BlockTranslator), and from then on `lookup` returns an entry into that region's code at the start of
 * every block of the region.
 *
 * Translations must never outlive the code they were made from:
 * - the hart's own stores: a page holding translations is marked PAGE_CODE, so every store to it takes the slow
 *   path and is reported here; regions overlapping the stored bytes are dropped at once, so translated code sees
 *   self-modifying code exactly as the interpreter does;
 * - writes the page map cannot see: the host (program loaders, read(2) into memory, a debugger planting
 *   breakpoints) writes the backing store directly between two `Hart.run` calls, and a device may program memory
 *   during one. `revalidate` (called at the start of every run and by FENCE.I) starts a new epoch, and a region is
 *   compared with the memory it was made from the first time it runs in an epoch.
 */
export class CodeCache {
  private readonly pages: (CodePage | undefined)[];
  private epoch = 0;

  constructor(
    private readonly host: TranslatedCodeHost,
    private readonly memory: PhysicalMemory,
    readonly hotThreshold = DEFAULT_HOT_THRESHOLD,
  ) {
    if (hotThreshold < 1 || hotThreshold >= NEVER) throw new RangeError(`hot threshold ${hotThreshold} out of range`);
    this.pages = new Array(memory.backingSize >>> PAGE_SHIFT).fill(undefined);
    memory.codeWatcher = (addr, width) => this.codeWritten(addr, width);
  }

  /**
   * The code to run at `pc`, which lies at `offset` in the backing store, when its first block fits in `budget`
   * steps; null means: interpret one instruction.
   */
  lookup(pc: number, offset: number, budget: number): Entry | null {
    let page = this.pages[offset >>> PAGE_SHIFT];
    if (page === undefined) {
      page = new CodePage(pc & ~PAGE_FLAGS, offset & ~PAGE_FLAGS);
      this.pages[offset >>> PAGE_SHIFT] = page;
    }
    const slot = (offset & PAGE_FLAGS) >>> 2;
    const entry = page.entries[slot];
    if (entry !== undefined) {
      if (entry.length > budget) return null;
      const region = entry.region;
      if (region.checkedEpoch === this.epoch) return entry;
      if (this.unchanged(page, region)) {
        region.checkedEpoch = this.epoch;
        return entry;
      }
      this.drop(page, region);
    }
    if (page.covered[slot] !== 0) return null;
    const heat = page.heat[slot];
    if (heat === NEVER || (page.heat[slot] = heat + 1) < this.hotThreshold) return null;
    const translated = this.translate(page, slot);
    return translated !== null && translated.length <= budget ? translated : null;
  }

  /** Code may have changed behind the page map: check every region against memory before it runs again. */
  revalidate(): void {
    this.epoch++;
  }

  /** Drops every translation (the cache is being switched off). */
  clear(): void {
    for (let i = 0; i < this.pages.length; i++) {
      const page = this.pages[i];
      if (page !== undefined && page.regions.length > 0) this.memory.markCode(page.pc, false);
      this.pages[i] = undefined;
    }
    this.memory.codeWatcher = null;
  }

  /** Translates the region entered at `slot`; returns the entry there, or null if the slot stays interpreted. */
  private translate(page: CodePage, slot: number): Entry | null {
    const translation = translateRegion(
      this.host,
      this.memory,
      page.pc,
      page.offset,
      slot,
      (other) => page.heat[other] !== 0 || page.covered[other] !== 0,
    );
    if (translation === null) {
      page.heat[slot] = NEVER;
      return null;
    }
    const { firstSlot, endSlot, blocks, code } = translation;
    const start = (page.offset >> 2) + firstSlot;
    const region: Region = {
      firstSlot,
      words: this.memory.i32.slice(start, start + endSlot - firstSlot),
      blocks,
      checkedEpoch: this.epoch,
    };
    // Where an earlier region already has an entry, it keeps it: both run the same guest code.
    blocks.forEach((block, index) => {
      page.entries[block.slot] ??= { region, code, block: index, length: block.length };
      page.covered.fill(1, block.slot, block.slot + block.length);
    });
    page.regions.push(region);
    if (page.regions.length === 1) this.memory.markCode(page.pc, true);
    return page.entries[slot]!;
  }

  private unchanged(page: CodePage, region: Region): boolean {
    const i32 = this.memory.i32;
    const start = (page.offset >> 2) + region.firstSlot;
    const words = region.words;
    for (let i = 0; i < words.length; i++) if (i32[start + i] !== words[i]) return false;
    return true;
  }

  private drop(page: CodePage, region: Region): void {
    page.regions = page.regions.filter((r) => r !== region);
    for (const block of region.blocks) {
      if (page.entries[block.slot]?.region === region) page.entries[block.slot] = undefined;
    }
    // What the remaining regions still cover stays covered; everything else starts counting again.
    page.covered.fill(0);
    page.heat.fill(0);
    for (const other of page.regions) {
      for (const block of other.blocks) page.covered.fill(1, block.slot, block.slot + block.length);
    }
    if (page.regions.length === 0) this.memory.markCode(page.pc, false);
  }

  /** The hart stored `width` bytes at `addr` on a PAGE_CODE page: drops the regions made from those bytes. */
  private codeWritten(addr: number, width: number): void {
    const offset = this.memory.machineMap[addr >>> PAGE_SHIFT] & ~PAGE_FLAGS;
    const page = this.pages[offset >>> PAGE_SHIFT];
    if (page === undefined) return;
    const first = (addr & PAGE_FLAGS) >>> 2;
    const last = ((addr & PAGE_FLAGS) + width - 1) >>> 2;
    for (const region of page.regions) {
      if (first < region.firstSlot + region.words.length && last >= region.firstSlot) {
        this.drop(page, region);
        this.host.codeChanged();
      }
    }
  }
}
