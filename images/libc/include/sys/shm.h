/* System V shared memory. Without an MMU a segment is one block of physical memory: shmat maps it at the same
 * address in every process, and takes no address (one would need MAP_FIXED, which no-MMU Linux refuses). */
#ifndef _SYS_SHM_H
#define _SYS_SHM_H

#include <sys/ipc.h>

#define SHMLBA 4096

#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000

/* Mode bits: removed while attached (IPC_RMID), locked (SHM_LOCK). */
#define SHM_DEST 01000
#define SHM_LOCKED 02000

#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15

typedef unsigned long shmatt_t;

/* The kernel's struct shmid64_ds for 32-bit machines (times in low and high words), then the times as time_t,
 * which shmctl fills in after IPC_STAT, SHM_STAT and SHM_STAT_ANY. */
struct shmid_ds {
  struct ipc_perm shm_perm;
  size_t shm_segsz;
  unsigned long __shm_atime_lo;
  unsigned long __shm_atime_hi;
  unsigned long __shm_dtime_lo;
  unsigned long __shm_dtime_hi;
  unsigned long __shm_ctime_lo;
  unsigned long __shm_ctime_hi;
  pid_t shm_cpid;
  pid_t shm_lpid;
  shmatt_t shm_nattch;
  unsigned long __unused4;
  unsigned long __unused5;
  time_t shm_atime;
  time_t shm_dtime;
  time_t shm_ctime;
};

/* IPC_INFO */
struct shminfo {
  unsigned long shmmax;
  unsigned long shmmin;
  unsigned long shmmni;
  unsigned long shmseg;
  unsigned long shmall;
  unsigned long __unused[4];
};

/* SHM_INFO */
struct shm_info {
  int used_ids;
  unsigned long shm_tot;
  unsigned long shm_rss;
  unsigned long shm_swp;
  unsigned long swap_attempts;
  unsigned long swap_successes;
};

int shmget(key_t key, size_t size, int flags);
void *shmat(int id, const void *address, int flags);
int shmdt(const void *address);
int shmctl(int id, int command, struct shmid_ds *buffer);

#endif
