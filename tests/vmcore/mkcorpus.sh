#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Regenerate the fuzzing seed corpus: one small dump per layout the reader
# knows, whole and broken, so libFuzzer starts from valid structure.
# usage: mkcorpus.sh MKVMCORE DIR   (normally via "make corpus")
set -eu
mk=$1
dir=$2
mkdir -p "$dir"
rm -f "$dir"/*.dump
# small pages and few pfns keep each seed a few KiB
mk() {
	"$mk" -p 512 -n 64 -P 1-6 -z 3 -x 8-10 "$@"
}
mk -f kdump -c zlib "$dir/kdump-zlib.dump"
mk -f kdump -c lzo "$dir/kdump-lzo.dump"
mk -f kdump -c none "$dir/kdump-raw.dump"
mk -f kdump -c zstd "$dir/kdump-zstd.dump" 2>/dev/null ||
	echo "mkcorpus: no zstd support, kdump-zstd.dump left out" >&2
mk -f kdump -I "$dir/kdump-incomplete.dump"
mk -f flat -O -R -r 700 "$dir/flat.dump"
mk -f flat -E -r 1500 "$dir/flat-noend.dump"
mk -f elf "$dir/elf.dump"
mk -f elf -I "$dir/elf-incomplete.dump"
"$mk" -p 4096 -n 32 -P 2,5 -f kdump "$dir/kdump-4k.dump"
head -c 2500 "$dir/kdump-zlib.dump" > "$dir/kdump-truncated.dump"
head -c 1500 "$dir/elf.dump" > "$dir/elf-truncated.dump"
ls -l "$dir"
