import { readFileSync, writeFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** One `rvnommu` subcommand. `run` returns the process exit status. */
export interface Command {
  /** Full help text: usage line, options, examples. */
  readonly help: string;
  run(args: string[]): Promise<number>;
}

/** A command's options and operands; `-h`/`--help` is every command's own and is not among them. */
export interface CommandArgs<O extends OptionsConfig> {
  readonly values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
  readonly positionals: string[];
}

/**
 * Parses `args` for `command`, which also takes -h/--help: that prints the command's help, and the result is
 * undefined (the command has nothing more to do). With `programFollows`, the options end at the first operand, a
 * program whose own arguments follow it and may look like options (`run prog.elf -v`), as `--` ends them too.
 */
export function parseCommandArgs<O extends OptionsConfig>(
  command: Command,
  args: string[],
  options: O,
  { programFollows = false } = {},
): CommandArgs<O> | undefined {
  const optionCount = programFollows ? leadingOptionCount(args, options) : args.length;
  const parsed = parseArgs({
    args: args.slice(0, optionCount),
    options: { ...options, help: { type: 'boolean', short: 'h' } } as OptionsConfig,
    allowPositionals: !programFollows,
  });
  if (parsed.values.help === true) {
    console.log(command.help);
    return undefined;
  }
  const operands = programFollows ? args.slice(args[optionCount] === '--' ? optionCount + 1 : optionCount) : parsed.positionals;
  return { values: parsed.values as CommandArgs<O>['values'], positionals: operands };
}

/** How many of `args` are options and their values, before the first operand or `--`. */
function leadingOptionCount(args: string[], options: OptionsConfig): number {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (option.short !== undefined) takesValue.add(`-${option.short}`);
  }
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '--') i += takesValue.has(args[i]) ? 2 : 1;
  return Math.min(i, args.length);
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
    throw new UsageError(`cannot read ${path}: ${hostErrorName(error)}`);
  }
}

/** Writes a command's output file (mode 0755 for a program), a usage error if the host refuses. */
export function writeOutputFile(path: string, bytes: Uint8Array, mode = 0o644): void {
  try {
    writeFileSync(path, bytes, { mode });
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${hostErrorName(error)}`);
  }
}

/** The errno name of a failed host file operation (ENOENT...), else its message. */
export function hostErrorName(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
