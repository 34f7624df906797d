import { Errno } from '../errno.js';
import { MAP_ANONYMOUS, MAP_DENYWRITE, MAP_EXECUTABLE } from '../mm/constants.js';
import type { MmapBacking } from '../mm/MmapBacking.js';
import { mmapBackingOf } from '../vfs/fileMmap.js';
import type { SyscallTable } from './types.js';

/**
 * Memory syscalls of a no-MMU kernel. The break can grow only into the stack block (exec reserves no heap), so C
 * libraries use mmap.
 * mprotect, mlock*, mincore and madvise are absent from no-MMU Linux (they are built only with an MMU) and
 * therefore return ENOSYS here too: see QUIETLY_ABSENT in table.ts.
 */
export const memorySyscalls: SyscallTable = {
  214: (ctx, requested) => {
    const mm = ctx.task.mm;
    const brk = requested >>> 0;
    if (brk < mm.startBrk || brk > mm.endBrk) return mm.brk | 0;
    mm.brk = brk;
    return brk | 0;
  },
  215: (ctx, addr, len) => ctx.kernel.mmap.doMunmap(ctx.task.mm, addr >>> 0, len >>> 0),
  216: (ctx, addr, oldLen, newLen, flags, newAddr) =>
    ctx.kernel.mmap.doMremap(ctx.task.mm, addr >>> 0, oldLen >>> 0, newLen >>> 0, flags, newAddr >>> 0) | 0,
  222: (ctx, _addr, len, prot, flags, fd, pgoff) => {
    flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
    let backing: MmapBacking | null = null;
    if (!(flags & MAP_ANONYMOUS)) {
      const file = ctx.task.files.get(fd);
      if (!file || file.pathOnly) return -Errno.EBADF;
      const found = mmapBackingOf(ctx.kernel.vfs, file, ctx.task.fs.root);
      if (typeof found === 'number') return found;
      backing = found;
    }
    return ctx.kernel.mmap.doMmap(ctx.task.mm, backing, len >>> 0, prot, flags, pgoff >>> 0) | 0;
  },
};
