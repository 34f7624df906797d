/* Pathname expansion: a pattern with unquoted * ? [...] becomes the sorted names it matches, component by
 * component; names starting with a dot need a dot in the pattern. Quoted characters reach here escaped with a
 * backslash. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

struct matches {
  const char **names;
  int count, capacity;
};

/* [...] at p (after the '['): whether c is in the set; *end is set after the ']', or NULL if there is none. */
static bool bracket(const char *p, char c, const char **end) {
  bool negate = *p == '!' || *p == '^';
  if (negate) p++;
  bool found = false;
  const char *start = p;
  while (*p && (*p != ']' || p == start)) {
    char low = *p == '\\' && p[1] ? *++p : *p;
    char high = low;
    if (p[1] == '-' && p[2] && p[2] != ']') {
      p += 2;
      high = *p == '\\' && p[1] ? *++p : *p;
    }
    if (c >= low && c <= high) found = true;
    p++;
  }
  *end = *p ? p + 1 : NULL;
  return found != negate;
}

static bool match(const char *pattern, const char *name) {
  for (; *pattern; pattern++, name++) {
    if (*pattern == '*') {
      for (const char *rest = name;; rest++) {
        if (match(pattern + 1, rest)) return true;
        if (!*rest) return false;
      }
    }
    if (!*name) return false;
    if (*pattern == '?') continue;
    if (*pattern == '[') {
      const char *end;
      bool in = bracket(pattern + 1, *name, &end);
      if (end) {
        if (!in) return false;
        pattern = end - 1;
        continue;
      }
    }
    if (*pattern == '\\' && pattern[1]) pattern++;
    if (*pattern != *name) return false;
  }
  return !*name;
}

static bool has_magic(const char *pattern, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (pattern[i] == '\\') i++;
    else if (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '[') return true;
  }
  return false;
}

static void unescape_into(struct buffer *out, const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (text[i] == '\\' && i + 1 < length) i++;
    buffer_add(out, text[i]);
  }
}

static void add_match(struct matches *m, const char *name) {
  if (m->count == m->capacity) {
    m->capacity = m->capacity ? m->capacity * 2 : 16;
    const char **grown = arena_alloc(m->capacity * sizeof *grown);
    if (m->count) memcpy(grown, m->names, m->count * sizeof *grown);
    m->names = grown;
  }
  m->names[m->count++] = name;
}

/* `prefix` exists (as typed so far); expands the rest of the pattern under it. */
static void expand_from(const char *prefix, const char *rest, struct matches *m) {
  while (*rest == '/') rest++;
  if (!*rest) {
    add_match(m, prefix);
    return;
  }
  size_t length = strcspn(rest, "/");
  const char *after = rest + length;
  struct buffer path = {0};
  buffer_append(&path, prefix, strlen(prefix));
  if (path.length && path.data[path.length - 1] != '/') buffer_add(&path, '/');
  if (!has_magic(rest, length)) {
    unescape_into(&path, rest, length);
    struct stat st;
    if (lstat(path.data, &st) == 0) expand_from(path.data, after, m);
    return;
  }
  char *component = arena_strndup(rest, length);
  DIR *dir = opendir(*prefix ? prefix : ".");
  if (!dir) return;
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    if (entry->d_name[0] == '.' && component[0] != '.') continue;
    if (!match(component, entry->d_name)) continue;
    struct buffer name = {0};
    buffer_append(&name, path.data ? path.data : "", path.length);
    buffer_append(&name, entry->d_name, strlen(entry->d_name));
    expand_from(buffer_finish(&name), after, m);
  }
  closedir(dir);
}

static int compare(const void *left, const void *right) {
  return strcmp(*(const char *const *)left, *(const char *const *)right);
}

int glob_expand(const char *pattern, const char ***names) {
  struct matches m = {0};
  expand_from(pattern[0] == '/' ? "/" : "", pattern, &m);
  if (m.count) qsort(m.names, m.count, sizeof *m.names, compare);
  *names = m.names;
  return m.count;
}
