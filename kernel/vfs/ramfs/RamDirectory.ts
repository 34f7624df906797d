import { Errno } from '../../errno.js';
import type { Credentials } from '../Credentials.js';
import type { Dentry } from '../Dentry.js';
import { isDir, isReg, modeToDirentType, S_IFDIR, S_IFMT } from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import { type DirEmitter, Inode } from '../Inode.js';
import { RENAME_EXCHANGE, RENAME_NOREPLACE } from '../openFlags.js';
import { newInodeOwner } from '../permission.js';
import { RamFile } from './RamFile.js';
import { RamSpecialNode } from './RamSpecialNode.js';
import { BOGO_DIRENT_SIZE, type RamSuperBlock } from './RamSuperBlock.js';
import { RamSymlink } from './RamSymlink.js';

interface Entry {
  readonly inode: Inode;
  /** The readdir position of the entry: positions only grow, so deleting entries never makes readdir skip one. */
  readonly cookie: number;
}

type RamChild = RamDirectory | RamFile | RamSymlink | RamSpecialNode;

/** A directory of ramfs/tmpfs: its entries in creation order (the order readdir returns them). */
export class RamDirectory extends Inode {
  declare readonly sb: RamSuperBlock;
  private readonly entries = new Map<string, Entry>();
  private nextCookie = 2;

  constructor(sb: RamSuperBlock, mode: number, uid: number, gid: number) {
    super(sb, sb.allocateIno(), S_IFDIR | (mode & ~S_IFMT), uid, gid);
    this.nlink = 2;
  }

  get size(): number {
    return this.sb.isTmpfs ? (this.entries.size + 2) * BOGO_DIRENT_SIZE : 0;
  }

  get isEmpty(): boolean {
    return this.entries.size === 0;
  }

  override lookup(_dir: Dentry, name: string): Inode | null {
    return this.entries.get(name)?.inode ?? null;
  }

  override iterate(_dir: Dentry, position: number, emit: DirEmitter): number {
    for (const [name, entry] of this.entries) {
      if (entry.cookie < position) continue;
      if (!emit(name, entry.inode.ino, modeToDirentType(entry.inode.mode), entry.cookie + 1)) break;
    }
    return 0;
  }

  open(): FileOperations {
    return directoryOperations;
  }

  override create(_dir: Dentry, name: string, mode: number, cred: Credentials): Inode | number {
    return this.mknod(_dir, name, mode, 0, cred);
  }

  override mkdir(_dir: Dentry, name: string, mode: number, cred: Credentials): Inode | number {
    const owner = newInodeOwner(this, S_IFDIR | mode, cred);
    const full = this.sb.takeInode();
    if (full) return full;
    const child = new RamDirectory(this.sb, owner.mode, owner.uid, owner.gid);
    this.nlink++;
    this.add(name, child);
    return child;
  }

  override mknod(_dir: Dentry, name: string, mode: number, rdev: number, cred: Credentials): Inode | number {
    const owner = newInodeOwner(this, mode, cred);
    const full = this.sb.takeInode();
    if (full) return full;
    const child = isReg(mode) ? new RamFile(this.sb, owner.mode, owner.uid, owner.gid) : new RamSpecialNode(this.sb, owner.mode, owner.uid, owner.gid, rdev);
    this.add(name, child);
    return child;
  }

  override symlink(_dir: Dentry, name: string, target: string, cred: Credentials): Inode | number {
    const owner = newInodeOwner(this, 0o777, cred);
    const full = this.sb.takeInode();
    if (full) return full;
    const child = new RamSymlink(this.sb, owner.uid, owner.gid, target);
    this.add(name, child);
    return child;
  }

  override link(existing: Dentry, _dir: Dentry, name: string): number {
    const inode = existing.inode;
    inode.nlink++;
    inode.ctime = this.sb.now();
    this.add(name, inode);
    return 0;
  }

  override unlink(_dir: Dentry, victim: Dentry): number {
    this.remove(victim.name);
    (victim.inode as RamChild).ctime = this.sb.now();
    this.release(victim.inode as RamChild);
    return 0;
  }

  override rmdir(_dir: Dentry, victim: Dentry): number {
    const child = victim.inode as RamDirectory;
    if (!child.isEmpty) return -Errno.ENOTEMPTY;
    this.remove(victim.name);
    this.release(child);
    return 0;
  }

  override rename(_oldDir: Dentry, old: Dentry, newDir: Dentry, newName: string, replaced: Dentry | null, flags: number): number {
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) return -Errno.EINVAL;
    const target = newDir.inode;
    if (!(target instanceof RamDirectory)) return -Errno.EXDEV;
    const moving = old.inode;
    const now = this.sb.now();
    if (flags & RENAME_EXCHANGE) {
      const other = replaced!.inode;
      if (this !== target && isDir(moving.mode) !== isDir(other.mode)) {
        // The directory among the two changes parent: its ".." moves the link count with it.
        const [from, to] = isDir(moving.mode) ? [this, target] : [target, this];
        from.nlink--;
        to.nlink++;
      }
      this.replaceEntry(old.name, other);
      target.replaceEntry(newName, moving);
      moving.ctime = other.ctime = now;
    } else {
      if (replaced) {
        if (isDir(replaced.inode.mode) && !(replaced.inode as RamDirectory).isEmpty) return -Errno.ENOTEMPTY;
        target.remove(newName);
        target.release(replaced.inode as RamChild);
      }
      this.remove(old.name);
      target.entries.set(newName, { inode: moving, cookie: target.nextCookie++ });
      if (isDir(moving.mode) && this !== target) {
        this.nlink--;
        target.nlink++;
      }
      moving.ctime = now;
    }
    this.mtime = this.ctime = target.mtime = target.ctime = now;
    return 0;
  }

  override tmpfile(_dir: Dentry, mode: number, cred: Credentials): Inode | number {
    const owner = newInodeOwner(this, mode, cred);
    const full = this.sb.takeInode();
    if (full) return full;
    const file = new RamFile(this.sb, owner.mode, owner.uid, owner.gid);
    file.nlink = 0;
    return file;
  }

  private add(name: string, inode: Inode): void {
    this.entries.set(name, { inode, cookie: this.nextCookie++ });
    this.mtime = this.ctime = this.sb.now();
  }

  private remove(name: string): void {
    this.entries.delete(name);
    this.mtime = this.ctime = this.sb.now();
  }

  private replaceEntry(name: string, inode: Inode): void {
    const entry = this.entries.get(name)!;
    this.entries.set(name, { inode, cookie: entry.cookie });
  }

  /** Drops one name of `child` (already removed from the entries). */
  private release(child: RamChild): void {
    if (child instanceof RamDirectory) {
      child.nlink = 0;
      this.nlink--;
      this.sb.dropInode();
    } else {
      child.unlinked();
    }
  }
}

/** Directories are read through readdir; fsync has nothing to write (simple_dir_operations). */
const directoryOperations: FileOperations = { fsync: () => 0 };
