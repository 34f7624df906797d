#ifndef _SCHED_H
#define _SCHED_H

/* Gives the processor to another runnable thread, if there is one. */
int sched_yield(void);

#endif
