/**
 * What no-MMU mmap needs from an open file (Linux's file->f_op->mmap, mmap_capabilities and get_unmapped_area).
 * Files that cannot be mapped simply do not provide one.
 */
export interface MmapBacking {
  /** Identity of the underlying object: mappings of the same inode may share a region. */
  readonly inode: object;
  /** S_IFMT bits of the inode, used when no explicit capabilities are given. */
  readonly fileType: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly appendOnly: boolean;
  /** The file lives on a noexec mount. */
  readonly noexec: boolean;
  /** Path for /proc/PID/maps and the inode number and device shown there. */
  readonly path: string;
  readonly ino: number;
  readonly dev: number;
  /** NOMMU_MAP_* bits; absent means the defaults by file type. */
  capabilities?(): number;
  /** Where a direct mapping of [pgoff, pgoff+len) would live, or a negative errno (-ENOSYS: cannot say). */
  getUnmappedArea?(len: number, pgoff: number, flags: number): number;
  /**
   * Called for a direct mapping once placed, with the area's VM_* flags (a driver may accept only shared ones); 0,
   * or a negative errno (-ENOSYS: direct mapping impossible).
   */
  mmapDirect?(start: number, length: number, pgoff: number, vmFlags: number): number;
  /** Direct mappings are device memory (a driver's remap_pfn_range): they get VM_IO | VM_PFNMAP. */
  readonly ioMemory?: boolean;
  /** The pages are memory the file system owns (ramfs/tmpfs, SysV shm): shmem, which userfaultfd may register. */
  readonly shmem?: boolean;
  /** Takes a reference on the open file (get_file), so that a mapping keeps it and its pages alive. */
  hold(): void;
  /** Drops a reference taken by hold (fput). */
  release(): void;
  /** An area mapping this backing went away (vm_ops->close): SysV shared memory counts its detaches so. */
  closeArea?(): void;
  /** Reads file bytes at `position` into `into` for a private copy; returns the count or a negative errno. */
  readForCopy(into: Uint8Array, position: number): number;
}
