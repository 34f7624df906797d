/* rm [-r] [-f] PATH...: -r removes directories with their contents, -f ignores missing files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int remove_path(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    if (force && errno == ENOENT) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (unlink(path) == 0) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!recursive) {
    fprintf(stderr, "rm: %s: is a directory\n", path);
    return 1;
  }
  DIR *dir = opendir(path);
  if (!dir) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  int status = 0;
  struct dirent *entry;
  // Removing entries while reading: collect the names first so the directory's offsets stay valid.
  char **names = NULL;
  size_t count = 0;
  while ((entry = readdir(dir))) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char **grown = realloc(names, (count + 1) * sizeof *names);
    char *child = malloc(strlen(path) + strlen(entry->d_name) + 2);
    if (!grown || !child) {
      fprintf(stderr, "rm: out of memory\n");
      exit(1);
    }
    names = grown;
    sprintf(child, "%s/%s", path, entry->d_name);
    names[count++] = child;
  }
  closedir(dir);
  for (size_t i = 0; i < count; i++) {
    status |= remove_path(names[i]);
    free(names[i]);
  }
  free(names);
  if (rmdir(path) < 0) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    status = 1;
  }
  return status;
}

int main(int argc, char **argv) {
  int first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
    for (const char *flag = argv[first] + 1; *flag; flag++) {
      if (*flag == 'r' || *flag == 'R') recursive = 1;
      else if (*flag == 'f') force = 1;
      else {
        fprintf(stderr, "usage: rm [-rf] PATH...\n");
        return 1;
      }
    }
  }
  if (first == argc && !force) {
    fprintf(stderr, "usage: rm [-rf] PATH...\n");
    return 1;
  }
  int status = 0;
  for (int i = first; i < argc; i++) status |= remove_path(argv[i]);
  return status;
}
