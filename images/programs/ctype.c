/* ctype.h in the "C" locale: each class printed as the characters it holds, and the sizes checked. */
#include <ctype.h>
#include "check.h"

static int show(const char *name, int (*is)(int)) {
  int count = 0;
  printf("%-8s", name);
  for (int c = 0; c < 128; c++) {
    if (!is(c)) continue;
    count++;
    if (isgraph(c)) putchar(c);
  }
  printf(" (%d)\n", count);
  // Only ASCII belongs to a class: not EOF, not bytes above 127.
  CHECK(!is(EOF) && !is(128) && !is(255));
  return count;
}

int main(void) {
  CHECK_INT(show("alnum", isalnum), 62);
  CHECK_INT(show("alpha", isalpha), 52);
  CHECK_INT(show("blank", isblank), 2);
  CHECK_INT(show("cntrl", iscntrl), 33);
  CHECK_INT(show("digit", isdigit), 10);
  CHECK_INT(show("graph", isgraph), 94);
  CHECK_INT(show("lower", islower), 26);
  CHECK_INT(show("print", isprint), 95);
  CHECK_INT(show("punct", ispunct), 32);
  CHECK_INT(show("space", isspace), 6);
  CHECK_INT(show("upper", isupper), 26);
  CHECK_INT(show("xdigit", isxdigit), 22);
  CHECK_INT(toupper('a'), 'A');
  CHECK_INT(toupper('Z'), 'Z');
  CHECK_INT(toupper('1'), '1');
  CHECK_INT(tolower('Q'), 'q');
  CHECK_INT(tolower(EOF), EOF);
  CHECK(isascii(127) && !isascii(128) && !isascii(-1));
  return finish("ctype");
}
