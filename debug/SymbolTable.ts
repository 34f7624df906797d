import { ElfFile, type ElfSymbol } from '../binfmt/ElfFile.js';
import { isFlatBinary } from '../binfmt/flat/FlatHeader.js';
import { type LoadSegment, runtimeAddressOf } from '../binfmt/ElfLoader.js';

const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;

export interface DebugSymbol {
  readonly name: string;
  /** Run-time address: the link address moved as the segment holding it was (see the load map). */
  readonly address: number;
  readonly size: number;
  readonly isFunction: boolean;
}

/**
 * The program's ELF symbols at their run-time addresses: lookups by name for `break workload`, and labels such as
 * `bare_main+0x94` for disassembly and backtraces. A symbol moves with the PT_LOAD segment its link address lies
 * in (an FDPIC program's text and data move apart); one outside every segment moves with the first. Assembler-local labels (.L...) and section/file symbols are left
 * out, as llvm-objdump leaves them out of its labels.
 */
export class SymbolTable {
  /** Sorted by address; for equal addresses functions come first, then by name, so labels are stable. */
  private readonly sorted: DebugSymbol[];
  private readonly byName = new Map<string, DebugSymbol>();

  /**
   * `loadMap` is where the program's segments went (DebugTarget.loadMap); empty when it runs where it was linked.
   * `unavailable` says why a program has no symbols at all, for the debugger to tell the user.
   */
  constructor(
    symbols: readonly ElfSymbol[],
    loadMap: readonly LoadSegment[] = [],
    readonly unavailable?: string,
  ) {
    const firstDisplacement = loadMap.length > 0 ? loadMap[0].addr - loadMap[0].vaddr : 0;
    const relocate = (value: number) => runtimeAddressOf(loadMap, value) || value + firstDisplacement;
    const usable = symbols.filter((s) => {
      const type = s.info & 15;
      return s.shndx !== 0 && s.name !== '' && !s.name.startsWith('.L') && (type === STT_NOTYPE || type === STT_OBJECT || type === STT_FUNC);
    });
    this.sorted = usable
      .map((s) => ({ name: s.name, address: relocate(s.value) >>> 0, size: s.size, isFunction: (s.info & 15) === STT_FUNC }))
      .sort((a, b) => a.address - b.address || Number(b.isFunction) - Number(a.isFunction) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const symbol of this.sorted) if (!this.byName.has(symbol.name)) this.byName.set(symbol.name, symbol);
  }

  static empty(): SymbolTable {
    return new SymbolTable([]);
  }

  /** The symbols of a program file the kernel loaded as `loadMap` says: an ELF's, or none for a bFLT program. */
  static ofProgram(bytes: Uint8Array, path: string, loadMap: readonly LoadSegment[]): SymbolTable {
    if (isFlatBinary(bytes)) return new SymbolTable([], loadMap, 'a bFLT program carries no symbols: use addresses');
    return new SymbolTable(ElfFile.parse(bytes, path).symbols(), loadMap);
  }

  lookup(name: string): DebugSymbol | undefined {
    return this.byName.get(name);
  }

  /** The symbol at or below `address` that the address belongs to (inside its size, or any size-less label). */
  containing(address: number): DebugSymbol | undefined {
    address >>>= 0;
    let low = 0;
    let high = this.sorted.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle].address <= address) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // Among symbols at the same address the first (a function) wins; walk back to it.
    while (found > 0 && this.sorted[found - 1].address === this.sorted[found].address) found--;
    if (found < 0) return undefined;
    const symbol = this.sorted[found];
    return symbol.size === 0 || address - symbol.address < symbol.size ? symbol : undefined;
  }

  /** `name` or `name+0x1c`, as llvm-objdump labels addresses; undefined outside every symbol. */
  label(address: number): string | undefined {
    const symbol = this.containing(address);
    if (!symbol) return undefined;
    const offset = (address >>> 0) - symbol.address;
    return offset === 0 ? symbol.name : `${symbol.name}+0x${offset.toString(16)}`;
  }
}
