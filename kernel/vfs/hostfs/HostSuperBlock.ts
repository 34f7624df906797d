import { lstatSync, realpathSync, statfsSync, type BigIntStats } from 'node:fs';
import { Errno } from '../../errno.js';
import type { Dentry } from '../Dentry.js';
import { type StatFs, SuperBlock } from '../SuperBlock.js';
import type { Clock } from '../Timespec.js';
import { hostCall } from './hostErrno.js';
import type { HostInode } from './HostInode.js';

/**
 * A host directory mounted into the guest. Confinement rests on three rules:
 *  - the guest VFS resolves every path itself, "..", symbolic links and mount crossings included, so a host path
 *    is always the root followed by names of directories this file system looked up (never ".", ".." or "/");
 *  - before touching the host, the parent directory's real path must still be exactly that lexical path, so a
 *    component swapped for a symbolic link behind the guest's back is refused (EACCES);
 *  - the last component is never followed on the host (lstat, O_NOFOLLOW, lutimes, and unlink/rename operate on
 *    links themselves).
 */
export class HostSuperBlock extends SuperBlock {
  /** Host inodes by host device and inode number, so that one host file is one guest inode. */
  private readonly inodes = new Map<string, WeakRef<HostInode>>();
  private readonly forget = new FinalizationRegistry<string>((key) => {
    if (!this.inodes.get(key)?.deref()) this.inodes.delete(key);
  });

  constructor(
    dev: number,
    clock: Clock,
    /** The real path of the host directory, without symbolic links. */
    readonly hostRoot: Buffer,
  ) {
    super('hostfs', dev, clock);
  }

  statfs(): StatFs | number {
    const stats = hostCall(() => statfsSync(this.hostRoot, { bigint: true }));
    if (typeof stats === 'number') return stats;
    return {
      magic: Number(stats.type & 0xffffffffn),
      blockSize: Number(stats.bsize),
      blocks: Number(stats.blocks),
      blocksFree: Number(stats.bfree),
      blocksAvailable: Number(stats.bavail),
      files: Number(stats.files),
      filesFree: Number(stats.ffree),
      nameMax: 255,
    };
  }

  /** The host path of a dentry of this file system: the root and the names down to it. */
  hostPath(dentry: Dentry): Buffer {
    const names: string[] = [];
    for (let d = dentry; d !== this.root && !d.isRoot; d = d.parent) names.push(d.name);
    return names.reduceRight((path, name) => appendName(path, name), this.hostRoot);
  }

  /** The host path of `name` inside the directory `dir`. */
  childPath(dir: Dentry, name: string): Buffer {
    return appendName(this.hostPath(dir), name);
  }

  /**
   * 0 if `dir` (a directory dentry of this file system) is, on the host, still the directory its lexical path
   * names, with no symbolic link on the way; -EACCES otherwise (someone swapped a component for a link).
   */
  checkConfined(dir: Dentry): number {
    const lexical = this.hostPath(dir);
    const real = hostCall(() => realpathSync.native(lexical, { encoding: 'buffer' }));
    if (typeof real === 'number') return real;
    return real.equals(lexical) ? 0 : -Errno.EACCES;
  }

  /** The inode for a host file, made once per host file while the guest uses it, with fresh attributes. */
  inodeFor(stats: BigIntStats, create: (ino: number) => HostInode): HostInode {
    const key = `${stats.dev}:${stats.ino}`;
    let inode = this.inodes.get(key)?.deref();
    if (!inode || inode.type !== (Number(stats.mode) & 0o170000)) {
      inode = create(Number(stats.ino));
      this.inodes.set(key, new WeakRef(inode));
      this.forget.register(inode, key);
    }
    inode.update(stats);
    return inode;
  }

  /** lstat of a host path, as bigint stats or a negative errno. */
  lstat(path: Buffer): BigIntStats | number {
    return hostCall(() => lstatSync(path, { bigint: true }));
  }
}

/** `path/name`, for a byte-string name (no slash is doubled when `path` is the host's "/"). */
function appendName(path: Buffer, name: string): Buffer {
  const separator = path[path.length - 1] === 0x2f ? [] : [Buffer.from('/')];
  return Buffer.concat([path, ...separator, Buffer.from(name, 'latin1')]);
}
