/* The job table: each pipeline the shell starts is a job until it is done (and, in the background, reported or
 * waited for). With job control each job is a process group, and the foreground one owns the terminal. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../lib/signals.h"
#include "sh.h"

static struct job *jobs;

struct job *job_new(const char *text, int count, bool background) {
  struct job *job = calloc(1, sizeof *job);
  struct process *processes = calloc(count, sizeof *processes);
  char *copy = strdup(text);
  if (!job || !processes || !copy) {
    sh_error("out of memory");
    shell_exit(2);
  }
  // The smallest number no other job has.
  job->id = 1;
  for (bool taken = true; taken;) {
    taken = false;
    for (struct job *other = jobs; other; other = other->next)
      if (other->id == job->id) taken = true, job->id++;
  }
  job->text = copy;
  job->count = count;
  job->processes = processes;
  job->background = background;
  job->next = jobs;
  jobs = job;
  return job;
}

void job_forget(struct job *job) {
  for (struct job **link = &jobs; *link; link = &(*link)->next) {
    if (*link != job) continue;
    *link = job->next;
    free(job->text);
    free(job->processes);
    free(job);
    return;
  }
}

bool job_done(const struct job *job) {
  for (int i = 0; i < job->count; i++)
    if (!job->processes[i].done) return false;
  return true;
}

static bool job_stopped(const struct job *job) {
  for (int i = 0; i < job->count; i++)
    if (job->processes[i].stopped) return true;
  return false;
}

int status_code(int status) {
  if (WIFSTOPPED(status)) return 128 + WSTOPSIG(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int job_status(const struct job *job) {
  return status_code(job->processes[job->count - 1].status);
}

struct job *job_by_pid(pid_t pid) {
  for (struct job *job = jobs; job; job = job->next)
    for (int i = 0; i < job->count; i++)
      if (job->processes[i].pid == pid) return job;
  return NULL;
}

static void record(pid_t pid, int status) {
  struct job *job = job_by_pid(pid);
  if (!job) return;
  for (int i = 0; i < job->count; i++) {
    struct process *process = &job->processes[i];
    if (process->pid != pid) continue;
    process->status = status;
    process->stopped = WIFSTOPPED(status);
    process->done = !process->stopped;
  }
}

int job_wait(struct job *job) {
  while (!job_done(job) && !job_stopped(job)) {
    int status;
    pid_t pid = waitpid(-1, &status, WUNTRACED);
    if (pid > 0) {
      record(pid, status);
    } else if (errno != EINTR) {
      // ECHILD: nothing left to wait for, whatever the table says.
      for (int i = 0; i < job->count; i++) job->processes[i].done = true;
    }
  }
  return job_status(job);
}

static const char *state_text(const struct job *job, char *buffer, size_t size) {
  if (job_stopped(job)) return "Stopped";
  if (!job_done(job)) return "Running";
  int status = job->processes[job->count - 1].status;
  if (WIFSIGNALED(status)) return signal_description(WTERMSIG(status));
  if (WEXITSTATUS(status) == 0) return "Done";
  snprintf(buffer, size, "Exit %d", WEXITSTATUS(status));
  return buffer;
}

static void print_job(const struct job *job) {
  char buffer[16];
  printf("[%d] %-10s %s\n", job->id, state_text(job, buffer, sizeof buffer), job->text);
}

void jobs_reap(bool report) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED)) > 0) record(pid, status);
  if (!report) return;
  for (struct job *job = jobs, *next; job; job = next) {
    next = job->next;
    if (!job->background || !job_done(job)) continue;
    print_job(job);
    job_forget(job);
  }
  fflush(stdout);
}

void jobs_print(void) {
  jobs_reap(false);
  // Oldest first, as the numbers go.
  int highest = 0;
  for (struct job *job = jobs; job; job = job->next)
    if (job->id > highest) highest = job->id;
  for (int id = 1; id <= highest; id++) {
    for (struct job *job = jobs; job; job = job->next) {
      if (job->id != id) continue;
      print_job(job);
      if (job_done(job)) job_forget(job);
      break;
    }
  }
}

/* %N, %% or %+ (the newest job), or a process ID of a job. */
struct job *job_find(const char *spec) {
  if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) {
    struct job *newest = NULL;
    for (struct job *job = jobs; job; job = job->next)
      if (job->background && (!newest || job->id > newest->id)) newest = job;
    return newest;
  }
  char *end;
  long number = strtol(spec + (spec[0] == '%'), &end, 10);
  if (*end || number <= 0) return NULL;
  if (spec[0] != '%') return job_by_pid(number);
  for (struct job *job = jobs; job; job = job->next)
    if (job->id == number) return job;
  return NULL;
}

static void continue_job(struct job *job) {
  for (int i = 0; i < job->count; i++) job->processes[i].stopped = false;
  if (shell.job_control) {
    kill(-job->pgid, SIGCONT);
    return;
  }
  for (int i = 0; i < job->count; i++)
    if (!job->processes[i].done) kill(job->processes[i].pid, SIGCONT);
}

int job_foreground(struct job *job, bool resume) {
  if (shell.job_control) tcsetpgrp(0, job->pgid);
  if (resume) continue_job(job);
  job->background = false;
  int status = job_wait(job);
  if (shell.job_control) tcsetpgrp(0, shell.pgid);
  if (job_stopped(job)) {
    job->background = true;
    fprintf(stderr, "\n[%d] Stopped    %s\n", job->id, job->text);
    return status;
  }
  int last = job->processes[job->count - 1].status;
  if (WIFSIGNALED(last)) {
    // An interrupted job needs only the line ended; a broken pipe is a normal way to end.
    int number = WTERMSIG(last);
    if (number == SIGINT) fputc('\n', stderr);
    else if (number != SIGPIPE) fprintf(stderr, "%s\n", signal_description(number));
  }
  job_forget(job);
  return status;
}

int job_background(struct job *job) {
  continue_job(job);
  job->background = true;
  printf("[%d] %s &\n", job->id, job->text);
  return 0;
}

int jobs_wait_all(void) {
  while (jobs) {
    job_wait(jobs);
    job_forget(jobs);
  }
  return 0;
}
