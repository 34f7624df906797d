import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdpicLink } from '../../binfmt/fdpicLink.js';

// `rvnommu fdpic-link` as images/fdpic/build.sh and users run it.
function rvnommu(args: string[]) {
  return spawnSync('node', ['bin/rvnommu.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

const LINKED = 'images/bin/fdpic/linked/hello.elf';
const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-fdpic-link-'));

describe('rvnommu fdpic-link', () => {
  it('writes the rewritten program and, with -v, says how much it rewrote', () => {
    const out = join(scratch, 'hello.elf');
    const result = rvnommu(['fdpic-link', '-v', LINKED, '-o', out]);
    const { bytes, rewritten, slots } = fdpicLink(new Uint8Array(readFileSync(LINKED)), LINKED);
    expect(result.stderr).toBe(`${out}: ${rewritten} data references through ${slots} GOT slots\n`);
    expect(result.status).toBe(0);
    expect(new Uint8Array(readFileSync(out))).toEqual(bytes);
  });

  it.each([
    ['a program linked without --emit-relocs', ['images/bin/programs/hello.elf', '-o', join(scratch, 'x.elf')], /^rvnommu fdpic-link: images\/bin\/programs\/hello\.elf: no relocations kept in the file: link with -Wl,--emit-relocs$/],
    ['a program that is FDPIC already', ['images/bin/fdpic/hello.elf', '-o', join(scratch, 'x.elf')], /^rvnommu fdpic-link: images\/bin\/fdpic\/hello\.elf: already an FDPIC ELF$/],
    ['a file that is not ELF', ['images/fdpic/build.sh', '-o', join(scratch, 'x.elf')], /^rvnommu fdpic-link: images\/fdpic\/build\.sh: not an ELF file \(bad magic\)$/],
    ['no output', [LINKED], /^rvnommu fdpic-link: expected -o OUT\.elf$/],
  ])('refuses %s in one line with status 2', (_what, args, message) => {
    const result = rvnommu(['fdpic-link', ...args]);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.status).toBe(2);
  });

  it('is listed in the help', () => {
    expect(rvnommu(['--help']).stdout).toMatch(/fdpic-link +turn a static-PIE/);
    expect(rvnommu(['fdpic-link', '--help']).stdout).toContain('--emit-relocs');
  });
});
