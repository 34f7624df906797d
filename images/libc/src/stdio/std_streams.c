#include "../internal/stdio_impl.h"

static unsigned char stdin_buffer[BUFSIZ];
static unsigned char stdout_buffer[BUFSIZ];

static FILE stderr_file = {
    .fd = 2,
    .flags = F_CAN_WRITE,
    .buffering = _IONBF,
    .buffer = &stderr_file.single,
    .size = 1,
};
static FILE stdout_file = {
    .fd = 1,
    .flags = F_CAN_WRITE,
    .buffering = BUFFERING_UNDECIDED,
    .buffer = stdout_buffer,
    .size = sizeof stdout_buffer,
    .next = &stderr_file,
};
static FILE stdin_file = {
    .fd = 0,
    .flags = F_CAN_READ,
    .buffering = BUFFERING_UNDECIDED,
    .buffer = stdin_buffer,
    .size = sizeof stdin_buffer,
    .next = &stdout_file,
};

FILE *const stdin = &stdin_file;
FILE *const stdout = &stdout_file;
FILE *const stderr = &stderr_file;
FILE *__stdio_streams = &stdin_file;
volatile int __stdio_streams_lock;
