/* string.h and strings.h. */
#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include "check.h"

static void memory_functions(void) {
  char buffer[64];
  memset(buffer, 'x', sizeof buffer);
  CHECK(buffer[0] == 'x' && buffer[63] == 'x');
  // Unaligned and odd lengths take the byte loops as well as the word loops.
  memset(buffer + 1, 0, 13);
  CHECK(buffer[0] == 'x' && buffer[1] == 0 && buffer[13] == 0 && buffer[14] == 'x');
  memcpy(buffer, "0123456789abcdef", 17);
  CHECK_STR(buffer, "0123456789abcdef");
  memcpy(buffer + 3, "XYZ", 3);
  CHECK_STR(buffer, "012XYZ6789abcdef");
  memmove(buffer + 2, buffer, 10);
  CHECK_STR(buffer, "01012XYZ6789cdef");
  memmove(buffer, buffer + 4, 12);
  CHECK_STR(buffer, "2XYZ6789cdefcdef");
  CHECK(memcmp("abc", "abd", 3) < 0);
  CHECK(memcmp("abd", "abc", 3) > 0);
  CHECK_INT(memcmp("abc", "abd", 2), 0);
  CHECK(memcmp("\x80", "\x01", 1) > 0);
  const char *hello = "hello";
  CHECK(memchr(hello, 'l', 5) == hello + 2);
  CHECK(memchr(hello, 'o', 4) == NULL);
}

static void string_functions(void) {
  char buffer[64];
  CHECK_INT(strlen(""), 0);
  CHECK_INT(strlen("hello"), 5);
  CHECK_INT(strnlen("hello", 3), 3);
  CHECK_INT(strnlen("hi", 10), 2);
  CHECK(strcmp("abc", "abc") == 0);
  CHECK(strcmp("abc", "abd") < 0);
  CHECK(strcmp("ab", "abc") < 0);
  CHECK(strcmp("\xff", "a") > 0);
  CHECK(strncmp("abcdef", "abcxyz", 3) == 0);
  CHECK(strncmp("abcdef", "abcxyz", 4) < 0);
  CHECK(strcasecmp("HeLLo", "hello") == 0);
  CHECK(strncasecmp("ABCx", "abcy", 3) == 0);
  CHECK(strcasecmp("a", "B") < 0);

  CHECK_STR(strcpy(buffer, "copy"), "copy");
  CHECK(stpcpy(buffer, "end") == buffer + 3);
  CHECK_STR(strcat(buffer, "-cat"), "end-cat");
  CHECK_STR(strncat(buffer, "123456", 3), "end-cat123");
  memset(buffer, 'q', sizeof buffer);
  strncpy(buffer, "ab", 5);
  CHECK(buffer[0] == 'a' && buffer[2] == 0 && buffer[4] == 0 && buffer[5] == 'q');
  strncpy(buffer, "abcdef", 3);
  CHECK(buffer[2] == 'c' && buffer[3] == 0);

  const char *text = "find the needle in the haystack";
  CHECK_STR(strchr(text, 'n'), "nd the needle in the haystack");
  CHECK_STR(strrchr(text, 'e'), "e haystack");
  CHECK(strchr(text, '\0') == text + strlen(text));
  CHECK(strchr(text, 'z') == NULL);
  CHECK_STR(strstr(text, "needle"), "needle in the haystack");
  CHECK(strstr(text, "pin") == NULL);
  CHECK(strstr(text, "") == text);
  CHECK_INT(strspn("123abc", "0123456789"), 3);
  CHECK_INT(strcspn("abc,def", ",;"), 3);
  CHECK_STR(strpbrk("key=value;next", "=;"), "=value;next");

  char list[] = "  alpha, beta,,gamma ";
  const char *expected[] = {"alpha", "beta", "gamma"};
  int count = 0;
  for (char *token = strtok(list, " ,"); token; token = strtok(NULL, " ,")) {
    if (count < 3) CHECK_STR(token, expected[count]);
    count++;
  }
  CHECK_INT(count, 3);
  char pairs[] = "a=1;b=2";
  char *state;
  CHECK_STR(strtok_r(pairs, ";", &state), "a=1");
  CHECK_STR(strtok_r(NULL, ";", &state), "b=2");
  CHECK(strtok_r(NULL, ";", &state) == NULL);

  char *copy = strdup("duplicate");
  CHECK_STR(copy, "duplicate");
  free(copy);
  copy = strndup("duplicate", 3);
  CHECK_STR(copy, "dup");
  free(copy);
}

static void error_messages(void) {
  CHECK_STR(strerror(0), "Success");
  CHECK_STR(strerror(ENOENT), "No such file or directory");
  CHECK_STR(strerror(EAGAIN), "Resource temporarily unavailable");
  CHECK_STR(strerror(ENOSYS), "Function not implemented");
  CHECK_STR(strerror(EHWPOISON), "Memory page has hardware error");
  CHECK_STR(strerror(41), "Unknown error 41");
  CHECK_STR(strerror(-3), "Unknown error -3");
  for (int number = 1; number <= EHWPOISON; number++) printf("%3d %s\n", number, strerror(number));
}

int main(void) {
  memory_functions();
  string_functions();
  error_messages();
  return finish("string");
}
