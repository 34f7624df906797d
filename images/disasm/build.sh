#!/usr/bin/env bash
# Builds the disassembler fixtures: the coverage programs in images/disasm as ELF files, and the llvm-objdump-14
# listing of each (and of every ISA test ELF under images/bin/isa, when that part is built) that
# cpu/Disassembler.test.ts compares our disassembler against. Run from the repository root (images/build.sh does).
set -euo pipefail
source images/toolchain.sh
require_toolchain

src=images/disasm
out=images/bin/disasm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rm -f "$out"/*.elf "$out"/*.objdump "$out"/isa/*.objdump

target=(--target=riscv32-unknown-elf "${RV_ARCH[@]}" "${RV_REPRO[@]}")
$CLANG "${target[@]}" -c "$src/coverage.S" -o "$tmp/coverage.o"
$CLANG "${target[@]}" -c "$src/csrs.S" -o "$tmp/csrs.o"
$CLANG "${target[@]}" -O2 -ffreestanding -Wall -Wextra -Werror -c "$src/program.c" -o "$tmp/program.o"

# llvm-objdump-14 ignores the ELF attributes when choosing extensions: name M and A, or it lists them as <unknown>.
list() {
  $OBJDUMP -d --mattr=+m,+a "$1" >"$2"
}

for name in coverage csrs program; do
  $LLD -Ttext=0x80000000 -e _start "$tmp/$name.o" -o "$out/$name.elf"
  list "$out/$name.elf" "$out/$name.objdump"
done

# The ISA tests come from another part: list whichever of their ELF files are present.
shopt -s nullglob
isa_elfs=(images/bin/isa/*.elf)
if [ ${#isa_elfs[@]} -gt 0 ]; then
  mkdir -p "$out/isa"
  for elf in "${isa_elfs[@]}"; do
    list "$elf" "$out/isa/$(basename "$elf" .elf).objdump"
  done
fi
