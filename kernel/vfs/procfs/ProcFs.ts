import { Errno } from '../../errno.js';
import { nameToBytes } from '../bytes.js';
import { Dentry } from '../Dentry.js';
import { modeToDirentType, S_IFDIR, S_IFLNK, S_IFREG } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import type { FileSystemType, MountRequest } from '../FileSystemType.js';
import { type DirEmitter, Inode } from '../Inode.js';
import type { OpenFile } from '../OpenFile.js';
import { type StatFs, SuperBlock } from '../SuperBlock.js';
import type { Clock } from '../Timespec.js';
import type { Vfs } from '../Vfs.js';
import type { VfsPath } from '../VfsPath.js';
import { formatCpuinfo, formatFilesystems, formatMeminfo, formatMounts, formatStat, formatStatus, formatUptime, formatVersion, formatVmstat } from './procText.js';
import type { ProcProcess, ProcSource, ProcTunable } from './ProcSource.js';

export const PROC_SUPER_MAGIC = 0x9fa0;

/** A name in a /proc directory and how to get its inode. */
interface ProcEntry {
  readonly name: string;
  readonly inode: () => Inode;
}

/** File contents: host text (encoded as UTF-8), raw bytes, or an errno when the file cannot be produced. */
type Content = string | Uint8Array | number;

const encoder = new TextEncoder();

class ProcSuperBlock extends SuperBlock {
  private readonly nodes = new Map<string, Inode>();

  constructor(
    dev: number,
    clock: Clock,
    readonly source: ProcSource,
    readonly vfs: Vfs,
  ) {
    super('proc', dev, clock);
  }

  statfs(): StatFs {
    return { magic: PROC_SUPER_MAGIC, blockSize: 4096, blocks: 0, blocksFree: 0, blocksAvailable: 0, files: 0, filesFree: 0, nameMax: 255 };
  }

  /** The inode for `key`, made once so that lookups keep finding the same inode (and dentry). */
  node(key: string, create: (ino: number) => Inode): Inode {
    let inode = this.nodes.get(key);
    if (!inode) {
      inode = create(this.allocateIno());
      this.nodes.set(key, inode);
    }
    return inode;
  }

  /** Drops the inodes of processes that are gone. */
  forgetExcept(pids: readonly number[]): void {
    const alive = new Set(pids.map(String));
    for (const key of this.nodes.keys()) {
      const pid = key.split('/')[0];
      if (/^\d+$/.test(pid) && !alive.has(pid)) this.nodes.delete(key);
    }
  }
}

class ProcDirectory extends Inode {
  constructor(
    sb: ProcSuperBlock,
    ino: number,
    mode: number,
    uid: number,
    gid: number,
    private readonly listing: () => readonly ProcEntry[] | number,
  ) {
    super(sb, ino, S_IFDIR | mode, uid, gid);
    this.nlink = 2;
  }

  get size(): number {
    return 0;
  }

  override lookup(_dir: Dentry, name: string): Inode | null | number {
    const entries = this.listing();
    if (typeof entries === 'number') return entries;
    return entries.find((entry) => entry.name === name)?.inode() ?? null;
  }

  override iterate(_dir: Dentry, position: number, emit: DirEmitter): number {
    const entries = this.listing();
    if (typeof entries === 'number') return entries;
    for (let i = position - 2; i < entries.length; i++) {
      const inode = entries[i].inode();
      if (!emit(entries[i].name, inode.ino, modeToDirentType(inode.mode), i + 3)) break;
    }
    return 0;
  }

  open(): FileOperations {
    return {};
  }
}

/** A /proc file: its contents are produced when it is opened, and read like a file from that snapshot. */
class ProcFile extends Inode {
  constructor(
    sb: ProcSuperBlock,
    ino: number,
    mode: number,
    uid: number,
    gid: number,
    private readonly generate: () => Content,
  ) {
    super(sb, ino, S_IFREG | mode, uid, gid);
  }

  /** Like Linux, /proc files report size 0: their length is only known by reading them. */
  get size(): number {
    return 0;
  }

  open(): FileOperations | number {
    const content = this.generate();
    if (typeof content === 'number') return content;
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    return {
      read(_file: OpenFile, into: Uint8Array, position: number): number {
        const part = bytes.subarray(Math.min(position, bytes.length), Math.min(position + into.length, bytes.length));
        into.set(part);
        return part.length;
      },
    };
  }
}

/** A /proc/sys file: reads show the setting, a write sets it (proc_dointvec style: the whole value at once). */
class ProcTunableFile extends Inode {
  constructor(
    sb: ProcSuperBlock,
    ino: number,
    private readonly tunable: ProcTunable,
  ) {
    super(sb, ino, S_IFREG | 0o644, 0, 0);
  }

  get size(): number {
    return 0;
  }

  open(): FileOperations {
    const bytes = encoder.encode(this.tunable.read());
    const tunable = this.tunable;
    return {
      read(_file: OpenFile, into: Uint8Array, position: number): number {
        const part = bytes.subarray(Math.min(position, bytes.length), Math.min(position + into.length, bytes.length));
        into.set(part);
        return part.length;
      },
      write(_file: OpenFile, data: Uint8Array, position: number): number {
        // Like proc_dointvec, a write past the start of the file is ignored rather than appended to the value.
        if (position > 0) return data.length;
        const result = tunable.write(new TextDecoder().decode(data));
        return result < 0 ? result : data.length;
      },
    };
  }
}

class ProcLink extends Inode {
  constructor(
    sb: ProcSuperBlock,
    ino: number,
    mode: number,
    uid: number,
    gid: number,
    private readonly target: () => string | number,
    private readonly jump?: () => VfsPath | number,
  ) {
    super(sb, ino, S_IFLNK | mode, uid, gid);
  }

  get size(): number {
    return 0;
  }

  override readlink(): string | number {
    return this.target();
  }

  override magicLink(): VfsPath | number | null {
    return this.jump ? this.jump() : null;
  }

  open(): FileOperations {
    return {};
  }
}

/**
 * procfs: /proc/self, the per-process directories (cmdline, environ, auxv, comm, stat, status, maps, mounts, fd/,
 * task/, cwd, root, exe) and the system files (meminfo, vmstat, maps, uptime, version, mounts, filesystems, cpuinfo), all read from a
 * ProcSource that the kernel implements. Every mount shares one instance, as with a single pid namespace.
 */
export function procFileSystemType(vfs: Vfs, source: ProcSource): FileSystemType {
  let instance: ProcSuperBlock | undefined;
  return {
    name: 'proc',
    guestMountable: true,
    mount(request: MountRequest) {
      if (!instance) {
        instance = new ProcSuperBlock(request.dev, request.clock, source, vfs);
        const sb = instance;
        const root = new ProcDirectory(sb, sb.allocateIno(), 0o555, 0, 0, () => rootEntries(sb));
        sb.root = new Dentry('/', null, root);
      }
      return instance;
    },
  };
}

function file(sb: ProcSuperBlock, key: string, name: string, generate: () => Content, owner?: ProcProcess, mode = 0o444): ProcEntry {
  return { name, inode: () => sb.node(key, (ino) => new ProcFile(sb, ino, mode, owner?.uid ?? 0, owner?.gid ?? 0, generate)) };
}

/** The root the calling process sees, for paths in /proc/mounts and the fd links. */
function readerRoot(sb: ProcSuperBlock): VfsPath {
  const fs = sb.source.process(sb.source.currentPid())?.fs;
  const top = sb.vfs.mounts.root;
  return fs?.root ?? { mount: top, dentry: top.root };
}

function rootEntries(sb: ProcSuperBlock): ProcEntry[] {
  const { source, vfs } = sb;
  const pids = source.pids();
  sb.forgetExcept(pids);
  const self: ProcEntry = {
    name: 'self',
    inode: () => sb.node('self', (ino) => new ProcLink(sb, ino, 0o777, 0, 0, () => String(source.currentPid()))),
  };
  return [
    self,
    file(sb, 'meminfo', 'meminfo', () => formatMeminfo(source)),
    file(sb, 'vmstat', 'vmstat', () => formatVmstat(source)),
    file(sb, 'maps', 'maps', () => source.regions()),
    file(sb, 'uptime', 'uptime', () => formatUptime(source)),
    file(sb, 'version', 'version', () => formatVersion(source)),
    file(sb, 'mounts', 'mounts', () => nameToBytes(formatMounts(vfs, readerRoot(sb)))),
    file(sb, 'filesystems', 'filesystems', () => formatFilesystems(vfs)),
    file(sb, 'cpuinfo', 'cpuinfo', formatCpuinfo),
    tunableDirectory(sb, 'sys', ''),
    ...pids.map((pid) => processDirectory(sb, pid)),
  ];
}

/** /proc/sys and its subdirectories, made from the paths of the kernel's tunables. */
function tunableDirectory(sb: ProcSuperBlock, name: string, prefix: string): ProcEntry {
  const listing = (): ProcEntry[] => {
    const below = sb.source.tunables.filter((tunable) => tunable.path.startsWith(prefix));
    const names = [...new Set(below.map((tunable) => tunable.path.slice(prefix.length).split('/')[0]))];
    return names.map((entry) => {
      const tunable = below.find((candidate) => candidate.path === prefix + entry);
      if (!tunable) return tunableDirectory(sb, entry, `${prefix}${entry}/`);
      return { name: entry, inode: () => sb.node(`sys/${tunable.path}`, (ino) => new ProcTunableFile(sb, ino, tunable)) };
    });
  };
  return { name, inode: () => sb.node(`sys/${prefix}`, (ino) => new ProcDirectory(sb, ino, 0o555, 0, 0, listing)) };
}

function processDirectory(sb: ProcSuperBlock, pid: number): ProcEntry {
  return {
    name: String(pid),
    inode: () => {
      const owner = sb.source.process(pid);
      return sb.node(String(pid), (ino) => new ProcDirectory(sb, ino, 0o555, owner?.uid ?? 0, owner?.gid ?? 0, () => processEntries(sb, pid)));
    },
  };
}

function processEntries(sb: ProcSuperBlock, pid: number): ProcEntry[] | number {
  const p = sb.source.process(pid);
  if (!p) return -Errno.ENOENT;
  const alive = (produce: (p: ProcProcess) => Content) => () => {
    const current = sb.source.process(pid);
    return current ? produce(current) : -Errno.ESRCH;
  };
  const link = (name: string, target: (p: ProcProcess) => VfsPath | undefined): ProcEntry => ({
    name,
    inode: () =>
      sb.node(`${pid}/${name}`, (ino) => {
        const resolve = (): VfsPath | number => {
          const current = sb.source.process(pid);
          return (current && target(current)) ?? -Errno.ENOENT;
        };
        const text = () => {
          const path = resolve();
          return typeof path === 'number' ? path : describePath(sb, path);
        };
        return new ProcLink(sb, ino, 0o777, p.uid, p.gid, text, resolve);
      }),
  });
  return [
    file(sb, `${pid}/cmdline`, 'cmdline', alive((q) => nameToBytes(q.argv.map((arg) => `${arg}\0`).join(''))), p),
    // Linux keeps a process's environment and auxiliary vector to its owner (mode 0400).
    file(sb, `${pid}/environ`, 'environ', alive((q) => q.environ), p, 0o400),
    file(sb, `${pid}/auxv`, 'auxv', alive((q) => q.auxv), p, 0o400),
    file(sb, `${pid}/comm`, 'comm', alive((q) => `${q.comm}\n`), p),
    file(sb, `${pid}/stat`, 'stat', alive(formatStat), p),
    file(sb, `${pid}/status`, 'status', alive(formatStatus), p),
    file(sb, `${pid}/maps`, 'maps', alive((q) => q.maps()), p),
    file(sb, `${pid}/mounts`, 'mounts', alive((q) => nameToBytes(formatMounts(sb.vfs, q.fs?.root ?? readerRoot(sb)))), p),
    {
      name: 'fd',
      inode: () => sb.node(`${pid}/fd`, (ino) => new ProcDirectory(sb, ino, 0o500, p.uid, p.gid, () => fdEntries(sb, pid))),
    },
    {
      name: 'task',
      inode: () => sb.node(`${pid}/task`, (ino) => new ProcDirectory(sb, ino, 0o555, p.uid, p.gid, () => taskEntries(sb, pid))),
    },
    link('cwd', (q) => q.fs?.cwd),
    link('root', (q) => q.fs?.root),
    link('exe', (q) => q.exe),
  ];
}

/** /proc/PID/task: a directory per thread with the files that describe one thread (stat, status, comm). */
function taskEntries(sb: ProcSuperBlock, pid: number): ProcEntry[] | number {
  const p = sb.source.process(pid);
  if (!p) return -Errno.ENOENT;
  return p.threadIds.map((tid) => {
    const key = `${pid}/task/${tid}`;
    const thread = (produce: (t: ProcProcess) => Content) => () => {
      const current = sb.source.thread(pid, tid);
      return current ? produce(current) : -Errno.ESRCH;
    };
    const entries = (): ProcEntry[] => [
      file(sb, `${key}/comm`, 'comm', thread((t) => `${t.comm}\n`), p),
      file(sb, `${key}/stat`, 'stat', thread(formatStat), p),
      file(sb, `${key}/status`, 'status', thread(formatStatus), p),
    ];
    return { name: String(tid), inode: () => sb.node(key, (ino) => new ProcDirectory(sb, ino, 0o555, p.uid, p.gid, entries)) };
  });
}

function fdEntries(sb: ProcSuperBlock, pid: number): ProcEntry[] | number {
  const p = sb.source.process(pid);
  if (!p?.files) return -Errno.ENOENT;
  return p.files.entries().map(([fd, opened]) => ({
    name: String(fd),
    inode: () => {
      const current = () => sb.source.process(pid)?.files?.get(fd);
      const link = sb.node(`${pid}/fd/${fd}`, (ino) => {
        const target = () => {
          const open = current();
          return open ? describePath(sb, open.path) : -Errno.ENOENT;
        };
        return new ProcLink(sb, ino, 0, p.uid, p.gid, target, () => current()?.path ?? -Errno.ENOENT);
      });
      // The link's permissions show how the descriptor (which may have been reused) is open.
      link.mode = S_IFLNK | (opened.readable ? 0o500 : 0) | (opened.writable ? 0o300 : 0);
      return link;
    },
  }));
}

function describePath(sb: ProcSuperBlock, path: VfsPath): string {
  return sb.vfs.describePath(path, readerRoot(sb));
}
