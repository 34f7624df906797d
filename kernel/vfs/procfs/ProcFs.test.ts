import { describe, expect, it } from 'vitest';
import { Errno } from '../../errno.js';
import { bytesToName } from '../bytes.js';
import { ROOT_CREDENTIALS } from '../Credentials.js';
import { makeDirectory, removeFile } from '../entryOperations.js';
import { createPipe } from '../PipeFile.js';
import { FdTable } from '../FdTable.js';
import { isWouldBlock } from '../FileOperations.js';
import type { FsContext } from '../FsContext.js';
import type { OpenFile } from '../OpenFile.js';
import { O_CREAT, O_RDONLY, O_RDWR } from '../openFlags.js';
import { LOOKUP_FOLLOW } from '../PathWalker.js';
import { readDirectory } from '../readdir.js';
import { createTestVfs, lookupFor } from '../testing.js';
import type { Vfs } from '../Vfs.js';
import { procFileSystemType } from './ProcFs.js';
import type { ProcProcess, ProcSource } from './ProcSource.js';

class FakeKernel implements ProcSource {
  current = 1;
  readonly processes = new Map<number, ProcProcess>();
  readonly release = '6.1.0-rvnommu';
  readonly version = '#1 rvnommu no-MMU';

  currentPid(): number {
    return this.current;
  }

  pids(): number[] {
    return [...this.processes.keys()].sort((a, b) => a - b);
  }

  process(pid: number): ProcProcess | undefined {
    return this.processes.get(pid);
  }

  thread(pid: number, tid: number): ProcProcess | undefined {
    const process = this.processes.get(pid);
    return process?.threadIds.includes(tid) ? { ...process, pid: tid, comm: tid === pid ? process.comm : 'worker' } : undefined;
  }

  memory() {
    return { total: 64 * 1024 * 1024, free: 40 * 1024 * 1024, cached: 5 * 1024 * 1024, mmapCopy: 3 * 1024 * 1024 };
  }

  pinnedPages() {
    return { acquired: 12, released: 10 };
  }

  regions(): string {
    return '80000000-80001000 r-xs 00000000 00:00 0 \n';
  }

  uptime() {
    return { up: 12.345, idle: 10 };
  }

  trimPages = 1;
  readonly tunables = [
    {
      path: 'vm/nr_trim_pages',
      read: () => `${this.trimPages}\n`,
      write: (text: string) => {
        if (!/^\d+\n?$/.test(text)) return -Errno.EINVAL;
        this.trimPages = Number.parseInt(text, 10);
        return 0;
      },
    },
    { path: 'kernel/hostname', read: () => 'rvnommu\n', write: () => -Errno.EPERM },
  ];
}

function setup(): { vfs: Vfs; kernel: FakeKernel; fs: FsContext; files: FdTable; read: (path: string) => string | number } {
  const vfs = createTestVfs();
  const kernel = new FakeKernel();
  vfs.registerFileSystem(procFileSystemType(vfs, kernel));
  const fs = vfs.newFsContext();
  const at = lookupFor(fs);
  makeDirectory(vfs, at, '/proc', 0o555);
  makeDirectory(vfs, at, '/home', 0o755);
  makeDirectory(vfs, at, '/sbin', 0o755);
  const init = vfs.open(at, '/sbin/init', O_CREAT | O_RDWR, 0o755);
  if (typeof init === 'number') throw new Error('/sbin/init');
  init.release();
  const exe = vfs.resolve(at, '/sbin/init', 0);
  if (typeof exe === 'number') throw new Error('/sbin/init');
  const sb = vfs.createSuperBlock('proc', 'proc', '');
  if (typeof sb === 'number') throw new Error('proc');
  vfs.mountAt('/proc', sb);
  const files = new FdTable();
  const base = {
    pid: 1, tgid: 1, threadIds: [1, 7], ppid: 0, pgid: 1, sid: 1, state: 'S' as const, comm: 'init', argv: ['/sbin/init', 'spl\xe4sh'], threads: 1,
    environ: new TextEncoder().encode('HOME=/\0TERM=vt100\0'), auxv: new Uint8Array(new Uint32Array([6, 4096, 0, 0]).buffer),
    uid: 0, gid: 0, startTime: 0.5, userTime: 1.25, systemTime: 0.5, virtualSize: 1 << 20, residentSize: 256 << 10,
    maps: () => '80000000-80001000 r-xp 00000000 00:00 0 \n', files, fs, exe,
    layout: {
      startCode: 0x80000000, endCode: 0x80001000, startData: 0x80001000, endData: 0x80001100, startBrk: 0x80001100,
      startStack: 0x8001fe00, argStart: 0x8001ff00, argEnd: 0x8001ff20, envStart: 0x8001ff20, envEnd: 0x8001ff40,
    },
  };
  kernel.processes.set(1, base);
  kernel.processes.set(42, { ...base, pid: 42, tgid: 42, threadIds: [42], ppid: 1, comm: 'sh', argv: ['sh'], state: 'R', files: undefined, fs: undefined, exe: undefined });
  const read = (path: string): string | number => {
    const file = vfs.open(lookupFor(fs), path, O_RDONLY, 0);
    if (typeof file === 'number') return file;
    const into = new Uint8Array(65536);
    const count = file.read(into);
    file.release();
    if (isWouldBlock(count)) throw new Error('proc read blocked');
    return count < 0 ? count : bytesToName(into.subarray(0, count));
  };
  return { vfs, kernel, fs, files, read };
}

function list(vfs: Vfs, fs: FsContext, path: string): string[] {
  const file = vfs.open(lookupFor(fs), path, O_RDONLY, 0) as OpenFile;
  const names: string[] = [];
  expect(readDirectory(file, (name) => (names.push(name), true))).toBe(0);
  return names;
}

describe('procfs', () => {
  it('shows the kernel tunables under /proc/sys, and a write sets one or fails with its errno', () => {
    const { vfs, kernel, fs, read } = setup();
    expect(list(vfs, fs, '/proc/sys')).toEqual(['.', '..', 'vm', 'kernel']);
    expect(list(vfs, fs, '/proc/sys/vm')).toEqual(['.', '..', 'nr_trim_pages']);
    expect(read('/proc/sys/vm/nr_trim_pages')).toBe('1\n');
    const write = (path: string, text: string) => {
      const file = vfs.open(lookupFor(fs), path, O_RDWR, 0) as OpenFile;
      const written = file.write(new TextEncoder().encode(text));
      file.release();
      return written;
    };
    expect(write('/proc/sys/vm/nr_trim_pages', '0\n')).toBe(2);
    expect(kernel.trimPages).toBe(0);
    expect(read('/proc/sys/vm/nr_trim_pages')).toBe('0\n');
    expect(write('/proc/sys/vm/nr_trim_pages', '-1\n')).toBe(-Errno.EINVAL);
    expect(write('/proc/sys/kernel/hostname', 'x')).toBe(-Errno.EPERM);
    expect(kernel.trimPages).toBe(0);
  });

  it('lists the system files and one directory per process', () => {
    const { vfs, fs } = setup();
    expect(list(vfs, fs, '/proc')).toEqual(['.', '..', 'self', 'meminfo', 'vmstat', 'maps', 'uptime', 'version', 'mounts', 'filesystems', 'cpuinfo', 'sys', '1', '42']);
    expect(list(vfs, fs, '/proc/1')).toEqual(['.', '..', 'cmdline', 'environ', 'auxv', 'comm', 'stat', 'status', 'maps', 'mounts', 'fd', 'task', 'cwd', 'root', 'exe']);
    expect(list(vfs, fs, '/proc/1/task')).toEqual(['.', '..', '1', '7']);
    expect(list(vfs, fs, '/proc/1/task/7')).toEqual(['.', '..', 'comm', 'stat', 'status']);
  });

  it('points /proc/self at the calling process', () => {
    const { vfs, kernel, fs, read } = setup();
    const at = lookupFor(fs);
    const self = vfs.resolve(at, '/proc/self', 0);
    if (typeof self === 'number') throw new Error('no /proc/self');
    expect(self.dentry.inode.readlink(self.dentry)).toBe('1');
    expect(read('/proc/self/comm')).toBe('init\n');
    kernel.current = 42;
    expect(read('/proc/self/comm')).toBe('sh\n');
  });

  it('produces cmdline, stat and status as Linux formats them', () => {
    const { read } = setup();
    // Arguments are byte strings: a byte that is not UTF-8 comes back as it was.
    expect(read('/proc/1/cmdline')).toBe('/sbin/init\0spl\xe4sh\0');
    expect(read('/proc/1/environ')).toBe('HOME=/\0TERM=vt100\0');
    expect(read('/proc/1/auxv')).toBe('\x06\0\0\0\0\x10\0\0\0\0\0\0\0\0\0\0');
    const stat = read('/proc/42/stat') as string;
    const fields = stat.trimEnd().split(' ');
    expect(fields).toHaveLength(52);
    expect(fields.slice(0, 8)).toEqual(['42', '(sh)', 'R', '1', '1', '1', '0', '-1']);
    expect(fields[13]).toBe('125');
    expect(fields[21]).toBe('50');
    expect(fields[22]).toBe(String(1 << 20));
    expect(fields[23]).toBe('64');
    const status = read('/proc/1/status') as string;
    expect(status).toContain('Name:\tinit\n');
    expect(status).toContain('State:\tS (sleeping)\n');
    expect(status).toContain('PPid:\t0\n');
    expect(status).toContain('VmRSS:\t     256 kB\n');
    expect(status).toContain('Umask:\t0022\n');
    expect(read('/proc/1/maps')).toBe('80000000-80001000 r-xp 00000000 00:00 0 \n');
    // startcode, endcode, startstack; then start_data ... env_end.
    const layout = (read('/proc/1/stat') as string).trimEnd().split(' ').map(Number);
    expect(layout.slice(25, 28)).toEqual([0x80000000, 0x80001000, 0x8001fe00]);
    expect(layout.slice(44, 51)).toEqual([0x80001000, 0x80001100, 0x80001100, 0x8001ff00, 0x8001ff20, 0x8001ff20, 0x8001ff40]);
    // A thread's own files: its id and name, its process's Tgid.
    expect(read('/proc/1/task/7/comm')).toBe('worker\n');
    expect(read('/proc/1/task/7/status')).toMatch(/^Name:\tworker\n[^]*Tgid:\t1\n[^]*Pid:\t7\n[^]*Threads:\t1\n/);
    expect((read('/proc/1/task/7/stat') as string).split(' ')[0]).toBe('7');
    expect(read('/proc/1/task/8/stat')).toBe(-Errno.ENOENT);
  });

  it('produces the system files', () => {
    const { read } = setup();
    expect(read('/proc/meminfo')).toContain('MemTotal:          65536 kB\nMemFree:           40960 kB\n');
    expect(read('/proc/meminfo')).toContain('Cached:             5120 kB\n');
    expect(read('/proc/meminfo')).toContain('MmapCopy:           3072 kB\n');
    expect(read('/proc/vmstat')).toBe('nr_free_pages 10240\nnr_file_pages 1280\nnr_foll_pin_acquired 12\nnr_foll_pin_released 10\n');
    expect(read('/proc/maps')).toBe('80000000-80001000 r-xs 00000000 00:00 0 \n');
    expect(read('/proc/uptime')).toBe('12.35 10.00\n');
    expect(read('/proc/version')).toBe('Linux version 6.1.0-rvnommu (rvnommu@rvnommu) (rvnommu) #1 rvnommu no-MMU\n');
    expect(read('/proc/cpuinfo')).toContain('isa\t\t: rv32ima\nmmu\t\t: none\n');
    expect(read('/proc/filesystems')).toContain('nodev\tproc\n');
    expect(read('/proc/mounts')).toBe('rootfs / ramfs rw 0 0\nproc /proc proc rw,relatime 0 0\n');
  });

  it('shows open descriptors as links that lead to the open file itself', () => {
    const { vfs, fs, files, read } = setup();
    const at = lookupFor(fs);
    const file = vfs.open(at, '/home/notes', O_CREAT | O_RDWR, 0o644) as OpenFile;
    files.allocate(file);
    expect(list(vfs, fs, '/proc/1/fd')).toEqual(['.', '..', '0']);
    const link = vfs.resolve(at, '/proc/1/fd/0', 0);
    if (typeof link === 'number') throw new Error('no fd link');
    expect(link.dentry.inode.readlink(link.dentry)).toBe('/home/notes');
    expect(link.dentry.inode.mode & 0o777).toBe(0o700);
    const target = vfs.resolve(at, '/proc/self/fd/0', LOOKUP_FOLLOW);
    expect(typeof target !== 'number' && target.dentry.inode).toBe(file.inode);
    expect(typeof vfs.resolve(at, '/proc/1/cwd/home', LOOKUP_FOLLOW)).not.toBe('number');
    const exe = vfs.resolve(at, '/proc/1/exe', 0);
    expect(typeof exe !== 'number' && exe.dentry.inode.readlink(exe.dentry)).toBe('/sbin/init');
    const program = vfs.resolve(at, '/proc/1/exe', LOOKUP_FOLLOW);
    expect(typeof program !== 'number' && program.dentry.name).toBe('init');
    expect(read('/proc/42/exe')).toBe(-Errno.ENOENT);
    expect(read('/proc/42/fd/0')).toBe(-Errno.ENOENT);
    const [pipeEnd] = createPipe(vfs.pipeFs, ROOT_CREDENTIALS, 0);
    files.allocate(pipeEnd);
    const pipeLink = vfs.resolve(at, '/proc/1/fd/1', 0);
    expect(typeof pipeLink !== 'number' && pipeLink.dentry.inode.readlink(pipeLink.dentry)).toMatch(/^pipe:\[\d+\]$/);
    expect(removeFile(vfs, at, '/home/notes')).toBe(0);
    expect(link.dentry.inode.readlink(link.dentry)).toBe('/home/notes (deleted)');
  });

  it('forgets processes that are gone', () => {
    const { vfs, kernel, fs, read } = setup();
    const file = vfs.open(lookupFor(fs), '/proc/42/comm', O_RDONLY, 0) as OpenFile;
    kernel.processes.delete(42);
    expect(read('/proc/42/comm')).toBe(-Errno.ENOENT);
    expect(list(vfs, fs, '/proc')).not.toContain('42');
    const into = new Uint8Array(16);
    expect(file.read(into)).toBe(3);
  });
});
