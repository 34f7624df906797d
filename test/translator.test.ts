import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import type { TranslationOptions } from '../cpu/Hart.js';

// The interpreter is the reference: every ISA program and the benchmark workload must end in exactly the same state
// with translation on, both with the default threshold and with every instruction translated on first sight.
const BINARIES = 'images/bin/isa';
const programs = readdirSync(BINARIES)
  .filter((file) => file.endsWith('.elf'))
  .map((file) => join(BINARIES, file))
  .sort();
const WORKLOAD = 'images/bin/bench/workload-bare.elf';

interface FinalState {
  exitCode: number;
  retired: number;
  pc: number;
  regs: number[];
  csrs: Record<string, number>;
  output: string;
  memoryHash: number;
}

function runBare(path: string, translation: TranslationOptions | false): FinalState {
  const chunks: Uint8Array[] = [];
  const machine = new BareMachine(readFileSync(path), basename(path), {
    maxInstructions: 400_000_000,
    output: (bytes) => chunks.push(bytes),
  });
  machine.hart.setTranslation(translation);
  const { exitCode } = machine.run();
  const hart = machine.hart;
  return {
    exitCode,
    retired: hart.retired,
    pc: hart.pc,
    regs: [...hart.regs],
    csrs: { mstatus: hart.mstatus, mepc: hart.mepc, mcause: hart.mcause, mtval: hart.mtval, mip: hart.mip, priv: hart.priv },
    output: Buffer.concat(chunks).toString(),
    memoryHash: hash(machine.memory.i32),
  };
}

function hash(words: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h;
}

describe('translated code ends in the same state as the interpreter', () => {
  it.each([...programs, WORKLOAD])('%s', (path) => {
    const reference = runBare(path, false);
    expect(runBare(path, {})).toEqual(reference);
    expect(runBare(path, { hotThreshold: 1 })).toEqual(reference);
  });
});

describe('rvnommu bare --no-jit', () => {
  function bare(...args: string[]) {
    return spawnSync('node', ['bin/rvnommu.js', 'bare', '--count', ...args], { encoding: 'utf8', timeout: 60_000 });
  }

  it.each([join(BINARIES, 'timer-ticks.elf'), join(BINARIES, 'fails-check-7.elf')])(
    'runs %s in the interpreter alone, with the translated run\'s result and count',
    (path) => {
      const translated = bare(path);
      const interpreted = bare('--no-jit', path);
      expect(interpreted.stderr).toMatch(/^\d+ instructions\n/);
      expect({ status: interpreted.status, stdout: interpreted.stdout, stderr: interpreted.stderr }).toEqual({
        status: translated.status,
        stdout: translated.stdout,
        stderr: translated.stderr,
      });
    },
  );
});
