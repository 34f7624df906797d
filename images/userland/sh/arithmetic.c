/* $(( )): integer arithmetic with C's precedence for || && == != < <= > >= + - * / % and unary ! - +.
 * Variables are named without $; an unset or non-numeric one counts as 0. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct arithmetic {
  const char *p;
  const char *error; /* the first one */
};

static void fail(struct arithmetic *a, const char *error) {
  if (!a->error) a->error = error;
}

static long binary(struct arithmetic *a, int level);

static void skip(struct arithmetic *a) {
  while (isspace((unsigned char)*a->p)) a->p++;
}

static bool take(struct arithmetic *a, const char *op) {
  skip(a);
  size_t length = strlen(op);
  if (strncmp(a->p, op, length) != 0) return false;
  // "<" must not take the first half of "<=", nor "!" of "!=".
  if (length == 1 && a->p[1] == '=' && strchr("<>!=", op[0])) return false;
  if (length == 1 && (op[0] == '&' || op[0] == '|') && a->p[1] == op[0]) return false;
  a->p += length;
  return true;
}

static long unary(struct arithmetic *a) {
  if (take(a, "!")) return !unary(a);
  if (take(a, "-")) return -unary(a);
  if (take(a, "+")) return unary(a);
  skip(a);
  if (take(a, "(")) {
    long value = binary(a, 0);
    if (!take(a, ")")) fail(a, "')' expected");
    return value;
  }
  if (isdigit((unsigned char)*a->p)) {
    char *end;
    long value = strtol(a->p, &end, 0);
    a->p = end;
    return value;
  }
  const char *start = a->p;
  while (isalnum((unsigned char)*a->p) || *a->p == '_') a->p++;
  if (a->p == start || !var_valid_name(start, a->p - start)) {
    fail(a, "syntax error");
    return 0;
  }
  const char *value = var_get(arena_strndup(start, a->p - start));
  return value ? strtol(value, NULL, 0) : 0;
}

/* Operators by increasing precedence level. */
static const char *const levels[][4] = {
    {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"},
};
#define LEVELS (int)(sizeof levels / sizeof levels[0])

static long apply(struct arithmetic *a, const char *op, long left, long right) {
  switch (op[0]) {
  case '|': return left || right;
  case '&': return left && right;
  case '=': return left == right;
  case '!': return left != right;
  case '<': return op[1] ? left <= right : left < right;
  case '>': return op[1] ? left >= right : left > right;
  case '+': return left + right;
  case '-': return left - right;
  case '*': return left * right;
  }
  if (right == 0) {
    fail(a, "division by zero");
    return 0;
  }
  return op[0] == '/' ? left / right : left % right;
}

static long binary(struct arithmetic *a, int level) {
  if (level == LEVELS) return unary(a);
  long value = binary(a, level + 1);
  for (;;) {
    const char *op = NULL;
    for (int i = 0; i < 4 && levels[level][i] && !op; i++)
      if (take(a, levels[level][i])) op = levels[level][i];
    if (!op || a->error) return value;
    value = apply(a, op, value, binary(a, level + 1));
  }
}

bool arithmetic(const char *expression, long *value) {
  struct arithmetic a = {.p = expression};
  *value = binary(&a, 0);
  skip(&a);
  if (!a.error && *a.p) fail(&a, "syntax error");
  if (a.error) {
    sh_error("arithmetic: %s: %s", expression, a.error);
    return false;
  }
  return true;
}
