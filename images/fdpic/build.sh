#!/usr/bin/env bash
# Builds FDPIC versions of some test programs (images/programs/NAME.c) and the FDPIC demonstration images/fdpic/*.c
# into images/bin/fdpic/NAME.elf. Each is compiled and linked as its static-PIE build is (images/programs/build.sh),
# but with the FDPIC start code and the relocations kept (--emit-relocs), then rewritten by `rvnommu fdpic-link`
# (binfmt/fdpicLink.ts; conventions in binfmt/README.md) and stripped. hello's link, before the rewrite and with its
# relocations and symbols, is kept as images/bin/fdpic/linked/hello.elf: binfmt/fdpicLink.test.ts rewrites it.
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
mkdir -p "$out/linked"
rm -f "$out"/*.elf "$out"/linked/*.elf

# build SOURCE NAME
build() {
  local source=$1 name=$2
  "$CLANG" "${LIBC_CFLAGS[@]}" -I images/programs "${LIBC_LDFLAGS[@]}" -Wl,--emit-relocs \
    -Wl,-z,stack-size=$STACK_SIZE "$FDPIC_CRT" "$source" "${LIBC_LIBS[@]}" -o "$linked/$name.elf"
  node bin/rvnommu.js fdpic-link "$linked/$name.elf" -o "$out/$name.elf"
  "$STRIP" "$out/$name.elf"
}

for name in "${PROGRAMS[@]}"; do
  build "images/programs/$name.c" "$name"
done
"$STRIP" --strip-debug "$linked/hello.elf" -o "$out/linked/hello.elf"
shopt -s nullglob
for source in images/fdpic/*.c; do
  build "$source" "$(basename "$source" .c)"
done
