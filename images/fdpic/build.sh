#!/usr/bin/env bash
# Builds FDPIC versions of some test programs (images/programs/NAME.c) and the FDPIC demonstration images/fdpic/*.c
# into images/bin/fdpic/NAME.elf. Each is compiled and linked as its static-PIE build is (images/programs/build.sh),
# but with the FDPIC start code and the relocations kept (--emit-relocs), then rewritten by `rvnommu fdpic-link`
# (binfmt/fdpicLink.ts; conventions in binfmt/README.md) and stripped. hello's link, before the rewrite and with its
# relocations and symbols, is kept as images/bin/fdpic/linked/hello.elf: binfmt/fdpicLink.test.ts rewrites it.
# The debugger's program images/programs/debug/debuggee.c is built the same way into
# images/bin/fdpic/debug/debuggee.elf but keeps its symbols: the debugger tests find main and `counter` in it.
# Needs images/bin/libc and node.
set -euo pipefail
source images/toolchain.sh
source images/libc/flags.sh

STACK_SIZE=65536
PROGRAMS=(hello printf string malloc threads)
FDPIC_CRT=images/bin/libc/crt1-fdpic.o

node build.mjs
out=images/bin/fdpic
linked=$(mktemp -d)
trap 'rm -rf "$linked"' EXIT
mkdir -p "$out/linked" "$out/debug"
rm -f "$out"/*.elf "$out"/linked/*.elf "$out"/debug/*.elf

# build SOURCE NAME [OUTPUT_DIRECTORY keep-symbols]
build() {
  local source=$1 name=$2 directory=${3:-$out} symbols=${4:-}
  "$CLANG" "${LIBC_CFLAGS[@]}" -I images/programs "${LIBC_LDFLAGS[@]}" -Wl,--emit-relocs \
    -Wl,-z,stack-size=$STACK_SIZE "$FDPIC_CRT" "$source" "${LIBC_LIBS[@]}" -o "$linked/$name.elf"
  node bin/rvnommu.js fdpic-link "$linked/$name.elf" -o "$directory/$name.elf"
  if [ -z "$symbols" ]; then "$STRIP" "$directory/$name.elf"; fi
}

for name in "${PROGRAMS[@]}"; do
  build "images/programs/$name.c" "$name"
done
"$STRIP" --strip-debug "$linked/hello.elf" -o "$out/linked/hello.elf"
shopt -s nullglob
for source in images/fdpic/*.c; do
  build "$source" "$(basename "$source" .c)"
done
build images/programs/debug/debuggee.c debuggee "$out/debug" keep-symbols
