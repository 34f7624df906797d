/* Shell variables: a list of NAME, value and whether it is exported. They outlive any one input unit, so they
 * use malloc rather than the arena. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct variable {
  char *name;
  char *value;
  bool exported;
  struct variable *next;
};

static struct variable *variables;

static struct variable *find(const char *name) {
  for (struct variable *v = variables; v; v = v->next)
    if (strcmp(v->name, name) == 0) return v;
  return NULL;
}

bool var_valid_name(const char *name, size_t length) {
  if (length == 0 || isdigit((unsigned char)name[0])) return false;
  for (size_t i = 0; i < length; i++)
    if (!isalnum((unsigned char)name[i]) && name[i] != '_') return false;
  return true;
}

const char *var_get(const char *name) {
  struct variable *v = find(name);
  return v ? v->value : NULL;
}

static char *copy(const char *text) {
  char *result = strdup(text);
  if (!result) {
    sh_error("out of memory");
    shell_exit(2);
  }
  return result;
}

void var_set(const char *name, const char *value, bool export) {
  struct variable *v = find(name);
  if (!v) {
    v = calloc(1, sizeof *v);
    if (!v) {
      sh_error("out of memory");
      shell_exit(2);
    }
    v->name = copy(name);
    v->next = variables;
    variables = v;
  } else {
    free(v->value);
  }
  v->value = copy(value);
  v->exported |= export;
}

void var_export(const char *name) {
  struct variable *v = find(name);
  if (v) v->exported = true;
  else var_set(name, "", true);
}

void var_unset(const char *name) {
  for (struct variable **link = &variables; *link; link = &(*link)->next) {
    struct variable *v = *link;
    if (strcmp(v->name, name) == 0) {
      *link = v->next;
      free(v->name);
      free(v->value);
      free(v);
      return;
    }
  }
}

/* How a shell passes its unexported variables to a child shell, which has no other way to see them: without fork,
 * a subshell is a new program. */
#define UNEXPORTED_VARIABLES "SH_UNEXPORTED"

void var_import(char **environment) {
  for (char **entry = environment; *entry; entry++) {
    char *equals = strchr(*entry, '=');
    if (!equals || !var_valid_name(*entry, equals - *entry)) continue;
    char *name = arena_strndup(*entry, equals - *entry);
    var_set(name, equals + 1, true);
  }
  const char *unexported = var_get(UNEXPORTED_VARIABLES);
  if (!unexported) return;
  char *names = arena_strndup(unexported, strlen(unexported));
  for (char *name = strtok(names, " "); name; name = strtok(NULL, " ")) {
    struct variable *v = find(name);
    if (v) v->exported = false;
  }
  var_unset(UNEXPORTED_VARIABLES);
}

/* Whether an assignment in `assignments` replaces the variable. */
static bool overridden(const char *name, const char **assignments, int count) {
  size_t length = strlen(name);
  for (int i = 0; i < count; i++)
    if (strncmp(assignments[i], name, length) == 0 && assignments[i][length] == '=') return true;
  return false;
}

char **var_environment(const char **assignments, int count, bool for_shell) {
  int total = count + 1;
  struct buffer unexported = {0};
  buffer_append(&unexported, UNEXPORTED_VARIABLES "=", strlen(UNEXPORTED_VARIABLES) + 1);
  for (struct variable *v = variables; v; v = v->next) {
    total++;
    if (v->exported || !for_shell) continue;
    buffer_append(&unexported, v->name, strlen(v->name));
    buffer_add(&unexported, ' ');
  }
  char **environment = arena_alloc((total + 1) * sizeof *environment);
  int n = 0;
  if (for_shell) environment[n++] = buffer_finish(&unexported);
  for (struct variable *v = variables; v; v = v->next) {
    if ((!v->exported && !for_shell) || overridden(v->name, assignments, count)) continue;
    size_t name_length = strlen(v->name), value_length = strlen(v->value);
    char *entry = arena_alloc(name_length + value_length + 2);
    memcpy(entry, v->name, name_length);
    entry[name_length] = '=';
    memcpy(entry + name_length + 1, v->value, value_length);
    environment[n++] = entry;
  }
  for (int i = 0; i < count; i++) environment[n++] = (char *)assignments[i];
  return environment;
}

void var_print_exports(void) {
  for (struct variable *v = variables; v; v = v->next) {
    if (!v->exported) continue;
    printf("export %s='", v->name);
    for (const char *c = v->value; *c; c++) {
      if (*c == '\'') fputs("'\\''", stdout);
      else putchar(*c);
    }
    printf("'\n");
  }
}
