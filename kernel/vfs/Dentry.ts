import type { Inode } from './Inode.js';

interface CacheEntry {
  readonly parent: Dentry;
  readonly name: string;
  readonly ref: WeakRef<Dentry>;
}

/** Drops a child's cache slot once nothing (cwd, open file, mount, lookup in progress) holds the child anymore. */
const forgetCollected = new FinalizationRegistry<CacheEntry>((entry) => entry.parent.forgetSlot(entry));

/**
 * A name in the file tree (Linux's dentry). Dentries give directories a parent for "..", getcwd and rename checks,
 * and give mount points and working directories an identity that survives renames. Every lookup asks the file
 * system (so hostfs and procfs stay current) and reuses the cached dentry when it still names the same inode; the
 * cache holds children weakly, so only dentries in use stay in memory.
 */
export class Dentry {
  parent: Dentry;
  /** Mounts whose mount point this dentry is. */
  mountCount = 0;
  /** Removed from its directory: getcwd fails, and creating in it gives ENOENT. */
  unlinked = false;
  private readonly children = new Map<string, CacheEntry>();

  constructor(
    public name: string,
    parent: Dentry | null,
    public inode: Inode,
  ) {
    this.parent = parent ?? this;
  }

  get isRoot(): boolean {
    return this.parent === this;
  }

  /** The child named `name` (NAME_MAX and permissions are the caller's business), null if none. */
  lookup(name: string): Dentry | null | number {
    const found = this.inode.lookup(this, name);
    if (typeof found === 'number') return found;
    const cached = this.children.get(name)?.ref.deref();
    if (cached && cached.inode === found) return cached;
    if (cached) this.drop(cached);
    return found ? this.instantiate(name, found) : null;
  }

  /** The dentry of an inode just created (or found) under `name`. */
  instantiate(name: string, inode: Inode): Dentry {
    const child = new Dentry(name, this, inode);
    const entry: CacheEntry = { parent: this, name, ref: new WeakRef(child) };
    this.children.set(name, entry);
    forgetCollected.register(child, entry);
    return child;
  }

  /** The child's name was removed (unlink, rmdir, replaced by rename). */
  drop(child: Dentry): void {
    const entry = this.children.get(child.name);
    if (entry?.ref.deref() === child) this.children.delete(child.name);
    child.unlinked = true;
  }

  /** d_move: the dentry now lives at `newParent`/`newName`. */
  moveTo(newParent: Dentry, newName: string): void {
    const entry = this.parent.children.get(this.name);
    if (entry?.ref.deref() === this) this.parent.children.delete(this.name);
    this.parent = newParent;
    this.name = newName;
    const moved: CacheEntry = { parent: newParent, name: newName, ref: new WeakRef(this) };
    newParent.children.set(newName, moved);
    forgetCollected.register(this, moved);
  }

  /** True if `other` is this dentry or lies below it. */
  isAncestorOf(other: Dentry): boolean {
    for (let d = other; ; d = d.parent) {
      if (d === this) return true;
      if (d.isRoot) return false;
    }
  }

  /** Called by the finalization registry; only removes the slot if it still holds the collected entry. */
  forgetSlot(entry: CacheEntry): void {
    if (this.children.get(entry.name) === entry) this.children.delete(entry.name);
  }
}
