import type { VfsPath } from './VfsPath.js';

/**
 * A process's root directory, working directory and umask (Linux's fs_struct). Threads made with CLONE_FS share
 * one (share()); other clones copy it (clone()). The directories hold a reference on their mounts, so that a
 * plain umount of a mount someone works in fails with EBUSY; each user calls release() once when it exits.
 */
export class FsContext {
  umask = 0o022;
  private rootPath: VfsPath;
  private cwdPath: VfsPath;
  private users = 1;

  constructor(root: VfsPath, cwd: VfsPath = root) {
    this.rootPath = root;
    this.cwdPath = cwd;
    root.mount.references++;
    cwd.mount.references++;
  }

  get root(): VfsPath {
    return this.rootPath;
  }

  get cwd(): VfsPath {
    return this.cwdPath;
  }

  setCwd(path: VfsPath): void {
    path.mount.references++;
    this.cwdPath.mount.references--;
    this.cwdPath = path;
  }

  setRoot(path: VfsPath): void {
    path.mount.references++;
    this.rootPath.mount.references--;
    this.rootPath = path;
  }

  clone(): FsContext {
    const copy = new FsContext(this.rootPath, this.cwdPath);
    copy.umask = this.umask;
    return copy;
  }

  share(): this {
    this.users++;
    return this;
  }

  release(): void {
    if (this.users === 0 || --this.users > 0) return;
    this.rootPath.mount.references--;
    this.cwdPath.mount.references--;
  }
}
