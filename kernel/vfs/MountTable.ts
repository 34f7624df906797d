import type { Dentry } from './Dentry.js';
import { Mount } from './Mount.js';
import type { SuperBlock } from './SuperBlock.js';
import type { VfsPath } from './VfsPath.js';

/** Every attached mount, in mount order (the order of /proc/mounts), and the mount-point lookups of path walks. */
export class MountTable {
  private readonly attached: Mount[] = [];
  private lastId = 0;

  /** A mount of `sb` showing `root`, not yet attached anywhere. */
  create(sb: SuperBlock, root: Dentry, flags: number, source: string): Mount {
    return new Mount(++this.lastId, sb, root, flags, source);
  }

  /** Makes `mount` the root of the tree: it has no parent and no mount point. */
  attachRoot(mount: Mount): void {
    if (this.attached.length > 0) throw new Error('the root mount is already attached');
    this.attached.push(mount);
  }

  get root(): Mount {
    return this.attached[0];
  }

  attach(mount: Mount, at: VfsPath): void {
    mount.parent = at.mount;
    mount.mountpoint = at.dentry;
    at.dentry.mountCount++;
    this.attached.push(mount);
  }

  /** Takes `mount` out of the tree; files open on it keep working (lazy unmount semantics). */
  detach(mount: Mount): void {
    const index = this.attached.indexOf(mount);
    if (index < 0) return;
    this.attached.splice(index, 1);
    if (mount.mountpoint) mount.mountpoint.mountCount--;
    mount.parent = null;
    mount.mountpoint = null;
  }

  /** The mount on top of `path`, if something is mounted there. */
  mountedOn(path: VfsPath): Mount | undefined {
    if (path.dentry.mountCount === 0) return undefined;
    for (let i = this.attached.length - 1; i > 0; i--) {
      const mount = this.attached[i];
      if (mount.mountpoint === path.dentry && mount.parent === path.mount) return mount;
    }
    return undefined;
  }

  childrenOf(mount: Mount): Mount[] {
    return this.attached.filter((child) => child.parent === mount);
  }

  isAttached(mount: Mount): boolean {
    return this.attached.includes(mount);
  }

  get all(): readonly Mount[] {
    return this.attached;
  }
}
