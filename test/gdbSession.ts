import { spawn } from 'node:child_process';

/**
 * One GDB session for the end-to-end tests: Debian's gdb-multiarch in batch mode against our stub on an ephemeral
 * port (`--gdb 0`, which the stub names in its `waiting for GDB on 127.0.0.1:PORT` line).
 */

/** The port named in the stub's `waiting for GDB` line, if `text` holds it. */
export function gdbPortIn(text: string): number | undefined {
  const match = /waiting for GDB on 127\.0\.0\.1:(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

export interface GdbBatch {
  /** stdout and stderr together, as a user sees them. */
  readonly output: string;
  readonly status: number | null;
}

/**
 * Runs `gdb-multiarch -batch` on `elf` (no symbol file when undefined, as for a bFLT program) connected to the stub
 * on `port`, one `-ex` per command.
 */
export async function gdbBatch(port: number, elf: string | undefined, commands: string[]): Promise<GdbBatch> {
  const file = elf === undefined ? [] : ['-ex', `file ${elf}`];
  const args = ['-batch', '-nx', '-ex', 'set architecture riscv:rv32', ...file, '-ex', `target remote :${port}`];
  for (const command of commands) args.push('-ex', command);
  const gdb = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  gdb.stdout.on('data', (chunk) => (output += chunk));
  gdb.stderr.on('data', (chunk) => (output += chunk));
  const status = await new Promise<number | null>((resolve) => gdb.on('close', resolve));
  return { output, status };
}

export interface CliGdbSession {
  readonly gdbOutput: string;
  readonly gdbStatus: number | null;
  /** The CLI's exit status, its stdout (the guest's output) and its stderr (its own messages). */
  readonly cliStatus: number | null;
  readonly cliOutput: string;
  readonly cliErrors: string;
}

/**
 * Starts `rvnommu <cliArgs>` (which must include `--gdb 0`), waits for the stub to listen, runs gdb-multiarch with
 * `commands` on `elf` (see gdbBatch) against it, and waits for both to end.
 */
export async function cliGdbSession(cliArgs: string[], elf: string | undefined, commands: string[]): Promise<CliGdbSession> {
  const cli = spawn('node', ['bin/rvnommu.js', ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let cliOutput = '';
  let cliErrors = '';
  cli.stdout.on('data', (chunk) => (cliOutput += chunk));
  const cliStatus = new Promise<number | null>((resolve) => cli.on('close', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    cli.stderr.on('data', (chunk) => {
      cliErrors += chunk;
      const found = gdbPortIn(cliErrors);
      if (found !== undefined) resolve(found);
    });
    cli.on('close', () => reject(new Error(`rvnommu ${cliArgs[0]} ended before listening: ${cliErrors}`)));
  });
  const gdb = await gdbBatch(port, elf, commands);
  return { gdbOutput: gdb.output, gdbStatus: gdb.status, cliStatus: await cliStatus, cliOutput, cliErrors };
}
