import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { environmentOf, type GuestProgram } from './catalog.js';

/** `rvnommu run` of a catalog program, with its arguments, its environment alone and its stdin. */
export function runRvnommu(program: GuestProgram, options: string[] = []) {
  const envArgs = program.env.flatMap((assignment) => ['-E', assignment]);
  const target = program.fromRom ? romArgs(program) : [program.path];
  return spawnSync('node', ['bin/rvnommu.js', 'run', '--clear-env', ...options, ...envArgs, ...target, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    timeout: 60_000,
  });
}

/** --rom IMAGE /rom/NAME.elf, the image made by rvnommu mkimage from a directory holding only the program. */
function romArgs(program: GuestProgram): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'rvnommu-rom-'));
  const name = basename(program.path);
  mkdirSync(join(scratch, 'tree'));
  copyFileSync(program.path, join(scratch, 'tree', name));
  const image = join(scratch, 'image.rom');
  const made = spawnSync('node', ['bin/rvnommu.js', 'mkimage', join(scratch, 'tree'), '-o', image], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mkimage for ${name}: ${made.stderr}`);
  return ['--rom', image, `/rom/${name}`];
}

/** The same program under qemu-riscv32, the oracle. */
export function runQemu(program: GuestProgram) {
  return spawnSync('qemu-riscv32', [program.path, ...program.args], {
    encoding: 'utf8',
    input: program.stdin ?? '',
    env: environmentOf(program),
    timeout: 60_000,
  });
}
