#!/usr/bin/env bash
# Builds the C test programs images/programs/*.c (and the no-MMU ones in images/programs/nommu/) into
# images/bin/programs/NAME.elf (nommu/NAME.elf): stripped static-PIE executables on our libc, whose
# only relocations are R_RISCV_RELATIVE, applied by the start code. The kernel's own test programs,
# images/programs/kernel/*.c, go to images/bin/kernel/NAME.elf: test/kernel runs them, and they stay out of
# images/bin/programs, which the program catalog (test/programs/catalog.ts) must list whole. The debugger's,
# images/programs/debug/*.c, go to images/bin/debug/NAME.elf with their symbols (the debugger tests break at
# them). Needs images/bin/libc (images/libc/build.sh, which images/build.sh runs first).
set -euo pipefail
source images/toolchain.sh
source images/libc/flags.sh

# Without an MMU the stack cannot grow: the kernel allocates PT_GNU_STACK's size once.
STACK_SIZE=65536

out=images/bin/programs
kernel_out=images/bin/kernel
debug_out=images/bin/debug
mkdir -p "$out/nommu" "$kernel_out" "$debug_out"
rm -f "$out"/*.elf "$out"/nommu/*.elf "$kernel_out"/*.elf "$debug_out"/*.elf

# build SOURCE ELF [keep-symbols]
build() {
  local source=$1 elf=$2 symbols=${3:-}
  "$CLANG" "${LIBC_CFLAGS[@]}" -I images/programs "${LIBC_LDFLAGS[@]}" -Wl,-z,stack-size=$STACK_SIZE \
    "$LIBC_CRT" "$source" "${LIBC_LIBS[@]}" -o "$elf"
  if [ -z "$symbols" ]; then "$STRIP" "$elf"; fi
  other=$("$OBJDUMP" --dynamic-reloc "$elf" | awk '/^[0-9a-f]+ / && $2 != "R_RISCV_RELATIVE"')
  if [ -n "$other" ]; then
    echo "images: $elf has relocations the start code cannot apply:" >&2
    echo "$other" >&2
    exit 1
  fi
}

shopt -s nullglob
for source in images/programs/*.c images/programs/nommu/*.c; do
  name=${source#images/programs/}
  build "$source" "$out/${name%.c}.elf"
done
for source in images/programs/kernel/*.c; do
  build "$source" "$kernel_out/$(basename "$source" .c).elf"
done
for source in images/programs/debug/*.c; do
  build "$source" "$debug_out/$(basename "$source" .c).elf" keep-symbols
done
