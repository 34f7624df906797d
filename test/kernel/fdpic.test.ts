import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLASH_BASE, FLASH_SIZE } from '../../devices/Flash.js';

// FDPIC programs (images/fdpic/build.sh) end to end, through the real CLI: from a romfs on flash their text is
// shared by every process running them, and they behave exactly as the static-PIE builds of the same sources.
function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

const PROGRAMS = ['hello', 'printf', 'string', 'malloc', 'threads'];
const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-fdpic-'));
const tree = join(scratch, 'tree');
mkdirSync(tree);
for (const name of [...PROGRAMS, 'fdpic_share']) copyFileSync(`images/bin/fdpic/${name}.elf`, join(tree, `${name}.elf`));
const image = join(scratch, 'fdpic.rom');
const made = rvnommu(['mkimage', tree, '-o', image]);
if (made.status !== 0) throw new Error(`mkimage failed: ${made.stderr}`);

const ARGS = ['--clear-env', '-E', 'GREETING=hi', '-E', 'LANG=C'];

describe('FDPIC programs', () => {
  it.each(PROGRAMS)('%s prints what its static-PIE build prints, from the ROM and from the host', (name) => {
    const pie = rvnommu(['run', ...ARGS, `images/bin/programs/${name}.elf`, 'one', 'two']);
    expect(pie.stdout).toContain(`${name}: ok`);
    const fromRom = rvnommu(['run', ...ARGS, '--rom', image, `/rom/${name}.elf`, 'one', 'two']);
    expect(fromRom.stderr).toBe('');
    expect(fromRom.stdout).toBe(pie.stdout);
    expect(fromRom.status).toBe(pie.status);
    const fromHost = rvnommu(['run', ...ARGS, `images/bin/fdpic/${name}.elf`, 'one', 'two']);
    expect(fromHost.stdout).toBe(pie.stdout);
    expect(fromHost.status).toBe(pie.status);
  });
});

interface Copy {
  number: number;
  text: number;
  data: number;
}

/** fdpic_share's report: its copies' addresses, each copy's /proc/PID/maps and /proc/maps. */
function runShare(args: string[]) {
  const run = rvnommu(['run', ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const copies: Copy[] = [...run.stdout.matchAll(/^copy (\d): pid=\d+ text=0x([0-9a-f]+) data=0x([0-9a-f]+) name=(\w+)$/gm)].map(
    (m) => ({ number: Number(m[1]), text: parseInt(m[2], 16), data: parseInt(m[3], 16) }),
  );
  const files = new Map<string, string[]>();
  for (const part of run.stdout.split(/^== /m).slice(1)) {
    const [title, ...lines] = part.trimEnd().split('\n');
    files.set(title, lines);
  }
  for (const n of [1, 2, 3]) expect(run.stdout).toMatch(new RegExp(`^copy ${n}: still ${n}$`, 'm'));
  expect(run.stdout).toMatch(/^fdpic_share: ok$/m);
  return { copies: copies.sort((a, b) => a.number - b.number), files, stdout: run.stdout };
}

const range = (line: string) => line.split(' ')[0].split('-').map((n) => parseInt(n, 16));
const holds = (line: string, addr: number) => range(line)[0] <= addr && addr < range(line)[1];
const inFlash = (addr: number) => addr >= FLASH_BASE && addr < FLASH_BASE + FLASH_SIZE;

describe('fdpic_share: one text, data per process', () => {
  it('runs three processes at once from the same flash text, each with its own data', () => {
    const { copies, files } = runShare(['--rom', image, '/rom/fdpic_share.elf']);
    expect(copies.map((c) => c.number)).toEqual([1, 2, 3]);
    const text = copies[0].text;
    expect(inFlash(text)).toBe(true);
    expect(copies.every((c) => c.text === text)).toBe(true);
    expect(new Set(copies.map((c) => c.data)).size).toBe(3);
    expect(copies.some((c) => inFlash(c.data))).toBe(false);

    const mapsOf = [...files].filter(([title]) => /^\/proc\/\d+\/maps$/.test(title)).map(([, lines]) => lines);
    expect(mapsOf).toHaveLength(3);
    mapsOf.forEach((lines, i) => {
      const program = lines.filter((line) => line.endsWith(' /rom/fdpic_share.elf'));
      expect(program).toHaveLength(2);
      const [textLine, dataLine] = program;
      expect(textLine).toMatch(/^[0-9a-f-]+ r-xs 00000000 /);
      expect(holds(textLine, text)).toBe(true);
      expect(dataLine).toMatch(/^[0-9a-f-]+ rw-p /);
      expect(holds(dataLine, copies[i].data)).toBe(true);
    });

    // The system's regions: the text once, a data copy for the original and for each copy.
    const regions = files.get('/proc/maps')!.filter((line) => line.endsWith(' /rom/fdpic_share.elf'));
    expect(regions.filter((line) => holds(line, text))).toHaveLength(1);
    expect(regions.filter((line) => line.includes(' rw-p '))).toHaveLength(4);
    expect(regions).toHaveLength(5);
  });

  it.each([
    ['the ramfs the program is installed in', ['images/bin/fdpic/fdpic_share.elf'], '/images/bin/fdpic/fdpic_share.elf'],
    ['a host directory', ['--mount', 'images/bin/fdpic:/host', 'images/bin/userland/sh.elf', '-c', '/host/fdpic_share.elf'], '/host/fdpic_share.elf'],
  ])('shares one copy of the text in RAM when run from %s', (_where, args, path) => {
    // No-MMU Linux shares any private read-only mapping of a file (VM_MAYSHARE): one copy, made by the first.
    const { copies, files } = runShare(args);
    const text = copies[0].text;
    expect(inFlash(text)).toBe(false);
    expect(copies.every((c) => c.text === text)).toBe(true);
    expect(new Set(copies.map((c) => c.data)).size).toBe(3);
    const regions = files.get('/proc/maps')!.filter((line) => line.endsWith(` ${path}`));
    expect(regions.filter((line) => holds(line, text))).toHaveLength(1);
    expect(regions.filter((line) => line.includes(' rw-p '))).toHaveLength(4);
  });
});
