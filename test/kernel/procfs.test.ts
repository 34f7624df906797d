import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// /proc in `rvnommu run`, end to end: guest programs read it through the real CLI.
function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** Prints a guest file (images/programs/kernel/copy.c). */
const COPY = 'images/bin/kernel/copy.elf';

describe('/proc in rvnommu run', () => {
  // The program checks its own /proc entries against its pid, argv, stack, code, uname, clock, a mapping it makes
  // and a vfork child (images/programs/kernel/procfs.c).
  it.each([
    [['images/bin/kernel/procfs.elf']],
    [['images/bin/kernel/procfs.elf', 'one', 'two words', '']],
    [['-0', 'another-name', './images/bin/kernel/procfs.elf', '--an-option']],
  ])('a program finds itself in /proc: %j', (args) => {
    const run = rvnommu(args);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('procfs: ok\n');
    expect(run.status).toBe(0);
  });

  it('shows the process its environment and auxiliary vector', () => {
    const environ = rvnommu(['--clear-env', '-E', 'A=1', '-E', 'B=two words', COPY, '/proc/self/environ']);
    expect(environ.status).toBe(0);
    expect(environ.stdout).toBe('A=1\0B=two words\0');
    const auxv = spawnSync('node', ['bin/rvnommu.js', 'run', COPY, '/proc/self/auxv'], { timeout: 60_000 });
    expect(auxv.status).toBe(0);
    const words = new Uint32Array(new Uint8Array(auxv.stdout).buffer);
    const entries = new Map<number, number>();
    for (let i = 0; i < words.length; i += 2) entries.set(words[i], words[i + 1]);
    const [AT_NULL, AT_PAGESZ, AT_ENTRY, AT_EXECFN] = [0, 6, 9, 31];
    expect(words.slice(-2)).toEqual(new Uint32Array([AT_NULL, 0]));
    expect(entries.get(AT_PAGESZ)).toBe(4096);
    expect(entries.get(AT_ENTRY)).toBeGreaterThanOrEqual(0x80000000);
    expect(entries.has(AT_EXECFN)).toBe(true);
  });

  it('is mounted at /proc', () => {
    const run = rvnommu([COPY, '/proc/mounts']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toContain('proc /proc proc rw,relatime 0 0');
  });

  it('shows the process its own state, ids, size and command name', () => {
    const run = rvnommu([COPY, '/proc/self/status']);
    expect(run.status).toBe(0);
    const fields = Object.fromEntries(run.stdout.trimEnd().split('\n').map((line) => line.split(/:\t/)));
    expect(fields).toMatchObject({ Name: 'copy.elf', State: 'R (running)', Pid: '1', PPid: '0', Threads: '1' });
    expect(Number.parseInt(fields.VmSize, 10)).toBeGreaterThan(64);
  });

  it('accounts memory from the page allocator: guest RAM is MemTotal', () => {
    const run = rvnommu(['--ram', '16M', COPY, '/proc/meminfo']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^MemTotal: +16384 kB\n/);
    const free = Number(/MemFree: +(\d+) kB/.exec(run.stdout)?.[1]);
    const copied = Number(/MmapCopy: +(\d+) kB/.exec(run.stdout)?.[1]);
    const cached = Number(/Cached: +(\d+) kB/.exec(run.stdout)?.[1]);
    // The program's mappings and stack, and the pages of the program file in the guest's ramfs, are all that
    // is allocated.
    expect(cached).toBe(Math.ceil(readFileSync(COPY).length / 4096) * 4);
    expect(16384 - free).toBe(copied + cached);
  });
});
