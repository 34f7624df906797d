/* userfaultfd on a no-MMU machine, in the manner of the kernel's selftest (tools/testing/selftests/mm/uffd-*.c):
 * a handler thread polls the userfaultfd and serves missing pages with UFFDIO_COPY while worker threads touch
 * them; then UFFDIO_ZEROPAGE for a write fault, DONTWAKE and UFFDIO_WAKE, the errnos of bad requests, and what
 * unregistering and closing do to a thread still waiting. Linux builds userfaultfd only with an MMU; rvnommu's
 * kernel catches the first touch of a missing page because the emulated hart reports every access. */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "../check.h"

#define PAGE 4096
#define NR_PAGES 32
#define NR_WORKERS 4

#define SYS_tkill 130
#define SYS_ppoll_time64 414
#define POLLIN 0x1
#define POLLERR 0x8

struct pollfd {
  int fd;
  short events;
  short revents;
};

/* The kernel's result of a system call the library does not wrap: the value or a negated errno. */
static long raw_syscall(long nr, long arg0, long arg1, long arg2, long arg3) {
  register long a7 __asm__("a7") = nr;
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a3 __asm__("a3") = arg3;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
  return a0;
}

static int userfaultfd(int flags) {
  return raw_syscall(__NR_userfaultfd, flags, 0, 0, 0);
}

/* ppoll with a timeout in milliseconds (-1: none): the number of ready descriptors or a negated errno. */
static int poll_ms(struct pollfd *fds, int count, int ms) {
  struct timespec timeout = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  return raw_syscall(SYS_ppoll_time64, (long)fds, count, ms < 0 ? 0 : (long)&timeout, 0);
}

/* An ioctl's result: 0, or the errno it failed with. */
static int uffd_ioctl(int uffd, int request, void *arg) {
  return ioctl(uffd, request, arg) == 0 ? 0 : errno;
}

/* A userfaultfd made with `flags`, its API handshake done, asking for no features. */
static int ready_userfaultfd(int flags) {
  int uffd = userfaultfd(flags);
  struct uffdio_api api = {.api = UFFD_API};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_API, &api), 0);
  return uffd;
}

static int register_range(int uffd, void *start, unsigned long len, unsigned long long mode, unsigned long long *ioctls) {
  struct uffdio_register request = {.range = {.start = (unsigned long)start, .len = len}, .mode = mode};
  int error = uffd_ioctl(uffd, UFFDIO_REGISTER, &request);
  if (ioctls) *ioctls = request.ioctls;
  return error;
}

static int copy_page(int uffd, void *dst, const void *src, unsigned long long mode, long long *copied) {
  struct uffdio_copy request = {.dst = (unsigned long)dst, .src = (unsigned long)src, .len = PAGE, .mode = mode};
  int error = uffd_ioctl(uffd, UFFDIO_COPY, &request);
  if (copied) *copied = request.copy;
  return error;
}

static int wake_range(int uffd, void *start, unsigned long len) {
  struct uffdio_range range = {.start = (unsigned long)start, .len = len};
  return uffd_ioctl(uffd, UFFDIO_WAKE, &range);
}

static void *map_pages(int pages) {
  void *memory = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(memory != MAP_FAILED);
  return memory;
}

/* Waits (up to a few seconds) until the userfaultfd has a message: the faulting thread is then blocked. */
static int wait_for_fault(int uffd, struct uffd_msg *msg) {
  struct pollfd fd = {.fd = uffd, .events = POLLIN};
  for (int tries = 0; tries < 50; tries++) {
    if (poll_ms(&fd, 1, 100) == 1 && read(uffd, msg, sizeof *msg) == sizeof *msg) return 1;
  }
  return 0;
}

/* --- The stress part: one handler, NR_WORKERS workers, every worker touching every page. --- */

static unsigned char *area_src;
static unsigned char *area_dst;
static int stress_uffd;
static int stop_pipe[2];
static volatile int pages_copied;
static volatile int bad_messages;
static volatile int unthreaded_messages;

/* The handler (uffd_poll_thread): waits on the userfaultfd and on the pipe that tells it to stop; copies each
 * faulting page in from area_src, every odd page with DONTWAKE and then an explicit UFFDIO_WAKE. */
static void *handler(void *unused) {
  (void)unused;
  for (;;) {
    struct pollfd fds[2] = {{.fd = stress_uffd, .events = POLLIN}, {.fd = stop_pipe[0], .events = POLLIN}};
    if (poll_ms(fds, 2, -1) < 0) return NULL;
    if (fds[1].revents & POLLIN) return NULL;
    if (!(fds[0].revents & POLLIN)) continue;
    struct uffd_msg msg;
    // A fault may be woken before it is read (another thread's copy served its page): poll never promises.
    if (read(stress_uffd, &msg, sizeof msg) != sizeof msg) continue;
    unsigned long address = (unsigned long)msg.arg.pagefault.address;
    if (msg.event != UFFD_EVENT_PAGEFAULT || msg.arg.pagefault.flags != 0 || address % PAGE != 0 ||
        address < (unsigned long)area_dst || address >= (unsigned long)area_dst + NR_PAGES * PAGE) {
      bad_messages++;
      continue;
    }
    if (msg.arg.pagefault.feat.ptid == 0) unthreaded_messages++;
    unsigned long offset = address - (unsigned long)area_dst;
    int odd = (offset / PAGE) % 2;
    long long copied = 0;
    int error = copy_page(stress_uffd, area_dst + offset, area_src + offset, odd ? UFFDIO_COPY_MODE_DONTWAKE : 0, &copied);
    if (error == 0 && copied == PAGE) {
      pages_copied++;
      if (odd && wake_range(stress_uffd, area_dst + offset, PAGE) != 0) bad_messages++;
    } else if (error == EEXIST && copied == -EEXIST) {
      // Two threads faulted on the page and its first copy is done: wake whoever still waits.
      wake_range(stress_uffd, area_dst + offset, PAGE);
    } else {
      bad_messages++;
    }
  }
}

struct worker {
  int index;
  pthread_t thread;
  int mismatches;
};

/* A worker reads every page of area_dst, starting at its own share, and compares it with area_src. */
static void *worker(void *arg) {
  struct worker *self = arg;
  for (int i = 0; i < NR_PAGES; i++) {
    int page = (self->index * (NR_PAGES / NR_WORKERS) + i) % NR_PAGES;
    if (memcmp(area_dst + page * PAGE, area_src + page * PAGE, PAGE) != 0) self->mismatches++;
  }
  return NULL;
}

static void stress(void) {
  area_src = map_pages(NR_PAGES);
  area_dst = map_pages(NR_PAGES);
  for (int i = 0; i < NR_PAGES * PAGE; i++) area_src[i] = (unsigned char)(i / PAGE * 7 + i % 251 + 1);
  stress_uffd = userfaultfd(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
  CHECK(stress_uffd >= 0);
  struct uffdio_api api = {.api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID};
  CHECK_INT(uffd_ioctl(stress_uffd, UFFDIO_API, &api), 0);
  unsigned long long ioctls = 0;
  CHECK_INT(register_range(stress_uffd, area_dst, NR_PAGES * PAGE, UFFDIO_REGISTER_MODE_MISSING, &ioctls), 0);
  CHECK((ioctls & UFFD_API_RANGE_IOCTLS) == UFFD_API_RANGE_IOCTLS);
  CHECK_INT(pipe(stop_pipe), 0);

  pthread_t handler_thread;
  CHECK_INT(pthread_create(&handler_thread, NULL, handler, NULL), 0);
  struct worker workers[NR_WORKERS];
  for (int i = 0; i < NR_WORKERS; i++) {
    workers[i] = (struct worker){.index = i};
    CHECK_INT(pthread_create(&workers[i].thread, NULL, worker, &workers[i]), 0);
  }
  for (int i = 0; i < NR_WORKERS; i++) {
    CHECK_INT(pthread_join(workers[i].thread, NULL), 0);
    CHECK_INT(workers[i].mismatches, 0);
  }
  CHECK_INT(write(stop_pipe[1], "x", 1), 1);
  CHECK_INT(pthread_join(handler_thread, NULL), 0);

  CHECK_INT(pages_copied, NR_PAGES);
  CHECK_INT(bad_messages, 0);
  CHECK_INT(unthreaded_messages, 0);
  CHECK(memcmp(area_dst, area_src, NR_PAGES * PAGE) == 0);
  // Every page is there now: copying again finds it.
  long long copied = 0;
  CHECK_INT(copy_page(stress_uffd, area_dst, area_src, 0, &copied), EEXIST);
  CHECK_INT(copied, -EEXIST);
  printf("stress: %d workers read %d pages served by UFFDIO_COPY\n", NR_WORKERS, NR_PAGES);
  close(stress_uffd);
}

/* --- API negotiation and the errnos of bad requests. --- */

static void api_and_errors(void) {
  int uffd = userfaultfd(O_NONBLOCK);
  CHECK(uffd >= 0);
  CHECK_INT(userfaultfd(0x10), -EINVAL);
  unsigned char *area = map_pages(2);
  struct uffd_msg msg;
  // Nothing but UFFDIO_API works before it.
  CHECK_INT(register_range(uffd, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
  CHECK_INT(read(uffd, &msg, sizeof msg), -1);
  CHECK_INT(errno, EINVAL);
  struct pollfd fd = {.fd = uffd, .events = POLLIN};
  CHECK_INT(poll_ms(&fd, 1, 0), 1);
  CHECK_INT(fd.revents, POLLERR);

  struct uffdio_api api = {.api = 0xab};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_API, &api), EINVAL);
  api = (struct uffdio_api){.api = UFFD_API, .features = UFFD_FEATURE_PAGEFAULT_FLAG_WP | UFFD_FEATURE_EVENT_FORK};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_API, &api), EINVAL);
  CHECK(api.api == 0 && api.features == 0 && api.ioctls == 0);
  api = (struct uffdio_api){.api = UFFD_API};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_API, &api), 0);
  CHECK(api.api == UFFD_API);
  CHECK((api.ioctls & UFFD_API_IOCTLS) == UFFD_API_IOCTLS);
  CHECK(api.features & UFFD_FEATURE_THREAD_ID);
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_API, &api), EINVAL);

  CHECK_INT(register_range(uffd, area + 8, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
  CHECK_INT(register_range(uffd, area, PAGE + 8, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
  CHECK_INT(register_range(uffd, area, 0, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
  CHECK_INT(register_range(uffd, area, PAGE, 0, NULL), EINVAL);
  unsigned char *gone = map_pages(1);
  CHECK_INT(munmap(gone, PAGE), 0);
  CHECK_INT(register_range(uffd, gone, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), EINVAL);
  CHECK_INT(register_range(uffd, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);

  // Nothing pending on a non-blocking userfaultfd.
  CHECK_INT(read(uffd, &msg, sizeof msg), -1);
  CHECK_INT(errno, EAGAIN);
  CHECK_INT(poll_ms(&fd, 1, 0), 0);
  long long copied = 0;
  CHECK_INT(copy_page(uffd, area, area + PAGE, 1ULL << 5, NULL), EINVAL);
  CHECK_INT(copy_page(uffd, area + PAGE, area, 0, &copied), ENOENT);
  CHECK_INT(copied, -ENOENT);
  struct uffdio_zeropage zero = {.range = {.start = (unsigned long)area, .len = 2 * PAGE}};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_ZEROPAGE, &zero), ENOENT);
  CHECK_INT(wake_range(uffd, area, 0), EINVAL);
  int other = ready_userfaultfd(O_NONBLOCK);
  CHECK_INT(register_range(other, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), EBUSY);
  close(other);
  close(uffd);
  munmap(area, 2 * PAGE);
}

/* --- A write fault served by UFFDIO_ZEROPAGE: the store completes once the page is there. --- */

static volatile unsigned *write_target;

static void *store_word(void *unused) {
  (void)unused;
  *write_target = 0x1234abcd;
  return NULL;
}

static volatile unsigned *read_target;
static volatile unsigned read_value = 0xffffffff;

static void *load_word(void *unused) {
  (void)unused;
  read_value = *read_target;
  return NULL;
}

static void zeropage(void) {
  int uffd = ready_userfaultfd(O_CLOEXEC | O_NONBLOCK);
  unsigned char *area = map_pages(2);
  CHECK_INT(register_range(uffd, area, 2 * PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);
  write_target = (volatile unsigned *)(area + PAGE + 64);
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, store_word, NULL), 0);
  struct uffd_msg msg;
  CHECK(wait_for_fault(uffd, &msg));
  CHECK_INT(msg.event, UFFD_EVENT_PAGEFAULT);
  CHECK(msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE);
  CHECK(msg.arg.pagefault.address == (unsigned long)(area + PAGE));
  struct uffdio_zeropage zero = {.range = {.start = (unsigned long)(area + PAGE), .len = PAGE}};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_ZEROPAGE, &zero), 0);
  CHECK_INT(zero.zeropage, PAGE);
  CHECK_INT(pthread_join(thread, NULL), 0);
  CHECK_INT(*write_target, 0x1234abcd);
  CHECK_INT(area[PAGE], 0);
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_ZEROPAGE, &zero), EEXIST);
  printf("zeropage: a write fault completed on a zeroed page\n");
  close(uffd);
  munmap(area, 2 * PAGE);
}

/* --- A waiting thread is let go by UFFDIO_UNREGISTER, and by closing the userfaultfd: it retries its access and
 * finds an ordinary zero-filled page. --- */

static void let_go(int by_close) {
  int uffd = ready_userfaultfd(O_NONBLOCK);
  unsigned char *area = map_pages(1);
  CHECK_INT(register_range(uffd, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);
  read_target = (volatile unsigned *)(area + 128);
  read_value = 0xffffffff;
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, load_word, NULL), 0);
  struct uffd_msg msg;
  CHECK(wait_for_fault(uffd, &msg));
  CHECK_INT(msg.arg.pagefault.flags, 0);
  if (by_close) {
    CHECK_INT(close(uffd), 0);
  } else {
    struct uffdio_range range = {.start = (unsigned long)area, .len = PAGE};
    CHECK_INT(uffd_ioctl(uffd, UFFDIO_UNREGISTER, &range), 0);
  }
  CHECK_INT(pthread_join(thread, NULL), 0);
  CHECK_INT(read_value, 0);
  printf("%s: the waiting thread went on with a zero page\n", by_close ? "close" : "unregister");
  if (!by_close) close(uffd);
  munmap(area, PAGE);
}

/* --- A signal for a waiting thread: its handler runs, then the access is retried, faults again and sends a second
 * message for the page; once the page is copied in, the load completes. --- */

static volatile int waiting_tid;
static volatile int handled;

static void count_signal(int signal) {
  (void)signal;
  handled++;
}

static void *load_word_as_self(void *unused) {
  waiting_tid = gettid();
  return load_word(unused);
}

static void signal_while_waiting(void) {
  struct sigaction action = {.sa_handler = count_signal};
  CHECK_INT(sigaction(SIGUSR1, &action, NULL), 0);
  int uffd = ready_userfaultfd(O_NONBLOCK);
  unsigned char *area = map_pages(1);
  unsigned char *source = map_pages(1);
  *(unsigned *)(source + 256) = 0x5a5a0101;
  CHECK_INT(register_range(uffd, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);
  read_target = (volatile unsigned *)(area + 256);
  read_value = 0xffffffff;
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, load_word_as_self, NULL), 0);
  struct uffd_msg msg;
  CHECK(wait_for_fault(uffd, &msg));
  CHECK_INT(raw_syscall(SYS_tkill, waiting_tid, SIGUSR1, 0, 0), 0);
  CHECK(wait_for_fault(uffd, &msg));
  CHECK(msg.arg.pagefault.address == (unsigned long)area);
  CHECK_INT(handled, 1);
  CHECK_INT(copy_page(uffd, area, source, 0, NULL), 0);
  CHECK_INT(pthread_join(thread, NULL), 0);
  CHECK_INT(read_value, 0x5a5a0101);
  printf("signal: the handler ran while the thread waited, then the load faulted again and completed\n");
  close(uffd);
  munmap(area, PAGE);
  munmap(source, PAGE);
}

/* --- A system call writing into a missing page: without UFFD_USER_MODE_ONLY it waits for the page as the thread's
 * own access would, with it the call fails with EFAULT. --- */

static const char text[] = "through a missing page";
static int text_pipe[2];
static unsigned char *read_buffer;
static volatile long read_result;

static void *read_text(void *unused) {
  (void)unused;
  long result = read(text_pipe[0], read_buffer, sizeof text);
  read_result = result < 0 ? -errno : result;
  return NULL;
}

static void syscall_into_missing_page(void) {
  CHECK_INT(pipe(text_pipe), 0);
  CHECK_INT(write(text_pipe[1], text, sizeof text), sizeof text);
  int strict = ready_userfaultfd(O_NONBLOCK | UFFD_USER_MODE_ONLY);
  unsigned char *area = map_pages(1);
  CHECK_INT(register_range(strict, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);
  CHECK_INT(read(text_pipe[0], area + 100, sizeof text), -1);
  CHECK_INT(errno, EFAULT);
  close(strict);
  munmap(area, PAGE);

  int uffd = ready_userfaultfd(O_NONBLOCK);
  area = map_pages(1);
  CHECK_INT(register_range(uffd, area, PAGE, UFFDIO_REGISTER_MODE_MISSING, NULL), 0);
  read_buffer = area + 100;
  pthread_t thread;
  CHECK_INT(pthread_create(&thread, NULL, read_text, NULL), 0);
  struct uffd_msg msg;
  CHECK(wait_for_fault(uffd, &msg));
  CHECK(msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE);
  CHECK(msg.arg.pagefault.address == (unsigned long)area);
  struct uffdio_zeropage zero = {.range = {.start = (unsigned long)area, .len = PAGE}};
  CHECK_INT(uffd_ioctl(uffd, UFFDIO_ZEROPAGE, &zero), 0);
  CHECK_INT(pthread_join(thread, NULL), 0);
  CHECK_INT(read_result, sizeof text);
  CHECK_STR((const char *)area + 100, text);
  printf("syscall: read() into a missing page waited for it (EFAULT with UFFD_USER_MODE_ONLY)\n");
  close(uffd);
  close(text_pipe[0]);
  close(text_pipe[1]);
  munmap(area, PAGE);
}

int main(void) {
  // A kernel without it (qemu-riscv32's user mode, or Linux without an MMU) makes every other check meaningless.
  int probe = userfaultfd(O_CLOEXEC);
  if (probe == -ENOSYS) {
    printf("FAILED: no userfaultfd system call (ENOSYS)\n");
    return 1;
  }
  close(probe);
  api_and_errors();
  stress();
  zeropage();
  let_go(0);
  let_go(1);
  signal_while_waiting();
  syscall_into_missing_page();
  return finish("userfaultfd");
}
