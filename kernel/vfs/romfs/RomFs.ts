import { PAGE_SHIFT, PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import { Errno } from '../../errno.js';
import { VM_MAYSHARE, VM_SHARED } from '../../mm/constants.js';
import { bytesToName } from '../bytes.js';
import { Dentry } from '../Dentry.js';
import type { MtdDevice } from '../devfs/mtdDevice.js';
import {
  DT_BLK,
  DT_CHR,
  DT_DIR,
  DT_FIFO,
  DT_LNK,
  DT_REG,
  DT_SOCK,
  DT_UNKNOWN,
  makeDev,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFREG,
  S_IFSOCK,
  S_IRWXUGO,
  S_IXUGO,
} from '../fileMode.js';
import type { FileOperations } from '../FileOperations.js';
import type { FileSystemType, MountRequest } from '../FileSystemType.js';
import { type DirEmitter, Inode } from '../Inode.js';
import type { OpenFile } from '../OpenFile.js';
import { type StatFs, SuperBlock } from '../SuperBlock.js';
import type { Clock } from '../Timespec.js';
import {
  paddedNameLength,
  ROMFH_DIR,
  ROMFH_EXEC,
  ROMFH_HRD,
  ROMFH_REG,
  ROMFH_SIZE,
  ROMFH_SYM,
  ROMFH_TYPE,
  ROMFS_BLOCK_SIZE,
  ROMFS_MAGIC,
  ROMFS_MAXFN,
  ROMFS_SIGNATURE,
  ROMFS_SUPER_CHECKSUM_BYTES,
  romfsChecksum,
} from './romfsFormat.js';

/** The source that names the flash's MTD device in mount(2), as Linux's "mtdN". */
export const MTD_SOURCE = 'mtd0';
/** MTD_BLOCK_MAJOR: a romfs on MTD takes the device number of the matching mtdblock device. */
const MTD_BLOCK_MAJOR = 31;
/** romfs_modemap: the permissions are fixed by type (plus the exec bit for files and directories). */
const MODE_OF_TYPE = [0, S_IFDIR | 0o644, S_IFREG | 0o644, S_IFLNK | 0o777, S_IFBLK | 0o600, S_IFCHR | 0o600, S_IFSOCK | 0o644, S_IFIFO | 0o644];
const DIRENT_TYPE_OF_TYPE = [DT_UNKNOWN, DT_DIR, DT_REG, DT_LNK, DT_BLK, DT_CHR, DT_SOCK, DT_FIFO];
/** A chain of hard links longer than this is a corrupt image (Linux would loop forever on a cycle). */
const MAX_LINK_CHAIN = 64;

/** A romfs file header: next (with type bits), spec and size. */
interface RomHeader {
  readonly next: number;
  readonly spec: number;
  readonly size: number;
}

/**
 * romfs (fs/romfs) on the flash's MTD device: read-only whatever the mount flags, every object found by the offset
 * of its header in the image, which is also its inode number. One instance per device, as get_tree_mtd shares the
 * super block; mount(2) finds it by the source "mtd0".
 */
export function romFileSystemType(mtd: MtdDevice): FileSystemType {
  let instance: RomSuperBlock | undefined;
  return {
    name: 'romfs',
    guestMountable: true,
    mount(request: MountRequest) {
      // get_tree_mtd: the source names the MTD device; there is one, and no block devices to try instead.
      if (request.source !== MTD_SOURCE) return -Errno.EINVAL;
      if (instance) return instance;
      const sb = RomSuperBlock.fill(mtd, request.clock);
      if (typeof sb !== 'number') instance = sb;
      return sb;
    },
  };
}

export class RomSuperBlock extends SuperBlock {
  private readonly inodes = new Map<number, RomInode>();

  private constructor(
    clock: Clock,
    readonly mtd: MtdDevice,
    /** The image size from the super block: nothing past it is read. */
    readonly imageSize: number,
  ) {
    super('romfs', makeDev(MTD_BLOCK_MAJOR, 0), clock);
  }

  /** romfs_fill_super: checks the signature, size and checksum; -EINVAL when the chip holds no romfs. */
  static fill(mtd: MtdDevice, clock: Clock): RomSuperBlock | number {
    const head = new Uint8Array(Math.min(ROMFS_SUPER_CHECKSUM_BYTES, mtd.size));
    const read = mtd.read(0, head);
    if (read < 0) return read;
    const view = new DataView(head.buffer);
    const imageSize = head.length >= ROMFH_SIZE ? view.getUint32(8) : 0;
    if (bytesToName(head.subarray(0, 8)) !== ROMFS_SIGNATURE || imageSize < ROMFH_SIZE || imageSize > mtd.size) return -Errno.EINVAL;
    if (romfsChecksum(head.subarray(0, Math.min(imageSize, ROMFS_SUPER_CHECKSUM_BYTES))) !== 0) return -Errno.EINVAL;
    const sb = new RomSuperBlock(clock, mtd, imageSize);
    // The root directory's header follows the volume name.
    const volume = sb.nameAt(0);
    if (typeof volume === 'number') return volume;
    const root = sb.iget(ROMFH_SIZE + paddedNameLength(volume.length));
    if (typeof root === 'number') return root;
    if (!(root instanceof RomDirectory)) return -Errno.EINVAL;
    sb.root = new Dentry('/', null, root);
    return sb;
  }

  override get readOnly(): boolean {
    return true;
  }

  statfs(): StatFs {
    const blocks = Math.ceil(this.imageSize / ROMFS_BLOCK_SIZE);
    return { magic: ROMFS_MAGIC, blockSize: ROMFS_BLOCK_SIZE, blocks, blocksFree: 0, blocksAvailable: 0, files: 0, filesFree: 0, nameMax: ROMFS_MAXFN };
  }

  /** romfs_dev_read: bytes of the image; -EIO for anything past its end. */
  read(offset: number, into: Uint8Array): number {
    if (offset >= this.imageSize || into.length > this.imageSize - offset) return -Errno.EIO;
    const read = this.mtd.read(offset, into);
    return read < 0 ? -Errno.EIO : read;
  }

  header(offset: number): RomHeader | number {
    const bytes = new Uint8Array(12);
    const read = this.read(offset, bytes);
    if (read < 0) return read;
    const view = new DataView(bytes.buffer);
    return { next: view.getUint32(0), spec: view.getUint32(4), size: view.getUint32(8) };
  }

  /** The NUL-terminated name after the header at `offset` (the volume name after the super block's 16 bytes). */
  nameAt(offset: number): string | number {
    const start = offset + ROMFH_SIZE;
    const bytes = new Uint8Array(Math.min(ROMFS_MAXFN, Math.max(0, this.imageSize - start)));
    const read = this.read(start, bytes);
    if (read < 0) return read;
    const end = bytes.indexOf(0);
    return bytesToName(end < 0 ? bytes : bytes.subarray(0, end));
  }

  /** romfs_iget: the object whose header is at `offset`, following hard links; one inode per object. */
  iget(offset: number): RomInode | number {
    let header = this.header(offset);
    for (let links = 0; typeof header !== 'number' && (header.next & ROMFH_TYPE) === ROMFH_HRD; links++) {
      if (links === MAX_LINK_CHAIN) return -Errno.EIO;
      offset = header.spec & ~0xf;
      header = this.header(offset);
    }
    if (typeof header === 'number') return header;
    const known = this.inodes.get(offset);
    if (known) return known;
    const name = this.nameAt(offset);
    if (typeof name === 'number') return name;
    const inode = createInode(this, offset, header, offset + ROMFH_SIZE + paddedNameLength(name.length));
    this.inodes.set(offset, inode);
    return inode;
  }

  /** The headers of a directory's list from `offset` on: name, header offset and header, until `visit` says stop. */
  walkList(offset: number, visit: (name: string, at: number, header: RomHeader) => boolean): number {
    // Every header and name take at least 32 bytes: a longer list loops, which Linux would follow forever.
    for (let entries = 0; offset !== 0 && offset < this.imageSize; entries++) {
      if (entries > this.imageSize / (2 * ROMFH_SIZE)) return -Errno.EIO;
      const header = this.header(offset);
      if (typeof header === 'number') return header;
      const name = this.nameAt(offset);
      if (typeof name === 'number') return name;
      if (!visit(name, offset, header)) return 0;
      offset = header.next & ~0xf;
    }
    return 0;
  }
}

function createInode(sb: RomSuperBlock, offset: number, header: RomHeader, dataOffset: number): RomInode {
  const type = header.next & ROMFH_TYPE;
  const exec = header.next & ROMFH_EXEC ? S_IXUGO : 0;
  switch (type) {
    case ROMFH_DIR:
      return new RomDirectory(sb, offset, MODE_OF_TYPE[type] | exec, header, dataOffset);
    case ROMFH_REG:
      return new RomFile(sb, offset, MODE_OF_TYPE[type] | exec, header, dataOffset);
    case ROMFH_SYM:
      return new RomSymlink(sb, offset, MODE_OF_TYPE[type] | S_IRWXUGO, header, dataOffset);
    default: {
      const node = new RomSpecialNode(sb, offset, MODE_OF_TYPE[type], header, dataOffset);
      node.rdev = makeDev(header.spec >>> 16, header.spec & 0xffff);
      return node;
    }
  }
}

/** An object of the image. romfs records no owners, times or link counts: all are root, zero and one. */
export abstract class RomInode extends Inode {
  declare readonly sb: RomSuperBlock;

  constructor(
    sb: RomSuperBlock,
    offset: number,
    mode: number,
    protected readonly header: RomHeader,
    /** Where the object's data starts in the image (after its header and padded name). */
    readonly dataOffset: number,
  ) {
    super(sb, offset, mode, 0, 0);
    this.atime = this.mtime = this.ctime = { sec: 0, nsec: 0 };
  }

  get size(): number {
    return this.header.size;
  }

  override setattr(): number {
    return -Errno.EROFS;
  }

  /** Reads the object's data at `position`, up to its size. */
  protected readData(into: Uint8Array, position: number): number {
    const count = Math.max(0, Math.min(into.length, this.size - position));
    return count === 0 ? 0 : this.sb.read(this.dataOffset + position, into.subarray(0, count));
  }
}

export class RomDirectory extends RomInode {
  /** A directory's size is its header and name, as romfs reports it. */
  override get size(): number {
    return this.dataOffset - this.ino;
  }

  override lookup(_dir: Dentry, name: string): Inode | null | number {
    let found: number | null = null;
    const walked = this.sb.walkList(this.header.spec & ~0xf, (entryName, at, header) => {
      if (entryName !== name) return true;
      found = (header.next & ROMFH_TYPE) === ROMFH_HRD ? header.spec & ~0xf : at;
      return false;
    });
    if (walked < 0) return walked;
    return found === null ? null : this.sb.iget(found);
  }

  /**
   * Positions are header offsets (2 = the first entry, the VFS having emitted "." and ".."); the image's own "."
   * and ".." entries are skipped for the same reason.
   */
  override iterate(_dir: Dentry, position: number, emit: DirEmitter): number {
    const start = position === 2 ? this.header.spec & ~0xf : position;
    return this.sb.walkList(start, (name, at, header) => {
      if (name === '.' || name === '..') return true;
      const next = header.next & ~0xf || this.sb.imageSize;
      const ino = (header.next & ROMFH_TYPE) === ROMFH_HRD ? header.spec & ~0xf : at;
      return emit(name, ino, DIRENT_TYPE_OF_TYPE[header.next & ROMFH_TYPE], next);
    });
  }

  open(): FileOperations {
    return {};
  }
}

export class RomFile extends RomInode {
  open(): FileOperations {
    return romFileOperations;
  }

  /**
   * romfs_get_unmapped_area: the file's data inside the flash, which need not be page aligned. The mapping may
   * not go past the end of the file's pages. Where its page-rounded end would pass the end of the chip there is
   * no memory to map, so the mapping becomes a copy instead.
   */
  unmappedArea(len: number, pgoff: number): number {
    const mtd = this.sb.mtd;
    const pages = Math.ceil(len / PAGE_SIZE);
    const filePages = Math.ceil(this.size / PAGE_SIZE);
    if (pgoff >= filePages || filePages - pgoff < pages) return -Errno.EINVAL;
    if (len > mtd.size || pgoff >= mtd.size >>> PAGE_SHIFT) return -Errno.EINVAL;
    const offset = this.dataOffset + pgoff * PAGE_SIZE;
    if (offset >= mtd.size) return -Errno.EINVAL;
    if (offset + pages * PAGE_SIZE > mtd.size) return -Errno.ENOSYS;
    return mtd.getUnmappedArea(len, offset);
  }

  read(into: Uint8Array, position: number): number {
    return this.readData(into, position);
  }
}

export class RomSymlink extends RomInode {
  override readlink(): string | number {
    const bytes = new Uint8Array(this.size);
    const read = this.readData(bytes, 0);
    return read < 0 ? read : bytesToName(bytes);
  }

  /** Only O_PATH opens reach a symbolic link, and they have no operations. */
  open(): FileOperations {
    return {};
  }
}

/** Device nodes, FIFOs and sockets: only the type and device number are stored. */
export class RomSpecialNode extends RomInode {
  /** The VFS opens special files through their driver or pipe, never through the file system. */
  open(): number {
    return -Errno.ENXIO;
  }
}

const romFileOperations: FileOperations = {
  read: (file: OpenFile, into: Uint8Array, position: number) => (file.inode as RomFile).read(into, position),
  mmap: {
    capabilities: (file) => (file.inode as RomFile).sb.mtd.mmapCapabilities(),
    getUnmappedArea: (file, len, pgoff) => (file.inode as RomFile).unmappedArea(len, pgoff),
    // romfs_mmap: a direct mapping is fine when it may be shared (read-only); anything else is copied.
    mmapDirect: (_file, _start, _length, _pgoff, vmFlags) => (vmFlags & (VM_SHARED | VM_MAYSHARE) ? 0 : -Errno.ENOSYS),
  },
};
