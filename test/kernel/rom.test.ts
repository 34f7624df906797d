import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `rvnommu mkimage` and `rvnommu run --rom` end to end: the real CLI in a child process, as a user runs them.
function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

const HELLO = 'images/bin/programs/hello.elf';
const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-rom-'));

/** A directory holding hello.elf (and a link to it), and the image mkimage makes of it. */
function helloImage(name: string): string {
  const tree = join(scratch, `${name}-tree`);
  mkdirSync(join(tree, 'bin'), { recursive: true });
  copyFileSync(HELLO, join(tree, 'bin', 'hello.elf'));
  symlinkSync('bin/hello.elf', join(tree, 'hello'));
  const image = join(scratch, `${name}.rom`);
  const made = rvnommu(['mkimage', tree, '-o', image]);
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
  return image;
}

describe('rvnommu run --rom', () => {
  it('runs a program from the romfs as it runs from the host', () => {
    const image = helloImage('hello');
    const args = ['--clear-env', '-E', 'GREETING=hi'];
    const fromHost = rvnommu(['run', ...args, HELLO, 'one', 'two']);
    const fromRom = rvnommu(['run', ...args, '--rom', image, '/rom/bin/hello.elf', 'one', 'two']);
    expect(fromRom.stderr).toBe('');
    expect(fromRom.stdout).toBe(fromHost.stdout);
    expect(fromRom.stdout).toContain('hello: ok');
    expect(fromRom.status).toBe(0);
    const elsewhere = rvnommu(['run', ...args, '--rom', image, '--rom-mount', '/mnt/flash', '/mnt/flash/hello', 'one', 'two']);
    expect(elsewhere.stdout).toBe(fromHost.stdout);
  });

  it('makes the same image bytes from the same tree every time', () => {
    expect(readFileSync(helloImage('again'))).toEqual(readFileSync(helloImage('once more')));
  });

  it.each([
    ['an image that is not romfs', () => ['--rom', HELLO, '/rom/hello.elf'], /^rvnommu run: the image is not a romfs image/],
    ['a missing image file', () => ['--rom', join(scratch, 'missing.rom'), '/rom/hello.elf'], /^rvnommu run: cannot read .*missing\.rom: ENOENT$/],
    ['a program missing from the ROM', () => ['--rom', helloImage('missing-program'), '/rom/nothing.elf'], /^rvnommu run: cannot run \/rom\/nothing\.elf from the ROM: No such file or directory$/],
    ['an image bigger than the flash', () => {
      const big = join(scratch, 'big.rom');
      writeFileSync(big, new Uint8Array(17 * 1024 * 1024));
      return ['--rom', big, '/rom/hello.elf'];
    }, /^rvnommu run: the image is 17825792 bytes, more than the 16 MiB flash holds$/],
    ['--rom-mount without --rom', () => ['--rom-mount', '/x', HELLO], /^rvnommu run: --rom-mount needs --rom$/],
  ])('refuses %s in one line with status 2', (_what, args, message) => {
    const result = rvnommu(['run', ...args()]);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.status).toBe(2);
  });
});

describe('rvnommu mkimage', () => {
  it.each([
    ['a missing directory', [join(scratch, 'nowhere'), '-o', join(scratch, 'x.rom')], /^rvnommu mkimage: cannot read .*nowhere: ENOENT$/],
    ['a file instead of a directory', [HELLO, '-o', join(scratch, 'x.rom')], /is not a directory$/],
    ['no output', [scratch], /^rvnommu mkimage: expected -o IMAGE$/],
    ['an unwritable output', [scratch, '-o', join(scratch, 'no', 'such', 'dir.rom')], /^rvnommu mkimage: cannot write .*: ENOENT$/],
  ])('refuses %s in one line with status 2', (_what, args, message) => {
    const result = rvnommu(['mkimage', ...args]);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.status).toBe(2);
  });

  it('is listed in the help', () => {
    expect(rvnommu(['--help']).stdout).toMatch(/mkimage +build a romfs image/);
    expect(rvnommu(['run', '--help']).stdout).toContain('--rom IMAGE');
  });
});
