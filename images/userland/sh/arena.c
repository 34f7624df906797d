/* Allocations that live as long as the input unit being run: a stack of blocks, freed back to a mark. */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct block {
  struct block *below;
  size_t depth;
  max_align_t data[];
};

static struct block *top;

void *arena_alloc(size_t size) {
  struct block *block = malloc(sizeof *block + size);
  if (!block) {
    sh_error("out of memory");
    shell_exit(2);
  }
  block->below = top;
  block->depth = top ? top->depth + 1 : 1;
  top = block;
  memset(block->data, 0, size);
  return block->data;
}

char *arena_strndup(const char *text, size_t length) {
  char *copy = arena_alloc(length + 1);
  memcpy(copy, text, length);
  return copy;
}

size_t arena_mark(void) {
  return top ? top->depth : 0;
}

void arena_release(size_t mark) {
  while (top && top->depth > mark) {
    struct block *below = top->below;
    free(top);
    top = below;
  }
}

void buffer_add(struct buffer *buffer, char c) {
  buffer_append(buffer, &c, 1);
}

void buffer_append(struct buffer *buffer, const char *text, size_t length) {
  if (buffer->length + length + 1 > buffer->capacity) {
    size_t capacity = buffer->capacity ? buffer->capacity * 2 : 32;
    while (capacity < buffer->length + length + 1) capacity *= 2;
    char *data = arena_alloc(capacity);
    if (buffer->length) memcpy(data, buffer->data, buffer->length);
    buffer->data = data;
    buffer->capacity = capacity;
  }
  memcpy(buffer->data + buffer->length, text, length);
  buffer->length += length;
  buffer->data[buffer->length] = '\0';
}

char *buffer_finish(struct buffer *buffer) {
  return buffer->data ? buffer->data : arena_strndup("", 0);
}
