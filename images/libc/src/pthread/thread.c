/* Threads: clone with everything shared, the thread record and stack in one anonymous mapping. Without an MMU
 * the stack is a fixed block with nothing below it to catch an overflow. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "../internal/pthread_impl.h"

#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000

/* qemu-user creates a thread only for exactly this set of sharing flags (plus the tid and TLS ones). */
#define THREAD_FLAGS \
  (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
   CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#define PAGE_SIZE 4096

long __clone(void *(*start)(void *), void *stack, unsigned long flags, void *arg, volatile pid_t *parent_tid,
             void *tls, volatile pid_t *child_tid) HIDDEN;
_Noreturn void __unmap_self_and_exit(void *mapping, size_t size) HIDDEN;

static struct __pthread main_thread;
/* Threads that have not yet begun to exit: the last one to exit ends the process with exit(0). */
static int live_threads = 1;

void __pthread_init_main(void) {
  __asm__ volatile("mv tp, %0" : : "r"(&main_thread));
  main_thread.tid = __syscall1(SYS_set_tid_address, &main_thread.tid);
}

pthread_t pthread_self(void) {
  return __pthread_self();
}

int pthread_equal(pthread_t first, pthread_t second) {
  return first == second;
}

static void *thread_start(void *record) {
  struct __pthread *self = record;
  pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
  size_t stack_size = attr ? attr->__stack_size : PTHREAD_STACK_DEFAULT;
  size_t size = (stack_size + sizeof(struct __pthread) + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
  unsigned char *mapping = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) return EAGAIN;
  // Anonymous mappings start zeroed: tid 0 until the kernel sets it, no thread-specific values.
  struct __pthread *record = (struct __pthread *)(mapping + size) - 1;
  record->start = start;
  record->arg = arg;
  record->mapping = mapping;
  record->mapping_size = size;
  record->detach_state = attr ? attr->__detach_state : PTHREAD_CREATE_JOINABLE;
  __atomic_fetch_add(&live_threads, 1, __ATOMIC_RELAXED);
  long tid = __clone(thread_start, record, THREAD_FLAGS, record, &record->tid, record, &record->tid);
  if (tid < 0) {
    __atomic_fetch_sub(&live_threads, 1, __ATOMIC_RELAXED);
    munmap(mapping, size);
    return EAGAIN;
  }
  *thread = record;
  return 0;
}

_Noreturn void pthread_exit(void *result) {
  struct __pthread *self = __pthread_self();
  self->result = result;
  __pthread_run_destructors(self);
  if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_ACQ_REL) == 0) exit(0);
  int state = DETACH_JOINABLE;
  if (!__atomic_compare_exchange_n(&self->detach_state, &state, DETACH_EXITING, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE) &&
      self->mapping) {
    // Detached: nobody will join, so the thread frees its own mapping. The kernel must not write the tid word
    // once the memory may belong to someone else, and no signal handler may run on a stack that is gone.
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    __syscall1(SYS_set_tid_address, 0);
    __unmap_self_and_exit(self->mapping, self->mapping_size);
  }
  for (;;) __syscall1(SYS_exit, 0);
}

int pthread_join(pthread_t thread, void **result) {
  if (thread == __pthread_self()) return EDEADLK;
  if (thread->detach_state == DETACH_DETACHED) return EINVAL;
  // The kernel's wake at thread exit (CLONE_CHILD_CLEARTID) is a shared futex wake: a private wait would not
  // match it on Linux.
  pid_t tid;
  while ((tid = __atomic_load_n(&thread->tid, __ATOMIC_ACQUIRE)) != 0) __futex(&thread->tid, FUTEX_WAIT, tid, 0);
  if (result) *result = thread->result;
  if (thread->mapping) munmap(thread->mapping, thread->mapping_size);
  return 0;
}

int pthread_detach(pthread_t thread) {
  int state = DETACH_JOINABLE;
  if (__atomic_compare_exchange_n(&thread->detach_state, &state, DETACH_DETACHED, 0, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE))
    return 0;
  // Already exiting as joinable: reclaiming it is now the detacher's job.
  return state == DETACH_EXITING ? pthread_join(thread, NULL) : EINVAL;
}
