# Compiler flags for the C library and for programs built on it (sourced after images/toolchain.sh).
# Position-independent code for static-PIE; freestanding, so that clang assumes no C library but ours (it still
# emits calls to memcpy and memset, which we have); sections per function so that the link keeps only what a
# program uses; no unwind tables (nothing unwinds); -mno-relax because the start code does not set gp.
# The link makes two segments (text with read-only data, then data): without an MMU there is nothing to protect,
# and every extra segment costs a page of padding in the program's one allocation.

AR=${AR:-llvm-ar-14}
LIBC_CFLAGS=(--target=riscv32-unknown-linux-gnu "${RV_ARCH[@]}" "${RV_REPRO[@]}" -std=c11 -Os -fPIE
  -ffreestanding -nostdlibinc -isystem images/libc/include -ffunction-sections -fdata-sections
  -fno-asynchronous-unwind-tables -fno-unwind-tables -mno-relax -Wall -Wextra -Werror)
# A program links as: $LIBC_CRT, its own objects, then ${LIBC_LIBS[@]} (libgcc last: 64-bit division).
LIBC_LDFLAGS=(-nostdlib -fuse-ld=lld -static-pie -Wl,--build-id=none -Wl,--gc-sections -Wl,--no-rosegment
  -Wl,-z,norelro)
LIBC_CRT=images/bin/libc/crt1.o
# The start code of bFLT programs (images/flat), in place of LIBC_CRT: see images/libc/README.md.
LIBC_FLAT_CRT=images/bin/libc/crt1-flat.o
LIBC_LIBS=(images/bin/libc/libc.a "$LIBGCC_RV32")
