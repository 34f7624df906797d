/* The environment: what the kernel passed, then getenv/setenv/unsetenv changes, seen through environ. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static int count_entries(void) {
  int count = 0;
  while (environ[count]) count++;
  return count;
}

int main(void) {
  int initial = count_entries();
  printf("%d variables; RVNOMMU_GREETING=%s\n", initial, getenv("RVNOMMU_GREETING"));
  CHECK_STR(getenv("RVNOMMU_GREETING"), "hello world");
  CHECK_STR(getenv("RVNOMMU_EMPTY"), "");
  CHECK(getenv("RVNOMMU_MISSING") == NULL);
  CHECK(getenv("RVNOMMU_GREET") == NULL);

  CHECK_INT(setenv("RVNOMMU_NEW", "one", 0), 0);
  CHECK_STR(getenv("RVNOMMU_NEW"), "one");
  CHECK_INT(count_entries(), initial + 1);
  CHECK_INT(setenv("RVNOMMU_NEW", "two", 0), 0);
  CHECK_STR(getenv("RVNOMMU_NEW"), "one");
  CHECK_INT(setenv("RVNOMMU_NEW", "three", 1), 0);
  CHECK_STR(getenv("RVNOMMU_NEW"), "three");
  CHECK_INT(setenv("RVNOMMU_GREETING", "changed", 1), 0);
  CHECK_STR(getenv("RVNOMMU_GREETING"), "changed");
  CHECK_INT(count_entries(), initial + 1);
  for (int i = 0; i < 20; i++) {
    char name[32];
    snprintf(name, sizeof name, "RVNOMMU_MANY_%d", i);
    CHECK_INT(setenv(name, name + 8, 1), 0);
  }
  CHECK_STR(getenv("RVNOMMU_MANY_17"), "MANY_17");
  CHECK_INT(count_entries(), initial + 21);

  CHECK_INT(unsetenv("RVNOMMU_NEW"), 0);
  CHECK(getenv("RVNOMMU_NEW") == NULL);
  CHECK_INT(unsetenv("RVNOMMU_MISSING"), 0);
  CHECK_INT(count_entries(), initial + 20);
  CHECK_INT(setenv("BAD=NAME", "x", 1), -1);
  CHECK_INT(errno, EINVAL);
  CHECK_INT(setenv("", "x", 1), -1);
  CHECK_INT(unsetenv("BAD=NAME"), -1);

  // In name order: qemu-riscv32 hands the environment over reversed.
  const char *names[] = {"RVNOMMU_EMPTY", "RVNOMMU_GREETING", "RVNOMMU_MANY_0", "RVNOMMU_NEW"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *value = getenv(names[i]);
    printf("%s%s%s\n", names[i], value ? "=" : " is not set", value ? value : "");
  }
  return finish("environ");
}
