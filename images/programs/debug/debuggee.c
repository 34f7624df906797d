/* The program the debugger tests debug (debug/KernelTarget.test.ts, debug/gdbKernel.test.ts, the run --trace
 * and --deterministic tests in debug/KernelCommands.test.ts), kept with its symbols so that they can break at
 * main and watch `counter`. It reads every clock and random source the kernel has (clock_gettime, the time CSR,
 * getrandom, AT_RANDOM, /dev/urandom) and prints them, so that two runs print the same only under
 * --deterministic; a thread adds to the counter; the exit status is 3. With the argument `fault` it stores
 * through a null pointer instead (SIGSEGV). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

volatile int counter;

static void *worker(void *increment) {
  counter += *(int *)increment;
  return NULL;
}

static void print_hex(const char *what, const unsigned char *bytes, int length) {
  printf("%s ", what);
  for (int i = 0; i < length; i++) printf("%02x", bytes[i]);
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "fault") == 0) *(volatile int *)0 = 1;

  struct timespec monotonic, realtime;
  clock_gettime(CLOCK_MONOTONIC, &monotonic);
  clock_gettime(CLOCK_REALTIME, &realtime);
  unsigned long ticks;
  __asm__ volatile("rdtime %0" : "=r"(ticks));
  printf("monotonic %lld.%09ld realtime %lld.%09ld time csr %lu\n", (long long)monotonic.tv_sec, monotonic.tv_nsec,
         (long long)realtime.tv_sec, realtime.tv_nsec, ticks);

  unsigned char bytes[8];
  getrandom(bytes, sizeof bytes, 0);
  print_hex("getrandom", bytes, sizeof bytes);
  print_hex("AT_RANDOM", (const unsigned char *)getauxval(AT_RANDOM), 8);
  int urandom = open("/dev/urandom", O_RDONLY);
  read(urandom, bytes, sizeof bytes);
  close(urandom);
  print_hex("urandom", bytes, sizeof bytes);

  for (int i = 0; i < 3; i++) counter++;
  int increment = 10;
  pthread_t thread;
  pthread_create(&thread, NULL, worker, &increment);
  pthread_join(thread, NULL);
  printf("counter %d\n", counter);
  return 3;
}
