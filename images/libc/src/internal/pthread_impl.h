/* The thread record behind pthread_t, and the futex-based lock the library uses inside. */
#ifndef LIBC_INTERNAL_PTHREAD_IMPL_H
#define LIBC_INTERNAL_PTHREAD_IMPL_H

#include <linux/futex.h>
#include <pthread.h>
#include <time.h>
#include "startup.h"
#include "syscall.h"

#define DETACH_JOINABLE 0
#define DETACH_DETACHED 1
/* The thread has started to exit while joinable: only pthread_join may reclaim it now. */
#define DETACH_EXITING 2

/* The thread pointer (tp) of every thread points at its record. A new thread's record sits at the top of the
 * one mapping that also holds its stack, just below the record. */
struct __pthread {
  /* Set by the kernel (CLONE_PARENT_SETTID) before the thread runs; cleared and futex-woken when it has exited
   * (CLONE_CHILD_CLEARTID), which is what pthread_join waits for. */
  volatile pid_t tid;
  int errno_value;
  volatile int detach_state;
  void *(*start)(void *);
  void *arg;
  void *result;
  /* The thread's mapping (record and stack); NULL for the main thread, whose stack is the process's. */
  void *mapping;
  size_t mapping_size;
  struct {
    void *value;
    /* The key's generation when the value was set: a value outlives neither pthread_key_delete nor the reuse of
     * its key. */
    unsigned generation;
  } specific[PTHREAD_KEYS_MAX];
} __attribute__((aligned(16)));

static inline struct __pthread *__pthread_self(void) {
  struct __pthread *self;
  __asm__("mv %0, tp" : "=r"(self));
  return self;
}

/* Makes the calling thread the process's first: sets tp and the clear-on-exit tid word. */
void __pthread_init_main(void) HIDDEN;
/* Runs the thread-specific destructors of the calling thread (pthread_exit). */
void __pthread_run_destructors(struct __pthread *self) HIDDEN;

static inline long __futex(volatile int *word, int op, int value, const struct timespec *timeout) {
  return __syscall6(SYS_futex_time64, (long)word, op, value, (long)timeout, 0, (long)FUTEX_BITSET_MATCH_ANY);
}

/* A lock word: 0 free, 1 held, 2 held with (maybe) waiters, who sleep on the futex (Drepper's "Futexes are
 * tricky", mutex 2). */
void __lock(volatile int *word) HIDDEN;
int __trylock(volatile int *word) HIDDEN;
void __unlock(volatile int *word) HIDDEN;
/* Takes the lock marked as contended: for a thread that has just been woken from a wait, whose fellow waiters
 * may be asleep on the lock. */
void __lock_contended(volatile int *word) HIDDEN;

#endif
