#!/usr/bin/env bash
# Rebuilds every committed guest binary under images/bin from the sources in images/, byte for byte.
# Needs Debian's clang-14, lld-14, llvm-14 and gcc-riscv64-unknown-elf (for rv32 libgcc): see .ci/run.
# Each part has its own build script, run from the repository root so that paths (and so outputs) are stable.
set -euo pipefail
cd "$(dirname "$0")/.."
source images/toolchain.sh
require_toolchain

# The C library comes first, since other parts link against it; the system image (rootfs) packs the programs of
# the other parts, and the disassembler fixtures list their binaries, so those two are made last.
parts=(images/libc/build.sh)
for part in images/*/build.sh; do
  case "$part" in
    images/libc/build.sh | images/rootfs/build.sh | images/disasm/build.sh) ;;
    *) parts+=("$part") ;;
  esac
done
parts+=(images/rootfs/build.sh images/disasm/build.sh)
for part in "${parts[@]}"; do
  echo "images: $part"
  bash "$part"
done
