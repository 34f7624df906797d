#include "../internal/pthread_impl.h"

void __lock(volatile int *word) {
  int seen = 0;
  if (__atomic_compare_exchange_n(word, &seen, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
  // Once anyone has waited, the holder cannot know whether others still do: the word stays 2 until it is free.
  if (seen != 2) seen = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  while (seen != 0) {
    __futex(word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, 0);
    seen = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  }
}

void __lock_contended(volatile int *word) {
  while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0) __futex(word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, 0);
}

int __trylock(volatile int *word) {
  int free = 0;
  return __atomic_compare_exchange_n(word, &free, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void __unlock(volatile int *word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) __futex(word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0);
}

int sched_yield(void) {
  return __syscall_ret(__syscall0(SYS_sched_yield));
}
