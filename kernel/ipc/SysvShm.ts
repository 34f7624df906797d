import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import { MAP_SHARED, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mm/constants.js';
import type { MemoryMap } from '../mm/MemoryMap.js';
import type { MmapBacking } from '../mm/MmapBacking.js';
import type { NommuMmap } from '../mm/NommuMmap.js';
import { truncateInode } from '../vfs/attributes.js';
import { type Credentials, inGroup, isSuperuser, ROOT_CREDENTIALS } from '../vfs/Credentials.js';
import { Dentry } from '../vfs/Dentry.js';
import { S_IFREG } from '../vfs/fileMode.js';
import { mmapBackingOf } from '../vfs/fileMmap.js';
import type { Mount } from '../vfs/Mount.js';
import type { OpenFile } from '../vfs/OpenFile.js';
import { O_RDONLY, O_RDWR } from '../vfs/openFlags.js';
import type { RamSuperBlock } from '../vfs/ramfs/RamSuperBlock.js';
import type { Vfs } from '../vfs/Vfs.js';
import type { VfsPath } from '../vfs/VfsPath.js';

export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const SHM_RDONLY = 0o10000;
export const SHM_RND = 0o20000;
export const SHM_REMAP = 0o40000;
export const SHM_EXEC = 0o100000;
/** Mode bits: removed with IPC_RMID while still attached; locked with SHM_LOCK. */
export const SHM_DEST = 0o1000;
export const SHM_LOCKED = 0o2000;

/** The ipc namespace defaults (include/uapi/linux/shm.h, ipc/util.h) on a 32-bit kernel. */
export const SHMMIN = 1;
export const SHMMNI = 4096;
export const SHMMAX = 0xffff_ffff - (1 << 24);
export const SHMALL = 0xffff_ffff - (1 << 24);
/** An id is its slot index plus the slot's sequence number times this (IPCMNI). */
const SEQ_MULTIPLIER = 32768;
/** Sequence numbers wrap here (ipcid_seq_max: INT_MAX >> IPCMNI_SHIFT, plus one). */
const SEQ_LIMIT = 65536;
/** idr_alloc_cyclic in ipc_idr_alloc cycles over at least this many slots (ipc_min_cycle). */
const MIN_CYCLE = 64;
const SHMLBA = PAGE_SIZE;
const S_IRWXUGO = 0o777;
const S_IRUGO = 0o444;
const S_IWUGO = 0o222;
const S_IXUGO = 0o111;

/** A SysV shared memory segment (struct shmid_kernel): its permissions, times and shmem file. */
export class ShmSegment {
  uid: number;
  gid: number;
  mode: number;
  atime = 0;
  dtime = 0;
  lpid = 0;
  nattch = 0;

  constructor(
    public key: number,
    readonly id: number,
    readonly size: number,
    readonly cuid: number,
    readonly cgid: number,
    mode: number,
    public ctime: number,
    readonly cpid: number,
    /** shp->shm_file: keeps the segment's pages while the segment exists. */
    readonly file: OpenFile,
  ) {
    this.uid = cuid;
    this.gid = cgid;
    this.mode = mode;
  }

  /** The sequence number of the slot at creation (ipc64_perm.seq). */
  get seq(): number {
    return Math.floor(this.id / SEQ_MULTIPLIER);
  }

  get pages(): number {
    return Math.ceil(this.size / PAGE_SIZE);
  }
}

/** The owner fields IPC_SET may change (struct ipc64_perm's uid, gid and the permission bits of mode). */
export interface ShmOwner {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/** IPC_INFO's limits (struct shminfo64). */
export interface ShmLimits {
  readonly shmmax: number;
  readonly shmmin: number;
  readonly shmmni: number;
  readonly shmseg: number;
  readonly shmall: number;
}

/** SHM_INFO's totals (struct shm_info). */
export interface ShmUsage {
  readonly usedIds: number;
  /** Pages of all segments. */
  readonly totalPages: number;
  /** Pages actually held. */
  readonly residentPages: number;
}

/** The kernel services a namespace needs: the mapping core, the VFS for shmem files, the clock and the caller. */
export interface ShmHost {
  readonly vfs: Vfs;
  readonly mmap: NommuMmap;
  /** Wall-clock seconds (ktime_get_real_seconds). */
  now(): number;
  /** Thread-group id of the process in the kernel now, which shm_close records as the last operator. */
  currentPid(): number;
}

/**
 * SysV shared memory of one IPC namespace, after ipc/shm.c and ipc/util.c on a no-MMU kernel: each segment is a
 * ramfs file on an internal mount, sized at creation into one contiguous run of pages
 * (shmem_file_setup → ramfs_nommu_expand_for_mapping), and shmat maps it MAP_SHARED through the mmap core, so
 * every process sees the segment at its physical address. Upstream's shm file lacks mmap_capabilities and would
 * fall back to copy-only (making shmat fail with ENODEV); here it offers the ramfs file's direct mapping, as
 * SysV shm on uClinux did before that callback existed.
 */
export class SysvShm {
  private readonly slots = new Map<number, ShmSegment>();
  private readonly attachments = new WeakMap<MmapBacking, ShmSegment>();
  private sequence = 0;
  private lastIndex = -1;
  private totalPages = 0;
  private mount: Mount | null = null;

  constructor(private readonly host: ShmHost) {}

  /** shmget: the id of the segment with `key`, made if asked for; a negative errno otherwise. */
  get(key: number, size: number, flags: number, cred: Credentials): number {
    if (key !== IPC_PRIVATE) {
      const existing = this.findKey(key);
      if (existing) {
        if (flags & IPC_CREAT && flags & IPC_EXCL) return -Errno.EEXIST;
        if (existing.size < size) return -Errno.EINVAL;
        if (!permitted(existing, flags, cred)) return -Errno.EACCES;
        return existing.id;
      }
      if (!(flags & IPC_CREAT)) return -Errno.ENOENT;
    }
    return this.create(key, size, flags, cred);
  }

  /** do_shmat: the segment's address in `mm`, or a negative errno. */
  attach(mm: MemoryMap, root: VfsPath, shmid: number, addr: number, flags: number, cred: Credentials): number {
    if (shmid < 0) return -Errno.EINVAL;
    if (addr % SHMLBA !== 0) {
      if (!(flags & SHM_RND) || (addr < SHMLBA && flags & SHM_REMAP)) return -Errno.EINVAL;
    } else if (!addr && flags & SHM_REMAP) {
      return -Errno.EINVAL;
    }
    let prot = PROT_READ;
    let access = S_IRUGO;
    if (!(flags & SHM_RDONLY)) {
      prot |= PROT_WRITE;
      access |= S_IWUGO;
    }
    if (flags & SHM_EXEC) {
      prot |= PROT_EXEC;
      access |= S_IXUGO;
    }
    const segment = this.lookup(shmid);
    if (!segment) return -Errno.EINVAL;
    if (!permitted(segment, access, cred)) return -Errno.EACCES;
    // An address (even one SHM_RND rounds down to 0) asks for MAP_FIXED, which no-MMU do_mmap always refuses.
    if (addr) return -Errno.EINVAL;

    const file = this.host.vfs.openDentry(segment.file.path, flags & SHM_RDONLY ? O_RDONLY : O_RDWR);
    if (typeof file === 'number') return file;
    const backing = mmapBackingOf(this.host.vfs, file, root);
    if (typeof backing === 'number') {
      file.release();
      return backing;
    }
    // /proc/PID/maps shows the segment id as the inode number of its mappings (what ipcs and ps rely on).
    const attachment: MmapBacking = { ...backing, ino: segment.id, closeArea: () => this.detached(segment) };
    const start = this.host.mmap.doMmap(mm, attachment, segment.size, prot, MAP_SHARED, 0);
    file.release();
    if (start < 0) return start;
    this.attachments.set(attachment, segment);
    segment.nattch++;
    segment.atime = this.host.now();
    segment.lpid = this.host.currentPid();
    return start;
  }

  /** shmdt: without an MMU the exact start of an attached segment must be given. */
  detach(mm: MemoryMap, addr: number): number {
    if (addr % PAGE_SIZE !== 0) return -Errno.EINVAL;
    const area = mm.find(addr);
    if (!area || area.start !== addr || !area.file || !this.attachments.has(area.file)) return -Errno.EINVAL;
    return this.host.mmap.doMunmap(mm, area.start, area.end - area.start);
  }

  /** IPC_STAT (by id) or SHM_STAT (by slot index; `anyone` for SHM_STAT_ANY, which skips the read check). */
  stat(shmid: number, bySlot: boolean, anyone: boolean, cred: Credentials): ShmSegment | number {
    const segment = bySlot ? this.slots.get(shmid) : this.lookup(shmid);
    if (!segment) return -Errno.EINVAL;
    if (!anyone && !permitted(segment, S_IRUGO, cred)) return -Errno.EACCES;
    return segment;
  }

  /** IPC_SET: the owner or creator (or root) gives the segment a new owner, group and permission bits. */
  set(shmid: number, owner: ShmOwner, cred: Credentials): number {
    const segment = this.ownedSegment(shmid, cred);
    if (typeof segment === 'number') return segment;
    segment.uid = owner.uid;
    segment.gid = owner.gid;
    segment.mode = (segment.mode & ~S_IRWXUGO) | (owner.mode & S_IRWXUGO);
    segment.ctime = this.host.now();
    return 0;
  }

  /** IPC_RMID: destroyed now if unattached, else when the last process detaches; its key is free at once. */
  remove(shmid: number, cred: Credentials): number {
    const segment = this.ownedSegment(shmid, cred);
    if (typeof segment === 'number') return segment;
    if (segment.nattch > 0) {
      segment.mode |= SHM_DEST;
      segment.key = IPC_PRIVATE;
    } else {
      this.destroy(segment);
    }
    return 0;
  }

  /** SHM_LOCK / SHM_UNLOCK: only marks the segment, as pages of a no-MMU ramfs are never swapped anyway. */
  lock(shmid: number, locked: boolean, cred: Credentials): number {
    const segment = this.lookup(shmid);
    if (!segment) return -Errno.EINVAL;
    if (!isSuperuser(cred) && cred.uid !== segment.uid && cred.uid !== segment.cuid) return -Errno.EPERM;
    segment.mode = locked ? segment.mode | SHM_LOCKED : segment.mode & ~SHM_LOCKED;
    return 0;
  }

  get limits(): ShmLimits {
    return { shmmax: SHMMAX, shmmin: SHMMIN, shmmni: SHMMNI, shmseg: SHMMNI, shmall: SHMALL };
  }

  get usage(): ShmUsage {
    let resident = 0;
    for (const segment of this.slots.values()) resident += segment.file.inode.blocks / (PAGE_SIZE / 512);
    return { usedIds: this.slots.size, totalPages: this.totalPages, residentPages: resident };
  }

  /** ipc_get_maxidx: the highest slot in use, 0 when there is none (what IPC_INFO and SHM_INFO return). */
  get highestSlot(): number {
    return Math.max(0, ...this.slots.keys());
  }

  /** newseg */
  private create(key: number, size: number, flags: number, cred: Credentials): number {
    if (size < SHMMIN || size > SHMMAX) return -Errno.EINVAL;
    const pages = Math.ceil(size / PAGE_SIZE);
    if (this.totalPages + pages > SHMALL) return -Errno.ENOSPC;
    if (this.slots.size >= SHMMNI) return -Errno.ENOSPC;
    const file = this.createFile(key, size);
    if (typeof file === 'number') return file;
    const index = this.allocateSlot();
    const id = this.sequence * SEQ_MULTIPLIER + index;
    const segment = new ShmSegment(key, id, size, cred.uid, cred.gid, flags & S_IRWXUGO, this.host.now(), this.host.currentPid(), file);
    this.slots.set(index, segment);
    this.totalPages += pages;
    return id;
  }

  /** shmem_kernel_file_setup: an unnamed "SYSV<key>" ramfs file of `size` bytes in contiguous pages. */
  private createFile(key: number, size: number): OpenFile | number {
    const mount = this.shmMount();
    const dir = mount.root;
    const inode = dir.inode.tmpfile(dir, S_IFREG | S_IRWXUGO, ROOT_CREDENTIALS);
    if (typeof inode === 'number') return inode;
    const dentry = new Dentry(`SYSV${(key >>> 0).toString(16).padStart(8, '0')}`, dir, inode);
    dentry.unlinked = true;
    const path = { mount, dentry };
    const file = this.host.vfs.openDentry(path, O_RDWR);
    if (typeof file === 'number') return file;
    const sized = truncateInode(path, size, false);
    if (sized < 0) {
      file.release();
      return sized;
    }
    return file;
  }

  /** shm_mnt: an internal ramfs (no-MMU tmpfs is ramfs), made on first use and never attached to the tree. */
  private shmMount(): Mount {
    if (!this.mount) {
      const sb = this.host.vfs.createSuperBlock('ramfs', 'shm', '') as RamSuperBlock;
      this.mount = this.host.vfs.mounts.create(sb, sb.root, 0, 'shm');
    }
    return this.mount;
  }

  /** ipc_idr_alloc: slots are taken cyclically, and the sequence number moves on each time they wrap. */
  private allocateSlot(): number {
    const cycle = Math.min(Math.max(Math.floor((this.slots.size * 3) / 2), MIN_CYCLE), SHMMNI);
    let index = -1;
    for (let step = 1; step <= cycle && index < 0; step++) {
      const candidate = (this.lastIndex + step) % cycle;
      if (!this.slots.has(candidate)) index = candidate;
    }
    if (index <= this.lastIndex) this.sequence = (this.sequence + 1) % SEQ_LIMIT;
    this.lastIndex = index;
    return index;
  }

  private findKey(key: number): ShmSegment | undefined {
    for (const segment of this.slots.values()) if (segment.key === key) return segment;
    return undefined;
  }

  /** ipc_obtain_object_check: the slot's segment if its sequence number matches the id's. */
  private lookup(shmid: number): ShmSegment | undefined {
    const segment = this.slots.get(shmid % SEQ_MULTIPLIER);
    return segment && segment.id === shmid ? segment : undefined;
  }

  /** ipcctl_obtain_check: IPC_SET and IPC_RMID need the owner, the creator or CAP_SYS_ADMIN. */
  private ownedSegment(shmid: number, cred: Credentials): ShmSegment | number {
    const segment = this.lookup(shmid);
    if (!segment) return -Errno.EINVAL;
    if (!isSuperuser(cred) && cred.uid !== segment.uid && cred.uid !== segment.cuid) return -Errno.EPERM;
    return segment;
  }

  /** shm_close: an attaching area went away (shmdt, munmap, exit or exec). */
  private detached(segment: ShmSegment): void {
    segment.lpid = this.host.currentPid();
    segment.dtime = this.host.now();
    segment.nattch--;
    if (segment.nattch === 0 && segment.mode & SHM_DEST) this.destroy(segment);
  }

  /** shm_destroy */
  private destroy(segment: ShmSegment): void {
    this.slots.delete(segment.id % SEQ_MULTIPLIER);
    this.totalPages -= segment.pages;
    segment.file.release();
  }
}

/** ipcperms: the rwx bits asked for in `flag` against the owner, group or other bits, root always allowed. */
function permitted(segment: ShmSegment, flag: number, cred: Credentials): boolean {
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = segment.mode;
  if (cred.uid === segment.cuid || cred.uid === segment.uid) granted >>= 6;
  else if (inGroup(cred, segment.cgid) || inGroup(cred, segment.gid)) granted >>= 3;
  return (requested & ~granted & 0o7) === 0 || isSuperuser(cred);
}
