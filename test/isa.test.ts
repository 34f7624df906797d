import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BareMachine } from '../cpu/BareMachine.js';
import { describeWithOracle } from './oracle.js';

// The ISA test programs (images/isa/*.S, built into images/bin/isa/*.elf) report through HTIF tohost: exit code 0
// when every check passed, n when check n failed.
const SOURCES = 'images/isa';
const BINARIES = 'images/bin/isa';
const programs = readdirSync(SOURCES)
  .filter((file) => file.endsWith('.S'))
  .map((file) => basename(file, '.S'))
  .sort();

/** Programs whose result is not 0 by design. */
const EXPECTED_EXIT: Record<string, number> = {
  'fails-check-7': 7, // the harness's own test: a failing check must surface as its number
};

/**
 * Programs left out of the QEMU comparison. Most check a rule of the spec that QEMU 7.2 (Debian bookworm) does not
 * follow; the others check rvnommu's own machine model. Each program's header comment has the details.
 */
const NOT_IN_QEMU: Record<string, string> = {
  'atomic-faults': 'QEMU 7.2 reports misaligned and faulting AMOs as load exceptions (cause 4/5, not 6/7)',
  'csr-strict': 'QEMU 7.2 lets csrrs/csrrc write read-only CSRs from a zero register, has medeleg/mideleg without ' +
    'S-mode, keeps mepc[1:0] and lets supervisor bits be set in mie',
  'misaligned-jumps': 'QEMU 7.2 records a stale pc in mtval for misaligned jal/branch targets and writes rd of jal',
  counters: "QEMU 7.2's counters follow host time (or -icount), and a value written to minstret is not the next read",
  'time-csr': "QEMU's spike machine has no time CSR (spike firmware emulates it)",
  'timer-ticks': 'QEMU counts mtime in host time at 10 MHz; rvnommu counts one tick per instruction',
};

const MAX_INSTRUCTIONS = 10_000_000;

function expectedExit(program: string): number {
  return EXPECTED_EXIT[program] ?? 0;
}

function elfPath(program: string): string {
  return join(BINARIES, `${program}.elf`);
}

describe('ISA test programs', () => {
  it('are all built and committed', () => {
    const built = readdirSync(BINARIES).filter((file) => file.endsWith('.elf')).map((file) => basename(file, '.elf'));
    expect(built.sort()).toEqual(programs);
  });

  // A failure reports only its check number, so numbers must be unique within a program and fit an exit status.
  it.each(programs)('%s numbers its checks uniquely from 1 to 254', (program) => {
    const source = readFileSync(join(SOURCES, `${program}.S`), 'utf8');
    const numbers = [...source.matchAll(/^\s*(?:li\s+TESTNUM,|(?:CHECK|TEST)[A-Z_]*\s)\s*(\d+)\s*(?:,|$)/gm)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i), 'duplicate check numbers').toEqual([]);
    expect(numbers.every((n) => n >= 1 && n <= 254)).toBe(true);
  });
});

function runInRvnommu(program: string): number {
  const machine = new BareMachine(readFileSync(elfPath(program)), program, {
    maxInstructions: MAX_INSTRUCTIONS,
    output: () => {},
  });
  return machine.run().exitCode;
}

describe('ISA test programs in rvnommu', () => {
  it.each(programs)('%s', (program) => {
    const exitCode = runInRvnommu(program);
    expect(exitCode, `check ${exitCode} of ${program} failed`).toBe(expectedExit(program));
  });
});

/**
 * qemu-system-riscv32 as an RV32IMA hart with M and U modes, like ours. With -icount its clock follows the
 * instructions executed and skips idle time, so the timer programs do not depend on how busy the host is.
 */
const QEMU_ARGS = [
  '-machine', 'spike',
  '-cpu', 'rv32,c=false,s=false,h=false,f=false,d=false',
  '-smp', '1',
  '-icount', 'shift=0,sleep=off',
];

describeWithOracle('qemu-system-riscv32', 'ISA test programs in qemu-system-riscv32 -machine spike', () => {
  it.each(programs.filter((program) => !(program in NOT_IN_QEMU)))('%s', (program) => {
    const qemu = spawnSync(
      'qemu-system-riscv32',
      [...QEMU_ARGS, '-bios', 'none', '-nographic', '-monitor', 'none', '-kernel', elfPath(program)],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(qemu.error).toBeUndefined();
    // QEMU exits with the HTIF code: tohost >> 1.
    expect(qemu.status, `check ${qemu.status} of ${program} failed in qemu: ${qemu.stderr}`).toBe(expectedExit(program));
  });
});

describe('rvnommu bare command', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'rvnommu-isa-'));
  });

  function bare(path: string) {
    return spawnSync('node', ['bin/rvnommu.js', 'bare', path], { encoding: 'utf8', timeout: 30_000 });
  }

  function writeScratch(name: string, bytes: Uint8Array | string): string {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    return path;
  }

  /** A valid ISA program with its bytes edited. */
  function patchedElf(edit: (bytes: Buffer) => void): Buffer {
    const bytes = Buffer.from(readFileSync(elfPath('alu')));
    edit(bytes);
    return bytes;
  }

  it('exits 0 when every check passes', () => {
    const run = bare(elfPath('alu'));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('exits with the number of the failing check', () => {
    const run = bare(elfPath('fails-check-7'));
    expect(run.status).toBe(7);
    expect(run.stderr).toBe(`${elfPath('fails-check-7')}: test 7 failed\n`);
  });

  const badInputs: [string, () => string, RegExp][] = [
    ['a truncated ELF', () => writeScratch('truncated.elf', readFileSync(elfPath('alu')).subarray(0, 100)), /malformed|truncated/],
    ['a file that is not ELF', () => writeScratch('notes.txt', 'just some text\n'), /not an ELF file/],
    ['a 64-bit x86 program', () => '/bin/true', /not a 32-bit ELF/],
    // e_machine (offset 18) = EM_386: a 32-bit little-endian ELF for another architecture.
    ['a 32-bit x86 ELF', () => writeScratch('i386.elf', patchedElf((b) => b.writeUInt16LE(3, 18))), /not RISC-V/],
    // Renaming the symbol in the string table leaves a program with no way to report its end.
    ['an ELF without tohost', () => writeScratch('no-tohost.elf', patchedElf(renameTohost)), /tohost/],
  ];

  it.each(badInputs)('gives a one-line error and status 2 for %s', (_, makeInput, message) => {
    const run = bare(makeInput());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^rvnommu bare: [^\n]+\n$/);
    expect(run.stderr).toMatch(message);
  });
});

function renameTohost(bytes: Buffer): void {
  const at = bytes.indexOf('\0tohost\0');
  expect(at).toBeGreaterThan(0);
  bytes.write('X', at + 1);
}
