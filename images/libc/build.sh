#!/usr/bin/env bash
# Builds our C library for static-PIE rv32 Linux programs: images/bin/libc/crt1.o (the process entry) and
# images/bin/libc/libc.a. The library's code is the same for every format; only the entry differs:
# images/bin/libc/crt1-fdpic.o for FDPIC programs (images/fdpic/build.sh) and images/bin/libc/crt1-flat.o for the
# same programs converted to bFLT (images/flat/build.sh). Programs compile against images/libc/include (see
# images/libc/flags.sh).
# Run from the repository root, as images/build.sh does, so that the file names recorded in the objects are
# relative.
set -euo pipefail
source images/toolchain.sh
source images/libc/flags.sh

out=images/bin/libc
objects=$(mktemp -d)
trap 'rm -rf "$objects"' EXIT
mkdir -p "$out"

"$CLANG" "${LIBC_CFLAGS[@]}" -c images/libc/crt/crt1.S -o "$out/crt1.o"
"$CLANG" "${LIBC_CFLAGS[@]}" -c images/libc/crt/crt1-fdpic.S -o "$out/crt1-fdpic.o"
"$CLANG" "${LIBC_CFLAGS[@]}" -c images/libc/crt/crt1-flat.S -o "$out/crt1-flat.o"

# One object per source, named after its path (src/stdio/get.c -> stdio-get.o), in a fixed order.
members=()
for source in $(find images/libc/src -name '*.c' -o -name '*.S' | LC_ALL=C sort); do
  name=${source#images/libc/src/}
  name=${name%.*}
  object="$objects/${name//\//-}.o"
  "$CLANG" "${LIBC_CFLAGS[@]}" -c "$source" -o "$object"
  members+=("$object")
done
rm -f "$out/libc.a"
"$AR" rcsD "$out/libc.a" "${members[@]}"
