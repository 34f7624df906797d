#ifndef LIBC_INTERNAL_STARTUP_H
#define LIBC_INTERNAL_STARTUP_H

#define HIDDEN __attribute__((visibility("hidden")))

/* The initial stack: argc, argv[argc], NULL, envp..., NULL, then the auxiliary vector (type, value pairs ending
 * with AT_NULL). */
static inline const unsigned long *__auxv_of(const long *stack) {
  char *const *pointer = (char *const *)(stack + 1) + stack[0] + 1;
  while (*pointer) pointer++;
  return (const unsigned long *)(pointer + 1);
}

extern const unsigned long *__auxv HIDDEN;

void __relocate_self(const long *stack) HIDDEN;

#endif
