import type { Mount } from '../Mount.js';
import { MS_NOATIME, MS_NODEV, MS_NODIRATIME, MS_NOEXEC, MS_NOSUID, MS_NOSYMFOLLOW, MS_RELATIME } from '../mountFlags.js';
import type { Vfs } from '../Vfs.js';
import type { VfsPath } from '../VfsPath.js';
import type { ProcProcess, ProcSource } from './ProcSource.js';

/** USER_HZ: the unit of the times in /proc/PID/stat. */
const USER_HZ = 100;
const PAGE_SIZE = 4096;

const ticks = (seconds: number): number => Math.floor(seconds * USER_HZ);

const STATE_NAMES: Record<ProcProcess['state'], string> = {
  R: 'R (running)',
  S: 'S (sleeping)',
  D: 'D (disk sleep)',
  T: 'T (stopped)',
  Z: 'Z (zombie)',
};

/** /proc/PID/stat: the 52 fields of do_task_stat, those rvnommu does not track as 0. */
export function formatStat(p: ProcProcess): string {
  const fields: (string | number)[] = [
    p.pid, `(${p.comm})`, p.state, p.ppid, p.pgid, p.sid,
    0, -1, 0, // tty_nr, tpgid, flags
    0, 0, 0, 0, // minflt, cminflt, majflt, cmajflt
    ticks(p.userTime), ticks(p.systemTime), 0, 0, // utime, stime, cutime, cstime
    20, 0, p.threads, 0, // priority, nice, num_threads, itrealvalue
    ticks(p.startTime), p.virtualSize, Math.ceil(p.residentSize / PAGE_SIZE), 0xffffffff, // starttime, vsize, rss, rsslim
    p.layout.startCode, p.layout.endCode, p.layout.startStack, 0, 0, // startcode, endcode, startstack, kstkesp, kstkeip
    0, 0, 0, 0, 0, 0, 0, // signal, blocked, sigignore, sigcatch, wchan, nswap, cnswap
    17, 0, 0, 0, 0, 0, 0, // exit_signal, processor, rt_priority, policy, delayacct_blkio_ticks, guest_time, cguest_time
    p.layout.startData, p.layout.endData, p.layout.startBrk, // start_data, end_data, start_brk
    p.layout.argStart, p.layout.argEnd, p.layout.envStart, p.layout.envEnd, 0, // arg_start, arg_end, env_start, env_end, exit_code
  ];
  return `${fields.join(' ')}\n`;
}

const kb = (bytes: number): string => `${String(Math.ceil(bytes / 1024)).padStart(8)} kB`;

/** /proc/PID/status: the identification, memory and thread lines tools read. */
export function formatStatus(p: ProcProcess): string {
  const ids = (id: number) => `${id}\t${id}\t${id}\t${id}`;
  const lines = [
    `Name:\t${p.comm}`,
    ...(p.fs ? [`Umask:\t${p.fs.umask.toString(8).padStart(4, '0')}`] : []),
    `State:\t${STATE_NAMES[p.state]}`,
    `Tgid:\t${p.tgid}`,
    'Ngid:\t0',
    `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${ids(p.uid)}`,
    `Gid:\t${ids(p.gid)}`,
    `FDSize:\t${p.files ? Math.max(64, 2 ** Math.ceil(Math.log2(p.files.entries().length + 1))) : 0}`,
    'Groups:\t',
    `VmSize:\t${kb(p.virtualSize)}`,
    `VmRSS:\t${kb(p.residentSize)}`,
    `Threads:\t${p.threads}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** /proc/meminfo with Linux's column layout (16-character labels, 8-digit values). */
export function formatMeminfo(source: ProcSource): string {
  const { total, free, cached, mmapCopy } = source.memory();
  const rows: [string, number][] = [
    ['MemTotal', total],
    ['MemFree', free],
    ['MemAvailable', free],
    ['Buffers', 0],
    ['Cached', cached],
    ['SwapCached', 0],
    ['Active', total - free],
    ['Inactive', 0],
    ['SwapTotal', 0],
    ['SwapFree', 0],
    ['Shmem', 0],
    ['MmapCopy', mmapCopy],
  ];
  return rows.map(([label, bytes]) => `${`${label}:`.padEnd(16)}${kb(bytes)}\n`).join('');
}

/**
 * /proc/vmstat: `name value` lines in Linux's order (zone counters, then node counters), only the counters rvnommu
 * keeps: free pages, page cache pages, and the pages pinned and unpinned with FOLL_PIN.
 */
export function formatVmstat(source: ProcSource): string {
  const { free, cached } = source.memory();
  const { acquired, released } = source.pinnedPages();
  const rows: [string, number][] = [
    ['nr_free_pages', free / PAGE_SIZE],
    ['nr_file_pages', cached / PAGE_SIZE],
    ['nr_foll_pin_acquired', acquired],
    ['nr_foll_pin_released', released],
  ];
  return rows.map(([name, value]) => `${name} ${value}\n`).join('');
}

export function formatUptime(source: ProcSource): string {
  const { up, idle } = source.uptime();
  return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
}

/** The one hart rvnommu emulates, as arch/riscv/kernel/cpu.c prints it on a kernel without an MMU. */
export function formatCpuinfo(): string {
  return 'processor\t: 0\nhart\t\t: 0\nisa\t\t: rv32ima\nmmu\t\t: none\n\n';
}

/** seq_file's mangle: the separators of /proc/mounts fields appear as octal escapes. */
function mangle(text: string): string {
  return text.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const MOUNT_OPTIONS: [number, string][] = [
  [MS_NOSUID, 'nosuid'],
  [MS_NODEV, 'nodev'],
  [MS_NOEXEC, 'noexec'],
  [MS_NOATIME, 'noatime'],
  [MS_NODIRATIME, 'nodiratime'],
  [MS_RELATIME, 'relatime'],
  [MS_NOSYMFOLLOW, 'nosymfollow'],
];

function mountOptions(mount: Mount): string {
  const options = [mount.readOnly ? 'ro' : 'rw'];
  for (const [flag, name] of MOUNT_OPTIONS) if (mount.flags & flag) options.push(name);
  return [...options, ...mount.sb.options()].join(',');
}

/** /proc/mounts as seen from `root`: mounts outside it are not shown. */
export function formatMounts(vfs: Vfs, root: VfsPath): string {
  let text = '';
  for (const mount of vfs.mounts.all) {
    const { name, reachable } = vfs.pathName({ mount, dentry: mount.root }, root);
    if (!reachable) continue;
    text += `${mangle(mount.source)} ${mangle(name)} ${mount.sb.typeName} ${mountOptions(mount)} 0 0\n`;
  }
  return text;
}

export function formatFilesystems(vfs: Vfs): string {
  return vfs.fileSystemTypes.map((type) => `nodev\t${type.name}\n`).join('');
}

export function formatVersion(source: ProcSource): string {
  return `Linux version ${source.release} (rvnommu@rvnommu) (rvnommu) ${source.version}\n`;
}
