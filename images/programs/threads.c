/* POSIX threads: create and join, return values and pthread_exit, detached threads, pthread_once, thread-specific
 * keys with destructors, a per-thread errno, stack sizes, mutexes (normal, recursive, error-checking) under
 * contention, a bounded queue on condition variables, malloc from several threads, timed waits that time
 * out, and a main thread that ends before the others. Only the main thread
 * prints; what it prints is the result of the shared work, whatever the interleaving. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "deadline.h"

#define MANY 24

static void *doubled(void *arg) {
  return (void *)((long)arg * 2);
}

static void exit_deep(long value, int depth) {
  if (depth == 0) pthread_exit((void *)value);
  exit_deep(value, depth - 1);
}

static void *exits_from_nested_call(void *arg) {
  exit_deep((long)arg, 5);
  return NULL;
}

static void create_and_join(void) {
  pthread_t threads[MANY];
  for (long i = 0; i < MANY; i++) CHECK_INT(pthread_create(&threads[i], NULL, doubled, (void *)i), 0);
  long sum = 0;
  for (int i = 0; i < MANY; i++) {
    void *result;
    CHECK_INT(pthread_join(threads[i], &result), 0);
    sum += (long)result;
  }
  CHECK_INT(sum, MANY * (MANY - 1));

  pthread_t thread;
  void *result;
  CHECK_INT(pthread_create(&thread, NULL, exits_from_nested_call, (void *)77), 0);
  CHECK_INT(pthread_join(thread, &result), 0);
  CHECK_INT((long)result, 77);
  CHECK(pthread_equal(pthread_self(), pthread_self()));
  CHECK(!pthread_equal(pthread_self(), thread));
  CHECK_INT(pthread_join(pthread_self(), NULL), EDEADLK);
  printf("threads: %d threads joined, results summing to %ld, pthread_exit value %ld\n", MANY, sum, (long)result);
}

/* Detached threads report through a counter under a mutex; the main thread waits on a condition for all. */
static pthread_mutex_t detached_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t detached_done = PTHREAD_COND_INITIALIZER;
static int detached_finished;

static void *detached_worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&detached_lock);
  detached_finished++;
  pthread_cond_signal(&detached_done);
  pthread_mutex_unlock(&detached_lock);
  return NULL;
}

static void detached(void) {
  pthread_attr_t attr;
  CHECK_INT(pthread_attr_init(&attr), 0);
  int state;
  CHECK_INT(pthread_attr_getdetachstate(&attr, &state), 0);
  CHECK_INT(state, PTHREAD_CREATE_JOINABLE);
  CHECK_INT(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED), 0);
  CHECK_INT(pthread_attr_setdetachstate(&attr, 5), EINVAL);
  for (int i = 0; i < 8; i++) {
    pthread_t thread;
    CHECK_INT(pthread_create(&thread, &attr, detached_worker, NULL), 0);
  }
  pthread_attr_destroy(&attr);
  for (int i = 0; i < 8; i++) {
    pthread_t thread;
    CHECK_INT(pthread_create(&thread, NULL, detached_worker, NULL), 0);
    CHECK_INT(pthread_detach(thread), 0);
  }
  pthread_mutex_lock(&detached_lock);
  while (detached_finished < 16) pthread_cond_wait(&detached_done, &detached_lock);
  pthread_mutex_unlock(&detached_lock);
  printf("threads: %d detached threads finished\n", detached_finished);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_calls;

static void initialize(void) {
  once_calls++;
}

static void *calls_once(void *arg) {
  (void)arg;
  pthread_once(&once, initialize);
  return (void *)(long)once_calls;
}

static void once_only(void) {
  pthread_t threads[8];
  for (int i = 0; i < 8; i++) CHECK_INT(pthread_create(&threads[i], NULL, calls_once, NULL), 0);
  for (int i = 0; i < 8; i++) {
    void *seen;
    pthread_join(threads[i], &seen);
    CHECK_INT((long)seen, 1);
  }
  pthread_once(&once, initialize);
  CHECK_INT(once_calls, 1);
}

/* Each thread keeps its own value under a key; the destructor sees each thread's value once at its exit. */
static pthread_key_t key;
static int destroyed[8];

static void destroy(void *value) {
  (*(int *)value)++;
}

static void *uses_key(void *arg) {
  if (pthread_getspecific(key) != NULL) return (void *)1;
  pthread_setspecific(key, arg);
  sched_yield();
  return (void *)(long)(pthread_getspecific(key) != arg);
}

static void keys(void) {
  CHECK_INT(pthread_key_create(&key, destroy), 0);
  CHECK(pthread_getspecific(key) == NULL);
  int main_value = 0;
  CHECK_INT(pthread_setspecific(key, &main_value), 0);
  pthread_t threads[8];
  for (int i = 0; i < 8; i++) CHECK_INT(pthread_create(&threads[i], NULL, uses_key, &destroyed[i]), 0);
  for (int i = 0; i < 8; i++) {
    void *wrong;
    pthread_join(threads[i], &wrong);
    CHECK_INT((long)wrong, 0);
    CHECK_INT(destroyed[i], 1);
  }
  CHECK(pthread_getspecific(key) == &main_value);
  CHECK_INT(main_value, 0);
  CHECK_INT(pthread_key_delete(key), 0);
  CHECK_INT(pthread_key_delete(key), EINVAL);
  CHECK_INT(pthread_setspecific(key, &main_value), EINVAL);
  pthread_key_t second;
  CHECK_INT(pthread_key_create(&second, NULL), 0);
  // A new key starts empty in every thread, even if it reuses the deleted key's slot.
  CHECK(pthread_getspecific(second) == NULL);
  CHECK_INT(pthread_key_delete(second), 0);
}

/* errno belongs to the thread: a failure in one thread leaves another's errno alone. */
static void *fails_with_ebadf(void *arg) {
  (void)arg;
  close(-1);
  sched_yield();
  return (void *)(long)errno;
}

static void own_errno(void) {
  errno = 0;
  CHECK_INT(access("/nonexistent/file", F_OK), -1);
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, fails_with_ebadf, NULL), 0);
  void *theirs;
  pthread_join(thread, &theirs);
  CHECK_INT((long)theirs, EBADF);
  CHECK_INT(errno, ENOENT);
}

/* The stack is the size asked for: a thread may use most of a large one. */
static void *uses_big_stack(void *arg) {
  volatile char buffer[200 * 1024];
  memset((char *)buffer, (int)(long)arg, sizeof buffer);
  long sum = 0;
  for (size_t i = 0; i < sizeof buffer; i += 4096) sum += buffer[i];
  return (void *)sum;
}

static void stack_size(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  size_t size;
  CHECK_INT(pthread_attr_getstacksize(&attr, &size), 0);
  CHECK(size >= PTHREAD_STACK_MIN);
  CHECK_INT(pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN - 1), EINVAL);
  CHECK_INT(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
  CHECK_INT(pthread_attr_getstacksize(&attr, &size), 0);
  CHECK_INT(size, 256 * 1024);
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, &attr, uses_big_stack, (void *)3), 0);
  void *sum;
  pthread_join(thread, &sum);
  CHECK_INT((long)sum, 3 * 50);
}

/* N threads each add 1 to a shared counter M times under a mutex (and once more in a recursive one). */
#define COUNTERS 6
#define ITERATIONS 3000
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t recursive_lock;
static long counter, recursive_counter;

static void *counts(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERATIONS; i++) {
    pthread_mutex_lock(&counter_lock);
    long seen = counter;
    if (i % 100 == 0) sched_yield();
    counter = seen + 1;
    pthread_mutex_unlock(&counter_lock);
    if (i % 10 == 0) {
      pthread_mutex_lock(&recursive_lock);
      pthread_mutex_lock(&recursive_lock);
      recursive_counter++;
      pthread_mutex_unlock(&recursive_lock);
      pthread_mutex_unlock(&recursive_lock);
    }
  }
  return NULL;
}

static void *try_from_other_thread(void *mutex) {
  return (void *)(long)pthread_mutex_trylock(mutex);
}

static void *unlock_from_other_thread(void *mutex) {
  return (void *)(long)pthread_mutex_unlock(mutex);
}

static long run_on_thread(void *(*function)(void *), void *arg) {
  pthread_t thread;
  void *result;
  pthread_create(&thread, NULL, function, arg);
  pthread_join(thread, &result);
  return (long)result;
}

static void mutexes(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  CHECK_INT(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE), 0);
  CHECK_INT(pthread_mutexattr_settype(&attr, 42), EINVAL);
  int type;
  CHECK_INT(pthread_mutexattr_gettype(&attr, &type), 0);
  CHECK_INT(type, PTHREAD_MUTEX_RECURSIVE);
  CHECK_INT(pthread_mutex_init(&recursive_lock, &attr), 0);

  CHECK_INT(pthread_mutex_lock(&recursive_lock), 0);
  CHECK_INT(pthread_mutex_trylock(&recursive_lock), 0);
  CHECK_INT(run_on_thread(try_from_other_thread, &recursive_lock), EBUSY);
  CHECK_INT(run_on_thread(unlock_from_other_thread, &recursive_lock), EPERM);
  CHECK_INT(pthread_mutex_unlock(&recursive_lock), 0);
  CHECK_INT(pthread_mutex_destroy(&recursive_lock), EBUSY);
  CHECK_INT(pthread_mutex_unlock(&recursive_lock), 0);
  CHECK_INT(pthread_mutex_unlock(&recursive_lock), EPERM);
  CHECK_INT(run_on_thread(try_from_other_thread, &recursive_lock), 0);

  pthread_mutex_t checked;
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&checked, &attr);
  CHECK_INT(pthread_mutex_lock(&checked), 0);
  CHECK_INT(pthread_mutex_lock(&checked), EDEADLK);
  CHECK_INT(pthread_mutex_trylock(&checked), EBUSY);
  CHECK_INT(run_on_thread(unlock_from_other_thread, &checked), EPERM);
  CHECK_INT(pthread_mutex_unlock(&checked), 0);
  CHECK_INT(pthread_mutex_unlock(&checked), EPERM);
  CHECK_INT(pthread_mutex_destroy(&checked), 0);
  pthread_mutexattr_destroy(&attr);

  pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
  CHECK_INT(pthread_mutex_trylock(&normal), 0);
  CHECK_INT(run_on_thread(try_from_other_thread, &normal), EBUSY);
  CHECK_INT(pthread_mutex_unlock(&normal), 0);

  // The recursive mutex was left locked by the thread that tried it last: start the stress test from scratch.
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&recursive_lock, &attr);
  pthread_t threads[COUNTERS];
  for (int i = 0; i < COUNTERS; i++) CHECK_INT(pthread_create(&threads[i], NULL, counts, NULL), 0);
  for (int i = 0; i < COUNTERS; i++) CHECK_INT(pthread_join(threads[i], NULL), 0);
  CHECK_INT(counter, COUNTERS * ITERATIONS);
  CHECK_INT(recursive_counter, COUNTERS * ITERATIONS / 10);
  printf("threads: counter %ld after %d threads x %d locked increments (%ld recursive)\n", counter, COUNTERS,
         ITERATIONS, recursive_counter);
}

/* Producers put 1..ITEMS into a small ring; consumers take them out and add them up. */
#define QUEUE_SIZE 4
#define PRODUCERS 3
#define CONSUMERS 2
#define ITEMS 300
static struct {
  pthread_mutex_t lock;
  pthread_cond_t not_full, not_empty;
  long items[QUEUE_SIZE];
  int head, count, producers_left;
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, PRODUCERS};

static void *produce(void *arg) {
  long base = (long)arg;
  for (long i = 1; i <= ITEMS; i++) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == QUEUE_SIZE) pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.items[(queue.head + queue.count++) % QUEUE_SIZE] = base * 1000 + i;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
  }
  pthread_mutex_lock(&queue.lock);
  if (--queue.producers_left == 0) pthread_cond_broadcast(&queue.not_empty);
  pthread_mutex_unlock(&queue.lock);
  return NULL;
}

static void *consume(void *arg) {
  (void)arg;
  long sum = 0;
  for (;;) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && queue.producers_left > 0) pthread_cond_wait(&queue.not_empty, &queue.lock);
    if (queue.count == 0) {
      pthread_mutex_unlock(&queue.lock);
      return (void *)sum;
    }
    sum += queue.items[queue.head];
    queue.head = (queue.head + 1) % QUEUE_SIZE;
    queue.count--;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
  }
}

static void producer_consumer(void) {
  pthread_t producers[PRODUCERS], consumers[CONSUMERS];
  for (long i = 0; i < CONSUMERS; i++) CHECK_INT(pthread_create(&consumers[i], NULL, consume, NULL), 0);
  for (long i = 0; i < PRODUCERS; i++) CHECK_INT(pthread_create(&producers[i], NULL, produce, (void *)(i + 1)), 0);
  for (int i = 0; i < PRODUCERS; i++) pthread_join(producers[i], NULL);
  long checksum = 0;
  for (int i = 0; i < CONSUMERS; i++) {
    void *sum;
    pthread_join(consumers[i], &sum);
    checksum += (long)sum;
  }
  long expected = 0;
  for (long p = 1; p <= PRODUCERS; p++) expected += p * 1000 * ITEMS + ITEMS * (ITEMS + 1) / 2;
  CHECK_INT(checksum, expected);
  CHECK_INT(queue.count, 0);
  printf("threads: %d producers, %d consumers, checksum %ld\n", PRODUCERS, CONSUMERS, checksum);
}

/* malloc from several threads at once: every block keeps the pattern its owner wrote. */
#define ALLOCATORS 4
#define LIVE_BLOCKS 8

static void *allocates(void *arg) {
  long owner = (long)arg;
  unsigned char *blocks[LIVE_BLOCKS] = {0};
  size_t sizes[LIVE_BLOCKS] = {0};
  long damaged = 0;
  for (int i = 0; i < 400; i++) {
    int slot = i % LIVE_BLOCKS;
    if (blocks[slot]) {
      for (size_t byte = 0; byte < sizes[slot]; byte++) damaged += blocks[slot][byte] != (unsigned char)owner;
      free(blocks[slot]);
    }
    sizes[slot] = 16 + (size_t)(i * 37 + owner * 11) % 3000;
    blocks[slot] = malloc(sizes[slot]);
    if (!blocks[slot]) return (void *)-1;
    memset(blocks[slot], (int)owner, sizes[slot]);
    if (i % 50 == 0) sched_yield();
  }
  for (int slot = 0; slot < LIVE_BLOCKS; slot++) free(blocks[slot]);
  return (void *)damaged;
}

static void allocations(void) {
  pthread_t threads[ALLOCATORS];
  for (long i = 0; i < ALLOCATORS; i++) CHECK_INT(pthread_create(&threads[i], NULL, allocates, (void *)(i + 1)), 0);
  for (int i = 0; i < ALLOCATORS; i++) {
    void *damaged;
    pthread_join(threads[i], &damaged);
    CHECK_INT((long)damaged, 0);
  }
}

static long long now_ms(clockid_t clock) {
  struct timespec now;
  clock_gettime(clock, &now);
  return now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void timed_waits(void) {
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t realtime = PTHREAD_COND_INITIALIZER, monotonic;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  CHECK_INT(pthread_condattr_setclock(&attr, CLOCK_PROCESS_CPUTIME_ID), EINVAL);
  CHECK_INT(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), 0);
  clockid_t clock;
  CHECK_INT(pthread_condattr_getclock(&attr, &clock), 0);
  CHECK_INT(clock, CLOCK_MONOTONIC);
  pthread_cond_init(&monotonic, &attr);
  pthread_condattr_destroy(&attr);

  pthread_mutex_lock(&lock);
  long long start = now_ms(CLOCK_MONOTONIC);
  struct timespec deadline = in_ms(CLOCK_REALTIME, 30);
  CHECK_INT(pthread_cond_timedwait(&realtime, &lock, &deadline), ETIMEDOUT);
  CHECK(now_ms(CLOCK_MONOTONIC) - start >= 29);
  start = now_ms(CLOCK_MONOTONIC);
  deadline = in_ms(CLOCK_MONOTONIC, 30);
  CHECK_INT(pthread_cond_timedwait(&monotonic, &lock, &deadline), ETIMEDOUT);
  CHECK(now_ms(CLOCK_MONOTONIC) - start >= 29);
  deadline.tv_sec = 0;
  deadline.tv_nsec = 0;
  CHECK_INT(pthread_cond_timedwait(&monotonic, &lock, &deadline), ETIMEDOUT);
  deadline.tv_nsec = 1000000000;
  CHECK_INT(pthread_cond_timedwait(&monotonic, &lock, &deadline), EINVAL);
  // The mutex is held again after every return.
  CHECK_INT(pthread_mutex_trylock(&lock), EBUSY);
  pthread_mutex_unlock(&lock);
  printf("threads: timed waits on CLOCK_REALTIME and CLOCK_MONOTONIC timed out\n");
}

/* The main thread may end first: the process lives on in its other threads, and can join the main thread. */
static pthread_t main_thread;

static void *outlives_main(void *arg) {
  (void)arg;
  void *result;
  CHECK_INT(pthread_join(main_thread, &result), 0);
  CHECK_INT((long)result, 5);
  printf("threads: the main thread exited with pthread_exit and was joined\n");
  exit(finish("threads"));
}

int main(void) {
  create_and_join();
  detached();
  once_only();
  keys();
  own_errno();
  stack_size();
  mutexes();
  producer_consumer();
  allocations();
  timed_waits();
  main_thread = pthread_self();
  pthread_t last;
  CHECK_INT(pthread_create(&last, NULL, outlives_main, NULL), 0);
  pthread_exit((void *)5);
}
