import type { PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import type { MemoryMap } from '../../kernel/mm/MemoryMap.js';

/** What a bFLT program finds on its stack: argc, argv, envp and nothing else (no auxiliary vector). */
export interface FlatArguments {
  argv: string[];
  envp: string[];
  /** The path exec was given, stored above the strings as Linux keeps bprm->filename. */
  execfn: string;
}

/** The bytes the strings take, NUL terminators included; binfmt_flat adds them to the stack it allocates. */
export function flatStringBytes(args: FlatArguments): number {
  const encoder = new TextEncoder();
  return [args.execfn, ...args.argv, ...args.envp].reduce((sum, s) => sum + encoder.encode(s).length + 1, 0);
}

/** Words of pointer tables under the strings: argc, argv with its NULL, envp with its NULL. */
export function flatTableWords(args: FlatArguments): number {
  return 1 + args.argv.length + 1 + args.envp.length + 1;
}

/**
 * Writes the initial stack below `top` as binfmt_flat's transfer_args_to_stack and create_flat_tables do on
 * RISC-V (no CONFIG_BINFMT_FLAT_ARGVP_ENVP_ON_STACK): the strings end at `top`, then argc, argv[], NULL,
 * envp[], NULL at the returned sp. Linux aligns sp to 8 bytes here; we align to 16, which the RISC-V psABI
 * requires at function entry and which satisfies Linux's rule too.
 */
export function createFlatTables(args: FlatArguments, top: number, mm: MemoryMap, physical: PhysicalMemory): number {
  const encoder = new TextEncoder();
  const strings = [...args.argv, ...args.envp, args.execfn].map((s) => encoder.encode(`${s}\0`));
  let p = top - strings.reduce((sum, s) => sum + s.length, 0);
  const pointers: number[] = [];
  for (const s of strings) {
    physical.load(p, s);
    pointers.push(p);
    p += s.length;
  }
  const argc = args.argv.length;
  mm.argStart = pointers[0];
  mm.argEnd = mm.envStart = pointers[argc];
  mm.envEnd = pointers[strings.length - 1];

  const sp = ((mm.argStart - 4 * flatTableWords(args)) & ~15) >>> 0;
  const words = [argc, ...pointers.slice(0, argc), 0, ...pointers.slice(argc, -1), 0];
  words.forEach((word, i) => physical.write32(sp + 4 * i, word));
  mm.startStack = sp;
  return sp;
}
