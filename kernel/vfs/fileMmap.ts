import { Errno } from '../errno.js';
import type { MmapBacking } from '../mm/MmapBacking.js';
import { isWouldBlock } from './FileOperations.js';
import type { OpenFile } from './OpenFile.js';
import { O_APPEND } from './openFlags.js';
import type { Vfs } from './Vfs.js';
import type { VfsPath } from './VfsPath.js';

/**
 * What the mmap core sees of an open file: its identity, access mode and mount, and the file's own mapping
 * operations. -ENODEV when the file cannot be mapped at all. `root` is the caller's root, against which the name
 * shown in /proc/PID/maps is taken.
 */
export function mmapBackingOf(vfs: Vfs, file: OpenFile, root: VfsPath): MmapBacking | number {
  const operations = file.ops.mmap;
  if (!operations) return -Errno.ENODEV;
  return {
    inode: file.inode,
    fileType: file.inode.mode,
    readable: file.readable,
    writable: file.writable,
    appendOnly: (file.flags & O_APPEND) !== 0,
    noexec: file.path.mount.noexec,
    // Taken when /proc/PID/maps is read, so that a file removed after mapping shows as deleted.
    get path() {
      return vfs.describePath(file.path, root);
    },
    ino: file.inode.ino,
    dev: file.inode.sb.dev,
    capabilities: operations.capabilities && (() => operations.capabilities!(file)),
    getUnmappedArea: operations.getUnmappedArea && ((len, pgoff, flags) => operations.getUnmappedArea!(file, len, pgoff, flags)),
    mmapDirect: operations.mmapDirect && ((start, length, pgoff, vmFlags) => operations.mmapDirect!(file, start, length, pgoff, vmFlags)),
    ioMemory: operations.ioMemory,
    shmem: operations.shmem,
    hold: () => file.hold(),
    release: () => file.release(),
    readForCopy: (into, position) => readFully(file, into, position),
  };
}

/** kernel_read for a private copy: as many bytes as the file has at `position`, up to the copy's length. */
function readFully(file: OpenFile, into: Uint8Array, position: number): number {
  const operations = file.ops;
  if (!operations.read) return -Errno.EINVAL;
  let done = 0;
  while (done < into.length) {
    // Called as a method: a host file's operations are a class whose read uses `this`.
    const count = operations.read(file, into.subarray(done), position + done);
    if (isWouldBlock(count)) return -Errno.EAGAIN;
    if (count < 0) return count;
    if (count === 0) break;
    done += count;
  }
  return done;
}
