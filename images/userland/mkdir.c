/* mkdir [-p] DIR...: -p makes missing parents and accepts existing directories. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make(char *path, int parents) {
  if (parents) {
    // Each ancestor in turn, cutting the path at every slash.
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
      *slash = '\0';
      int result = mkdir(path, 0777);
      *slash = '/';
      if (result < 0 && errno != EEXIST) break;
    }
  }
  if (mkdir(path, 0777) == 0) return 0;
  struct stat st;
  if (parents && errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
  fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  int parents = argc > 1 && strcmp(argv[1], "-p") == 0;
  int status = 0;
  if (argc < 2 + parents) {
    fprintf(stderr, "usage: mkdir [-p] DIR...\n");
    return 1;
  }
  for (int i = 1 + parents; i < argc; i++) status |= make(argv[i], parents);
  return status;
}
