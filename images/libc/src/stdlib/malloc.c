/* malloc on mmap, never brk: without an MMU the break can only grow into the program's own stack block, while
 * anonymous mappings come from the one pool of memory every process shares.
 *
 * Small requests are carved from arenas of ARENA_SIZE bytes with a first-fit free list kept in address order,
 * so that a freed block merges with free neighbours. Large requests get a mapping of their own, which free
 * gives straight back to the system. Arenas are never returned. One lock guards the free list for threads. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include "../internal/pthread_impl.h"

#define ARENA_SIZE (64 * 1024)
#define LARGE_REQUEST (16 * 1024)
#define PAGE_SIZE 4096

/* Precedes every block. Its size (header included) is a multiple of ALIGNMENT; the low bit marks a block with
 * a mapping of its own. Free blocks in arenas are chained through next. */
struct header {
  size_t size;
  struct header *next;
} __attribute__((aligned(16)));

#define ALIGNMENT sizeof(struct header)
#define MAPPED 1
#define MINIMUM_BLOCK (2 * ALIGNMENT)

static struct header *free_list;
static volatile int free_list_lock;

static struct header *header_of(void *pointer) {
  return (struct header *)pointer - 1;
}

static size_t block_size(const struct header *block) {
  return block->size & ~(size_t)MAPPED;
}

static int touches(const struct header *first, const struct header *second) {
  return (const char *)first + first->size == (const char *)second;
}

/* Inserts a block into the free list, merging it with the blocks either side when they touch it. */
static void release(struct header *block) {
  struct header *before = NULL, *after = free_list;
  while (after && after < block) {
    before = after;
    after = after->next;
  }
  if (after && touches(block, after)) {
    block->size += after->size;
    block->next = after->next;
  } else {
    block->next = after;
  }
  if (before && touches(before, block)) {
    before->size += block->size;
    before->next = block->next;
  } else if (before) {
    before->next = block;
  } else {
    free_list = block;
  }
}

static void *map(size_t length) {
  void *memory = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return memory == MAP_FAILED ? NULL : memory;
}

/* Takes `size` bytes from the front of a free block (the rest stays free if it can hold a block). */
static struct header *take(struct header **link, size_t size) {
  struct header *block = *link;
  if (block->size - size >= MINIMUM_BLOCK) {
    struct header *rest = (struct header *)((char *)block + size);
    rest->size = block->size - size;
    rest->next = block->next;
    *link = rest;
    block->size = size;
  } else {
    *link = block->next;
  }
  return block;
}

static struct header *take_first_fit(size_t size) {
  for (struct header **link = &free_list; *link; link = &(*link)->next) {
    if ((*link)->size >= size) return take(link, size);
  }
  return NULL;
}

static void *allocate_mapped(size_t size) {
  size_t length = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
  struct header *block = map(length);
  if (!block) return NULL;
  block->size = length | MAPPED;
  return block + 1;
}

/* The block size for a request, or 0 if it overflows. */
static size_t needed(size_t request) {
  if (request > SIZE_MAX / 2) return 0;
  size_t size = (request + sizeof(struct header) + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
  return size < MINIMUM_BLOCK ? MINIMUM_BLOCK : size;
}

void *malloc(size_t request) {
  size_t size = needed(request);
  if (!size) {
    errno = ENOMEM;
    return NULL;
  }
  if (request >= LARGE_REQUEST) return allocate_mapped(size);
  __lock(&free_list_lock);
  struct header *block;
  while (!(block = take_first_fit(size))) {
    struct header *arena = map(ARENA_SIZE);
    if (!arena) break;
    arena->size = ARENA_SIZE;
    release(arena);
  }
  __unlock(&free_list_lock);
  return block ? block + 1 : NULL;
}

void free(void *pointer) {
  if (!pointer) return;
  struct header *block = header_of(pointer);
  if (block->size & MAPPED) {
    munmap(block, block_size(block));
    return;
  }
  __lock(&free_list_lock);
  release(block);
  __unlock(&free_list_lock);
}

void *calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  void *pointer = malloc(count * size);
  if (pointer) memset(pointer, 0, count * size);
  return pointer;
}

/* Stays in place when the block is already big enough; otherwise moves (a no-MMU mremap cannot grow a mapping
 * in place either). */
void *realloc(void *pointer, size_t request) {
  if (!pointer) return malloc(request);
  struct header *block = header_of(pointer);
  size_t size = needed(request);
  if (size && size <= block_size(block)) return pointer;
  void *moved = malloc(request);
  if (!moved) return NULL;
  memcpy(moved, pointer, block_size(block) - sizeof(struct header));
  free(pointer);
  return moved;
}
