import type { PhysicalMemory } from '../../cpu/PhysicalMemory.js';
import type { MemoryMap } from '../../kernel/mm/MemoryMap.js';
import { placeProgramStrings, type ProgramStrings } from '../InitialStack.js';

/** Words of pointer tables under the strings: argc, argv with its NULL, envp with its NULL. */
export function flatTableWords(args: ProgramStrings): number {
  return 1 + args.argv.length + 1 + args.envp.length + 1;
}

/**
 * Writes the initial stack below `top` as binfmt_flat's transfer_args_to_stack and create_flat_tables do on
 * RISC-V (no CONFIG_BINFMT_FLAT_ARGVP_ENVP_ON_STACK): the strings end at `top`, then argc, argv[], NULL,
 * envp[], NULL at the returned sp. Linux aligns sp to 8 bytes here; we align to 16, which the RISC-V psABI
 * requires at function entry and which satisfies Linux's rule too.
 */
export function createFlatTables(args: ProgramStrings, top: number, mm: MemoryMap, physical: PhysicalMemory): number {
  const pointers = placeProgramStrings(args, top, mm, physical);
  const argc = args.argv.length;
  const sp = ((mm.argStart - 4 * flatTableWords(args)) & ~15) >>> 0;
  const words = [argc, ...pointers.slice(0, argc), 0, ...pointers.slice(argc), 0];
  words.forEach((word, i) => physical.write32(sp + 4 * i, word));
  mm.startStack = sp;
  return sp;
}
