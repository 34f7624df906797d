/* Word expansion: tilde, parameters, $(( )), $( ), quote removal, splitting of unquoted results on IFS and
 * pathname expansion of fields with unquoted * ? [. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct expansion {
  const char ***fields;
  int count;
  int *capacity;
  bool split; /* false for assignment values and redirection targets: one field, no splitting */
  struct buffer current;
  bool has_field; /* the current field exists even if empty: it had quotes */
  struct buffer pattern; /* the current field for pathname expansion: quoted characters escaped */
  bool glob;             /* the current field has an unquoted * ? or [ */
};

static void add_char(struct expansion *e, char c, bool quoted) {
  buffer_add(&e->current, c);
  e->has_field = true;
  if (!e->split) return;
  if (quoted && strchr("*?[\\", c)) buffer_add(&e->pattern, '\\');
  buffer_add(&e->pattern, c);
  if (!quoted && strchr("*?[", c)) e->glob = true;
}

static void push_field(struct expansion *e, const char *field) {
  if (*e->capacity <= e->count + 1) {
    *e->capacity = *e->capacity ? *e->capacity * 2 : 8;
    const char **grown = arena_alloc(*e->capacity * sizeof *grown);
    if (e->count) memcpy(grown, *e->fields, e->count * sizeof *grown);
    *e->fields = grown;
  }
  (*e->fields)[e->count++] = field;
  (*e->fields)[e->count] = NULL;
}

static void finish_field(struct expansion *e) {
  const char **names;
  int count = e->glob ? glob_expand(buffer_finish(&e->pattern), &names) : 0;
  // A pattern that matches nothing stays as it is.
  if (count == 0) push_field(e, buffer_finish(&e->current));
  for (int i = 0; i < count; i++) push_field(e, names[i]);
  e->current = e->pattern = (struct buffer){0};
  e->has_field = e->glob = false;
}

static void add_text(struct expansion *e, const char *text, bool quoted) {
  if (quoted || !e->split) {
    for (; *text; text++) add_char(e, *text, true);
    e->has_field = true;
    return;
  }
  const char *separators = var_get("IFS");
  if (!separators) separators = " \t\n";
  for (; *text; text++) {
    if (strchr(separators, *text)) {
      if (e->has_field) finish_field(e);
    } else {
      add_char(e, *text, false);
    }
  }
}

static char *number(long value) {
  char text[24];
  snprintf(text, sizeof text, "%ld", value);
  return arena_strndup(text, strlen(text));
}

/* The value of a special or named parameter, NULL if unset. */
static const char *parameter(const char *name) {
  if (name[1] == '\0') {
    switch (name[0]) {
    case '?': return number(shell.status);
    case '$': return number(shell.pid);
    case '!': return shell.last_background ? number(shell.last_background) : "";
    case '#': return number(shell.argc);
    case '0': return shell.name;
    case '@':
    case '*': {
      struct buffer joined = {0};
      for (int i = 0; i < shell.argc; i++) {
        if (i) buffer_add(&joined, ' ');
        buffer_append(&joined, shell.argv[i], strlen(shell.argv[i]));
      }
      return buffer_finish(&joined);
    }
    }
    if (name[0] >= '1' && name[0] <= '9') return name[0] - '0' <= shell.argc ? shell.argv[name[0] - '1'] : NULL;
  }
  return var_get(name);
}

/* ${...}: NAME, #NAME, and NAME followed by :- - := = :+ +. */
static const char *braced(const char *inner) {
  if (inner[0] == '#' && inner[1]) {
    const char *value = parameter(inner + 1);
    return number(value ? (long)strlen(value) : 0);
  }
  size_t length = strcspn(inner, ":-=+");
  char *name = arena_strndup(inner, length);
  bool special = length == 1 && strchr("?$!#@*0123456789", name[0]);
  if (!special && !var_valid_name(name, length)) {
    sh_error("${%s}: bad substitution", inner);
    shell.expansion_failed = true;
    return NULL;
  }
  const char *value = parameter(name);
  const char *op = inner + length;
  if (*op == '\0') return value;
  bool colon = *op == ':';
  if (colon) op++;
  bool unset = !value || (colon && !*value);
  const char *word = op + 1;
  switch (*op) {
  case '-': return unset ? expand_single(word) : value;
  case '+': return unset ? "" : expand_single(word);
  case '=':
    if (!unset) return value;
    value = expand_single(word);
    var_set(name, value, false);
    return value;
  }
  sh_error("${%s}: bad substitution", inner);
  shell.expansion_failed = true;
  return NULL;
}

/* Expands the $ expression at p into e; returns the position after it. */
static const char *dollar(struct expansion *e, const char *p, bool quoted) {
  const char *start = p + 1;
  const char *value;
  const char *end;
  if (start[0] == '{') {
    end = scan_nested(start, '{', '}');
    value = braced(arena_strndup(start + 1, end - start - 2));
  } else if (start[0] == '(' && start[1] == '(') {
    end = scan_nested(start, '(', ')');
    long result;
    const char *expression = expand_single(arena_strndup(start + 2, end - start - 4));
    value = "";
    if (arithmetic(expression, &result)) value = number(result);
    else shell.expansion_failed = true;
  } else if (start[0] == '(') {
    end = scan_nested(start, '(', ')');
    value = command_output(arena_strndup(start + 1, end - start - 2));
  } else if (var_valid_name(start, 1)) {
    end = start;
    while (var_valid_name(start, end - start + 1)) end++;
    value = parameter(arena_strndup(start, end - start));
  } else if (*start && strchr("?$!#@*0123456789", *start)) {
    end = start + 1;
    value = parameter(arena_strndup(start, 1));
  } else {
    add_text(e, "$", true);
    return start;
  }
  if (value) add_text(e, value, quoted);
  return end;
}

static void expand(struct expansion *e, const char *p) {
  if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
    const char *home = var_get("HOME");
    add_text(e, home ? home : "~", true);
    p++;
  }
  bool quoted = false;
  while (*p) {
    char c = *p;
    if (c == '\'' && !quoted) {
      const char *close = strchr(p + 1, '\'');
      for (p++; p < close; p++) add_char(e, *p, true);
      e->has_field = true;
      p = close + 1;
    } else if (c == '"') {
      quoted = !quoted;
      e->has_field = true;
      p++;
    } else if (c == '\\' && p[1]) {
      // Inside double quotes a backslash escapes only $ ` " \ and newline.
      if (quoted && !strchr("$`\"\\\n", p[1])) add_char(e, '\\', true);
      if (p[1] != '\n') add_char(e, p[1], true);
      e->has_field = true;
      p += 2;
    } else if (c == '$') {
      p = dollar(e, p, quoted);
    } else {
      add_char(e, c, quoted);
      p++;
    }
  }
}

int expand_word(const char *raw, const char ***fields, int count, int *capacity) {
  struct expansion e = {.fields = fields, .count = count, .capacity = capacity, .split = true};
  // "$@" is every positional parameter as a field of its own, and no field at all when there are none.
  if (strcmp(raw, "\"$@\"") == 0) {
    for (int i = 0; i < shell.argc; i++) {
      add_text(&e, shell.argv[i], true);
      finish_field(&e);
    }
    return e.count;
  }
  expand(&e, raw);
  if (e.has_field) finish_field(&e);
  return e.count;
}

char *expand_single(const char *raw) {
  struct expansion e = {.split = false};
  expand(&e, raw);
  return buffer_finish(&e.current);
}
