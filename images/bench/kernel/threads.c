/* Many threads: 16 threads pass a token round a ring (a mutex and a condition variable: each handoff wakes the
 * waiters, and only the next thread goes on) and, between handoffs, all add to one counter under a second,
 * contended mutex. The cost of futex waits and wakes, thread switches and lock contention. The order of the
 * handoffs is fixed, so the checksum is the same on every run. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "repetitions.h"

enum { THREADS = 16, LAPS = 150, ADDS = 40 };

static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_turn = PTHREAD_COND_INITIALIZER;
static int turn;
static int laps;
static uint32_t checksum = 1;

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t counter;

static void *member(void *argument) {
  int me = (int)(intptr_t)argument;
  for (int lap = 0; lap < laps; lap++) {
    pthread_mutex_lock(&ring_lock);
    while (turn != me) pthread_cond_wait(&ring_turn, &ring_lock);
    checksum = checksum * 31 + (uint32_t)(me * LAPS + lap);
    turn = (me + 1) % THREADS;
    pthread_cond_broadcast(&ring_turn);
    pthread_mutex_unlock(&ring_lock);
    for (int add = 0; add < ADDS; add++) {
      pthread_mutex_lock(&counter_lock);
      counter += (uint32_t)(me + 1);
      pthread_mutex_unlock(&counter_lock);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  laps = LAPS * (int)repetitions(argc, argv);
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) {
    if (pthread_create(&threads[i], NULL, member, (void *)(intptr_t)i) != 0) {
      puts("threads: pthread_create failed");
      return 1;
    }
  }
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  printf("threads checksum %08x counter %u\n", (unsigned)checksum, (unsigned)counter);
  return 0;
}
