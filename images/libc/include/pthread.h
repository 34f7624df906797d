/* POSIX threads on clone(CLONE_VM | CLONE_THREAD | ...) and futexes. A thread's stack is one fixed-size block
 * (no MMU: it cannot grow and has no guard page), so the stack size attribute is the whole stack a thread gets.
 * There is no cancellation, no ELF thread-local storage (_Thread_local) and no process-shared objects: the thread
 * pointer (tp) points at the library's own thread record, which holds errno and the thread-specific values. */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <sched.h>
#include <sys/types.h>
#include <time.h>

typedef struct __pthread *pthread_t;

typedef struct {
  size_t __stack_size;
  int __detach_state;
} pthread_attr_t;

typedef struct {
  int __lock;
  int __type;
  pid_t __owner;
  int __count;
} pthread_mutex_t;

typedef struct {
  int __type;
} pthread_mutexattr_t;

typedef struct {
  int __sequence;
  clockid_t __clock;
} pthread_cond_t;

typedef struct {
  clockid_t __clock;
} pthread_condattr_t;

typedef int pthread_once_t;
typedef unsigned pthread_key_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

#define PTHREAD_MUTEX_INITIALIZER {0, PTHREAD_MUTEX_NORMAL, 0, 0}
#define PTHREAD_COND_INITIALIZER {0, CLOCK_REALTIME}
#define PTHREAD_ONCE_INIT 0

/* The smallest stack pthread_attr_setstacksize accepts, and the size a thread gets when none is set. */
#define PTHREAD_STACK_MIN 4096
#define PTHREAD_STACK_DEFAULT 65536
#define PTHREAD_KEYS_MAX 32
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **result);
int pthread_detach(pthread_t thread);
_Noreturn void pthread_exit(void *result);
pthread_t pthread_self(void);
int pthread_equal(pthread_t first, pthread_t second);

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *mutex);
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_trylock(pthread_mutex_t *mutex);
int pthread_mutex_unlock(pthread_mutex_t *mutex);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *cond);
int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex);
/* `deadline` is absolute, on the condition's clock (CLOCK_REALTIME unless pthread_condattr_setclock says
 * CLOCK_MONOTONIC). */
int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *deadline);
int pthread_cond_signal(pthread_cond_t *cond);
int pthread_cond_broadcast(pthread_cond_t *cond);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock);

int pthread_once(pthread_once_t *once, void (*function)(void));

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

#endif
