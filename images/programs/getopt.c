/* getopt on the command line the catalog gives (-v -n 3 -ofile -- operands) and on a few built-in ones:
 * grouped options, attached and separate arguments, "--", unknown options and missing arguments. */
#include <unistd.h>
#include "check.h"

/* Parses with "vn:o:" and describes the result in `out`. */
static void parse(int argc, char **argv, const char *options, char *out, size_t size) {
  size_t used = 0;
  optind = 1;
  opterr = 0;
  for (int c; (c = getopt(argc, argv, options)) != -1;) {
    if (c == '?' || c == ':') used += (size_t)snprintf(out + used, size - used, "[%c %c]", c, optopt);
    else if (optarg && c != 'v') used += (size_t)snprintf(out + used, size - used, "[%c=%s]", c, optarg);
    else used += (size_t)snprintf(out + used, size - used, "[%c]", c);
    optarg = NULL;
  }
  for (int i = optind; i < argc; i++) used += (size_t)snprintf(out + used, size - used, " %s", argv[i]);
}

int main(int argc, char **argv) {
  char result[256];
  parse(argc, argv, "vn:o:", result, sizeof result);
  printf("command line: %s\n", result);
  CHECK_STR(result, "[v][n=3][o=file] -x operand");

  struct {
    const char *options;
    char *argv[8];
    const char *expected;
  } cases[] = {
      {"ab", {"p", "-ab", "-b", NULL}, "[a][b][b]"},
      {"a:", {"p", "-aone", "-a", "two", "rest", NULL}, "[a=one][a=two] rest"},
      {"a", {"p", "first", "-a", NULL}, " first -a"},
      {"a", {"p", "-", "-a", NULL}, " - -a"},
      {"a", {"p", "-a", "--", "-a", NULL}, "[a] -a"},
      {"a", {"p", "-z", "-a", NULL}, "[? z][a]"},
      {"a:", {"p", "-a", NULL}, "[? a]"},
      {":a:", {"p", "-a", NULL}, "[: a]"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int count = 0;
    while (cases[i].argv[count]) count++;
    parse(count, cases[i].argv, cases[i].options, result, sizeof result);
    printf("%-5s -> %s\n", cases[i].options, result);
    CHECK_STR(result, cases[i].expected);
  }
  return finish("getopt");
}
