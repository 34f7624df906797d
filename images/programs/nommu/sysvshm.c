/* System V shared memory on a no-MMU kernel (ipc/shm.c over a no-MMU ramfs): a segment is one run of physical
 * pages made at shmget, and shmat maps it in place, so it has the same address in every process. Also what
 * IPC_STAT reports, IPC_SET, IPC_RMID (the key goes at once, the segment with the last detach), attaches by a
 * vfork child (in the parent's memory map, which it shares) and the errors of ipc/shm.c.
 * Not portable: with an MMU each attach may get its own address, and shmat may be given one. */
#include <errno.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "peer.h"

#define PAGE 4096
#define KEY 0x5256
#define SIZE 10000

static struct shmid_ds stat_of(int id) {
  struct shmid_ds ds;
  memset(&ds, 0, sizeof ds);
  CHECK_INT(shmctl(id, IPC_STAT, &ds), 0);
  return ds;
}

/* Whether /proc/self/maps lists the attach at `start` shared, with the segment id as inode and the SYSV<key>
 * name of its deleted file: 1 if so, 0 if not, -1 when /proc is not mounted. */
static int attach_listed(void *start, int id) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (!maps) return -1;
  char prefix[64];
  snprintf(prefix, sizeof prefix, "%08lx-%08lx rw-S 00000000 ", (unsigned long)start,
           (unsigned long)start + (SIZE + PAGE - 1) / PAGE * PAGE);
  char inode[16];
  snprintf(inode, sizeof inode, " %d ", id);
  char line[256];
  int found = 0;
  while (fgets(line, sizeof line, maps)) {
    if (!strncmp(line, prefix, strlen(prefix)) && strstr(line, inode) && strstr(line, "/SYSV00005256 (deleted)"))
      found = 1;
  }
  fclose(maps);
  return found;
}

/* The other process, run by execve: finds the segment by key, attaches it where the parent has it, reads the
 * parent's words and answers. */
static int peer(const char *parent_address) {
  int id = shmget(KEY, 0, 0);
  CHECK(id >= 0);
  char *memory = shmat(id, NULL, 0);
  CHECK(memory != (void *)-1);
  if (memory == (void *)-1) return 1;
  CHECK(memory == (char *)strtoul(parent_address, NULL, 16));
  CHECK_STR(memory, "from the parent");
  strcpy(memory + PAGE, "from the child");
  struct shmid_ds ds = stat_of(id);
  CHECK_INT(ds.shm_nattch, 2);
  CHECK_INT(ds.shm_lpid, getpid());
  CHECK(attach_listed(memory, id) != 0);
  CHECK_INT(shmdt(memory), 0);
  return check_failures ? 1 : 0;
}

/* shmget's rules for keys and sizes. */
static void keys(void) {
  errno = 0;
  CHECK_INT(shmget(KEY + 1, PAGE, 0600), -1);
  CHECK_INT(errno, ENOENT);
  int id = shmget(KEY + 1, PAGE, IPC_CREAT | 0600);
  CHECK(id >= 0);
  CHECK_INT(shmget(KEY + 1, 100, 0), id);
  CHECK_INT(shmget(KEY + 1, PAGE, IPC_CREAT | 0600), id);
  errno = 0;
  CHECK_INT(shmget(KEY + 1, PAGE, IPC_CREAT | IPC_EXCL | 0600), -1);
  CHECK_INT(errno, EEXIST);
  errno = 0;
  CHECK_INT(shmget(KEY + 1, PAGE + 1, 0), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), -1);
  CHECK_INT(errno, EINVAL);
  int other = shmget(IPC_PRIVATE, PAGE, 0600);
  CHECK(other >= 0 && other != id && shmget(IPC_PRIVATE, PAGE, 0600) != other);
  // A segment is one buddy block at most without an MMU (4 MiB): past it the ramfs file cannot be made.
  errno = 0;
  CHECK_INT(shmget(IPC_PRIVATE, 8 << 20, 0600), -1);
  CHECK_INT(errno, EFBIG);
  // Unattached, IPC_RMID destroys at once.
  CHECK_INT(shmctl(id, IPC_RMID, NULL), 0);
  errno = 0;
  CHECK_INT(shmctl(id, IPC_STAT, &(struct shmid_ds){0}), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK(shmat(id, NULL, 0) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  printf("sysvshm: keys: ENOENT without IPC_CREAT, EEXIST with IPC_EXCL, EINVAL for a bigger size, EFBIG past 4 MiB\n");
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "peer")) return peer(argv[2]);
  keys();

  time_t before = time(NULL);
  int id = shmget(KEY, SIZE, IPC_CREAT | IPC_EXCL | 0600);
  CHECK(id >= 0);
  struct shmid_ds ds = stat_of(id);
  CHECK_INT(ds.shm_segsz, SIZE);
  CHECK_INT(ds.shm_perm.mode & 0777, 0600);
  CHECK_INT(ds.shm_perm.__key, KEY);
  CHECK(ds.shm_perm.uid == ds.shm_perm.cuid && ds.shm_perm.gid == ds.shm_perm.cgid);
  CHECK_INT(ds.shm_cpid, getpid());
  CHECK_INT(ds.shm_lpid, 0);
  CHECK_INT(ds.shm_nattch, 0);
  CHECK_INT(ds.shm_atime, 0);
  CHECK_INT(ds.shm_dtime, 0);
  CHECK(ds.shm_ctime >= before && ds.shm_ctime <= time(NULL));
  CHECK_INT(ds.__shm_ctime_hi, 0);

  char *memory = shmat(id, NULL, 0);
  CHECK(memory != (void *)-1);
  if (memory == (void *)-1) return finish("sysvshm");
  CHECK_INT(memory[0] | memory[SIZE - 1], 0);
  strcpy(memory, "from the parent");
  ds = stat_of(id);
  CHECK_INT(ds.shm_nattch, 1);
  CHECK_INT(ds.shm_lpid, getpid());
  CHECK(ds.shm_atime >= before);
  int listed = attach_listed(memory, id);
  CHECK(listed != 0);
  if (listed > 0) printf("sysvshm: /proc/self/maps names the attach /SYSV00005256 (deleted), the id as inode\n");

  // Every attach is the same memory; a read-only one too.
  char *again = shmat(id, NULL, SHM_RDONLY);
  CHECK(again == memory);
  CHECK_INT(stat_of(id).shm_nattch, 2);
  CHECK_INT(shmdt(again), 0);
  CHECK_INT(stat_of(id).shm_nattch, 1);

  // No address can be asked for (MAP_FIXED), and only the exact start of an attach detaches.
  errno = 0;
  CHECK(shmat(id, memory, 0) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK(shmat(id, memory + 1, 0) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK(shmat(id, memory + 1, SHM_RND) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK(shmat(id, NULL, SHM_REMAP) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK(shmat(-1, NULL, 0) == (void *)-1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shmdt(memory + PAGE), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shmdt(memory + 1), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shmctl(-1, IPC_STAT, &ds), -1);
  CHECK_INT(errno, EINVAL);
  errno = 0;
  CHECK_INT(shmctl(id, 999, &ds), -1);
  CHECK_INT(errno, EINVAL);
  printf("sysvshm: shmat with an address and shmdt away from an attach's start fail with EINVAL\n");

  // Another process attaches it at the same address.
  int status;
  pid_t pid = spawn_peer("sysvshm", memory);
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_STR(memory + PAGE, "from the child");
  ds = stat_of(id);
  CHECK_INT(ds.shm_nattch, 1);
  CHECK_INT(ds.shm_lpid, pid);
  CHECK(ds.shm_dtime >= ds.shm_atime);
  printf("sysvshm: another process attached it at the same address; the parent reads \"%s\"\n", memory + PAGE);

  // A vfork child runs in the parent's memory map: its attach is the parent's, and stays when it exits.
  pid = vfork();
  if (pid == 0) {
    if (shmat(id, NULL, 0) != memory) _exit(1);
    _exit(0);
  }
  CHECK_INT(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ds = stat_of(id);
  CHECK_INT(ds.shm_nattch, 2);
  CHECK_INT(ds.shm_lpid, pid);
  CHECK_INT(shmdt(memory), 0);
  CHECK_INT(stat_of(id).shm_nattch, 1);
  printf("sysvshm: an attach made by a vfork child belongs to the parent's memory map\n");

  // IPC_SET: new permission bits, a new change time.
  ds = stat_of(id);
  ds.shm_perm.mode = 0640;
  CHECK_INT(shmctl(id, IPC_SET, &ds), 0);
  CHECK_INT(stat_of(id).shm_perm.mode & 0777, 0640);

  struct shminfo limits;
  CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&limits) >= 0);
  CHECK_INT(limits.shmmin, 1);
  CHECK_INT(limits.shmmni, 4096);
  struct shm_info usage;
  CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&usage) >= 0);
  CHECK(usage.used_ids >= 1 && usage.shm_tot >= (SIZE + PAGE - 1) / PAGE);

  // IPC_RMID while attached: the key is free at once, the memory stays until the last detach.
  CHECK_INT(shmctl(id, IPC_RMID, NULL), 0);
  ds = stat_of(id);
  CHECK_INT(ds.shm_perm.mode & SHM_DEST, SHM_DEST);
  CHECK_INT(ds.shm_perm.__key, IPC_PRIVATE);
  errno = 0;
  CHECK_INT(shmget(KEY, 0, 0), -1);
  CHECK_INT(errno, ENOENT);
  CHECK_STR(memory, "from the parent");
  CHECK_INT(shmdt(memory), 0);
  errno = 0;
  CHECK_INT(shmctl(id, IPC_STAT, &ds), -1);
  CHECK_INT(errno, EINVAL);
  printf("sysvshm: IPC_RMID frees the key at once and the segment with its last detach\n");
  return finish("sysvshm");
}
