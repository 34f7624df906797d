/* The futex system call itself (futex_time64), between threads: FUTEX_WAIT's value check and timeouts, wake
 * counts, REQUEUE and CMP_REQUEUE, WAKE_OP, the bitset operations, and private against shared futexes.
 * A wake count is only certain once every waiter sleeps: `gather` requeues waiters from the word they wait on to
 * another until it has moved them all, since only a sleeping waiter can be moved. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <time.h>
#include "check.h"
#include "deadline.h"
#include "futex_call.h"

#define EVERYONE 0x7fffffff

/* A waiter thread: sleeps on `word` (while it holds 0) until `released` is set, with its own op and bitset. */
struct waiter {
  volatile int *word;
  int op;
  int bitset;
  volatile int *released;
  pthread_t thread;
};

static void *wait_until_released(void *arg) {
  struct waiter *waiter = arg;
  while (!*waiter->released) futex(waiter->word, waiter->op, 0, NULL, NULL, waiter->bitset);
  return NULL;
}

static void start_waiter(struct waiter *waiter, volatile int *word, int op, int bitset, volatile int *released) {
  *waiter = (struct waiter){word, op, bitset, released, 0};
  CHECK_INT(pthread_create(&waiter->thread, NULL, wait_until_released, waiter), 0);
}

/* Moves `count` sleeping waiters from `from` to `to` (REQUEUE with the given private flag). */
static void gather(volatile int *from, volatile int *to, int count, int private_flag) {
  int moved = 0;
  while (moved < count) {
    long result = futex(from, FUTEX_REQUEUE | private_flag, 0, (const struct timespec *)EVERYONE, to, 0);
    if (result < 0) {
      CHECK_INT(result, 0);
      return;
    }
    moved += result;
    if (moved < count) sched_yield();
  }
  CHECK_INT(moved, count);
}

static void value_check_and_timeouts(void) {
  int word = 5;
  CHECK_INT(futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0), -EAGAIN);
  CHECK_INT(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 6, NULL, NULL, 0), -EAGAIN);
  struct timespec relative = {0, 20 * 1000000, 0};
  CHECK_INT(futex(&word, FUTEX_WAIT, 5, &relative, NULL, 0), -ETIMEDOUT);
  struct timespec deadline = in_ms(CLOCK_MONOTONIC, 20);
  CHECK_INT(futex(&word, FUTEX_WAIT_BITSET, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
  deadline = in_ms(CLOCK_REALTIME, 20);
  CHECK_INT(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY),
            -ETIMEDOUT);
  // An absolute time in the past has already passed.
  struct timespec long_ago = {1, 0, 0};
  CHECK_INT(futex(&word, FUTEX_WAIT_BITSET, 5, &long_ago, NULL, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
  struct timespec bad = {0, 1000000000, 0};
  CHECK_INT(futex(&word, FUTEX_WAIT, 5, &bad, NULL, 0), -EINVAL);
  CHECK_INT(futex(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0), -EINVAL);
  CHECK_INT(futex((volatile int *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0), -EINVAL);
  CHECK_INT(futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
  CHECK_INT(futex(&word, 99, 0, NULL, NULL, 0), -ENOSYS);
  printf("futex: FUTEX_WAIT checks the value (EAGAIN) and times out (ETIMEDOUT)\n");
}

static void wake_counts_and_requeue(void) {
  static volatile int word, parked, released;
  struct waiter waiters[3];
  for (int i = 0; i < 3; i++) start_waiter(&waiters[i], &word, FUTEX_WAIT, 0, &released);
  gather(&word, &parked, 3, 0);
  released = 1;
  CHECK_INT(futex(&word, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 0);
  CHECK_INT(futex(&parked, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
  CHECK_INT(futex(&parked, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 2);
  for (int i = 0; i < 3; i++) pthread_join(waiters[i].thread, NULL);
  printf("futex: REQUEUE moved 3 waiters, FUTEX_WAKE woke 1 then 2\n");
}

static void compare_requeue(void) {
  static volatile int word, first, second, released;
  struct waiter waiters[2];
  for (int i = 0; i < 2; i++) start_waiter(&waiters[i], &word, FUTEX_WAIT, 0, &released);
  gather(&word, &first, 2, 0);
  first = 3;
  CHECK_INT(futex(&first, FUTEX_CMP_REQUEUE, 0, (const struct timespec *)EVERYONE, &second, 2), -EAGAIN);
  // Wakes one and moves the other.
  CHECK_INT(futex(&first, FUTEX_CMP_REQUEUE, 1, (const struct timespec *)EVERYONE, &second, 3), 2);
  CHECK_INT(futex(&first, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 0);
  // The woken thread, not yet released, waits again on its own word.
  gather(&word, &first, 1, 0);
  released = 1;
  CHECK_INT(futex(&second, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 1);
  CHECK_INT(futex(&first, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 1);
  for (int i = 0; i < 2; i++) pthread_join(waiters[i].thread, NULL);
  printf("futex: CMP_REQUEUE refused a changed word and woke 1, requeued 1\n");
}

static void wake_op(void) {
  static volatile int first_word, second_word, first, second, released;
  struct waiter waiters[2];
  start_waiter(&waiters[1], &second_word, FUTEX_WAIT, 0, &released);
  gather(&second_word, &second, 1, 0);
  second = 7;
  // 7 + 1 = 8; the old value 7 is not != 7, so the second word's waiter sleeps on.
  CHECK_INT(futex(&first, FUTEX_WAKE_OP, 1, (const struct timespec *)1, &second,
                  FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_NE, 7)),
            0);
  CHECK_INT(second, 8);
  start_waiter(&waiters[0], &first_word, FUTEX_WAIT, 0, &released);
  gather(&first_word, &first, 1, 0);
  released = 1;
  // 8 | 0x10; the old value 8 == 8: both words' waiters wake.
  CHECK_INT(futex(&first, FUTEX_WAKE_OP, 1, (const struct timespec *)1, &second,
                  FUTEX_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_EQ, 8)),
            2);
  CHECK_INT(second, 0x18);
  // The shift form: oparg is a bit number.
  CHECK_INT(futex(&first, FUTEX_WAKE_OP, 1, (const struct timespec *)1, &second,
                  FUTEX_OP(FUTEX_OP_ANDN | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_GT, 0)),
            0);
  CHECK_INT(second, 8);
  for (int i = 0; i < 2; i++) pthread_join(waiters[i].thread, NULL);
  printf("futex: WAKE_OP changed the second word to 8, 24, 8 and woke 0, 2, 0\n");
}

static void bitsets(void) {
  static volatile int word, parked, released;
  struct waiter waiters[2];
  start_waiter(&waiters[0], &word, FUTEX_WAIT_BITSET, 1, &released);
  start_waiter(&waiters[1], &word, FUTEX_WAIT_BITSET, 2, &released);
  gather(&word, &parked, 2, 0);
  released = 1;
  CHECK_INT(futex(&parked, FUTEX_WAKE_BITSET, EVERYONE, NULL, NULL, 4), 0);
  CHECK_INT(futex(&parked, FUTEX_WAKE_BITSET, EVERYONE, NULL, NULL, 0), -EINVAL);
  CHECK_INT(futex(&parked, FUTEX_WAKE_BITSET, EVERYONE, NULL, NULL, 2), 1);
  CHECK_INT(futex(&parked, FUTEX_WAKE_BITSET, EVERYONE, NULL, NULL, 3), 1);
  for (int i = 0; i < 2; i++) pthread_join(waiters[i].thread, NULL);
  printf("futex: WAKE_BITSET woke only the waiters whose bitset it matched\n");
}

static void private_futexes(void) {
  static volatile int word, parked, released;
  struct waiter waiter;
  start_waiter(&waiter, &word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &released);
  // A shared requeue does not see a private waiter.
  CHECK_INT(futex(&word, FUTEX_REQUEUE, 0, (const struct timespec *)EVERYONE, &parked, 0), 0);
  gather(&word, &parked, 1, FUTEX_PRIVATE_FLAG);
  released = 1;
  CHECK_INT(futex(&parked, FUTEX_WAKE, EVERYONE, NULL, NULL, 0), 0);
  CHECK_INT(futex(&parked, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, EVERYONE, NULL, NULL, 0), 1);
  pthread_join(waiter.thread, NULL);
  printf("futex: a private waiter is woken only by a private wake\n");
}

int main(void) {
  value_check_and_timeouts();
  wake_counts_and_requeue();
  compare_requeue();
  wake_op();
  bitsets();
  private_futexes();
  return finish("futex");
}
