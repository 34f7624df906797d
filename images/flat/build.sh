#!/usr/bin/env bash
# Builds bFLT (uClinux flat) versions of some C test programs, images/bin/flat/NAME.flt, for binfmt_flat: each
# images/programs/NAME.c links as a static PIE on our libc, as images/programs/build.sh links it but with the
# flat start code ($LIBC_FLAT_CRT, which does not relocate the program: the kernel does), and `rvnommu elf2flt`
# converts it. Debian has no elf2flt, hence our own converter, which needs the CLI built (node build.mjs, run
# here so that the converter is the one in the tree). Needs images/bin/libc (images/libc/build.sh).
set -euo pipefail
source images/toolchain.sh
source images/libc/flags.sh

# The same stack as the ELF builds; elf2flt copies PT_GNU_STACK's size into the bFLT header.
STACK_SIZE=65536
# Programs whose output under qemu-riscv32 (as ELF) the tests compare with rvnommu's (as bFLT): see
# test/programs/flat.test.ts.
PROGRAMS=(hello printf string malloc environ files stdin)

node build.mjs >/dev/null
out=images/bin/flat
mkdir -p "$out"
rm -f "$out"/*.flt
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for name in "${PROGRAMS[@]}"; do
  # binfmt_flat loads the file whole, not page by page: page-aligning the data segment would only add a zero
  # gap between text and data, so segments align to 32 bytes (FLAT_DATA_ALIGN) at most.
  "$CLANG" "${LIBC_CFLAGS[@]}" -I images/programs "${LIBC_LDFLAGS[@]}" -Wl,-z,stack-size=$STACK_SIZE \
    -Wl,-z,max-page-size=32 "$LIBC_FLAT_CRT" "images/programs/$name.c" "${LIBC_LIBS[@]}" -o "$scratch/$name.elf"
  node dist/rvnommu.js elf2flt "$scratch/$name.elf" "$out/$name.flt"
done
