#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the seed corpus of fuzz_handoff: records of poisoned memory (good,
# full, with a slot being written, broken) and VMCOREINFO texts with good
# and broken HWPOISON_RECORD lines. The files are committed; run this only
# to change them.
#
# usage: mkcorpus.sh DIR
set -eu
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
rm -f "$dir"/seed-*

# le32 N / le64 N: N as little-endian bytes.
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
le64() { le32 $(($1 & 0xffffffff)); le32 $(($1 >> 32 & 0xffffffff)); }

# record NAME SLOTS USED DROPPED START SIZE...: a record, slots past the
# ranges given are zero.
record() {
	local name=$1 slots=$2 used=$3 dropped=$4 i=0
	shift 4
	{
		le32 0x52505748
		le32 1
		le32 "$slots"
		le32 "$used"
		le64 "$dropped"
		while [ $# -ge 2 ]; do le64 "$1"; le64 "$2"; shift 2; i=$((i + 1)); done
		while [ $i -lt "$slots" ]; do le64 0; le64 0; i=$((i + 1)); done
	} >"$dir/seed-record-$name"
}

record one 4 1 0 0x12345000 0x1000
record block 4 2 0 0x40000000 0x200000 0x40001000 0x1000
record writing 4 3 0 0x1000 0x1000 0x9000 0 0x5000 0x1000
record full 4 4 17 0x1000 0x1000 0x3000 0x1000 0x5000 0x1000 0x7000 0x1000
record unaligned 2 1 0 0x1800 0x1000
record huge 2 1 0 0x0 0x400000
record top 2 1 0 0xfffffffffffff000 0x1000

text() { printf '%s' "$2" >"$dir/seed-text-$1"; }
base='OSRELEASE=7.3.4-series
PAGESIZE=4096
'
text line "${base}HWPOISON_RECORD=2a1c000+2018
CRASHTIME=1795569016
"
text cut "${base}HWPOISON_RECORD=2a1c000+20"
text twice "${base}HWPOISON_RECORD=1000+18
HWPOISON_RECORD=1000+18
"
text bad-size "${base}HWPOISON_RECORD=1000+19
"
