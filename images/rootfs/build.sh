#!/usr/bin/env bash
# Builds the built-in system image, images/bin/rootfs/default.rom: what `rvnommu boot` boots when given no image.
# A romfs (made by `rvnommu mkimage`, which writes the same bytes for the same tree) holding the userland
# (images/bin/userland) as /sbin/init and /bin/NAME, with /bin/[ a hard link to test and /bin/poweroff and
# /bin/reboot hard links to halt; /etc from images/rootfs/etc;
# the mount points /dev, /proc and /tmp; and the test programs of images/bin/programs as /usr/tests/NAME and
# /usr/tests/nommu/NAME, with their FDPIC and bFLT builds as /usr/tests/fdpic/NAME and /usr/tests/flat/NAME (an
# FDPIC program's text runs in place from the flash), to run on the booted system. images/build.sh runs this part after the ones it takes from.
set -euo pipefail
export LC_ALL=C
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
out=images/bin/rootfs
mkdir -p "$out" "$tree"/{bin,sbin,dev,proc,tmp,etc,usr/tests/{nommu,fdpic,flat}}

for elf in images/bin/userland/*.elf; do
  name=$(basename "$elf" .elf)
  if [ "$name" = init ]; then install -m 755 "$elf" "$tree/sbin/init"; else install -m 755 "$elf" "$tree/bin/$name"; fi
done
ln "$tree/bin/test" "$tree/bin/["
ln "$tree/bin/halt" "$tree/bin/poweroff"
ln "$tree/bin/halt" "$tree/bin/reboot"
install -m 644 images/rootfs/etc/* "$tree/etc/"
for elf in images/bin/programs/*.elf; do install -m 755 "$elf" "$tree/usr/tests/$(basename "$elf" .elf)"; done
for elf in images/bin/programs/nommu/*.elf; do install -m 755 "$elf" "$tree/usr/tests/nommu/$(basename "$elf" .elf)"; done
for elf in images/bin/fdpic/*.elf; do install -m 755 "$elf" "$tree/usr/tests/fdpic/$(basename "$elf" .elf)"; done
for flat in images/bin/flat/*.flt; do install -m 755 "$flat" "$tree/usr/tests/flat/$(basename "$flat" .flt)"; done

node build.mjs
node dist/rvnommu.js mkimage "$tree" -V rvnommu -o "$out/default.rom"
