import { Errno } from '../../errno.js';
import { Inode } from '../Inode.js';
import type { RamSuperBlock } from './RamSuperBlock.js';

/** A device node, FIFO or socket of ramfs/tmpfs: only its mode and device number are stored. */
export class RamSpecialNode extends Inode {
  declare readonly sb: RamSuperBlock;

  constructor(sb: RamSuperBlock, mode: number, uid: number, gid: number, rdev: number) {
    super(sb, sb.allocateIno(), mode, uid, gid);
    this.rdev = rdev;
  }

  get size(): number {
    return 0;
  }

  /** The VFS opens special files through their driver or pipe, never through the file system. */
  open(): number {
    return -Errno.ENXIO;
  }

  unlinked(): void {
    if (--this.nlink === 0) this.sb.dropInode();
  }
}
