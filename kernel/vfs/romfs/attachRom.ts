import type { PhysicalMemory } from '../../../cpu/PhysicalMemory.js';
import { Flash, FLASH_BASE, FLASH_SECTOR_SIZE, FLASH_SIZE } from '../../../devices/Flash.js';
import { errnoMessage } from '../../errno.js';
import type { NommuMmap } from '../../mm/NommuMmap.js';
import { ROOT_CREDENTIALS } from '../Credentials.js';
import { registerMtdCharDevice } from '../devfs/mtdChar.js';
import { MtdDevice } from '../devfs/mtdDevice.js';
import { makeDirectoryTree } from '../entryOperations.js';
import { MS_RDONLY, MS_RELATIME } from '../mountFlags.js';
import type { SuperBlock } from '../SuperBlock.js';
import type { Vfs } from '../Vfs.js';
import { MTD_SOURCE, romFileSystemType } from './RomFs.js';

/** Where `rvnommu run --rom` mounts the image unless told otherwise. */
export const DEFAULT_ROM_MOUNT = '/rom';

/** A ROM image the machine cannot use (the message is one line for the user). */
export class RomImageError extends Error {}

/** What rvnommu run --rom asks for: the image and where its romfs appears in the guest's tree. */
export interface RomSpec {
  readonly image: Uint8Array;
  readonly mountPoint: string;
}

/** The parts of the machine a flash chip is wired into. */
export interface RomHost {
  readonly physical: PhysicalMemory;
  readonly mmap: NommuMmap;
  readonly vfs: Vfs;
}

/**
 * A board's flash: the chip holding `image` at FLASH_BASE (the machine's backing store must have FLASH_SIZE bytes
 * to spare), its MTD device as /dev/mtd0 and /dev/mtd0ro, and the romfs driver that reads it (source "mtd0").
 * Throws RomImageError for an image too big for the chip.
 */
export function attachFlash(host: RomHost, image: Uint8Array): Flash {
  if (image.length > FLASH_SIZE) {
    throw new RomImageError(`the image is ${image.length} bytes, more than the ${FLASH_SIZE / 1024 / 1024} MiB flash holds`);
  }
  const { physical, mmap, vfs } = host;
  const flash = new Flash(physical, FLASH_BASE, FLASH_SIZE, FLASH_SECTOR_SIZE);
  flash.loadImage(image);
  const flashEnd = flash.base + flash.size;
  // Direct mappings are the regions whose pages nobody allocated: device memory, here the chip's.
  const directlyMapped = () => mmap.regions.some((region) => !region.ownsPages && region.start < flashEnd && region.end > flash.base);
  const mtd = new MtdDevice(flash, directlyMapped);
  registerMtdCharDevice(vfs.devices, mtd);
  vfs.registerFileSystem(romFileSystemType(mtd));
  return flash;
}

/** The romfs on the flash, read-only (SB_RDONLY), or a RomImageError when the chip holds none. */
export function createRomSuperBlock(vfs: Vfs): SuperBlock {
  const sb = vfs.createSuperBlock('romfs', MTD_SOURCE, '');
  if (typeof sb === 'number') throw new RomImageError('the image is not a romfs image (no -rom1fs- signature, or a bad checksum)');
  return sb;
}

/**
 * rvnommu run --rom: the flash holding `image` (attachFlash), with its romfs mounted read-only at `mountPoint`
 * (created if missing).
 */
export function attachRom(host: RomHost, image: Uint8Array, mountPoint: string): Flash {
  // Over / it would hide /dev, /proc and the program; a romfs root is what rvnommu boot mounts.
  if (!mountPoint.startsWith('/') || mountPoint.split('/').every((part) => part === '')) {
    throw new RomImageError(`the mount point ${mountPoint} must be an absolute path below /`);
  }
  const { vfs } = host;
  const flash = attachFlash(host, image);
  const sb = createRomSuperBlock(vfs);
  const fs = vfs.newFsContext();
  try {
    const made = makeDirectoryTree(vfs, { fs, cred: ROOT_CREDENTIALS, base: fs.root }, mountPoint, 0o755);
    if (made < 0) throw new RomImageError(`cannot create the mount point ${mountPoint}: errno ${-made}`);
    const mounted = vfs.mountAt(mountPoint, sb, MS_RDONLY | MS_RELATIME, MTD_SOURCE);
    if (typeof mounted === 'number') throw new RomImageError(`cannot mount the romfs on ${mountPoint}: errno ${-mounted}`);
  } finally {
    fs.release();
  }
  return flash;
}

/** A program stored in the ROM, read as execve reads it from the guest's tree; throws RomImageError if it cannot be. */
export function readRomProgram(vfs: Vfs, path: string): Uint8Array {
  const fs = vfs.newFsContext();
  try {
    const bytes = vfs.readExecutable(fs, path);
    if (typeof bytes === 'number') throw new RomImageError(`cannot run ${path} from the ROM: ${errnoMessage(-bytes)}`);
    return bytes;
  } finally {
    fs.release();
  }
}
