import { ElfError } from '../binfmt/ElfFile.js';
import { ExecError } from '../binfmt/ElfLoader.js';
import { BareMachineError } from '../cpu/BareMachine.js';
import { type Command, UsageError } from './Command.js';

/**
 * The commands, each loaded only when it runs: `rvnommu run` does not pay for the modules of the others (an HTTP
 * server, a debugger's REPL, a terminal's raw mode) at every start.
 */
interface CommandEntry {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  load(): Promise<Command>;
}

const commands: CommandEntry[] = [
  {
    name: 'boot',
    summary: 'boot a uClinux-style system from a romfs image (the built-in one by default) on this terminal',
    load: async () => (await import('./boot.js')).bootCommand,
  },
  {
    name: 'serve',
    summary: 'serve the browser front end (xterm.js console, framebuffer canvas) booting an image, on 127.0.0.1',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'run',
    summary: 'run a Linux rv32 program (static PIE, FDPIC or bFLT) on the no-MMU kernel, like qemu-riscv32',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'bare',
    summary: 'run a bare-metal ELF (M-mode at 0x80000000, ends via HTIF tohost)',
    load: async () => (await import('./bare.js')).bareCommand,
  },
  {
    name: 'debug',
    summary: 'debug a bare-metal ELF or a Linux program instruction by instruction, without GDB',
    load: async () => (await import('./debug.js')).debugCommand,
  },
  {
    name: 'mkimage',
    summary: 'build a romfs image of a host directory, for run --rom (like genromfs)',
    load: async () => (await import('./mkimage.js')).mkimageCommand,
  },
  {
    name: 'fdpic-link',
    summary: 'turn a static-PIE linked with --emit-relocs into an FDPIC ELF (shared text, data per process)',
    load: async () => (await import('./fdpicLink.js')).fdpicLinkCommand,
  },
  {
    name: 'elf2flt',
    summary: 'convert a static-PIE ELF program into a bFLT (uClinux flat) binary',
    load: async () => (await import('./elf2flt.js')).elf2fltCommand,
  },
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
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`rvnommu: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
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

void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
