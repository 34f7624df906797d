import type { FdTable } from '../FdTable.js';
import type { FsContext } from '../FsContext.js';
import type { VfsPath } from '../VfsPath.js';

/** One process as /proc shows it: what ps, top and friends read from /proc/PID/{stat,status,cmdline,comm}. */
export interface ProcProcess {
  /** The process id, or a thread's id in /proc/PID/task/TID. */
  readonly pid: number;
  /** The thread group (process) id. */
  readonly tgid: number;
  /** The ids of the process's threads, ascending (/proc/PID/task). */
  readonly threadIds: readonly number[];
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  /** R running, S sleeping, D uninterruptible, T stopped, Z zombie. */
  readonly state: 'R' | 'S' | 'D' | 'T' | 'Z';
  /** The command name (at most 15 bytes). */
  readonly comm: string;
  /** The arguments for /proc/PID/cmdline as byte strings (empty for zombies). */
  readonly argv: readonly string[];
  /** /proc/PID/environ: the environment strings in the process's memory, each with its NUL (empty for zombies). */
  readonly environ: Uint8Array;
  /** /proc/PID/auxv: the auxiliary vector the program started with, (type, value) words to AT_NULL. */
  readonly auxv: Uint8Array;
  readonly threads: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds after boot at which the process started. */
  readonly startTime: number;
  /** CPU seconds spent in user mode and in the kernel. */
  readonly userTime: number;
  readonly systemTime: number;
  /** Bytes of address space and of memory actually backing it. */
  readonly virtualSize: number;
  readonly residentSize: number;
  /** Where exec put the program's parts (Linux's mm_struct fields, /proc/PID/stat's startcode...env_end). */
  readonly layout: ProcMemoryLayout;
  /** /proc/PID/maps, formatted as no-MMU Linux formats it. */
  maps(): string;
  /** The descriptor table and root/cwd, for /proc/PID/fd, cwd and root (absent for zombies). */
  readonly files?: FdTable;
  readonly fs?: FsContext;
  /** The executable, for /proc/PID/exe. */
  readonly exe?: VfsPath;
}

export interface ProcMemoryLayout {
  readonly startCode: number;
  readonly endCode: number;
  readonly startData: number;
  readonly endData: number;
  readonly startBrk: number;
  readonly startStack: number;
  readonly argStart: number;
  readonly argEnd: number;
  readonly envStart: number;
  readonly envEnd: number;
}

/** A kernel setting under /proc/sys (a sysctl), such as vm/nr_trim_pages. */
export interface ProcTunable {
  /** Its path below /proc/sys. */
  readonly path: string;
  /** The value as /proc shows it, with its newline. */
  read(): string;
  /** Takes a written value; 0, or a negative errno (EINVAL for a value the setting does not accept). */
  write(text: string): number;
}

/** What the kernel tells procfs. Everything is read when a /proc file is opened, so values are current. */
export interface ProcSource {
  /** The process calling into procfs (/proc/self). */
  currentPid(): number;
  /** Every process id, ascending. */
  pids(): readonly number[];
  process(pid: number): ProcProcess | undefined;
  /** One thread of process `pid`, as /proc/PID/task/TID shows it: its own id, name, state and times. */
  thread(pid: number, tid: number): ProcProcess | undefined;
  /**
   * RAM in bytes: all of it, what is free, what holds ramfs/tmpfs file data (the page cache: Cached), and what
   * no-MMU mmap allocated for mappings (MmapCopy).
   */
  memory(): { readonly total: number; readonly free: number; readonly cached: number; readonly mmapCopy: number };
  /** Pages ever pinned and unpinned for device transfers (FOLL_PIN's NR_FOLL_PIN_ACQUIRED and _RELEASED). */
  pinnedPages(): { readonly acquired: number; readonly released: number };
  /** /proc/maps of no-MMU Linux: every memory region in the system, whichever processes map it. */
  regions(): string;
  /** Seconds since boot, and seconds the CPU spent idle. */
  uptime(): { readonly up: number; readonly idle: number };
  /** The settings under /proc/sys, which root may change by writing them. */
  readonly tunables: readonly ProcTunable[];
  /** uname's release and version, for /proc/version. */
  readonly release: string;
  readonly version: string;
}
