import { Errno } from '../errno.js';
import { isSuperuser } from './Credentials.js';
import { isDir } from './fileMode.js';
import type { Mount } from './Mount.js';
import {
  MNT_DETACH,
  MNT_EXPIRE,
  MNT_FORCE,
  MOUNT_FLAGS,
  MS_BIND,
  MS_MGC_MSK,
  MS_MGC_VAL,
  MS_MOVE,
  MS_NOATIME,
  MS_NOUSER,
  MS_PROPAGATION,
  MS_RELATIME,
  MS_REMOUNT,
  MS_STRICTATIME,
} from './mountFlags.js';
import { LOOKUP_FOLLOW } from './PathWalker.js';
import type { Lookup, Vfs } from './Vfs.js';
import type { VfsPath } from './VfsPath.js';

/** mount(2)'s arguments after copying them in; `source` and `type` may be absent (NULL). */
export interface MountArguments {
  readonly source: string | null;
  readonly type: string | null;
  readonly flags: number;
  readonly data: string;
}

/** The per-mount flags of a new or remounted mount: relatime unless noatime or strictatime is asked for. */
function mountFlagsOf(flags: number): number {
  let result = flags & MOUNT_FLAGS;
  if (!(flags & (MS_NOATIME | MS_STRICTATIME))) result |= MS_RELATIME;
  return result;
}

/** graft_tree: a directory can only be covered by a directory, a file by a file. */
function sameKind(target: VfsPath, root: VfsPath['dentry']): boolean {
  return isDir(target.dentry.inode.mode) === isDir(root.inode.mode);
}

/**
 * path_mount: remount, bind, propagation changes (accepted: there are no other namespaces to propagate to),
 * move, or a new mount of a registered file system type, at `target` (already resolved).
 */
export function mountAt(vfs: Vfs, at: Lookup, target: VfsPath, args: MountArguments): number {
  let flags = args.flags >>> 0;
  if ((flags & MS_MGC_MSK) >>> 0 === MS_MGC_VAL) flags = (flags & ~MS_MGC_MSK) >>> 0;
  if (flags & MS_NOUSER) return -Errno.EINVAL;
  if (!isSuperuser(at.cred)) return -Errno.EPERM;
  const mountRoot = target.dentry === target.mount.root;
  if (flags & MS_REMOUNT) {
    if (!mountRoot || !vfs.mounts.isAttached(target.mount)) return -Errno.EINVAL;
    target.mount.flags = mountFlagsOf(flags);
    return 0;
  }
  if (flags & MS_BIND) {
    const source = vfs.resolve(at, args.source ?? '', LOOKUP_FOLLOW);
    if (typeof source === 'number') return source;
    if (!sameKind(target, source.dentry)) return -Errno.ENOTDIR;
    const bound = vfs.mounts.create(source.mount.sb, source.dentry, source.mount.flags, source.mount.source);
    vfs.mounts.attach(bound, target);
    return 0;
  }
  if (flags & MS_PROPAGATION) return 0;
  if (flags & MS_MOVE) return moveMount(vfs, at, target, args.source ?? '');
  if (args.type === null) return -Errno.EINVAL;
  const type = vfs.fileSystemTypes.find((candidate) => candidate.name === args.type);
  if (!type || !type.guestMountable) return -Errno.ENODEV;
  const sb = vfs.createSuperBlock(type.name, args.source ?? 'none', args.data);
  if (typeof sb === 'number') return sb;
  if (!sameKind(target, sb.root)) return -Errno.ENOTDIR;
  vfs.mounts.attach(vfs.mounts.create(sb, sb.root, mountFlagsOf(flags), args.source ?? 'none'), target);
  return 0;
}

/** do_move_mount_old: the mount at `sourcePath` moves under `target`, which must not lie inside it. */
function moveMount(vfs: Vfs, at: Lookup, target: VfsPath, sourcePath: string): number {
  const source = vfs.resolve(at, sourcePath, LOOKUP_FOLLOW);
  if (typeof source === 'number') return source;
  const moving = source.mount;
  if (source.dentry !== moving.root || !moving.parent || !vfs.mounts.isAttached(moving)) return -Errno.EINVAL;
  for (let m: Mount | null = target.mount; m; m = m.parent) if (m === moving) return -Errno.ELOOP;
  if (!sameKind(target, moving.root)) return -Errno.ENOTDIR;
  vfs.mounts.detach(moving);
  vfs.mounts.attach(moving, target);
  return 0;
}

/** path_umount: `target` must be the root of an attached mount; busy mounts stay unless MNT_DETACH. */
export function unmountAt(vfs: Vfs, at: Lookup, target: VfsPath, flags: number): number {
  if (!isSuperuser(at.cred)) return -Errno.EPERM;
  const mount = target.mount;
  if (target.dentry !== mount.root || !vfs.mounts.isAttached(mount)) return -Errno.EINVAL;
  if (flags & MNT_EXPIRE) {
    if (mount === at.fs.root.mount || flags & (MNT_FORCE | MNT_DETACH)) return -Errno.EINVAL;
    if (!mount.expiryMarked) {
      mount.expiryMarked = true;
      return -Errno.EAGAIN;
    }
  }
  if (mount === at.fs.root.mount && !(flags & MNT_DETACH)) return -Errno.EBUSY;
  if (!mount.parent) return -Errno.EINVAL;
  if (flags & MNT_DETACH) {
    detachTree(vfs, mount);
    return 0;
  }
  if (mount.references > 0 || vfs.mounts.childrenOf(mount).length > 0) return -Errno.EBUSY;
  vfs.mounts.detach(mount);
  return 0;
}

/** umount_tree: a mount and everything mounted below it leave the tree; open files keep working. */
function detachTree(vfs: Vfs, mount: Mount): void {
  for (const child of vfs.mounts.childrenOf(mount)) detachTree(vfs, child);
  vfs.mounts.detach(mount);
}
