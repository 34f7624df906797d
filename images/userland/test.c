/* test EXPRESSION, or [ EXPRESSION ]: string tests (-z -n = !=), integer comparisons (-eq -ne -lt -le -gt -ge),
 * file tests (-e -f -d -r -w -x -s -L -h), ! and ( ) and the binary -a and -o (-a binding tighter).
 * Exit status 0 for true, 1 for false, 2 for a malformed expression. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **args;
static int position, count;

static _Noreturn void fail(const char *message, const char *argument) {
  fprintf(stderr, "test: %s%s%s\n", message, argument ? ": " : "", argument ? argument : "");
  exit(2);
}

static const char *take(void) {
  if (position >= count) fail("argument expected", NULL);
  return args[position++];
}

static bool at(const char *word) {
  return position < count && strcmp(args[position], word) == 0;
}

static long integer(const char *text) {
  char *end;
  long value = strtol(text, &end, 10);
  while (*end == ' ') end++;
  if (end == text || *end) fail("integer expression expected", text);
  return value;
}

static bool file_test(char op, const char *path) {
  struct stat st;
  if (op == 'L' || op == 'h') return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
  if (op == 'r') return access(path, R_OK) == 0;
  if (op == 'w') return access(path, W_OK) == 0;
  if (op == 'x') return access(path, X_OK) == 0;
  if (stat(path, &st) < 0) return false;
  switch (op) {
  case 'e': return true;
  case 'f': return S_ISREG(st.st_mode);
  case 'd': return S_ISDIR(st.st_mode);
  case 's': return st.st_size > 0;
  }
  return false;
}

static bool is_unary(const char *word) {
  return word[0] == '-' && word[1] && !word[2] && strchr("znefdrwxsLh", word[1]);
}

static bool binary_op(const char *word) {
  static const char *const ops[] = {"=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(word, ops[i]) == 0) return true;
  return false;
}

static bool expression(void);

static bool primary(void) {
  if (at("!")) {
    position++;
    return !primary();
  }
  // A binary operator after the first word wins over reading that word as ( or a unary operator: [ -n = -n ].
  if (position + 2 < count && binary_op(args[position + 1])) {
    const char *left = take(), *op = take(), *right = take();
    if (op[0] != '-') return (strcmp(left, right) == 0) == (op[0] != '!');
    long a = integer(left), b = integer(right);
    if (strcmp(op, "-eq") == 0) return a == b;
    if (strcmp(op, "-ne") == 0) return a != b;
    if (strcmp(op, "-lt") == 0) return a < b;
    if (strcmp(op, "-le") == 0) return a <= b;
    if (strcmp(op, "-gt") == 0) return a > b;
    return a >= b;
  }
  if (at("(")) {
    position++;
    bool value = expression();
    if (!at(")")) fail("')' expected", NULL);
    position++;
    return value;
  }
  const char *word = take();
  if (is_unary(word) && position < count) {
    const char *operand = take();
    if (word[1] == 'z') return operand[0] == '\0';
    if (word[1] == 'n') return operand[0] != '\0';
    return file_test(word[1], operand);
  }
  // One word alone: true if not empty.
  return word[0] != '\0';
}

static bool conjunction(void) {
  bool value = primary();
  while (at("-a")) {
    position++;
    value = primary() && value;
  }
  return value;
}

static bool expression(void) {
  bool value = conjunction();
  while (at("-o")) {
    position++;
    value = conjunction() || value;
  }
  return value;
}

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  args = argv + 1;
  count = argc - 1;
  if (strcmp(name, "[") == 0) {
    if (count == 0 || strcmp(args[count - 1], "]") != 0) fail("missing ]", NULL);
    count--;
  }
  if (count == 0) return 1;
  bool value = expression();
  if (position < count) fail("unexpected argument", args[position]);
  return value ? 0 : 1;
}
