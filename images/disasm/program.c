// Small freestanding firmware-style C, compiled with clang-14 -O2 for rv32ima so that the disassembler is checked
// against what a compiler really emits (jump tables, mulhu division by constants, lr/sc loops, CSR access, calls).
// Never run: it exists to be listed by llvm-objdump-14 (images/bin/disasm/program.objdump).

#include <stdint.h>

#define UART_TX (*(volatile uint32_t *)0x10000000u)
#define TOHOST (*(volatile uint32_t *)0x80001000u)

static volatile uint32_t ticks;
static uint32_t lock;
static uint32_t table[16];

static void put_char(char c) {
  UART_TX = (uint8_t)c;
}

static void put_string(const char *s) {
  while (*s) put_char(*s++);
}

__attribute__((noinline)) static void put_decimal(uint32_t value) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) put_char(digits[--n]);
}

__attribute__((noinline)) static void put_hex(uint32_t value) {
  for (int shift = 28; shift >= 0; shift -= 4) put_char("0123456789abcdef"[(value >> shift) & 15]);
}

__attribute__((noinline)) static uint32_t crc32(const uint8_t *data, uint32_t length) {
  uint32_t crc = 0xffffffffu;
  for (uint32_t i = 0; i < length; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}

__attribute__((noinline)) static void insertion_sort(int32_t *items, int count) {
  for (int i = 1; i < count; i++) {
    int32_t item = items[i];
    int j = i - 1;
    while (j >= 0 && items[j] > item) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
}

__attribute__((noinline)) static int32_t divide(int32_t a, int32_t b, int32_t *remainder) {
  *remainder = a % b;
  return a / b;
}

__attribute__((noinline)) static uint64_t multiply_wide(uint32_t a, uint32_t b, int64_t c) {
  return (uint64_t)a * b + (uint64_t)(c >> 3);
}

enum command { CMD_RESET, CMD_READ, CMD_WRITE, CMD_STATUS, CMD_SLEEP, CMD_ECHO, CMD_COUNT };

__attribute__((noinline)) static int dispatch(enum command command, uint32_t argument) {
  switch (command) {
    case CMD_RESET: table[0] = 0; return 0;
    case CMD_READ: return (int)table[argument & 15];
    case CMD_WRITE: table[argument & 15] = argument >> 4; return 1;
    case CMD_STATUS: put_string("status "); put_hex(argument); return 2;
    case CMD_SLEEP: __asm__ volatile("wfi"); return 3;
    case CMD_ECHO: put_decimal(argument); return 4;
    case CMD_COUNT: return (int)__atomic_add_fetch(&ticks, argument, __ATOMIC_SEQ_CST);
  }
  return -1;
}

static void spin_lock(uint32_t *l) {
  while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) != 0) {
  }
}

static void spin_unlock(uint32_t *l) {
  __atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

__attribute__((noinline)) static uint32_t compare_and_swap(uint32_t *p, uint32_t expected, uint32_t desired) {
  __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  return expected;
}

static inline uint32_t read_cycle(void) {
  uint32_t value;
  __asm__ volatile("rdcycle %0" : "=r"(value));
  return value;
}

static inline void enable_timer_interrupt(void) {
  __asm__ volatile("csrs mie, %0" : : "r"(1u << 7));
  __asm__ volatile("csrsi mstatus, 8");
}

__attribute__((noreturn)) void _start(void) {
  static const uint8_t message[] = "rvnommu";
  int32_t numbers[8] = {5, -3, 99, 0, -2147483647 - 1, 2147483647, 7, -1};
  int32_t remainder;
  uint32_t start = read_cycle();

  enable_timer_interrupt();
  insertion_sort(numbers, 8);
  spin_lock(&lock);
  put_hex(crc32(message, sizeof message - 1));
  put_char('\n');
  for (int i = 0; i < 8; i++) put_decimal((uint32_t)divide(numbers[i], 7, &remainder) + (uint32_t)remainder);
  spin_unlock(&lock);
  uint64_t wide = multiply_wide(read_cycle() - start, 0x9e3779b9u, -12345);
  for (int c = CMD_RESET; c <= CMD_COUNT; c++) put_decimal((uint32_t)dispatch((enum command)c, (uint32_t)wide));
  TOHOST = compare_and_swap(&lock, 0, (uint32_t)(wide >> 32)) | 1;
  for (;;) __asm__ volatile("wfi");
}
