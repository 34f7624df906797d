#!/usr/bin/env bash
# Builds the benchmark workload twice from one source: bare-metal (for rvnommu bare) and a static Linux
# program (for qemu-riscv32), so `npm run bench` compares the two on the same work.
set -euo pipefail
source images/toolchain.sh
src=images/bench
out=images/bin/bench
mkdir -p "$out"
cflags=(--target=riscv32-unknown-elf "${RV_ARCH[@]}" "${RV_REPRO[@]}" -O2 -ffreestanding -nostdlib -fno-builtin -mno-relax)

"$CLANG" "${cflags[@]}" -fuse-ld=lld -Wl,-T,$src/bare.ld -Wl,--build-id=none \
  $src/bare-start.S $src/bare.c $src/workload.c -o "$out/workload-bare.elf"
"$CLANG" "${cflags[@]}" -fuse-ld=lld -static -Wl,--build-id=none -Wl,-Ttext=0x10000 \
  $src/linux-start.S $src/linux.c $src/workload.c -o "$out/workload-linux.elf"
"$STRIP" "$out/workload-linux.elf"
