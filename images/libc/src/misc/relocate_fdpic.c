/* FDPIC self-relocation (see binfmt/README.md). The text and the data were placed independently, so a link-time
 * address becomes a run-time one through the load map: the segment holding it, plus the distance into that
 * segment. Every R_RISCV_RELATIVE word of the data and every GOT slot is moved so. Until this is done no address
 * stored in the data may be used, the GOT's included: everything is reached through the arguments and the stack. */
#include <stdint.h>
#include "../internal/dynamic.h"
#include "../internal/startup.h"

struct loadseg {
  uint32_t addr, p_vaddr, p_memsz;
};

struct loadmap {
  uint16_t version, nsegs;
  struct loadseg segs[];
};

/* A segment's end maps too (one past the end of an array); an address in no segment stops the program. */
static uintptr_t map_address(const struct loadmap *map, uintptr_t vaddr) {
  for (int i = 0; i < map->nsegs; i++) {
    if (vaddr - map->segs[i].p_vaddr < map->segs[i].p_memsz) return vaddr - map->segs[i].p_vaddr + map->segs[i].addr;
  }
  for (int i = 0; i < map->nsegs; i++) {
    if (vaddr - map->segs[i].p_vaddr == map->segs[i].p_memsz) return vaddr - map->segs[i].p_vaddr + map->segs[i].addr;
  }
  __builtin_trap();
}

void __fdpic_relocate_self(const struct loadmap *map, const struct dynamic_entry *dynamic, uint32_t *got) HIDDEN;

void __fdpic_relocate_self(const struct loadmap *map, const struct dynamic_entry *dynamic, uint32_t *got) {
  uintptr_t table = 0, table_size = 0, rela_size = sizeof(struct rela);
  for (const struct dynamic_entry *d = dynamic; d->tag != DT_NULL; d++) {
    if (d->tag == DT_RELA) table = map_address(map, d->value);
    else if (d->tag == DT_RELASZ) table_size = d->value;
    else if (d->tag == DT_RELAENT) rela_size = d->value;
  }
  for (uintptr_t offset = 0; offset < table_size; offset += rela_size) {
    const struct rela *r = (const struct rela *)(table + offset);
    if ((r->info & 0xff) != R_RISCV_RELATIVE) __builtin_trap();
    *(uint32_t *)map_address(map, r->offset) = map_address(map, (uint32_t)r->addend);
  }
  for (uint32_t slot = 1; slot <= got[0]; slot++) got[slot] = map_address(map, got[slot]);
}
