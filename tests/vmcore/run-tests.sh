#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unit tests of vmcore_info (the harness's dump reader) on synthetic dumps
# from mkvmcore: whole dumps of each format, dumps truncated at several
# points, the incomplete flags, a missing end marker, corrupt pages, PFN
# states, whole-file compression and garbage, and each dump of the seed
# corpus against its line in corpus.expect. Each test checks the exact exit
# status and the key output lines. The plan comes first ("1..N"), then one
# line per test; exit 1 on failure.
#
# usage: run-tests.sh BUILD_DIR     (normally via "make check")
#        run-tests.sh --plan        how many tests it runs
set -u
here=$(dirname "$0")
# the tests written out below, plus one per corpus dump
PLAN=$((55 + $(ls "$here"/corpus | wc -l)))
if [ "${1:-}" = --plan ]; then
	echo $PLAN
	exit 0
fi
. "$here/../lib/report.sh"
B=${1:?usage: $0 BUILD_DIR}
MK=$B/mkvmcore
VI=$B/vmcore_info
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
skip=0

# check NAME RC FILE [PFN...] < expected lines (fixed strings, each must appear)
check() {
	name=$1
	rc=$2
	shift 2
	out=$("$VI" "$@" 2>&1)
	got=$?
	why=
	[ "$got" = "$rc" ] || why="exit $got, want $rc"
	while IFS= read -r want; do
		[ -n "$want" ] || continue
		printf '%s\n' "$out" | grep -qF -- "$want" ||
			why="${why:+$why; }no '$want'"
	done
	report "vmcore $name" "$why" "$out"
}

skip() {
	echo "SKIP: vmcore $1"
	skip=$((skip + 1))
}

size() {
	stat -c %s "$1"
}

# cut FILE BYTES OUT: the first BYTES bytes of FILE
cut_at() {
	head -c "$2" "$1" > "$3"
}

# poke FILE OFFSET BYTE...: overwrite bytes in place
poke() {
	f=$1
	off=$2
	shift 2
	for b in "$@"; do
		printf '%b' "\\$(printf %o "$b")" |
			dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
		off=$((off + 1))
	done
}

# --- whole dumps: every format and page compression ---
for c in zlib lzo none; do
	"$MK" -f kdump -c $c -P 1-8 -z 3 -x 10-12 "$T/k-$c"
	check "kdump $c complete" 0 "$T/k-$c" 1 3 9 10 63 64 0xffffffff <<-EOF
	format: kdump
	flattened: no
	osrelease: 6.1.0-synthetic
	page_size: 4096
	pages: 8
	excluded: 3
	complete: yes
	pfn 0x1: present
	pfn 0x3: zero
	pfn 0x9: absent
	pfn 0xa: absent
	pfn 0x3f: absent
	pfn 0x40: absent
	pfn 0xffffffff: absent
	EOF
done

if "$MK" -f kdump -c zstd "$T/k-zstd" 2>/dev/null; then
	check "kdump zstd pages decoded" 0 "$T/k-zstd" 2 <<-EOF
	unverified: 0
	pfn 0x2: present
	EOF
	VI=$B/vmcore_info_nozstd check "kdump zstd pages unverified without libzstd" 0 "$T/k-zstd" 2 <<-EOF
	unverified: 8
	complete: yes
	pfn 0x2: present
	EOF
else
	skip "kdump zstd pages decoded (mkvmcore built without zstd)"
	skip "kdump zstd pages unverified without libzstd (mkvmcore built without zstd)"
fi

"$MK" -f kdump -p 512 -n 4000 -P 0-3999 -z 100-2000 "$T/k-big"
check "kdump many pages, shared zero page" 0 "$T/k-big" 0 100 3999 <<-EOF
pages: 4000
pfn 0x0: present
pfn 0x64: zero
pfn 0xf9f: present
EOF

"$MK" -f flat -P 1-8 -z 3 "$T/f"
check "flat complete" 0 "$T/f" 1 3 9 <<-EOF
format: kdump
flattened: yes
complete: yes
pages: 8
pfn 0x1: present
pfn 0x3: zero
pfn 0x9: absent
EOF

"$MK" -f flat -O -R -r 1000 -P 1-8 -z 3 "$T/f-odd"
check "flat out of order with overwritten header" 0 "$T/f-odd" 1 3 9 <<-EOF
flattened: yes
complete: yes
pfn 0x1: present
pfn 0x3: zero
pfn 0x9: absent
EOF

"$MK" -f elf -P 1-8 -z 3 -x 10-12 "$T/e"
check "elf complete" 0 "$T/e" 1 3 9 10 <<-EOF
format: elf
osrelease: 6.1.0-synthetic
page_size: 4096
pages: 8
excluded: 3
complete: yes
pfn 0x1: present
pfn 0x3: zero
pfn 0x9: absent
pfn 0xa: absent
EOF

"$MK" -f elf -p 512 -P 1-8 "$T/e512"
check "elf page size from VMCOREINFO" 0 "$T/e512" 8 <<-EOF
page_size: 512
pfn 0x8: present
EOF

# --- control pages: the pattern of harness/protocol.h, page by page ---
for f in kdump flat elf; do
	"$MK" -f $f -P 1-8 -z 4 -x 9 -C 3 "$T/c-$f"
	check "$f control pages" 0 --control 3 --control 1 --control 4 --control 9 "$T/c-$f" <<-EOF
	control 0x3: present, pattern ok
	control 0x1: present, pattern wrong at byte 0
	control 0x4: zero, pattern wrong at byte 0
	control 0x9: absent, pattern unknown
	EOF
done
check "control without a pfn" 2 --control <<-EOF
usage:
EOF

# --- the series' record of poisoned memory, located by VMCOREINFO ---
check "no record of poisoned memory" 0 "$T/e" <<-EOF
hwpoison_record: none
EOF
for f in kdump elf; do
	"$MK" -f $f -P 1-8 -x 9 -H 2:3:5000+1000,7000+2000 "$T/r-$f"
	check "$f record of poisoned memory" 0 "$T/r-$f" 5 6 8 9 <<-EOF
	hwpoison_record: 2 ranges, 3 pages, 3 dropped
	unrecorded: 0x6 0x9
	EOF
done
"$MK" -f elf -P 1-8 -H 2:0:5000+1000,6001+1000,7000+0,8000+400000 "$T/r-bad"
check "record slots that are no page range are left out" 0 "$T/r-bad" 5 6 7 8 <<-EOF
hwpoison_record: 1 ranges, 1 pages, 0 dropped
unrecorded: 0x6 0x7 0x8
EOF
"$MK" -f kdump -P 1-8 -x 9 -H 9:0:5000+1000 "$T/r-out"
check "a record the dump left out is unreadable" 0 "$T/r-out" <<-EOF
hwpoison_record: unreadable: the record at 0x9000 is not in the dump whole
EOF

# --- incomplete flags ---
"$MK" -f kdump -I "$T/k-inc"
check "kdump incomplete flag" 1 "$T/k-inc" 1 <<-EOF
complete: no
problem: header status has DUMP_DH_COMPRESSED_INCOMPLETE
pfn 0x1: present
EOF

"$MK" -f flat -I "$T/f-inc"
check "flat incomplete flag" 1 "$T/f-inc" <<-EOF
flattened: yes
problem: header status has DUMP_DH_COMPRESSED_INCOMPLETE
EOF

"$MK" -f elf -I "$T/e-inc"
check "elf incomplete flag" 1 "$T/e-inc" <<-EOF
problem: ELF e_flags has the incomplete bit
EOF

# --- truncation: kdump (header 0, sub-header 4096, bitmaps 8192,
# descriptors 16384, page data 16576...) ---
k=$T/k-zlib
cut_at "$k" 100 "$T/kt1"
check "kdump truncated in header" 1 "$T/kt1" 1 <<-EOF
problem: truncated inside the kdump header
pfn 0x1: unreadable
EOF
cut_at "$k" 4100 "$T/kt2"
check "kdump truncated in sub-header" 1 "$T/kt2" <<-EOF
problem: truncated inside the kdump sub-header
EOF
cut_at "$k" 9000 "$T/kt3"
check "kdump truncated in bitmaps" 1 "$T/kt3" 1 <<-EOF
problem: truncated inside the bitmaps
page_list: cut
pfn 0x1: unreadable
EOF
cut_at "$k" 16400 "$T/kt4"
check "kdump truncated in page descriptors" 1 "$T/kt4" 1 8 <<-EOF
problem: truncated: 8 of 8 pages in the bitmap have no page descriptor (first pfn 0x1)
pfn 0x1: unreadable
pfn 0x8: unreadable
EOF
cut_at "$k" $(((16576 + $(size "$k")) / 2)) "$T/kt5"
check "kdump truncated in page data" 1 "$T/kt5" 1 8 9 <<-EOF
problem: truncated:
page_list: whole
beyond the end of the file
pfn 0x1: present
pfn 0x8: unreadable
pfn 0x9: absent
EOF
cut_at "$k" $(($(size "$k") - 1)) "$T/kt6"
check "kdump missing its last byte" 1 "$T/kt6" 8 <<-EOF
complete: no
problem: truncated: 1 pages listed in the bitmap cannot be read (first pfn 0x8
pfn 0x8: unreadable
EOF

# --- truncation: flattened ---
f=$T/f
cut_at "$f" 100 "$T/ft1"
check "flat truncated in its header" 1 "$T/ft1" <<-EOF
problem: flattened stream truncated inside its 4096-byte header
EOF
cut_at "$f" 5000 "$T/ft2"
check "flat truncated in a record" 1 "$T/ft2" <<-EOF
problem: flattened stream truncated: record 0
problem: flattened stream has no end marker
EOF
cut_at "$f" $((4096 + 16 + 4096)) "$T/ft3"
check "flat truncated at a record boundary" 1 "$T/ft3" <<-EOF
problem: flattened stream has no end marker (truncated after 1 records)
problem: truncated inside the kdump sub-header
EOF
cut_at "$f" $(($(size "$f") - 16)) "$T/ft4"
check "flat without end marker, data whole" 1 "$T/ft4" 1 <<-EOF
problem: flattened stream has no end marker
pfn 0x1: present
EOF
"$MK" -f flat -E "$T/f-noend"
check "flat written without end marker" 1 "$T/f-noend" <<-EOF
problem: flattened stream has no end marker
EOF

# --- truncation: ELF ---
e=$T/e
cut_at "$e" 30 "$T/et1"
check "elf truncated in ELF header" 1 "$T/et1" <<-EOF
problem: truncated inside the ELF header
EOF
cut_at "$e" 150 "$T/et2"
check "elf truncated in program headers" 1 "$T/et2" 1 <<-EOF
problem: truncated inside the ELF program headers
pfn 0x1: unreadable
EOF
cut_at "$e" 400 "$T/et3"
check "elf truncated in notes" 1 "$T/et3" <<-EOF
problem: truncated: PT_NOTE #0 lies beyond the end of the file
EOF
cut_at "$e" $(($(size "$e") - 100)) "$T/et4"
check "elf truncated in page data" 1 "$T/et4" 1 8 9 <<-EOF
problem: truncated: PT_LOAD
pfn 0x1: present
pfn 0x8: unreadable
pfn 0x9: absent
EOF

# --- corrupt pages and descriptors ---
for c in zlib lzo; do
	cp "$T/k-$c" "$T/kc-$c"
	poke "$T/kc-$c" 16590 255 255 255 255 255 255 255 255
	check "kdump corrupt $c page" 1 "$T/kc-$c" 1 2 <<-EOF
	problem: 1 pages listed in the bitmap cannot be read (first pfn 0x1: $c page does not decompress to a page)
	pfn 0x1: unreadable
	pfn 0x2: present
	EOF
done
cp "$T/k-zlib" "$T/kd"
poke "$T/kd" 16384 0 0 0 0 0 0 0 127
check "kdump descriptor pointing outside the file" 1 "$T/kd" 1 <<-EOF
first pfn 0x1: bad page descriptor
pfn 0x1: unreadable
EOF
cp "$T/k-zlib" "$T/km"
poke "$T/km" 440 255 255 255 127
poke "$T/km" 4192 255 255 255 127
check "kdump max_mapnr larger than the bitmaps" 1 "$T/km" 1 <<-EOF
problem: max_mapnr 2147483647 does not fit the 32768-bit bitmaps
pfn 0x1: present
EOF

# --- whole-file compression ---
for z in gzip xz zstd bzip2 lz4; do
	if ! command -v $z > /dev/null; then
		skip "whole-file $z (no $z installed)"
		continue
	fi
	$z -c < "$T/f" > "$T/fz-$z" 2>/dev/null
	check "whole-file $z, flattened inside" 0 "$T/fz-$z" 1 9 <<-EOF
	compression: $z
	flattened: yes
	complete: yes
	pfn 0x1: present
	pfn 0x9: absent
	EOF
done
gzip -c < "$T/e" > "$T/ez"
cut_at "$T/ez" $(($(size "$T/ez") / 2)) "$T/ezt"
check "whole-file gzip truncated" 1 "$T/ezt" <<-EOF
compression: gzip
problem: gzip -dc failed
EOF
gzip -c < "$T/ez" > "$T/ezz"
check "whole-file compression nested twice" 2 "$T/ezz" <<-EOF
gzip-compressed inside a compressed file
EOF

# --- not dumps, bad use ---
head -c 5000 /dev/zero | tr '\0' G > "$T/garbage"
check "garbage" 2 "$T/garbage" <<-EOF
not a crash dump (unknown signature)
EOF
: > "$T/empty"
check "empty file" 2 "$T/empty" <<-EOF
not a crash dump
EOF
printf 'makedumpfile\0\0\0\0\0\0\0\0\0\0\0\2\0\0\0\0\0\0\0\1' > "$T/flat-bad-type"
check "flat header of unknown type" 2 "$T/flat-bad-type" <<-EOF
flattened header has unknown type 2
EOF
check "missing file" 2 "$T/nonexistent" <<-EOF
cannot open
EOF
check "directory" 2 "$T" <<-EOF
not a regular file or block device
EOF
check "no arguments" 2 <<-EOF
usage:
EOF
check "bad pfn argument" 2 "$T/k-zlib" 12x <<-EOF
bad PFN '12x'
EOF

# --- the committed seed corpus: each dump as corpus.expect says ---
for f in "$here"/corpus/*; do
	n=$(basename "$f")
	line=$(grep "^$n " "$here/corpus.expect")
	if [ -z "$line" ]; then
		echo "FAIL: vmcore corpus $n: no line for it in corpus.expect"
		fail=$((fail + 1))
		continue
	fi
	set -- $line
	rc=$2
	shift 2
	echo "$*" >"$T/want"
	check "corpus $n" "$rc" "$f" 1 <"$T/want"
done

ran=$((pass + fail + skip))
echo "vmcore: $pass passed, $fail failed, $skip skipped"
if [ $ran -ne $PLAN ]; then
	echo "FAIL: vmcore: ran $ran tests, the plan says $PLAN; update PLAN in $0"
	exit 1
fi
[ $fail -eq 0 ]
