import { Errno } from '../../errno.js';
import { NOMMU_MAP_COPY } from '../../mm/constants.js';
import type { CharDevices } from '../CharDevices.js';
import type { FileOperations } from '../FileOperations.js';

/** drivers/char/mem.c's major number. */
export const MEM_MAJOR = 1;

/** The memory devices do not move: lseek always lands on 0 (null_lseek; random's reads never advance f_pos). */
const stayAtZero = (): number => 0;

const nullDevice: FileOperations = {
  read: () => 0,
  write: (_file, data) => data.length,
  llseek: stayAtZero,
};

/** A private mapping of /dev/zero is a copy of its zeros; without an MMU it cannot be shared (zero_mmap_capabilities). */
const zeroDevice: FileOperations = {
  read: (_file, into) => {
    into.fill(0);
    return into.length;
  },
  write: (_file, data) => data.length,
  llseek: stayAtZero,
  mmap: { capabilities: () => NOMMU_MAP_COPY },
};

const fullDevice: FileOperations = {
  read: zeroDevice.read,
  write: () => -Errno.ENOSPC,
  llseek: stayAtZero,
};

/** The host's cryptographic generator, which fills at most 64 KiB per call. */
function hostRandom(into: Uint8Array): void {
  for (let offset = 0; offset < into.length; offset += 65536) {
    crypto.getRandomValues(into.subarray(offset, Math.min(into.length, offset + 65536)));
  }
}

/** /dev/random and /dev/urandom read from `random`; writes are accepted as entropy. */
function randomDevice(random: (into: Uint8Array) => void): FileOperations {
  return {
    read: (_file, into) => {
      random(into);
      return into.length;
    },
    write: (_file, data) => data.length,
    llseek: stayAtZero,
  };
}

/** /dev/null (1,3), /dev/zero (1,5), /dev/full (1,7), /dev/random (1,8), /dev/urandom (1,9). */
export function registerMemoryDevices(devices: CharDevices, random: (into: Uint8Array) => void = hostRandom): void {
  const urandom = randomDevice(random);
  const minors: [number, FileOperations][] = [
    [3, nullDevice],
    [5, zeroDevice],
    [7, fullDevice],
    [8, urandom],
    [9, urandom],
  ];
  for (const [minor, ops] of minors) devices.register(MEM_MAJOR, minor, { open: () => ops });
}
