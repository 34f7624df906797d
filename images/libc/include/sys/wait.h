/* Wait statuses in the traditional encoding: exit code in bits 8-15, terminating signal in bits 0-6, 0x80 for
 * a core dump, 0x7f in the low byte for a stopped child. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <signal.h>
#include <sys/types.h>

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
/* waitid's options: the states to report (WSTOPPED is WUNTRACED), and WNOWAIT to leave the child waitable. */
#define WSTOPPED 2
#define WEXITED 4
#define WNOWAIT 0x01000000

typedef enum { P_ALL = 0, P_PID = 1, P_PGID = 2 } idtype_t;

#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s) ((s) & 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WCOREDUMP(s) ((s) & 0x80)
#define WIFEXITED(s) (!WTERMSIG(s))
#define WIFSTOPPED(s) (((s) & 0xff) == 0x7f)
#define WIFSIGNALED(s) (((s) & 0xffff) - 1U < 0xffu)
#define WIFCONTINUED(s) ((s) == 0xffff)

pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);
/* With WNOHANG and no child ready, succeeds and leaves info->si_pid 0 (clear it first). */
int waitid(idtype_t type, id_t id, siginfo_t *info, int options);

#endif
