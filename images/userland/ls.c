/* ls [-l] [-a] [-1] [PATH...]: names sorted bytewise; -a shows dot files, -l the long form (mode, links, owner and
 * group as numbers, size, modification time in UTC, "-> target" for links). One name per line with -1, -l or when
 * stdout is not a terminal; otherwise in columns across an 80-column screen. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static int all, long_form, one_per_line;

struct entry {
  char *name;
  char *path;
  struct stat st;
};

static void mode_string(mode_t mode, char *out) {
  const char *types = "?pc?d?b?-?l?s???";
  out[0] = types[(mode >> 12) & 15];
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = out[3] == 'x' ? 's' : 'S';
  if (mode & S_ISGID) out[6] = out[6] == 'x' ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = out[9] == 'x' ? 't' : 'T';
  out[10] = '\0';
}

/* "Mon DD HH:MM" in UTC: days since the epoch to a civil date (Howard Hinnant's algorithm). */
static void time_string(time_t seconds, char *out, size_t size) {
  static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  long long days = seconds / 86400, rest = seconds % 86400;
  if (rest < 0) rest += 86400, days--;
  days += 719468;
  long long era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned day_of_era = days - era * 146097;
  unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  unsigned month_index = (5 * day_of_year + 2) / 153;
  unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
  unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
  snprintf(out, size, "%s %2u %02d:%02d", months[month - 1], day, (int)(rest / 3600), (int)(rest / 60 % 60));
}

static void print_long(const struct entry *e) {
  char mode[11], when[16];
  mode_string(e->st.st_mode, mode);
  time_string(e->st.st_mtim.tv_sec, when, sizeof when);
  printf("%s %3u %-4u %-4u ", mode, e->st.st_nlink, e->st.st_uid, e->st.st_gid);
  if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
    printf("%4u, %4u ", major(e->st.st_rdev), minor(e->st.st_rdev));
  else
    printf("%10lld ", (long long)e->st.st_size);
  printf("%s %s", when, e->name);
  if (S_ISLNK(e->st.st_mode)) {
    char target[4096];
    ssize_t length = readlink(e->path, target, sizeof target - 1);
    if (length >= 0) printf(" -> %.*s", (int)length, target);
  }
  putchar('\n');
}

static int compare(const void *left, const void *right) {
  return strcmp(((const struct entry *)left)->name, ((const struct entry *)right)->name);
}

static void print_entries(struct entry *entries, size_t count) {
  qsort(entries, count, sizeof *entries, compare);
  if (long_form || one_per_line) {
    for (size_t i = 0; i < count; i++) {
      if (long_form) print_long(&entries[i]);
      else printf("%s\n", entries[i].name);
    }
    return;
  }
  // Columns, filled down first, as wide as the longest name plus two spaces.
  size_t width = 1;
  for (size_t i = 0; i < count; i++)
    if (strlen(entries[i].name) + 2 > width) width = strlen(entries[i].name) + 2;
  struct winsize window = {0};
  size_t screen = ioctl(1, TIOCGWINSZ, &window) == 0 && window.ws_col ? window.ws_col : 80;
  size_t columns = screen / width ? screen / width : 1;
  size_t rows = (count + columns - 1) / columns;
  for (size_t row = 0; row < rows; row++) {
    for (size_t column = 0; column < columns; column++) {
      size_t i = column * rows + row;
      if (i >= count) break;
      // The last name of a row gets no padding.
      if (column == columns - 1 || i + rows >= count) {
        fputs(entries[i].name, stdout);
        break;
      }
      printf("%-*s", (int)width, entries[i].name);
    }
    putchar('\n');
  }
}

static char *join(const char *dir, const char *name) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  if (!path) {
    fprintf(stderr, "ls: out of memory\n");
    exit(2);
  }
  sprintf(path, "%s/%s", dir, name);
  return path;
}

static int list_directory(const char *path) {
  DIR *dir = opendir(path);
  if (!dir) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  struct entry *entries = NULL;
  size_t count = 0;
  struct dirent *d;
  while ((d = readdir(dir))) {
    if (d->d_name[0] == '.' && !all) continue;
    struct entry *grown = realloc(entries, (count + 1) * sizeof *entries);
    if (!grown) {
      fprintf(stderr, "ls: out of memory\n");
      exit(2);
    }
    entries = grown;
    struct entry *e = &entries[count++];
    e->path = join(path, d->d_name);
    e->name = e->path + strlen(path) + 1;
    if (long_form && lstat(e->path, &e->st) < 0) memset(&e->st, 0, sizeof e->st);
  }
  closedir(dir);
  print_entries(entries, count);
  for (size_t i = 0; i < count; i++) free(entries[i].path);
  free(entries);
  return 0;
}

int main(int argc, char **argv) {
  int first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
    for (const char *flag = argv[first] + 1; *flag; flag++) {
      if (*flag == 'a') all = 1;
      else if (*flag == 'l') long_form = 1;
      else if (*flag == '1') one_per_line = 1;
      else {
        fprintf(stderr, "usage: ls [-la1] [PATH...]\n");
        return 2;
      }
    }
  }
  if (!isatty(1)) one_per_line = 1;
  char *current[] = {".", NULL};
  char **paths = first < argc ? argv + first : current;
  int count = first < argc ? argc - first : 1;
  // Files first, as given; then each directory's contents, under a heading when there is more than one path.
  struct entry *files = calloc(count, sizeof *files);
  size_t file_count = 0;
  int status = 0;
  for (int i = 0; i < count; i++) {
    struct stat st;
    if (lstat(paths[i], &st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", paths[i], strerror(errno));
      status = 2;
      continue;
    }
    if (S_ISDIR(st.st_mode)) continue;
    files[file_count++] = (struct entry){paths[i], paths[i], st};
  }
  if (file_count) print_entries(files, file_count);
  bool first_heading = file_count == 0;
  for (int i = 0; i < count; i++) {
    struct stat st;
    if (lstat(paths[i], &st) < 0 || !S_ISDIR(st.st_mode)) continue;
    if (count > 1) printf("%s%s:\n", first_heading ? "" : "\n", paths[i]);
    first_heading = false;
    status |= list_directory(paths[i]);
  }
  free(files);
  return status;
}
