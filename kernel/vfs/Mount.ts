import type { Dentry } from './Dentry.js';
import { MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_NOSYMFOLLOW, MS_RDONLY } from './mountFlags.js';
import type { SuperBlock } from './SuperBlock.js';

/**
 * A file system instance attached somewhere in the tree (Linux's struct mount). `root` is the dentry the mount
 * shows (the file system root, or a directory for bind mounts). References count open files and working
 * directories on the mount, which make a plain umount fail with EBUSY.
 */
export class Mount {
  parent: Mount | null = null;
  mountpoint: Dentry | null = null;
  references = 0;
  /** umount2(MNT_EXPIRE) marked the mount: a second such call unmounts it if it is unused. */
  expiryMarked = false;

  constructor(
    readonly id: number,
    readonly sb: SuperBlock,
    readonly root: Dentry,
    /** MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NOSYMFOLLOW and the atime flags. */
    public flags: number,
    /** The device name shown in /proc/mounts. */
    readonly source: string,
  ) {}

  get readOnly(): boolean {
    return (this.flags & MS_RDONLY) !== 0 || this.sb.readOnly;
  }

  get noexec(): boolean {
    return (this.flags & MS_NOEXEC) !== 0;
  }

  get nodev(): boolean {
    return (this.flags & MS_NODEV) !== 0;
  }

  get nosuid(): boolean {
    return (this.flags & MS_NOSUID) !== 0;
  }

  get nosymfollow(): boolean {
    return (this.flags & MS_NOSYMFOLLOW) !== 0;
  }
}
