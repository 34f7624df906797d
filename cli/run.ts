import { DEFAULT_FRAMEBUFFER_HEIGHT, DEFAULT_FRAMEBUFFER_WIDTH } from '../devices/Framebuffer.js';
import { DEFAULT_RAM_SIZE } from '../kernel/Kernel.js';
import { runProgram } from '../kernel/runProgram.js';
import { HostMountError } from '../kernel/vfs/hostfs/mountHostDirectory.js';
import { DEFAULT_ROM_MOUNT, RomImageError } from '../kernel/vfs/romfs/attachRom.js';
import { GdbListenError } from '../debug/GdbStub.js';
import { gdbRunner, traceRunner } from '../debug/kernelRunners.js';
import { TraceOutput } from '../debug/TraceOutput.js';
import { type Command, parseCommandArgs, UsageError, parseCount, parseSize, readInputFile } from './Command.js';
import { parseFramebufferOptions, savePicture } from './framebufferOptions.js';

export const runCommand: Command = {
  help: `Usage: rvnommu run [options] program.elf [args...]

Runs a statically linked RV32IMA Linux program (a static PIE, an executable linked at a
free RAM address, an FDPIC ELF such as rvnommu fdpic-link makes, or a bFLT flat binary such
as rvnommu elf2flt makes) on rvnommu's no-MMU kernel, the way qemu-riscv32 runs it on a host:
the program's stdin, stdout and stderr are rvnommu's, and rvnommu exits with the program's
exit status (128 + n when signal n killed it). Programs run as root: one that stops the
machine with reboot(2) ends the run with status 0, the kernel's "reboot: ..." line on stderr.

The guest sees its own file system: a ramfs root with /dev, /proc and /tmp. Host directories
appear only where --mount puts them.

Options:
  --mount HOST:GUEST     make host directory HOST visible at GUEST (repeatable); the guest
                         can never reach outside HOST
  --ram SIZE             guest RAM (default ${DEFAULT_RAM_SIZE / 1024 / 1024}M)
  --strace               print every syscall with decoded arguments and its result on stderr
  --count                print the number of executed instructions on stderr at the end
  -E VAR=VALUE           set VAR in the guest's environment (repeatable)
  -U VAR                 remove VAR from the guest's environment (repeatable)
  --clear-env            start from an empty environment instead of rvnommu's own
  -0 NAME                argv[0] for the program (default: the path as given)
  --fb WIDTHxHEIGHT      size of the /dev/fb0 framebuffer (default ${DEFAULT_FRAMEBUFFER_WIDTH}x${DEFAULT_FRAMEBUFFER_HEIGHT}; 'none' for no
                         framebuffer)
  --fb-png FILE          save the framebuffer's picture as a PNG when the program ends, and
                         whenever rvnommu receives SIGUSR1 (kill -USR1 <rvnommu's pid>)
  --rom IMAGE            attach a NOR flash chip holding IMAGE (a romfs image made by
                         rvnommu mkimage) as /dev/mtd0 and mount its romfs read-only; a
                         program path inside the mount point runs the ROM's file
  --rom-mount DIR        where the ROM's romfs appears (default ${DEFAULT_ROM_MOUNT})
  --gdb PORT             wait for GDB on 127.0.0.1:PORT before the first instruction
                         (gdb-multiarch: file program.elf, target remote :PORT)
  --trace                print every executed instruction on stderr in the format of
                         'bare --trace', each line prefixed with its task id ([tid])
  --no-jit               interpret every instruction (the reference) instead of translating hot
                         code to JavaScript; results and instruction counts are the same
  --deterministic        time (clocks, the time CSR) follows the instruction count, and
                         when every task waits it jumps to the next timeout (sleeps, poll,
                         futex, terminal reads); randomness (getrandom, AT_RANDOM,
                         /dev/urandom) comes from a fixed seed: two runs give identical
                         output and traces
  -h, --help             show this help`,

  async run(args) {
    // Options come first; the program path and its own arguments (which may look like options) follow.
    const parsed = parseCommandArgs(
      this,
      args,
      {
        mount: { type: 'string', multiple: true },
        ram: { type: 'string' },
        strace: { type: 'boolean' },
        count: { type: 'boolean' },
        E: { type: 'string', short: 'E', multiple: true },
        U: { type: 'string', short: 'U', multiple: true },
        'clear-env': { type: 'boolean' },
        '0': { type: 'string', short: '0' },
        fb: { type: 'string' },
        'fb-png': { type: 'string' },
        rom: { type: 'string' },
        'rom-mount': { type: 'string' },
        gdb: { type: 'string' },
        trace: { type: 'boolean' },
        deterministic: { type: 'boolean' },
        'no-jit': { type: 'boolean' },
      },
      { programFollows: true },
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    const [path, ...guestArgs] = positionals;
    if (path === undefined) throw new UsageError('run: expected a program (see rvnommu run --help)');

    if (values['rom-mount'] !== undefined && values.rom === undefined) throw new UsageError('--rom-mount needs --rom');
    const rom = values.rom === undefined ? undefined : { image: readInputFile(values.rom), mountPoint: values['rom-mount'] ?? DEFAULT_ROM_MOUNT };
    // A program inside the ROM's mount point is the ROM's file, not a host file.
    const elf = rom && path.startsWith(`${rom.mountPoint.replace(/\/+$/, '')}/`) ? undefined : readInputFile(path);
    const { framebuffer, pngPath } = parseFramebufferOptions('run', values);

    const env = new Map<string, string>();
    if (!values['clear-env']) for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env.set(key, value);
    for (const name of values.U ?? []) env.delete(name);
    for (const assignment of values.E ?? []) {
      const equals = assignment.indexOf('=');
      if (equals <= 0) throw new UsageError(`-E ${assignment}: expected VAR=VALUE`);
      env.set(assignment.slice(0, equals), assignment.slice(equals + 1));
    }

    if (values.gdb !== undefined && values.trace) throw new UsageError('run: --trace and --gdb cannot be combined');
    const status = await runProgram({
      elf,
      path,
      argv: [values['0'] ?? path, ...guestArgs],
      envp: [...env].map(([key, value]) => `${key}=${value}`),
      mounts: (values.mount ?? []).map(parseMount),
      ramSize: values.ram === undefined ? undefined : parseSize(values.ram, '--ram'),
      strace: values.strace ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
      framebuffer,
      countInstructions: values.count ? (retired) => process.stderr.write(`${retired} instructions\n`) : undefined,
      screenshot: pngPath === undefined ? undefined : (picture) => savePicture(picture, pngPath),
      rom,
      deterministic: values.deterministic,
      noTranslation: values['no-jit'],
      runner: values.gdb !== undefined
        ? gdbRunner(path, { port: parseCount(values.gdb, '--gdb'), log: (line) => process.stderr.write(`rvnommu: ${line}\n`) })
        : values.trace ? traceRunner(path, new TraceOutput(2)) : undefined,
    }).catch((error: unknown) => {
      // A --mount or --rom the user got wrong: one line, like any other bad option.
      throw error instanceof HostMountError || error instanceof RomImageError || error instanceof GdbListenError ? new UsageError(error.message) : error;
    });
    // Like a shell reports it: the exit code, or 128 + the signal that killed the program.
    return status & 0x7f ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
  },
};

function parseMount(spec: string): { host: string; guest: string } {
  const colon = spec.lastIndexOf(':');
  if (colon <= 0 || !spec.slice(colon + 1).startsWith('/')) {
    throw new UsageError(`--mount ${spec}: expected HOSTDIR:/GUESTDIR`);
  }
  return { host: spec.slice(0, colon), guest: spec.slice(colon + 1) };
}
