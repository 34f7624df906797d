import { readFileSync } from 'node:fs';

/** One `rvnommu` subcommand. `run` returns the process exit status. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full help text: usage line, options, examples. */
  readonly help: string;
  run(args: string[]): Promise<number>;
}

/** A problem the user can fix (bad option, unreadable file): printed as one line, never with a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a size such as 64M, 512K, 1G or a plain byte count. */
export function parseSize(text: string, what: string): number {
  const match = /^(\d+)([KMG]?)i?B?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${what}: '${text}' is not a size (examples: 64M, 512K, 1G)`);
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(match[1]) * scale;
}

export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what}: '${text}' is not a whole number`);
  return Number(text);
}

/** The bytes of a file the user named; an unreadable one is a UsageError naming the path and the reason. */
export function readInputFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
