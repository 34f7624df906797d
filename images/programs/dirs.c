/* Directories: mkdir, a listing through getdents64 (sorted, since file systems list in their own order), chdir
 * and getcwd, access, rmdir of a full and an empty directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void create(const char *name) {
  int fd = open(name, O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
}

/* Prints the entries (without . and ..) in name order, with their types. */
static void list(const char *path) {
  DIR *directory = opendir(path);
  CHECK(directory != NULL);
  if (!directory) return;
  char *names[16];
  int count = 0, dots = 0;
  for (struct dirent *entry; (entry = readdir(directory));) {
    if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) {
      dots++;
      continue;
    }
    // Some file systems do not fill d_type: then lstat tells.
    int is_directory = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN) {
      struct stat status;
      is_directory = lstat(entry->d_name, &status) == 0 && S_ISDIR(status.st_mode);
    }
    if (count < 16) {
      names[count] = malloc(strlen(entry->d_name) + 2);
      strcpy(names[count], entry->d_name);
      strcat(names[count], is_directory ? "/" : "");
    }
    count++;
  }
  CHECK_INT(closedir(directory), 0);
  CHECK_INT(dots, 2);
  qsort(names, (size_t)count, sizeof names[0], compare_names);
  printf("listing:");
  for (int i = 0; i < count; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  char path[64], cwd[256];
  snprintf(path, sizeof path, "/tmp/rvnommu-dirs-%d", getpid());
  CHECK_INT(mkdir(path, 0755), 0);
  CHECK_INT(mkdir(path, 0755), -1);
  CHECK_INT(errno, EEXIST);
  CHECK_INT(chdir(path), 0);
  CHECK(getcwd(cwd, sizeof cwd) == cwd);
  // The host's /tmp may be reached through a link: compare the end only.
  CHECK(strlen(cwd) >= strlen(path) && !strcmp(cwd + strlen(cwd) - strlen(path), path));

  create("banana");
  create("apple");
  create("cherry");
  CHECK_INT(mkdir("dates", 0700), 0);
  create("dates/inside");
  list(".");
  list("dates");

  CHECK_INT(access("apple", F_OK), 0);
  CHECK_INT(access("apple", R_OK | W_OK), 0);
  CHECK_INT(access("missing", F_OK), -1);
  CHECK_INT(errno, ENOENT);
  CHECK_INT(rmdir("dates"), -1);
  CHECK_INT(errno, ENOTEMPTY);
  CHECK_INT(unlink("dates/inside"), 0);
  CHECK_INT(rmdir("dates"), 0);
  CHECK_INT(unlink("apple") | unlink("banana") | unlink("cherry"), 0);
  list(".");

  CHECK_INT(chdir("/"), 0);
  CHECK_STR(getcwd(cwd, sizeof cwd), "/");
  CHECK_INT(rmdir(path), 0);
  CHECK(opendir(path) == NULL);
  CHECK_INT(errno, ENOENT);
  return finish("dirs");
}
