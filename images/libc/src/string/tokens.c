#include <string.h>

char *strtok_r(char *restrict string, const char *restrict separators, char **restrict state) {
  if (!string) string = *state;
  string += strspn(string, separators);
  if (!*string) {
    *state = string;
    return NULL;
  }
  char *end = string + strcspn(string, separators);
  if (*end) *end++ = '\0';
  *state = end;
  return string;
}

char *strtok(char *restrict string, const char *restrict separators) {
  static char *state;
  return strtok_r(string, separators, &state);
}
