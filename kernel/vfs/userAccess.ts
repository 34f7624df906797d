import { PAGE_SIZE } from '../../cpu/PhysicalMemory.js';
import { Errno } from '../errno.js';
import type { UserMemory } from '../UserMemory.js';
import { PATH_MAX } from './openFlags.js';

/**
 * getname: a NUL-terminated path from user memory as a byte string (one char per byte, never decoded, so any
 * name survives). At most PATH_MAX bytes with the NUL: longer is ENAMETOOLONG; an unreadable byte before the
 * NUL is EFAULT. Empty strings are returned as '' for the caller to judge (ENOENT or AT_EMPTY_PATH).
 */
export function readUserPath(mem: UserMemory, addr: number): string | number {
  let text = '';
  let at = addr >>> 0;
  while (text.length < PATH_MAX) {
    const chunk = Math.min(PAGE_SIZE - (at & (PAGE_SIZE - 1)), PATH_MAX - text.length);
    const view = mem.view(at, chunk);
    if (typeof view === 'number') return view;
    const end = view.indexOf(0);
    text += String.fromCharCode(...(end < 0 ? view : view.subarray(0, end)));
    if (end >= 0) return text;
    at += chunk;
  }
  return -Errno.ENAMETOOLONG;
}

/**
 * The part of the user buffer [addr, addr+length) that can be accessed, as a view into guest memory: the
 * longest prefix whose pages allow the access (writing implies reading on RISC-V). Like copy_to_user, a transfer
 * stops at the first bad page: -EFAULT only when not even the first byte is accessible (and length > 0).
 */
export function userBuffer(mem: UserMemory, addr: number, length: number, write: boolean): Uint8Array | number {
  addr >>>= 0;
  if (length === 0) return new Uint8Array(0);
  if (addr + length > 2 ** 32) length = 2 ** 32 - addr;
  let accessible = 0;
  let start = -1;
  while (accessible < length) {
    const chunk = Math.min(PAGE_SIZE - ((addr + accessible) & (PAGE_SIZE - 1)), length - accessible);
    if (write && !mem.canWrite(addr + accessible, chunk)) break;
    const view = mem.view(addr + accessible, chunk);
    if (typeof view === 'number') break;
    // Pages of one range must follow each other in the backing store to be one view.
    if (start >= 0 && view.byteOffset !== start + accessible) break;
    if (start < 0) start = view.byteOffset;
    accessible += chunk;
  }
  if (accessible === 0) return -Errno.EFAULT;
  return mem.view(addr, accessible);
}
