#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the seed corpus of fuzz_handoff: VMCOREINFO texts with good, capped,
# duplicated, truncated and broken hand-offs, and the same wrapped in ELF
# notes as the capture kernel's merged PT_NOTE buffer holds them (CORE
# notes, then VMCOREINFO). The files are committed; run this only to
# change them.
#
# usage: mkcorpus.sh DIR
set -eu
dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
rm -f "$dir"/seed-*

base='OSRELEASE=6.1.192-series
PAGESIZE=4096
NUMBER(PG_hwpoison)=22
KERNELOFFSET=0
CRASHTIME=1795569016
'

# text NAME TAIL: the base note text followed by TAIL.
text() { printf '%s%s' "$base" "$2" >"$dir/seed-text-$1"; }

# le32 N: N as 4 little-endian bytes.
le32() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"; }

# note NAME DESC-FILE TYPE: one ELF note, name and description padded to 4.
note() {
	local name=$1 file=$2 type=$3 nl dl
	nl=$((${#name} + 1))
	dl=$(stat -c %s "$file")
	le32 $nl
	le32 "$dl"
	le32 "$type"
	printf '%s' "$name"
	head -c $(((nl + 3) / 4 * 4 - ${#name})) /dev/zero
	cat "$file"
	head -c $(((dl + 3) / 4 * 4 - dl)) /dev/zero
}

text none ''
text one 'HWPOISON_RANGE=12345000+1000
HWPOISON_END=1,0
'
text block 'HWPOISON_RANGE=40000000+200000
HWPOISON_RANGE=40123000+1000
HWPOISON_END=2,0
'
text dropped 'HWPOISON_END=0,7
'
tail=
for i in $(seq 1 16); do tail+="HWPOISON_RANGE=$(printf %x $((i * 0x11000)))+1000
"; done
text cap "${tail}HWPOISON_END=16,3
"
text over-cap "${tail}HWPOISON_RANGE=fff000+1000
HWPOISON_END=17,0
"
text dup 'HWPOISON_RANGE=5000+1000
HWPOISON_RANGE=5000+1000
HWPOISON_RANGE=4000+3000
HWPOISON_END=3,0
'
text truncated 'HWPOISON_RANGE=12345000+1000
HWPOISON_END=1,'
text garbage 'HWPOISON_RANGE=0x1000+1000
HWPOISON_END=1,0
'
text overflow 'HWPOISON_RANGE=fffffffffffff000+2000
HWPOISON_END=1,0
'
text no-end 'HWPOISON_RANGE=1000+1000
'

core=$(mktemp)
trap 'rm -f "$core"' EXIT
head -c 336 /dev/zero >"$core"
for t in one block cap truncated; do
	{
		note CORE "$core" 1
		note CORE "$core" 1
		note VMCOREINFO "$dir/seed-text-$t" 0
		head -c 12 /dev/zero
	} >"$dir/seed-notes-$t"
done
echo "$(ls "$dir" | wc -l) seeds in $dir"
