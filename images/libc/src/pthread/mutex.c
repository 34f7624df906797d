/* Mutexes on the library's lock word. Recursive and error-checking ones also record their owner's tid. */
#include <errno.h>
#include "../internal/pthread_impl.h"

int pthread_mutexattr_init(pthread_mutexattr_t *attr) {
  attr->__type = PTHREAD_MUTEX_DEFAULT;
  return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr) {
  (void)attr;
  return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type) {
  if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE && type != PTHREAD_MUTEX_ERRORCHECK)
    return EINVAL;
  attr->__type = type;
  return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type) {
  *type = attr->__type;
  return 0;
}

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
  *mutex = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
  if (attr) mutex->__type = attr->__type;
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex) {
  return mutex->__lock ? EBUSY : 0;
}

/* For a recursive or error-checking mutex the caller may already own: 0 when it is taken (again), an error,
 * or -1 when the caller must take the lock word. */
static int relock_by_owner(pthread_mutex_t *mutex) {
  if (mutex->__type == PTHREAD_MUTEX_NORMAL) return -1;
  if (__atomic_load_n(&mutex->__owner, __ATOMIC_RELAXED) != __pthread_self()->tid) return -1;
  if (mutex->__type == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
  if (mutex->__count == 0x7fffffff) return EAGAIN;
  mutex->__count++;
  return 0;
}

static void became_owner(pthread_mutex_t *mutex) {
  __atomic_store_n(&mutex->__owner, __pthread_self()->tid, __ATOMIC_RELAXED);
  mutex->__count = 1;
}

int pthread_mutex_lock(pthread_mutex_t *mutex) {
  int result = relock_by_owner(mutex);
  if (result >= 0) return result;
  __lock(&mutex->__lock);
  became_owner(mutex);
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *mutex) {
  int result = relock_by_owner(mutex);
  if (result == 0 || result == EAGAIN) return result;
  if (result == EDEADLK || !__trylock(&mutex->__lock)) return EBUSY;
  became_owner(mutex);
  return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex) {
  if (mutex->__type != PTHREAD_MUTEX_NORMAL) {
    if (__atomic_load_n(&mutex->__owner, __ATOMIC_RELAXED) != __pthread_self()->tid) return EPERM;
    if (--mutex->__count > 0) return 0;
  }
  __atomic_store_n(&mutex->__owner, 0, __ATOMIC_RELAXED);
  __unlock(&mutex->__lock);
  return 0;
}
