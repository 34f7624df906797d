/* Condition variables as a sequence number: a waiter sleeps on the number it read while still holding the
 * mutex, so a signal given after it let the mutex go changes the number and the futex wait returns at once.
 * Waits may end spuriously, as POSIX allows. */
#include <errno.h>
#include "../internal/pthread_impl.h"

int pthread_condattr_init(pthread_condattr_t *attr) {
  attr->__clock = CLOCK_REALTIME;
  return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr) {
  (void)attr;
  return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock) {
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) return EINVAL;
  attr->__clock = clock;
  return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock) {
  *clock = attr->__clock;
  return 0;
}

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr) {
  cond->__sequence = 0;
  cond->__clock = attr ? attr->__clock : CLOCK_REALTIME;
  return 0;
}

int pthread_cond_destroy(pthread_cond_t *cond) {
  (void)cond;
  return 0;
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *deadline) {
  if (deadline && (unsigned long)deadline->tv_nsec >= 1000000000UL) return EINVAL;
  pid_t self = __pthread_self()->tid;
  if (mutex->__type != PTHREAD_MUTEX_NORMAL && mutex->__owner != self) return EPERM;
  int sequence = __atomic_load_n(&cond->__sequence, __ATOMIC_RELAXED);
  // A recursive mutex is let go entirely, and taken back as many times as it was held.
  int count = mutex->__count;
  __atomic_store_n(&mutex->__owner, 0, __ATOMIC_RELAXED);
  __unlock(&mutex->__lock);
  // FUTEX_WAIT_BITSET takes an absolute time, on CLOCK_MONOTONIC unless told CLOCK_REALTIME.
  int op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (cond->__clock == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
  long result = __futex(&cond->__sequence, op, sequence, deadline);
  __lock_contended(&mutex->__lock);
  __atomic_store_n(&mutex->__owner, self, __ATOMIC_RELAXED);
  mutex->__count = count;
  return result == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  return pthread_cond_timedwait(cond, mutex, 0);
}

int pthread_cond_signal(pthread_cond_t *cond) {
  __atomic_fetch_add(&cond->__sequence, 1, __ATOMIC_RELEASE);
  __futex(&cond->__sequence, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0);
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t *cond) {
  __atomic_fetch_add(&cond->__sequence, 1, __ATOMIC_RELEASE);
  __futex(&cond->__sequence, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff, 0);
  return 0;
}
