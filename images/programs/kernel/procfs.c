/* /proc as a process sees itself there: its stat, status, cmdline, maps and exe checked against what it knows
 * (its pid, its argv, where its stack and code are), the system files against the kernel's own answers (uname,
 * CLOCK_MONOTONIC, a mapping it makes), and a vfork child seen blocked-in-vfork, zombie, then gone. The values
 * depend on the machine, so this runs on rvnommu only (test/kernel/procfs.test.ts), not in the catalog. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

enum { SYS_readlinkat = 78, PAGE = 4096 };

static char text[16384];
/* The command name: the basename of the program file, as exec sets it. */
static char comm[16];
static const char *execfn;

/* A whole /proc file into `text`: they report size 0, so read in small pieces until end of file. */
static int slurp(const char *path) {
  text[0] = 0;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("FAILED open %s: %s\n", path, strerror(errno));
    check_failures++;
    return -1;
  }
  int length = 0, count;
  while (length < (int)sizeof text - 1 && (count = read(fd, text + length, 100)) > 0) length += count;
  close(fd);
  text[length] = 0;
  return length;
}

/* Our libc has no readlink. */
static long read_link(const char *path, char *buffer, unsigned long size) {
  register long a0 __asm__("a0") = AT_FDCWD;
  register long a1 __asm__("a1") = (long)path;
  register long a2 __asm__("a2") = (long)buffer;
  register long a3 __asm__("a3") = (long)size;
  register long a7 __asm__("a7") = SYS_readlinkat;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
  if (a0 < 0) return -1;
  buffer[a0] = 0;
  return a0;
}

/* The maps line (start-end perms offset dev inode [name]) whose range holds addr, or NULL. */
static const char *line_holding(const char *maps, uintptr_t addr) {
  for (const char *line = maps; *line;) {
    char *end;
    unsigned long start = strtoul(line, &end, 16);
    unsigned long stop = strtoul(end + 1, &end, 16);
    if (start <= addr && addr < stop) return line;
    line = strchr(line, '\n');
    if (!line) break;
    line++;
  }
  return NULL;
}

/* The bytes all the maps lines cover. */
static unsigned long mapped_bytes(const char *maps) {
  unsigned long total = 0;
  for (const char *line = maps; *line;) {
    char *end;
    unsigned long start = strtoul(line, &end, 16);
    total += strtoul(end + 1, &end, 16) - start;
    line = strchr(line, '\n');
    if (!line) break;
    line++;
  }
  return total;
}

/* The number after "label" in text, or -1. */
static long long value_after(const char *label) {
  const char *at = strstr(text, label);
  return at ? strtoll(at + strlen(label), NULL, 10) : -1;
}

/* Field `n` (1-based, as in proc(5)) of a /proc/PID/stat line, counted after the parenthesized comm. */
static const char *stat_field(int n) {
  const char *at = strrchr(text, ')');
  if (!at) return "";
  at += 2;
  for (int field = 3; field < n && at; field++) {
    at = strchr(at, ' ');
    if (at) at++;
  }
  return at ? at : "";
}

static void check_stat(const char *path, int pid, int ppid, char state) {
  char expected[32];
  slurp(path);
  snprintf(expected, sizeof expected, "%d (%s) ", pid, comm);
  CHECK(!strncmp(text, expected, strlen(expected)));
  CHECK_INT(*stat_field(3), state);
  CHECK_INT(atoi(stat_field(4)), ppid);
}

static void self_files(int argc, char **argv) {
  int local = 0;
  int pid = getpid();
  char path[64], expected[256];

  static char maps[8192];
  slurp("/proc/self/maps");
  strcpy(maps, text);
  const char *stack = line_holding(maps, (uintptr_t)&local);
  CHECK(stack && strstr(stack, "rw") == stack + 18);
  CHECK(stack && !strncmp(strchr(stack, '\n') - 7, "[stack]", 7));
  // The program is one allocation (code and data together, without an MMU nothing tells them apart).
  const char *code = line_holding(maps, (uintptr_t)&self_files);
  CHECK(code && !strncmp(code + 18, "rwxp", 4));
  CHECK(code && line_holding(maps, (uintptr_t)maps) == code);

  check_stat("/proc/self/stat", pid, getppid(), 'R');
  CHECK_INT(atoi(stat_field(20)), 1);
  CHECK_INT(strtoul(stat_field(23), NULL, 10), mapped_bytes(maps));
  CHECK(atoi(stat_field(24)) > 0);

  slurp("/proc/self/status");
  snprintf(expected, sizeof expected, "Name:\t%s\n", comm);
  CHECK(strstr(text, expected) != NULL);
  CHECK(strstr(text, "State:\tR (running)\n") != NULL);
  CHECK_INT(value_after("\nPid:\t"), pid);
  CHECK_INT(value_after("\nPPid:\t"), getppid());
  CHECK_INT(value_after("\nThreads:\t"), 1);
  CHECK_INT(value_after("\nVmSize:\t"), (mapped_bytes(maps) + 1023) / 1024);

  int length = slurp("/proc/self/cmdline");
  int at = 0;
  for (int i = 0; i < argc; i++) {
    CHECK_STR(text + at, argv[i]);
    at += strlen(argv[i]) + 1;
  }
  CHECK_INT(length, at);

  snprintf(expected, sizeof expected, "%d", pid);
  CHECK(read_link("/proc/self", path, sizeof path) > 0);
  CHECK_STR(path, expected);
  snprintf(path, sizeof path, "/proc/%d/comm", pid);
  slurp(path);
  snprintf(expected, sizeof expected, "%s\n", comm);
  CHECK_STR(text, expected);

  // exe is where the program was loaded from: AT_EXECFN, absolute from the working directory.
  char cwd[128];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  const char *name = execfn;
  while (!strncmp(name, "./", 2)) name += 2;
  if (name[0] == '/') snprintf(expected, sizeof expected, "%s", name);
  else snprintf(expected, sizeof expected, "%s/%s", strcmp(cwd, "/") ? cwd : "", name);
  char exe[256];
  CHECK(read_link("/proc/self/exe", exe, sizeof exe) > 0);
  CHECK_STR(exe, expected);
  int fd = open("/proc/self/exe", O_RDONLY);
  char magic[4] = {0};
  CHECK_INT(read(fd, magic, 4), 4);
  CHECK(!memcmp(magic, "\177ELF", 4));
  close(fd);

  int listed = 0;
  DIR *proc = opendir("/proc");
  CHECK(proc != NULL);
  for (struct dirent *entry; proc && (entry = readdir(proc));) listed |= atoi(entry->d_name) == pid;
  if (proc) closedir(proc);
  CHECK(listed);
}

static double seconds_now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* /proc/uptime into up and idle seconds. */
static void read_uptime(double *up, double *idle) {
  slurp("/proc/uptime");
  char *end;
  *up = strtol(text, &end, 10) + strtol(end + 1, &end, 10) / 100.0;
  *idle = strtol(end + 1, &end, 10) + strtol(end + 1, &end, 10) / 100.0;
}

/* Time spent computing is the process's CPU time (utime + stime, in 1/100 s); time asleep is the CPU's idle time. */
static void times(void) {
  slurp("/proc/self/stat");
  long before = atol(stat_field(14)) + atol(stat_field(15));
  for (double start = seconds_now(); seconds_now() - start < 0.05;) continue;
  slurp("/proc/self/stat");
  CHECK(atol(stat_field(14)) + atol(stat_field(15)) - before >= 3);

  double up, idle_before, idle_after;
  read_uptime(&up, &idle_before);
  usleep(50000);
  read_uptime(&up, &idle_after);
  CHECK(idle_after - idle_before >= 0.03);
}

static void system_files(void) {
  struct utsname uts;
  char expected[256];
  CHECK_INT(uname(&uts), 0);
  slurp("/proc/version");
  snprintf(expected, sizeof expected, "Linux version %s ", uts.release);
  CHECK(!strncmp(text, expected, strlen(expected)));
  CHECK(strstr(text, uts.version) != NULL);

  double monotonic = seconds_now(), up, idle;
  read_uptime(&up, &idle);
  CHECK(up >= monotonic - 0.01 && up < monotonic + 1);
  CHECK(idle >= 0 && idle <= up);

  // A new mapping shows in the process's maps and the system's, and in the allocator's numbers.
  slurp("/proc/meminfo");
  long long total = value_after("MemTotal:"), free_before = value_after("MemFree:"), copy_before = value_after("MmapCopy:");
  CHECK(total > 0 && free_before > 0 && free_before < total);
  CHECK(copy_before > 0 && copy_before <= total - free_before);
  char *block = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(block != MAP_FAILED);
  slurp("/proc/meminfo");
  CHECK_INT(free_before - value_after("MemFree:"), 16 * PAGE / 1024);
  CHECK_INT(value_after("MmapCopy:") - copy_before, 16 * PAGE / 1024);
  slurp("/proc/self/maps");
  const char *line = line_holding(text, (uintptr_t)block);
  CHECK(line && strtoul(line, NULL, 16) == (uintptr_t)block);
  slurp("/proc/maps");
  line = line_holding(text, (uintptr_t)block);
  CHECK(line && strtoul(line, NULL, 16) == (uintptr_t)block);
  munmap(block, 16 * PAGE);
  slurp("/proc/meminfo");
  CHECK_INT(value_after("MemFree:"), free_before);
}

static int wake_pipe[2];
static volatile int worker_tid;

static void *worker(void *unused) {
  (void)unused;
  char byte;
  worker_tid = gettid();
  return (void *)(intptr_t)read(wake_pipe[0], &byte, 1);
}

/* A second thread has its own directory in /proc/self/task, with its own id and state and its process's Tgid;
 * stat's startcode and endcode hold the program's code. */
static void threads(void) {
  int pid = getpid();
  char path[64];
  slurp("/proc/self/stat");
  CHECK(strtoul(stat_field(26), NULL, 10) <= (uintptr_t)&threads);
  CHECK((uintptr_t)&threads < strtoul(stat_field(27), NULL, 10));
  CHECK_INT(pipe(wake_pipe), 0);
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, worker, NULL), 0);
  while (!worker_tid) sched_yield();
  // Blocked in read: asleep (the main thread keeps yielding until the worker has got there).
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", worker_tid);
  for (int tries = 0; tries < 1000; tries++) {
    slurp(path);
    if (*stat_field(3) == 'S') break;
    sched_yield();
  }
  char expected[32];
  snprintf(expected, sizeof expected, "%d (%s) S ", worker_tid, comm);
  CHECK(!strncmp(text, expected, strlen(expected)));
  snprintf(path, sizeof path, "/proc/self/task/%d/status", worker_tid);
  slurp(path);
  CHECK_INT(value_after("\nTgid:\t"), pid);
  CHECK_INT(value_after("\nPid:\t"), worker_tid);
  CHECK_INT(value_after("\nThreads:\t"), 2);
  int listed = 0, entries = 0;
  DIR *task = opendir("/proc/self/task");
  CHECK(task != NULL);
  for (struct dirent *entry; task && (entry = readdir(task));) {
    if (entry->d_name[0] == '.') continue;
    entries++;
    listed |= (atoi(entry->d_name) == pid) << 0 | (atoi(entry->d_name) == worker_tid) << 1;
  }
  if (task) closedir(task);
  CHECK_INT(entries, 2);
  CHECK_INT(listed, 3);
  CHECK_INT(write(wake_pipe[1], "x", 1), 1);
  void *result;
  CHECK_INT(pthread_join(thread, &result), 0);
  CHECK_INT((intptr_t)result, 1);
}

/* The parent waits uninterruptibly in vfork while the child runs (D), the exited child is a zombie without
 * arguments until it is reaped, and then its directory is gone. */
static void vfork_child(void) {
  int parent = getpid(), grandparent = getppid();
  char path[64];
  int child = vfork();
  if (child == 0) {
    snprintf(path, sizeof path, "/proc/%d/stat", parent);
    check_stat(path, parent, grandparent, 'D');
    check_stat("/proc/self/stat", getpid(), parent, 'R');
    _exit(0);
  }
  snprintf(path, sizeof path, "/proc/%d/stat", child);
  check_stat(path, child, parent, 'Z');
  snprintf(path, sizeof path, "/proc/%d/cmdline", child);
  CHECK_INT(slurp(path), 0);
  int status = -1;
  CHECK_INT(waitpid(child, &status, 0), child);
  CHECK_INT(status, 0);
  CHECK_INT(open(path, O_RDONLY), -1);
  CHECK_INT(errno, ENOENT);
}

int main(int argc, char **argv) {
  execfn = (const char *)getauxval(AT_EXECFN);
  const char *slash = strrchr(execfn, '/');
  snprintf(comm, sizeof comm, "%s", slash ? slash + 1 : execfn);
  self_files(argc, argv);
  system_files();
  times();
  threads();
  vfork_child();
  return finish("procfs");
}
