#!/usr/bin/env bash
# Builds the benchmark workload twice from one source: bare-metal (for rvnommu bare) and a static Linux
# program (for qemu-riscv32), so `npm run bench` compares the two on the same work. The kernel benchmarks
# (images/bench/kernel: integer, memory, syscalls, processes, threads) are static-PIE programs on our libc, run
# unchanged by `rvnommu run` and qemu-riscv32. sleepers.c is the guest side of the bench's host memory
# measurement (it execs, which qemu-riscv32 cannot do without binfmt_misc).
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

source images/libc/flags.sh
for source in $src/kernel/*.c; do
  elf="$out/$(basename "$source" .c).elf"
  "$CLANG" "${LIBC_CFLAGS[@]}" -O2 "${LIBC_LDFLAGS[@]}" -Wl,-z,stack-size=65536 "$LIBC_CRT" "$source" $src/workload.c \
    "${LIBC_LIBS[@]}" -o "$elf"
  "$STRIP" "$elf"
done
"$CLANG" "${LIBC_CFLAGS[@]}" -O2 "${LIBC_LDFLAGS[@]}" -Wl,-z,stack-size=65536 "$LIBC_CRT" $src/sleepers.c \
  "${LIBC_LIBS[@]}" -o "$out/sleepers.elf"
"$STRIP" "$out/sleepers.elf"
