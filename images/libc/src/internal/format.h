#ifndef LIBC_INTERNAL_FORMAT_H
#define LIBC_INTERNAL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include "startup.h"

/* Where formatted text goes: a stream or a string. */
struct sink {
  void (*put)(struct sink *sink, const char *text, size_t length);
};

/* The printf engine: the number of characters produced, or -1 with errno EINVAL (a conversion this libc does
 * not have, such as floating point) or EOVERFLOW (more than INT_MAX characters). */
int __format(struct sink *sink, const char *format, va_list args) HIDDEN;

#endif
