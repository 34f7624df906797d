import { VM_READ, VM_WRITE } from '../mm/constants.js';
import type { Task } from '../Task.js';
import type { Blocked } from '../WaitQueue.js';

/**
 * The page-fault path's question to userfaultfd (Linux's do_anonymous_page / shmem_fault calling
 * handle_userfault): is the access at `address` a first touch of a missing page registered with a userfaultfd?
 * Then the thread waits for it (Blocked) or gets SIGBUS (UFFD_FEATURE_SIGBUS); null means an ordinary bad access.
 * `byKernel` is an access a system call made for the task (copy_to_user): it waits only on a userfaultfd made
 * without UFFD_USER_MODE_ONLY and without UFFD_FEATURE_SIGBUS, and otherwise fails (EFAULT) as in Linux.
 */
export function handleUserfault(task: Task, address: number, write: boolean, byKernel = false): Blocked | 'sigbus' | null {
  const page = task.mm.userfaultOf(address);
  if (!page?.missing) return null;
  if (byKernel && !page.ctx.handlesKernelFaults) return null;
  // The mapping must allow the access at all (Linux checks the VMA before it looks for the page).
  const area = task.mm.find(address);
  if (!area || !(area.flags & (write ? VM_WRITE : VM_READ))) return null;
  return page.ctx.handleFault(task, address, write);
}
