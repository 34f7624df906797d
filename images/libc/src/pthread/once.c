#include "../internal/pthread_impl.h"

#define ONCE_NOT_RUN 0
#define ONCE_RUNNING 1
#define ONCE_DONE 2

int pthread_once(pthread_once_t *once, void (*function)(void)) {
  for (;;) {
    int state = ONCE_NOT_RUN;
    if (__atomic_compare_exchange_n(once, &state, ONCE_RUNNING, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
      function();
      __atomic_store_n(once, ONCE_DONE, __ATOMIC_RELEASE);
      __futex(once, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff, 0);
      return 0;
    }
    if (state == ONCE_DONE) return 0;
    __futex(once, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, ONCE_RUNNING, 0);
  }
}
