import { S_IFLNK } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import { Inode } from '../Inode.js';
import type { RamSuperBlock } from './RamSuperBlock.js';

/** A symbolic link of ramfs/tmpfs: its target text is its content. */
export class RamSymlink extends Inode {
  declare readonly sb: RamSuperBlock;

  constructor(
    sb: RamSuperBlock,
    uid: number,
    gid: number,
    readonly target: string,
  ) {
    super(sb, sb.allocateIno(), S_IFLNK | 0o777, uid, gid);
  }

  get size(): number {
    return this.target.length;
  }

  override readlink(): string {
    return this.target;
  }

  /** Only O_PATH opens reach a symbolic link, and they have no operations. */
  open(): FileOperations {
    return {};
  }

  unlinked(): void {
    if (--this.nlink === 0) this.sb.dropInode();
  }
}
