import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithOracle } from '../oracle.js';
import { PROGRAMS, type GuestProgram } from './catalog.js';
import { runQemu, runRvnommu } from './runners.js';

// The bFLT builds of some test programs (images/flat/build.sh: the same sources, converted by rvnommu elf2flt)
// under `rvnommu run` must print what their static-PIE builds print under qemu-riscv32.
const FLAT_DIR = 'images/bin/flat';
const FLAT_NAMES = ['hello', 'printf', 'string', 'malloc', 'environ', 'files', 'stdin'];

function catalogEntry(name: string): GuestProgram {
  const program = PROGRAMS.find((p) => p.name === name);
  if (!program) throw new Error(`${name} is not in the program catalog`);
  return program;
}

const flatBuild = (program: GuestProgram): GuestProgram => ({ ...program, path: `${FLAT_DIR}/${program.name}.flt` });

/** sh.elf -c SCRIPT with the bFLT programs at /flat and the userland at /bin. */
function shell(script: string, mounts: string[] = []) {
  const mountArgs = [`${FLAT_DIR}:/flat`, 'images/bin/userland:/bin', ...mounts].flatMap((mount) => ['--mount', mount]);
  return spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', '-E', 'PATH=/bin', ...mountArgs, 'images/bin/userland/sh.elf', '-c', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** A directory holding `name`, executable, with `bytes` in it. */
function scratchFile(name: string, bytes: Uint8Array): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rvnommu-flat-'));
  const path = join(dir, name);
  writeFileSync(path, bytes, { mode: 0o755 });
  return { dir, path };
}

describe('bFLT test programs', () => {
  it('are exactly the ones listed here', () => {
    expect(readdirSync(FLAT_DIR).sort()).toEqual(FLAT_NAMES.map((name) => `${name}.flt`).sort());
    for (const name of FLAT_NAMES) expect(readFileSync(`${FLAT_DIR}/${name}.flt`).subarray(0, 4).toString()).toBe('bFLT');
  });
});

describeWithOracle('qemu-riscv32', 'bFLT programs on rvnommu against their static-PIE builds on qemu-riscv32', () => {
  it.each(FLAT_NAMES)('%s', (name) => {
    const program = catalogEntry(name);
    const qemu = runQemu(program);
    const ours = runRvnommu(flatBuild(program));
    expect(ours.stderr).toBe(qemu.stderr);
    expect(ours.stdout).toBe(qemu.stdout);
    expect(ours.status).toBe(qemu.status);
    expect(ours.stdout).toContain(`${name}: ok`);
  });
});

describe('bFLT programs started by the shell (vfork and execve)', () => {
  it('run with their arguments and the exit status reaches the shell', () => {
    // environ fails its checks without the variables it looks for: its status 1 must reach the shell too.
    const result = shell('/flat/hello.flt one "two words"; echo "status $?"; /flat/environ.flt > /dev/null; echo "status $?"');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('argc=3\nargv[1]=one\nargv[2]=two words\nenv: PATH=/bin\nhello: ok\nstatus 0\nstatus 1\n');
    expect(result.status).toBe(0);
  });

  it('show one mapping for text, data, bss and stack in /proc/PID/maps', () => {
    // stdin.flt waits for its stdin until sleep ends, long enough for cat to read its maps.
    const result = shell('/bin/sleep.elf 1 | /flat/stdin.flt > /dev/null & /bin/cat.elf /proc/$!/maps; wait');
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [, start, end] = /^([0-9a-f]{8})-([0-9a-f]{8}) rwxp 00000000 00:00 0 +\[stack\]$/.exec(lines[0]) ?? [];
    expect(start).toBeDefined();
    // The whole file (text and data) plus bss and the 64 KiB stack, rounded up to pages.
    const size = parseInt(end, 16) - parseInt(start, 16);
    expect(size).toBeGreaterThan(64 * 1024 + readFileSync(`${FLAT_DIR}/stdin.flt`).length);
    expect(size % 4096).toBe(0);
  });

  it('fail with ENOEXEC when truncated, leaving the shell running', () => {
    const { dir } = scratchFile('broken.flt', readFileSync(`${FLAT_DIR}/hello.flt`).subarray(0, 100));
    const result = shell('/bad/broken.flt; echo "status $?"', [`${dir}:/bad`]);
    expect(result.stdout).toBe('status 126\n');
    expect(result.stderr).toBe('sh: /bad/broken.flt: Exec format error\n');
  });
});

describe('rvnommu run of a bad bFLT file', () => {
  it('reports why it cannot be loaded', () => {
    const flat = readFileSync(`${FLAT_DIR}/hello.flt`);
    flat.writeUInt32BE(flat.readUInt32BE(36) | 0x4, 36); // FLAT_FLAG_GZIP
    const { path } = scratchFile('gz.flt', flat);
    const result = spawnSync('node', ['bin/rvnommu.js', 'run', path], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe(
      `rvnommu run: ${path}: gzip-compressed (FLAT_FLAG_GZIP) bFLT files are not supported (no CONFIG_BINFMT_ZFLAT): ` +
        'convert without compression (elf2flt without -z)\n',
    );
    expect(result.status).toBe(2);
  });
});
