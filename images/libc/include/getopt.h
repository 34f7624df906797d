/* POSIX getopt (declared in unistd.h): options, option arguments, "--", and a leading ':' in the option string
 * to report a missing argument as ':' instead of printing a message. */
#ifndef _GETOPT_H
#define _GETOPT_H

#include <unistd.h>

#endif
