#include <sys/shm.h>
#include "../internal/syscall.h"

int shmget(key_t key, size_t size, int flags) {
  return __syscall_ret(__syscall3(SYS_shmget, key, size, flags));
}

void *shmat(int id, const void *address, int flags) {
  return (void *)__syscall_ret(__syscall3(SYS_shmat, id, address, flags));
}

int shmdt(const void *address) {
  return __syscall_ret(__syscall1(SYS_shmdt, address));
}

static time_t joined_time(unsigned long low, unsigned long high) {
  return (time_t)((unsigned long long)high << 32 | low);
}

/* rv32 Linux takes the commands as they are (no IPC_64 flag) and always uses the 64-bit structure layout. */
int shmctl(int id, int command, struct shmid_ds *buffer) {
  int result = __syscall_ret(__syscall3(SYS_shmctl, id, command, buffer));
  if (result >= 0 && (command == IPC_STAT || command == SHM_STAT || command == SHM_STAT_ANY)) {
    buffer->shm_atime = joined_time(buffer->__shm_atime_lo, buffer->__shm_atime_hi);
    buffer->shm_dtime = joined_time(buffer->__shm_dtime_lo, buffer->__shm_dtime_hi);
    buffer->shm_ctime = joined_time(buffer->__shm_ctime_lo, buffer->__shm_ctime_hi);
  }
  return result;
}
