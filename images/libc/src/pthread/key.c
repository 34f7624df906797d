/* Thread-specific data. A key is a slot index; each slot has a generation, odd while the key exists, so that a
 * value set under a deleted key is not seen through a new key that reuses the slot. */
#include <errno.h>
#include "../internal/pthread_impl.h"

static unsigned generations[PTHREAD_KEYS_MAX];
static void (*destructors[PTHREAD_KEYS_MAX])(void *);

static int key_exists(pthread_key_t key) {
  return key < PTHREAD_KEYS_MAX && (__atomic_load_n(&generations[key], __ATOMIC_ACQUIRE) & 1);
}

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
  for (pthread_key_t slot = 0; slot < PTHREAD_KEYS_MAX; slot++) {
    unsigned generation = __atomic_load_n(&generations[slot], __ATOMIC_RELAXED);
    if (generation & 1) continue;
    destructors[slot] = destructor;
    if (!__atomic_compare_exchange_n(&generations[slot], &generation, generation + 1, 0, __ATOMIC_RELEASE,
                                     __ATOMIC_RELAXED))
      continue;
    *key = slot;
    return 0;
  }
  return EAGAIN;
}

int pthread_key_delete(pthread_key_t key) {
  if (!key_exists(key)) return EINVAL;
  destructors[key] = 0;
  __atomic_fetch_add(&generations[key], 1, __ATOMIC_RELEASE);
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  if (!key_exists(key)) return 0;
  struct __pthread *self = __pthread_self();
  return self->specific[key].generation == generations[key] ? self->specific[key].value : 0;
}

int pthread_setspecific(pthread_key_t key, const void *value) {
  if (!key_exists(key)) return EINVAL;
  struct __pthread *self = __pthread_self();
  self->specific[key].value = (void *)value;
  self->specific[key].generation = generations[key];
  return 0;
}

/* A destructor may set values again, so the pass repeats, at most PTHREAD_DESTRUCTOR_ITERATIONS times. */
void __pthread_run_destructors(struct __pthread *self) {
  for (int pass = 0; pass < PTHREAD_DESTRUCTOR_ITERATIONS; pass++) {
    int called = 0;
    for (pthread_key_t key = 0; key < PTHREAD_KEYS_MAX; key++) {
      void *value = pthread_getspecific(key);
      void (*destructor)(void *) = destructors[key];
      if (!value || !destructor) continue;
      self->specific[key].value = 0;
      destructor(value);
      called = 1;
    }
    if (!called) return;
  }
}
