import { Errno } from '../errno.js';
import type { Credentials } from './Credentials.js';
import { Dentry } from './Dentry.js';
import { S_IFDIR } from './fileMode.js';
import { Inode } from './Inode.js';
import type { Mount } from './Mount.js';
import type { MountTable } from './MountTable.js';
import { type StatFs, SuperBlock } from './SuperBlock.js';
import type { Clock } from './Timespec.js';
import type { VfsPath } from './VfsPath.js';

export const PIPEFS_MAGIC = 0x50495045;
export const ANON_INODE_FS_MAGIC = 0x09041934;

class PseudoSuperBlock extends SuperBlock {
  constructor(
    typeName: string,
    dev: number,
    clock: Clock,
    private readonly magic: number,
  ) {
    super(typeName, dev, clock);
  }

  statfs(): StatFs {
    return { magic: this.magic, blockSize: 4096, blocks: 0, blocksFree: 0, blocksAvailable: 0, files: 0, filesFree: 0, nameMax: 255 };
  }
}

/** An inode that exists only while files use it: a pipe, a host stream. */
export class PseudoInode extends Inode {
  get size(): number {
    return 0;
  }

  /** Pseudo files are opened by whoever creates them, never by path. */
  open(): number {
    return -Errno.ENXIO;
  }
}

/**
 * An internal file system that is never attached to the tree (Linux's pipefs, anon_inodefs): it gives pipes and
 * host streams an inode, a device number and a mount for fstat, and a name such as "pipe:[1234]" for /proc links.
 */
export class PseudoFs {
  readonly mount: Mount;
  private readonly sb: PseudoSuperBlock;

  constructor(mounts: MountTable, typeName: string, magic: number, dev: number, clock: Clock) {
    this.sb = new PseudoSuperBlock(typeName, dev, clock, magic);
    const root = new PseudoInode(this.sb, this.sb.allocateIno(), S_IFDIR | 0o755, 0, 0);
    this.sb.root = new Dentry('/', null, root);
    this.mount = mounts.create(this.sb, this.sb.root, 0, typeName);
  }

  /** A new inode of `mode`; `name` gives its dentry name from its inode number, e.g. ino => `pipe:[${ino}]`. */
  createPath(mode: number, cred: Credentials, name: (ino: number) => string): VfsPath {
    const inode = new PseudoInode(this.sb, this.sb.allocateIno(), mode, cred.uid, cred.gid);
    return { mount: this.mount, dentry: new Dentry(name(inode.ino), this.sb.root, inode) };
  }
}
