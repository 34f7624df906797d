/**
 * Where a ram-backed regular file keeps its bytes. Behind this interface so that file data can move into guest
 * pages (needed for direct no-MMU mappings of files) without the file operations changing.
 */
export interface FileData {
  /** The file size; bytes past the stored ones up to it read as zeros (sparse after truncate). */
  readonly size: number;
  /** Bytes actually held, for stat's block count and the file system's space accounting. */
  readonly allocated: number;
  /** Copies the bytes at `position` into `into`; returns the count (0 at or past the end). */
  read(into: Uint8Array, position: number): number;
  /** Stores `data` at `position`, growing the file; returns the count written (short when space runs out) or -ENOSPC. */
  write(data: Uint8Array, position: number): number;
  /** Sets the size: shrinking drops bytes, growing adds a hole of zeros. */
  truncate(size: number): void;
}

/** The space budget of a file system (tmpfs size=, or the machine's memory for ramfs). */
export interface SpaceAccount {
  /** Bytes still available. */
  readonly available: number;
  /** Takes `bytes` from the budget; false (and nothing taken) if they are not available. */
  reserve(bytes: number): boolean;
  unreserve(bytes: number): void;
}
