import { PAGE_SIZE } from '../cpu/PhysicalMemory.js';
import { Errno } from './errno.js';
import type { Kernel } from './Kernel.js';
import { formatAreas, formatRegions } from './mm/procMaps.js';
import type { MemoryMap } from './mm/MemoryMap.js';
import { UTS_RELEASE, UTS_VERSION } from './syscalls/misc.js';
import type { Task } from './Task.js';
import { bytesToName } from './vfs/bytes.js';
import type { ProcMemoryLayout, ProcProcess, ProcSource, ProcTunable } from './vfs/procfs/ProcSource.js';

/** What /proc shows of the kernel: its processes (thread groups), the page allocator and the scheduler's clock. */
export class KernelProcSource implements ProcSource {
  readonly release = UTS_RELEASE;
  readonly version = UTS_VERSION;

  constructor(private readonly kernel: Kernel) {}

  /** Outside a syscall no process is calling: pid 0 names no /proc directory, so /proc/self leads nowhere. */
  currentPid(): number {
    return this.kernel.currentTask?.tgid ?? 0;
  }

  pids(): number[] {
    const pids: number[] = [];
    for (const task of this.kernel.tasks.values()) if (task.isGroupLeader) pids.push(task.tgid);
    return pids.sort((a, b) => a - b);
  }

  process(pid: number): ProcProcess | undefined {
    const leader = this.kernel.tasks.get(pid);
    return leader?.isGroupLeader ? this.describe(leader, leader) : undefined;
  }

  thread(pid: number, tid: number): ProcProcess | undefined {
    const leader = this.kernel.tasks.get(pid);
    const thread = this.kernel.tasks.get(tid);
    return leader?.isGroupLeader && thread?.tgid === pid ? this.describe(thread, leader) : undefined;
  }

  /** What /proc shows of `task`: its own ids, name, state and times; the rest is its process's (the leader's). */
  private describe(task: Task, leader: Task): ProcProcess {
    const kernel = this.kernel;
    const alive = leader.state !== 'zombie';
    const cred = kernel.credentials(leader);
    const mm = leader.mm;
    // Exited threads leave the task table; a zombie leader stays in it until it is reaped.
    const threadIds = [...kernel.tasks.values()].filter((other) => other.tgid === leader.tgid).map((other) => other.tid);
    return {
      pid: task.tid,
      tgid: leader.tgid,
      threadIds: threadIds.sort((a, b) => a - b),
      ppid: leader.parent?.tgid ?? 0,
      pgid: leader.pgid,
      sid: leader.sid,
      state: threadState(task, leader),
      comm: task.comm,
      // A zombie's memory is gone, and with it the arguments.
      argv: alive ? argumentsInMemory(kernel, mm) : [],
      environ: alive ? userBytes(kernel, mm.envStart, mm.envEnd) : new Uint8Array(0),
      auxv: alive ? leader.savedAuxv : new Uint8Array(0),
      threads: threadIds.length,
      uid: cred.uid,
      gid: cred.gid,
      startTime: task.startTime / 1000,
      userTime: task.userTime / 1000,
      systemTime: task.systemTime / 1000,
      virtualSize: alive ? mm.areas.reduce((sum, area) => sum + (area.end - area.start), 0) : 0,
      residentSize: alive ? residentBytes(mm) : 0,
      layout: alive ? mm : NO_LAYOUT,
      maps: () => (alive ? formatAreas(mm) : ''),
      files: alive ? leader.files : undefined,
      fs: alive ? leader.fs : undefined,
      exe: alive ? leader.exe : undefined,
    };
  }

  memory(): { total: number; free: number; cached: number; mmapCopy: number } {
    const { allocator, mmap } = this.kernel;
    // Linux's mmap_pages_allocated: whole allocations, a trimmed block's kept tail included.
    const mmapCopy = mmap.pagesAllocated * PAGE_SIZE;
    const cached = mmap.pageCachePages * PAGE_SIZE;
    return { total: allocator.pageCount * PAGE_SIZE, free: allocator.freePages * PAGE_SIZE, cached, mmapCopy };
  }

  pinnedPages(): { acquired: number; released: number } {
    const { acquired, released } = this.kernel.pins;
    return { acquired, released };
  }

  regions(): string {
    return formatRegions(this.kernel.mmap);
  }

  get tunables(): readonly ProcTunable[] {
    const mmap = this.kernel.mmap;
    return [
      {
        // A non-negative int (proc_dointvec_minmax with a minimum of 0).
        path: 'vm/nr_trim_pages',
        read: () => `${mmap.nrTrimPages}\n`,
        write: (text) => {
          const value = /^\s*(\d+)\s*$/.exec(text);
          if (!value || Number(value[1]) > 0x7fff_ffff) return -Errno.EINVAL;
          mmap.nrTrimPages = Number(value[1]);
          return 0;
        },
      },
    ];
  }

  uptime(): { up: number; idle: number } {
    return { up: this.kernel.sinceBoot() / 1000, idle: this.kernel.idleTime / 1000 };
  }
}

/** A zombie's memory, and with it where its parts were, is gone. */
const NO_LAYOUT: ProcMemoryLayout = {
  startCode: 0, endCode: 0, startData: 0, endData: 0, startBrk: 0, startStack: 0, argStart: 0, argEnd: 0, envStart: 0, envEnd: 0,
};

/**
 * A thread's state; a process is in the state of its main thread, as in Linux's /proc/PID/stat. A group stop is
 * recorded on the leader and holds every live thread.
 */
function threadState(task: Task, leader: Task): ProcProcess['state'] {
  if (leader.stopSignal && task.state !== 'zombie') return 'T';
  switch (task.state) {
    case 'runnable':
      return 'R';
    case 'blocked':
      return task.blocked?.interruptible === false ? 'D' : 'S';
    case 'zombie':
      return 'Z';
  }
}

/**
 * The argument strings as they are now in the process's memory, between mm.argStart and mm.argEnd (Linux's
 * get_mm_cmdline), so that a program that rewrites its argv shows the new text.
 */
function argumentsInMemory(kernel: Kernel, mm: MemoryMap): string[] {
  const bytes = userBytes(kernel, mm.argStart, mm.argEnd);
  if (bytes.length === 0) return [];
  const text = bytesToName(bytes);
  // Each argument ends with a NUL, unless the program wrote over the last one.
  return (text.endsWith('\0') ? text.slice(0, -1) : text).split('\0');
}

/** A copy of the process's memory in [start, end): its argument or environment strings, as the program left them. */
function userBytes(kernel: Kernel, start: number, end: number): Uint8Array {
  const length = end - start;
  const offset = kernel.physical.backingOffsetOfRange(start, length);
  if (length <= 0 || offset < 0) return new Uint8Array(0);
  return kernel.physical.u8.slice(offset, offset + length);
}

/** Without an MMU every mapped byte is backed: what is resident is the regions the process's areas use. */
function residentBytes(mm: MemoryMap): number {
  const regions = new Set(mm.areas.map((area) => area.region));
  return [...regions].reduce((sum, region) => sum + (region.end - region.start), 0);
}
