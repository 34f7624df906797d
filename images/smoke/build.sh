#!/usr/bin/env bash
# Freestanding smoke programs (no C library, no relocations) for the kernel's first end-to-end tests.
set -euo pipefail
source images/toolchain.sh
src=images/smoke
out=images/bin/smoke
mkdir -p "$out"
for program in "$src"/*.c; do
  name=$(basename "$program" .c)
  "$CLANG" --target=riscv32-unknown-linux-gnu "${RV_ARCH[@]}" "${RV_REPRO[@]}" -O2 -fPIE -ffreestanding -nostdlib \
    -fno-builtin -mno-relax -fuse-ld=lld -static-pie -Wl,--build-id=none "$program" -o "$out/$name.elf"
  "$STRIP" "$out/$name.elf"
done
