import { PAGE_SHIFT, PAGE_SIZE } from '../../../cpu/PhysicalMemory.js';
import { Errno } from '../../errno.js';
import { VM_SHARED } from '../../mm/constants.js';
import type { UserMemory } from '../../UserMemory.js';
import type { CharDevices } from '../CharDevices.js';
import type { FileOperations } from '../FileOperations.js';
import type { OpenFile } from '../OpenFile.js';
import { SEEK_CUR, SEEK_END, SEEK_SET } from '../openFlags.js';
import type { MtdDevice } from './mtdDevice.js';

/** MTD_CHAR_MAJOR: /dev/mtdN is (90, 2N), its read-only twin /dev/mtdNro (90, 2N+1). */
export const MTD_CHAR_MAJOR = 90;

/** ioctl numbers of include/uapi/mtd/mtd-abi.h: _IOR('M', 1, struct mtd_info_user) and the erase requests. */
export const MEMGETINFO = 0x8020_4d01;
export const MEMERASE = 0x4008_4d02;
export const MEMERASE64 = 0x4010_4d14;
/** sizeof(struct mtd_info_user): type u8, then flags, size, erasesize, writesize, oobsize u32, and a u64 at 24. */
export const MTD_INFO_USER_SIZE = 32;
const ERASE_INFO_USER_SIZE = 8;
const ERASE_INFO_USER64_SIZE = 16;

/** Registers the MTD device as character device (90, 0) and its read-only twin (90, 1): /dev/mtd0, /dev/mtd0ro. */
export function registerMtdCharDevice(devices: CharDevices, mtd: MtdDevice): void {
  const operations = mtdCharOperations(mtd);
  devices.register(MTD_CHAR_MAJOR, 0, { open: () => operations }, 'mtd0');
  devices.register(MTD_CHAR_MAJOR, 1, { open: (file) => (file.writable ? -Errno.EACCES : operations) }, 'mtd0ro');
}

/** struct mtd_info_user as MEMGETINFO fills it. */
export function mtdInfoUser(mtd: MtdDevice): Uint8Array {
  const bytes = new Uint8Array(MTD_INFO_USER_SIZE);
  const view = new DataView(bytes.buffer);
  bytes[0] = mtd.type;
  [mtd.flags, mtd.size, mtd.eraseSize, mtd.writeSize, mtd.oobSize].forEach((word, index) => view.setUint32(4 + index * 4, word, true));
  return bytes;
}

/** drivers/mtd/mtdchar.c: the chip as one seekable file, read and programmed straight from the caller's pages. */
function mtdCharOperations(mtd: MtdDevice): FileOperations {
  return {
    pinsUserPages: true,
    read(_file, into, position) {
      const count = Math.max(0, Math.min(into.length, mtd.size - position));
      return count === 0 ? 0 : mtd.read(position, into.subarray(0, count));
    },
    write(_file, data, position) {
      if (position >= mtd.size) return -Errno.ENOSPC;
      const count = Math.min(data.length, mtd.size - position);
      return count === 0 ? 0 : mtd.write(position, data.subarray(0, count));
    },
    llseek(file, offset, whence) {
      if (whence === SEEK_CUR) offset += file.position;
      else if (whence === SEEK_END) offset += mtd.size;
      else if (whence !== SEEK_SET) return -Errno.EINVAL;
      if (offset < 0 || offset > mtd.size) return -Errno.EINVAL;
      file.position = offset;
      return offset;
    },
    ioctl: (file, request, arg, mem) => mtdIoctl(mtd, file, request >>> 0, arg, mem),
    mmap: {
      capabilities: () => mtd.mmapCapabilities(),
      // mtdchar_get_unmapped_area: the whole mapping must lie on the chip.
      getUnmappedArea(_file, len, pgoff) {
        if (len > mtd.size || pgoff >= mtd.size >>> PAGE_SHIFT) return -Errno.EINVAL;
        const offset = pgoff * PAGE_SIZE;
        if (offset > mtd.size - len) return -Errno.EINVAL;
        return mtd.getUnmappedArea(len, offset);
      },
      // mtdchar_mmap without an MMU accepts only shared mappings of the chip: a private one is refused (EACCES).
      mmapDirect: (_file, _start, _length, _pgoff, vmFlags) => (vmFlags & VM_SHARED ? 0 : -Errno.EACCES),
    },
  };
}

function mtdIoctl(mtd: MtdDevice, file: OpenFile, request: number, arg: number, mem: UserMemory): number {
  switch (request) {
    case MEMGETINFO:
      return mem.copyOut(arg, mtdInfoUser(mtd));
    case MEMERASE:
    case MEMERASE64: {
      if (!file.writable) return -Errno.EPERM;
      const wide = request === MEMERASE64;
      const bytes = mem.copyIn(arg, wide ? ERASE_INFO_USER64_SIZE : ERASE_INFO_USER_SIZE);
      if (typeof bytes === 'number') return bytes;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = wide ? view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32 : view.getUint32(0, true);
      const length = wide ? view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32 : view.getUint32(4, true);
      return mtd.erase(start, length);
    }
    default:
      return -Errno.ENOTTY;
  }
}
