/* Signal names shared by the shell and kill. */
#ifndef USERLAND_SIGNALS_H
#define USERLAND_SIGNALS_H

/* "INT" for SIGINT; NULL for a number without a name. */
const char *signal_name(int number);
/* A name with or without "SIG", or a number; -1 if neither. */
int signal_number(const char *name);
/* How a shell reports a process the signal killed: "Killed", "Terminated"... */
const char *signal_description(int number);

#endif
