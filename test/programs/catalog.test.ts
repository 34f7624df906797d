import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAMS } from './catalog.js';

const ET_DYN = 3;
const EM_RISCV = 243;

function builtPrograms(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? builtPrograms(path) : entry.name.endsWith('.elf') ? [path] : [];
  });
}

describe('C test program catalog', () => {
  it('lists every built program once', () => {
    const listed = PROGRAMS.map((program) => program.path).sort();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(builtPrograms('images/bin/programs').sort());
  });

  it('lists only 32-bit RISC-V position-independent executables (static-PIE)', () => {
    for (const program of PROGRAMS) {
      const elf = readFileSync(program.path);
      const header = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
      expect([elf[4], header.getUint16(16, true), header.getUint16(18, true)], program.path).toEqual([1, ET_DYN, EM_RISCV]);
    }
  });
});
