#!/usr/bin/env bash
# Builds every ISA test program images/isa/*.S into images/bin/isa/*.elf (run from the repository root, as
# images/build.sh does, so that the file names recorded in the ELFs are relative).
set -euo pipefail
source images/toolchain.sh

out=images/bin/isa
mkdir -p "$out"
rm -f "$out"/*.elf
for source in images/isa/*.S; do
  name=$(basename "$source" .S)
  "$CLANG" --target=riscv32-unknown-elf "${RV_ARCH[@]}" "${RV_REPRO[@]}" -mno-relax -nostdlib -fuse-ld=lld \
    -Wl,-T,images/isa/link.ld -Wl,--build-id=none -I images/isa "$source" -o "$out/$name.elf"
done
