#ifndef LIBC_INTERNAL_DYNAMIC_H
#define LIBC_INTERNAL_DYNAMIC_H

/* What the start code's self-relocation reads of a static program's dynamic section: its relocation table, whose
 * only entries are R_RISCV_RELATIVE (a static program has nothing to resolve by name). Shared by the static-PIE
 * (relocate.c) and FDPIC (relocate_fdpic.c) start. */
#include <stdint.h>

#define DT_NULL 0
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define R_RISCV_RELATIVE 3

struct dynamic_entry {
  int32_t tag;
  uint32_t value;
};

struct rela {
  uint32_t offset;
  uint32_t info;
  int32_t addend;
};

#endif
