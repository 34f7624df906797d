import { ElfError } from '../binfmt/ElfFile.js';
import { ExecError } from '../binfmt/ElfLoader.js';
import { BareMachineError } from '../cpu/BareMachine.js';
import { bareCommand } from './bare.js';
import { bootCommand } from './boot.js';
import { debugCommand } from './debug.js';
import { elf2fltCommand } from './elf2flt.js';
import { fdpicLinkCommand } from './fdpicLink.js';
import { mkimageCommand } from './mkimage.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { type Command, UsageError } from './Command.js';

const commands: Command[] = [
  bootCommand,
  serveCommand,
  runCommand,
  bareCommand,
  debugCommand,
  mkimageCommand,
  fdpicLinkCommand,
  elf2fltCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: rvnommu <command> [options]',
    '',
    'RISC-V RV32IMA no-MMU machine emulator.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'rvnommu <command> --help' for a command's options.",
  ].join('\n');
}

/** Errors caused by the user's input: shown as one line. Anything else is a bug in rvnommu and keeps its stack. */
function isUserError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof ElfError ||
    error instanceof ExecError ||
    error instanceof BareMachineError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`rvnommu: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (isUserError(error)) {
      console.error(`rvnommu ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
