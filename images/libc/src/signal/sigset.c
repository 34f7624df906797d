#include <errno.h>
#include <signal.h>

#define BITS_PER_WORD (8 * sizeof(unsigned long))

static int valid(int number) {
  if (number >= 1 && number < NSIG) return 1;
  errno = EINVAL;
  return 0;
}

int sigemptyset(sigset_t *set) {
  *set = (sigset_t){{0, 0}};
  return 0;
}

int sigfillset(sigset_t *set) {
  *set = (sigset_t){{~0UL, ~0UL}};
  return 0;
}

int sigaddset(sigset_t *set, int number) {
  if (!valid(number)) return -1;
  set->__bits[(number - 1) / BITS_PER_WORD] |= 1UL << (number - 1) % BITS_PER_WORD;
  return 0;
}

int sigdelset(sigset_t *set, int number) {
  if (!valid(number)) return -1;
  set->__bits[(number - 1) / BITS_PER_WORD] &= ~(1UL << (number - 1) % BITS_PER_WORD);
  return 0;
}

int sigismember(const sigset_t *set, int number) {
  if (!valid(number)) return -1;
  return (set->__bits[(number - 1) / BITS_PER_WORD] >> (number - 1) % BITS_PER_WORD) & 1;
}
