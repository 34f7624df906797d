/* The printf conversions: d i u x X o c s p %, with flags (- + space # 0), width, precision (either may be '*')
 * and the sizes hh h l ll j z t. Every conversion becomes one field: padding, a prefix (sign or 0x), zeros, the
 * text, padding. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "../internal/format.h"

/* Each flag character's bit is its position in this string. */
static const char flag_characters[] = "-+ #0";
#define LEFT 1
#define PLUS 2
#define SPACE 4
#define ALTERNATE 8
#define ZERO 16

enum size { SIZE_INT, SIZE_CHAR, SIZE_SHORT, SIZE_LONG, SIZE_LONG_LONG };

struct field {
  int flags;
  int width;
  int precision; /* -1 when absent */
};

struct output {
  struct sink *sink;
  size_t count;
};

static void emit(struct output *out, const char *text, size_t length) {
  if (length) out->sink->put(out->sink, text, length);
  out->count += length;
}

static void emit_repeated(struct output *out, char c, size_t count) {
  char chunk[16];
  memset(chunk, c, sizeof chunk);
  for (; count > sizeof chunk; count -= sizeof chunk) emit(out, chunk, sizeof chunk);
  emit(out, chunk, count);
}

static void emit_field(struct output *out, const struct field *field, const char *prefix, size_t zeros,
                       const char *text, size_t length) {
  size_t prefix_length = strlen(prefix);
  size_t used = prefix_length + zeros + length;
  size_t padding = field->width > 0 && (size_t)field->width > used ? (size_t)field->width - used : 0;
  if (!(field->flags & LEFT)) emit_repeated(out, ' ', padding);
  emit(out, prefix, prefix_length);
  emit_repeated(out, '0', zeros);
  emit(out, text, length);
  if (field->flags & LEFT) emit_repeated(out, ' ', padding);
}

static void emit_integer(struct output *out, struct field field, unsigned long long value, const char *sign,
                         char conversion) {
  static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
  unsigned base = conversion == 'o' ? 8 : conversion == 'x' || conversion == 'X' || conversion == 'p' ? 16 : 10;
  const char *digits = conversion == 'X' ? upper : lower;
  char text[24];
  size_t length = 0;
  for (unsigned long long rest = value; rest; rest /= base) text[sizeof text - ++length] = digits[rest % base];

  const char *prefix = sign;
  if (field.flags & ALTERNATE && value && base == 16) prefix = conversion == 'X' ? "0X" : "0x";
  // The precision is the least number of digits: a zero value with precision 0 has none.
  size_t minimum = field.precision < 0 ? 1 : (size_t)field.precision;
  if (field.flags & ALTERNATE && base == 8 && minimum <= length) minimum = length + 1;
  size_t zeros = minimum > length ? minimum - length : 0;
  if (field.flags & ZERO && !(field.flags & LEFT) && field.precision < 0) {
    size_t used = strlen(prefix) + zeros + length;
    if (field.width > 0 && (size_t)field.width > used) zeros += (size_t)field.width - used;
  }
  emit_field(out, &field, prefix, zeros, text + sizeof text - length, length);
}

static unsigned long long unsigned_argument(va_list *args, enum size size) {
  switch (size) {
  case SIZE_CHAR: return (unsigned char)va_arg(*args, unsigned);
  case SIZE_SHORT: return (unsigned short)va_arg(*args, unsigned);
  case SIZE_LONG: return va_arg(*args, unsigned long);
  case SIZE_LONG_LONG: return va_arg(*args, unsigned long long);
  default: return va_arg(*args, unsigned);
  }
}

static long long signed_argument(va_list *args, enum size size) {
  switch (size) {
  case SIZE_CHAR: return (signed char)va_arg(*args, int);
  case SIZE_SHORT: return (short)va_arg(*args, int);
  case SIZE_LONG: return va_arg(*args, long);
  case SIZE_LONG_LONG: return va_arg(*args, long long);
  default: return va_arg(*args, int);
  }
}

/* A width or precision: digits, or '*' taking an int argument. */
static int number(const char **format, va_list *args) {
  if (**format == '*') {
    (*format)++;
    return va_arg(*args, int);
  }
  int value = 0;
  for (; **format >= '0' && **format <= '9'; (*format)++) {
    if (value <= (INT_MAX - 9) / 10) value = value * 10 + (**format - '0');
  }
  return value;
}

static enum size size_modifier(const char **format) {
  const char *f = *format;
  enum size size = SIZE_INT;
  if (f[0] == 'h') size = f[1] == 'h' ? (f++, SIZE_CHAR) : SIZE_SHORT;
  else if (f[0] == 'l') size = f[1] == 'l' ? (f++, SIZE_LONG_LONG) : SIZE_LONG;
  else if (f[0] == 'j') size = SIZE_LONG_LONG;
  else if (f[0] == 'z' || f[0] == 't') size = SIZE_LONG;
  else return size;
  *format = f + 1;
  return size;
}

int __format(struct sink *sink, const char *format, va_list original_args) {
  struct output out = {sink, 0};
  va_list args;
  va_copy(args, original_args);
  int result = 0;
  while (*format) {
    const char *percent = strchr(format, '%');
    size_t literal = percent ? (size_t)(percent - format) : strlen(format);
    emit(&out, format, literal);
    if (!percent) break;
    format = percent + 1;

    struct field field = {0, 0, -1};
    for (const char *flag; *format && (flag = strchr(flag_characters, *format)); format++) {
      field.flags |= 1 << (flag - flag_characters);
    }
    field.width = number(&format, &args);
    if (field.width < 0) {
      field.flags |= LEFT;
      field.width = field.width == INT_MIN ? INT_MAX : -field.width;
    }
    if (*format == '.') {
      format++;
      field.precision = number(&format, &args);
      if (field.precision < 0) field.precision = -1;
    }
    enum size size = size_modifier(&format);

    char conversion = *format++;
    switch (conversion) {
    case 'd':
    case 'i': {
      long long value = signed_argument(&args, size);
      const char *sign = value < 0 ? "-" : field.flags & PLUS ? "+" : field.flags & SPACE ? " " : "";
      unsigned long long magnitude = value < 0 ? -(unsigned long long)value : (unsigned long long)value;
      emit_integer(&out, field, magnitude, sign, conversion);
      break;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': emit_integer(&out, field, unsigned_argument(&args, size), "", conversion); break;
    case 'p': {
      uintptr_t pointer = (uintptr_t)va_arg(args, void *);
      field.flags |= ALTERNATE;
      if (pointer) emit_integer(&out, field, pointer, "", 'p');
      else emit_field(&out, &field, "", 0, "(nil)", 5);
      break;
    }
    case 'c': {
      char c = (char)va_arg(args, int);
      emit_field(&out, &field, "", 0, &c, 1);
      break;
    }
    case 's': {
      const char *string = va_arg(args, const char *);
      if (!string) string = "(null)";
      size_t length = field.precision < 0 ? strlen(string) : strnlen(string, (size_t)field.precision);
      emit_field(&out, &field, "", 0, string, length);
      break;
    }
    case '%': emit(&out, "%", 1); break;
    default: errno = EINVAL; result = -1; goto done;
    }
  }
  if (out.count > INT_MAX) {
    errno = EOVERFLOW;
    result = -1;
  } else {
    result = (int)out.count;
  }
done:
  va_end(args);
  return result;
}
