#!/usr/bin/env bash
# Builds the userland (init, sh and the small commands) into images/bin/userland/NAME.elf: one stripped
# static-PIE per program on our libc, built as images/programs/build.sh builds the test programs. A program is
# images/userland/NAME.c, or the directory images/userland/NAME/ for one of several files (the shell); the
# helpers in images/userland/lib/ are linked into every program, which keeps only what it uses. Each command is
# a program of its own rather than one multi-call binary: on a no-MMU system a process's text is not shared
# unless it runs in place from ROM, so small programs cost less RAM per process than one large one.
# Needs images/bin/libc (images/libc/build.sh, which images/build.sh runs first).
set -euo pipefail
export LC_ALL=C
source images/toolchain.sh
source images/libc/flags.sh

# Without an MMU the stack cannot grow: the kernel allocates PT_GNU_STACK's size once.
STACK_SIZE=65536

src=images/userland
out=images/bin/userland
mkdir -p "$out"
rm -f "$out"/*.elf

shopt -s nullglob
helpers=("$src"/lib/*.c)

build() {
  local elf=$1
  shift
  "$CLANG" "${LIBC_CFLAGS[@]}" "${LIBC_LDFLAGS[@]}" -Wl,-z,stack-size=$STACK_SIZE \
    "$LIBC_CRT" "$@" "${helpers[@]}" "${LIBC_LIBS[@]}" -o "$elf"
  "$STRIP" "$elf"
  other=$("$OBJDUMP" --dynamic-reloc "$elf" | awk '/^[0-9a-f]+ / && $2 != "R_RISCV_RELATIVE"')
  if [ -n "$other" ]; then
    echo "images: $elf has relocations the start code cannot apply:" >&2
    echo "$other" >&2
    exit 1
  fi
}

for source in "$src"/*.c; do
  build "$out/$(basename "$source" .c).elf" "$source"
done
for dir in "$src"/*/; do
  name=$(basename "$dir")
  [ "$name" = lib ] && continue
  build "$out/$name.elf" "$dir"*.c
done
