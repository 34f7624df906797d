import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('rvnommu elf2flt', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-elf2flt-'));

  it('writes an executable bFLT file', () => {
    const output = join(scratch, 'hello.flt');
    const result = rvnommu(['elf2flt', '--stack', '16K', 'images/bin/programs/hello.elf', output]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const flat = readFileSync(output);
    expect(flat.subarray(0, 4).toString()).toBe('bFLT');
    expect(flat.readUInt32BE(24)).toBe(16 * 1024);
    expect(statSync(output).mode & 0o111).not.toBe(0);
  });

  it.each([
    [['images/bin/programs/hello.elf'], 'rvnommu elf2flt: expected IN.elf OUT.flt (see rvnommu elf2flt --help)'],
    [['--stack', 'lots', 'a.elf', 'b.flt'], "rvnommu elf2flt: --stack: 'lots' is not a size (examples: 64M, 512K, 1G)"],
    [['no-such.elf', 'b.flt'], 'rvnommu elf2flt: cannot read no-such.elf: ENOENT'],
    [['README.md', 'b.flt'], 'rvnommu elf2flt: README.md: not an ELF file (bad magic)'],
  ])('reports bad input in one line: %j', (args, message) => {
    const result = rvnommu(['elf2flt', ...args]);
    expect(result.stderr).toBe(`${message}\n`);
    expect(result.status).toBe(2);
  });

  it('refuses a program that is not a static PIE', () => {
    const elf = readFileSync('images/bin/programs/hello.elf');
    elf[16] = 2; // ET_EXEC
    const input = join(scratch, 'exec.elf');
    writeFileSync(input, elf);
    const result = rvnommu(['elf2flt', input, join(scratch, 'exec.flt')]);
    expect(result.stderr).toBe(`rvnommu elf2flt: ${input}: not position-independent (ELF type is not ET_DYN): link with -static-pie\n`);
    expect(result.status).toBe(2);
  });

  it('is listed with its help', () => {
    expect(rvnommu(['--help']).stdout).toMatch(/^ {2}elf2flt +convert a static-PIE ELF program into a bFLT/m);
    expect(rvnommu(['elf2flt', '--help']).stdout).toMatch(/^Usage: rvnommu elf2flt \[options\] IN\.elf OUT\.flt/);
  });
});
