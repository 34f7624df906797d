/* stdio shared between threads: every call holds the stream's lock, so lines written at the same time by several
 * threads through fprintf, fputs and fwrite come out whole; flockfile makes a run of putc_unlocked calls one line
 * (on an unbuffered stream, where each character is its own write); ftrylockfile fails while another thread
 * holds the lock and nests for its owner; a thread wanting a held stream waits for funlockfile. What is printed
 * is the check of the file afterwards, whatever the interleaving. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

#define THREADS 4
#define LINES 300

static char path[64];
static FILE *shared;

/* Line `n` of thread `t`: its numbers, then a run of one letter per thread whose length varies with the line. */
static int make_line(char *line, size_t size, int t, int n) {
  int length = snprintf(line, size, "T%d L%03d ", t, n);
  int run = 10 + n % 50;
  memset(line + length, 'a' + t, run);
  line[length + run] = '\n';
  line[length + run + 1] = 0;
  return length + run + 1;
}

static void *write_lines(void *arg) {
  int t = (int)(long)arg;
  char line[128];
  for (int n = 0; n < LINES; n++) {
    int length = make_line(line, sizeof line, t, n);
    switch (n % 4) {
    case 0: fputs(line, shared); break;
    case 1: fwrite(line, 1, length, shared); break;
    case 2: fprintf(shared, "%.*s", length, line); break;
    default:
      flockfile(shared);
      for (int i = 0; i < length; i++) putc_unlocked(line[i], shared);
      funlockfile(shared);
    }
  }
  return NULL;
}

/* Reads the file back: every line whole, each thread's lines all there and in order. */
static void check_file(const char *what) {
  FILE *in = fopen(path, "r");
  CHECK(in != NULL);
  if (!in) return;
  int next[THREADS] = {0}, torn = 0, total = 0;
  char line[160], expected[128];
  while (fgets(line, sizeof line, in)) {
    total++;
    int t = line[0] == 'T' ? line[1] - '0' : -1;
    if (t < 0 || t >= THREADS) {
      torn++;
      continue;
    }
    make_line(expected, sizeof expected, t, next[t]);
    if (strcmp(line, expected)) torn++;
    else next[t]++;
  }
  fclose(in);
  printf("%s: %d lines, %d torn\n", what, total, torn);
  CHECK_INT(total, THREADS * LINES);
  CHECK_INT(torn, 0);
  for (int t = 0; t < THREADS; t++) CHECK_INT(next[t], LINES);
}

static void lines_from_threads(const char *what, int buffering) {
  shared = fopen(path, "w");
  CHECK(shared != NULL);
  if (!shared) return;
  CHECK_INT(setvbuf(shared, NULL, buffering, 0), 0);
  pthread_t threads[THREADS];
  for (long t = 0; t < THREADS; t++) CHECK_INT(pthread_create(&threads[t], NULL, write_lines, (void *)t), 0);
  for (int t = 0; t < THREADS; t++) CHECK_INT(pthread_join(threads[t], NULL), 0);
  CHECK_INT(fclose(shared), 0);
  check_file(what);
}

static void *try_lock(void *arg) {
  (void)arg;
  long taken = ftrylockfile(shared) == 0;
  if (taken) funlockfile(shared);
  return (void *)taken;
}

static volatile int second_written;

static void *write_second(void *arg) {
  (void)arg;
  fputs("second\n", shared);
  second_written = 1;
  return NULL;
}

static void lock_semantics(void) {
  shared = fopen(path, "w+");
  CHECK(shared != NULL);
  if (!shared) return;
  void *taken;
  pthread_t thread;

  // Held by this thread (twice: the lock nests for its owner), the stream is not another thread's to take.
  flockfile(shared);
  CHECK_INT(ftrylockfile(shared), 0);
  CHECK_INT(pthread_create(&thread, NULL, try_lock, NULL), 0);
  CHECK_INT(pthread_join(thread, &taken), 0);
  CHECK_INT((long)taken, 0);
  funlockfile(shared);
  CHECK_INT(pthread_create(&thread, NULL, try_lock, NULL), 0);
  CHECK_INT(pthread_join(thread, &taken), 0);
  CHECK_INT((long)taken, 0);
  funlockfile(shared);
  CHECK_INT(pthread_create(&thread, NULL, try_lock, NULL), 0);
  CHECK_INT(pthread_join(thread, &taken), 0);
  CHECK_INT((long)taken, 1);

  // A thread writing to a stream another holds waits for it: its line comes after the holder's.
  flockfile(shared);
  CHECK_INT(pthread_create(&thread, NULL, write_second, NULL), 0);
  for (int i = 0; i < 200; i++) sched_yield();
  CHECK_INT(second_written, 0);
  fputs("first\n", shared);
  funlockfile(shared);
  CHECK_INT(pthread_join(thread, NULL), 0);
  CHECK_INT(second_written, 1);
  rewind(shared);
  char text[32] = {0};
  CHECK_INT(fread(text, 1, sizeof text - 1, shared), 13);
  CHECK_STR(text, "first\nsecond\n");
  CHECK_INT(fclose(shared), 0);
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/rvnommu-stdio-threads-%d", getpid());
  lines_from_threads("buffered", _IOFBF);
  lines_from_threads("unbuffered", _IONBF);
  lock_semantics();
  unlink(path);
  return finish("stdio_threads");
}
