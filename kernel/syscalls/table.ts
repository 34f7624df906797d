import { fsSyscalls } from './fs.js';
import { futexSyscalls } from './futex.js';
import { ipcSyscalls } from './ipc.js';
import { lifecycleSyscalls } from './lifecycle.js';
import { memorySyscalls } from './memory.js';
import { miscSyscalls } from './misc.js';
import { processSyscalls } from './process.js';
import { rebootSyscalls } from './reboot.js';
import { timeSyscalls } from './time.js';
import type { SyscallTable } from './types.js';
import { userfaultfdSyscalls } from './userfaultfd.js';

/** Every implemented syscall by number. Each area's table owns distinct numbers. */
export const SYSCALLS: SyscallTable = {
  ...fsSyscalls,
  ...processSyscalls,
  ...lifecycleSyscalls,
  ...futexSyscalls,
  ...memorySyscalls,
  ...timeSyscalls,
  ...miscSyscalls,
  ...rebootSyscalls,
  ...ipcSyscalls,
  ...userfaultfdSyscalls,
};

/**
 * Syscalls that no-MMU Linux does not have either (mm/Makefile builds them only with an MMU): ENOSYS is the
 * faithful answer, so calling them is not reported as a gap of rvnommu.
 * mprotect, msync, mlock, munlock, mlockall, munlockall, mincore, madvise, remap_file_pages, mlock2, pkey_mprotect.
 */
export const QUIETLY_ABSENT: ReadonlySet<number> = new Set([226, 227, 228, 229, 230, 231, 232, 233, 234, 284, 288]);
