/* Static-PIE self-relocation, as musl's rcrt1 does it. Nobody else applies our relocations (neither
 * qemu-riscv32 nor a no-MMU kernel loading a static-PIE), so this runs first and adds the load address to every
 * word that holds an address. It must not use such a word itself: it reaches memory only PC-relatively (hidden
 * symbols) and through the stack. */
#include <stdint.h>
#include <sys/auxv.h>
#include "../internal/dynamic.h"
#include "../internal/startup.h"

#define PT_DYNAMIC 2

struct program_header {
  uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

extern const struct dynamic_entry _DYNAMIC[] HIDDEN;

void __relocate_self(const long *stack) {
  uintptr_t headers = 0, count = 0, entry_size = 0;
  for (const unsigned long *aux = __auxv_of(stack); aux[0] != AT_NULL; aux += 2) {
    if (aux[0] == AT_PHDR) headers = aux[1];
    else if (aux[0] == AT_PHNUM) count = aux[1];
    else if (aux[0] == AT_PHENT) entry_size = aux[1];
  }
  // The load address is how far the dynamic section moved from its link-time address.
  uintptr_t base = 0;
  for (uintptr_t i = 0; i < count; i++) {
    const struct program_header *header = (const struct program_header *)(headers + i * entry_size);
    if (header->type == PT_DYNAMIC) base = (uintptr_t)_DYNAMIC - header->vaddr;
  }

  uintptr_t table = 0, table_size = 0, rela_size = sizeof(struct rela);
  for (const struct dynamic_entry *d = _DYNAMIC; d->tag != DT_NULL; d++) {
    if (d->tag == DT_RELA) table = base + d->value;
    else if (d->tag == DT_RELASZ) table_size = d->value;
    else if (d->tag == DT_RELAENT) rela_size = d->value;
  }
  for (uintptr_t offset = 0; offset < table_size; offset += rela_size) {
    const struct rela *r = (const struct rela *)(table + offset);
    // A static-PIE has nothing to resolve by name: any other type means a wrongly linked program.
    if ((r->info & 0xff) != R_RISCV_RELATIVE) __builtin_trap();
    *(uint32_t *)(base + r->offset) = base + r->addend;
  }
}
