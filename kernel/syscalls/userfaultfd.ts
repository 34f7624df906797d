import { Errno } from '../errno.js';
import { UFFD_USER_MODE_ONLY } from '../uffd/uapi.js';
import { UserfaultfdContext } from '../uffd/UserfaultfdContext.js';
import { USERFAULTFD_FLAGS, createUserfaultfd } from '../uffd/UserfaultfdFile.js';
import { O_CLOEXEC } from '../vfs/openFlags.js';
import type { SyscallTable } from './types.js';

/**
 * userfaultfd(2). Linux builds it only with an MMU; here the emulated hart reports every access to the kernel, so
 * missing pages can be caught without page tables (see kernel/uffd/README.md for where that differs).
 * Every task runs as root, so the vm.unprivileged_userfaultfd check always passes.
 */
export const userfaultfdSyscalls: SyscallTable = {
  282: (ctx, flags) => {
    if (flags & ~USERFAULTFD_FLAGS) return -Errno.EINVAL;
    const files = ctx.task.files;
    if (!files.hasFree()) return -Errno.EMFILE;
    const uffd = new UserfaultfdContext(ctx.task.mm, ctx.kernel.physical, (flags & UFFD_USER_MODE_ONLY) !== 0);
    const file = createUserfaultfd(uffd, ctx.kernel.vfs.anonFs, ctx.kernel.credentials(ctx.task), flags);
    return files.allocate(file, (flags & O_CLOEXEC) !== 0);
  },
};
