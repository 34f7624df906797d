/**
 * The C test programs (images/programs/*.c, built by images/programs/build.sh on our libc in images/libc) and how
 * to run them. Each program checks itself, prints only what does not depend on the machine (no addresses, pids,
 * times or host paths), and prints `NAME: ok` when every check passed (a failed check prints a line starting with
 * `FAILED`). So two runs of a portable program, under qemu-riscv32 and under rvnommu, must give the same stdout and
 * exit status. Portable programs use /tmp; the non-portable ones check no-MMU behaviour that qemu-riscv32 (with an
 * MMU) does not have.
 */
export interface GuestProgram {
  /** Also the summary line's prefix. */
  name: string;
  /** The ELF, relative to the repository root. */
  path: string;
  /** argv[1..]: argv[0] is the path the runner uses, which no program prints. */
  args: string[];
  /** The whole environment, as NAME=value. */
  env: string[];
  /** Standard input (empty when absent). */
  stdin?: string;
  /** The exit status when every check passes. */
  status: number;
  /** Same stdout and status under qemu-riscv32 as on a no-MMU Linux. */
  portable: boolean;
  /** Runs its own ELF again (execve of AT_EXECFN): `path` must name it inside the guest too. */
  execsItself?: boolean;
  /**
   * Runs from the board's flash: rvnommu starts it as /rom/NAME.elf from a romfs image (rvnommu mkimage) holding
   * only its ELF, so /dev/mtd0 is that image's chip.
   */
  fromRom?: boolean;
}

const ENV = ['HOME=/', 'PATH=/bin'];

function portable(name: string, options: Partial<GuestProgram> = {}): GuestProgram {
  return { name, path: `images/bin/programs/${name}.elf`, args: [], env: ENV, status: 0, portable: true, ...options };
}

function noMmu(name: string, options: Partial<GuestProgram> = {}): GuestProgram {
  return { name, path: `images/bin/programs/nommu/${name}.elf`, args: [], env: ENV, status: 0, portable: false, ...options };
}

export const PROGRAMS: readonly GuestProgram[] = [
  portable('hello', { args: ['first', 'second argument', ''], env: [...ENV, 'GREETING=hi there'] }),
  portable('printf'),
  portable('string'),
  portable('stdlib'),
  portable('ctype'),
  portable('malloc'),
  portable('files'),
  portable('dirs'),
  portable('stdio'),
  portable('pipe'),
  portable('errno'),
  portable('exit3', { status: 3 }),
  portable('stdin', { stdin: 'first line\nsecond line\n\n\tindented line\nlast line without a newline' }),
  portable('time'),
  portable('uname'),
  portable('getrandom'),
  portable('environ', { env: [...ENV, 'RVNOMMU_GREETING=hello world', 'RVNOMMU_EMPTY='] }),
  portable('signals'),
  portable('getopt', { args: ['-v', '-n', '3', '-ofile', '--', '-x', 'operand'] }),
  portable('mmap'),
  portable('threads'),
  portable('futex'),
  portable('stdio_threads'),
  noMmu('vfork', { execsItself: true }),
  noMmu('spawn', { execsItself: true }),
  noMmu('memory'),
  noMmu('shm', { execsItself: true }),
  noMmu('sysvshm', { execsItself: true }),
  noMmu('framebuffer'),
  noMmu('stop', { execsItself: true }),
  noMmu('exec_thread', { execsItself: true }),
  noMmu('mtd', { fromRom: true }),
  // Not compared with qemu-riscv32: its user mode (7.2) has no userfaultfd and answers ENOSYS (the host's
  // vm.unprivileged_userfaultfd does not matter then); test/kernel/userfaultfd.test.ts checks that this still holds.
  noMmu('userfaultfd'),
];

/** The line a program prints when all its checks passed. */
export function summaryLine(program: GuestProgram): string {
  return `${program.name}: ok`;
}

/** The environment as an object for child_process (the order of `env` is kept). */
export function environmentOf(program: GuestProgram): Record<string, string> {
  return Object.fromEntries(program.env.map((entry) => {
    const equals = entry.indexOf('=');
    return [entry.slice(0, equals), entry.slice(equals + 1)];
  }));
}
