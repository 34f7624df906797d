import { Errno } from '../errno.js';
import { ShmSegment, SysvShm } from '../ipc/SysvShm.js';
import type { Kernel } from '../Kernel.js';
import type { SyscallContext, SyscallTable } from './types.js';

const IPC_RMID = 0;
const IPC_SET = 1;
const IPC_STAT = 2;
const IPC_INFO = 3;
const SHM_LOCK = 11;
const SHM_UNLOCK = 12;
const SHM_STAT = 13;
const SHM_INFO = 14;
const SHM_STAT_ANY = 15;

/** struct shmid64_ds of asm-generic on 32 bits: ipc64_perm (36 bytes), then times split into low/high words. */
const SHMID_DS_SIZE = 84;
/** struct shminfo64: nine unsigned longs. */
const SHMINFO_SIZE = 36;
/** struct shm_info: used_ids and five unsigned longs. */
const SHM_INFO_SIZE = 24;

/** Each kernel's SysV shared memory (its IPC namespace), made on first use. */
const namespaces = new WeakMap<Kernel, SysvShm>();

function shmOf(kernel: Kernel): SysvShm {
  let shm = namespaces.get(kernel);
  if (!shm) {
    shm = new SysvShm({
      vfs: kernel.vfs,
      mmap: kernel.mmap,
      now: () => kernel.vfs.clock().sec,
      currentPid: () => kernel.currentTask?.tgid ?? 0,
    });
    namespaces.set(kernel, shm);
  }
  return shm;
}

/** kernel_to_ipc64_perm and the rest of shmctl_stat, laid out for user space. */
export function encodeShmidDs(segment: ShmSegment): Uint8Array {
  const bytes = new Uint8Array(SHMID_DS_SIZE);
  const view = new DataView(bytes.buffer);
  const words = [segment.key, segment.uid, segment.gid, segment.cuid, segment.cgid, segment.mode];
  words.forEach((value, index) => view.setUint32(index * 4, value >>> 0, true));
  view.setUint16(24, segment.seq, true);
  view.setUint32(36, segment.size, true);
  [segment.atime, segment.dtime, segment.ctime].forEach((seconds, index) => {
    view.setUint32(40 + index * 8, seconds >>> 0, true);
    view.setUint32(44 + index * 8, Math.floor(seconds / 2 ** 32), true);
  });
  view.setInt32(64, segment.cpid, true);
  view.setInt32(68, segment.lpid, true);
  view.setUint32(72, segment.nattch, true);
  return bytes;
}

function encodeWords(size: number, values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setUint32(index * 4, value >>> 0, true));
  return bytes;
}

function copyOutOrFault(ctx: SyscallContext, addr: number, bytes: Uint8Array, result: number): number {
  return ctx.mem.copyOut(addr >>> 0, bytes) < 0 ? -Errno.EFAULT : result;
}

/** ksys_shmctl with IPC_64 (rv32 has no old-version commands to parse). */
function shmctl(ctx: SyscallContext, shmid: number, cmd: number, buf: number): number {
  if (cmd < 0 || shmid < 0) return -Errno.EINVAL;
  const shm = shmOf(ctx.kernel);
  const cred = ctx.kernel.credentials(ctx.task);
  switch (cmd) {
    case IPC_INFO: {
      const limits = shm.limits;
      const info = [limits.shmmax, limits.shmmin, limits.shmmni, limits.shmseg, limits.shmall];
      return copyOutOrFault(ctx, buf, encodeWords(SHMINFO_SIZE, info), shm.highestSlot);
    }
    case SHM_INFO: {
      const usage = shm.usage;
      const info = [usage.usedIds, usage.totalPages, usage.residentPages, 0, 0, 0];
      return copyOutOrFault(ctx, buf, encodeWords(SHM_INFO_SIZE, info), shm.highestSlot);
    }
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY: {
      const segment = shm.stat(shmid, cmd !== IPC_STAT, cmd === SHM_STAT_ANY, cred);
      if (typeof segment === 'number') return segment;
      return copyOutOrFault(ctx, buf, encodeShmidDs(segment), cmd === IPC_STAT ? 0 : segment.id);
    }
    case IPC_SET: {
      const data = ctx.mem.copyIn(buf >>> 0, SHMID_DS_SIZE);
      if (typeof data === 'number') return -Errno.EFAULT;
      const view = new DataView(data.buffer);
      return shm.set(shmid, { uid: view.getUint32(4, true), gid: view.getUint32(8, true), mode: view.getUint32(20, true) }, cred);
    }
    case IPC_RMID:
      return shm.remove(shmid, cred);
    case SHM_LOCK:
    case SHM_UNLOCK:
      return shm.lock(shmid, cmd === SHM_LOCK, cred);
    default:
      return -Errno.EINVAL;
  }
}

/** SysV IPC: shared memory (shmget, shmctl, shmat, shmdt). */
export const ipcSyscalls: SyscallTable = {
  194: (ctx, key, size, flags) => shmOf(ctx.kernel).get(key, size >>> 0, flags, ctx.kernel.credentials(ctx.task)),
  195: (ctx, shmid, cmd, buf) => shmctl(ctx, shmid, cmd, buf),
  196: (ctx, shmid, addr, flags) =>
    shmOf(ctx.kernel).attach(ctx.task.mm, ctx.task.fs.root, shmid, addr >>> 0, flags, ctx.kernel.credentials(ctx.task)) | 0,
  197: (ctx, addr) => shmOf(ctx.kernel).detach(ctx.task.mm, addr >>> 0),
};
