/* flockfile and friends. A stream's lock is recursive: the stdio functions lock the stream themselves, so a
 * thread that holds it with flockfile must be able to call them. */
#include "../internal/pthread_impl.h"
#include "../internal/stdio_impl.h"

/* The lock word is only ever taken by a thread that does not hold it: the owner just counts again. */
static int taken_again(FILE *stream, pid_t self) {
  if (__atomic_load_n(&stream->owner, __ATOMIC_RELAXED) != self) return 0;
  stream->depth++;
  return 1;
}

static void became_owner(FILE *stream, pid_t self) {
  __atomic_store_n(&stream->owner, self, __ATOMIC_RELAXED);
  stream->depth = 1;
}

void flockfile(FILE *stream) {
  pid_t self = __pthread_self()->tid;
  if (taken_again(stream, self)) return;
  __lock(&stream->lock);
  became_owner(stream, self);
}

int ftrylockfile(FILE *stream) {
  pid_t self = __pthread_self()->tid;
  if (taken_again(stream, self)) return 0;
  if (!__trylock(&stream->lock)) return -1;
  became_owner(stream, self);
  return 0;
}

void funlockfile(FILE *stream) {
  if (--stream->depth > 0) return;
  __atomic_store_n(&stream->owner, 0, __ATOMIC_RELAXED);
  __unlock(&stream->lock);
}
