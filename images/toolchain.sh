# Shared toolchain settings for the image build scripts (sourced, not run).
# Every output must be a pure function of the sources: no debug info, no absolute paths, no timestamps.

CLANG=${CLANG:-clang-14}
LLD=${LLD:-ld.lld-14}
STRIP=${STRIP:-llvm-strip-14}
OBJDUMP=${OBJDUMP:-llvm-objdump-14}
# rv32im/ilp32 libgcc from gcc-riscv64-unknown-elf: 64-bit division helpers (__udivdi3 ...).
LIBGCC_RV32=${LIBGCC_RV32:-/usr/lib/gcc/riscv64-unknown-elf/12.2.0/rv32im/ilp32/libgcc.a}

# Common code generation flags for all guest code.
RV_ARCH=(-march=rv32ima -mabi=ilp32)
RV_REPRO=(-ffile-prefix-map="$PWD"=. -fdebug-prefix-map="$PWD"=. -fno-ident)

require_toolchain() {
  local missing=()
  for tool in "$CLANG" "$LLD" "$STRIP" "$OBJDUMP"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ -f "$LIBGCC_RV32" ] || missing+=("$LIBGCC_RV32")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "images: missing ${missing[*]}" >&2
    echo "images: apt-get install clang-14 lld-14 llvm-14 gcc-riscv64-unknown-elf" >&2
    exit 1
  fi
}
