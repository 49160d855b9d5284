#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the mce-kdump selftest: every skip path of phase 1
# (mce_kdump_inject), every fail path of phase 2 (mce_kdump_check) and its
# passes, on a build host. sysfs, debugfs, procfs and /dev/kmsg are faked
# through the MCE_KDUMP_* roots, dumps are synthetic (mkvmcore), and
# makedumpfile is fake-makedumpfile. Each test asserts the exit status and
# the key lines. One "PASS: name" or "FAIL: name: why" line per test; exit
# 1 if any failed, or if it ran other than --plan says.
#
# usage: run-tests.sh BUILD_DIR     (normally via "make check")
#        run-tests.sh --plan        how many tests it runs
set -u
PLAN=74
if [ "${1:-}" = --plan ]; then
	echo $PLAN
	exit 0
fi
B=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'chattr -i "$T"/*/debug/apei/einj/* 2>/dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
mkdir "$T/tmp"
export TMPDIR="$T/tmp"
pass=0
fail=0
skip=0

INJECT=$B/mce_kdump_inject
CHECK=$B/mce_kdump_check
MK=$B/mkvmcore
NOW=$(date +%s)
REL=6.1.0-synthetic

. "$here/../lib/report.sh"

skip() {
	echo "SKIP: kselftest $1"
	skip=$((skip + 1))
}

# expect NAME RC CMD... < lines that must appear (fixed strings); a line
# starting with "!" must not appear
expect() {
	local name=$1 rc=$2 out got why= want
	shift 2
	out=$("$@" 2>&1)
	got=$?
	[ "$got" = "$rc" ] || why="exit $got, want $rc"
	while IFS= read -r want; do
		case $want in
		"") ;;
		!*) ! printf '%s\n' "$out" | grep -qF -- "${want#!}" ||
			why="${why:+$why; }has '${want#!}'" ;;
		*) printf '%s\n' "$out" | grep -qF -- "$want" ||
			why="${why:+$why; }no '$want'" ;;
		esac
	done
	report "kselftest $name" "$why" "$out"
}

# assert NAME WHY CMD...: passes when CMD succeeds
assert() {
	local name=$1 why=$2
	shift 2
	if "$@"; then report "kselftest $name" ""; else report "kselftest $name" "$why"; fi
}

# A fresh fake machine in $R: kdump loaded, no lockdown, EINJ in ACPI5 mode
# offering the memory UC types, a boot_id, kmsg, an empty dump directory.
fake_machine() {
	R=$T/$1
	chattr -i "$R"/debug/apei/einj/* 2>/dev/null
	rm -rf "$R"
	mkdir -p "$R/sys/kernel/security" "$R/sys/firmware/acpi/tables" \
		"$R/debug/apei/einj" \
		"$R/proc/sys/kernel/random" "$R/crash" "$R/state"
	echo 1 > "$R/sys/kernel/kexec_crash_loaded"
	echo "[none] integrity confidentiality" > "$R/sys/kernel/security/lockdown"
	: > "$R/sys/firmware/acpi/tables/EINJ"
	printf '0x00000008\tMemory Correctable\n0x00000010\tMemory Uncorrectable non-fatal\n0x00000020\tMemory Uncorrectable fatal\n' \
		> "$R/debug/apei/einj/available_error_type"
	for f in error_type flags param1 param2 param3 param4 notrigger error_inject; do
		: > "$R/debug/apei/einj/$f"
	done
	echo fake-boot-now > "$R/proc/sys/kernel/random/boot_id"
	printf '           CPU0       CPU1\n MCE:          0          0   Machine check exceptions\n' \
		> "$R/proc/interrupts"
	ln -s /proc/self "$R/proc/self"
	: > "$R/kmsg"
	export MCE_KDUMP_SYSFS="$R/sys" MCE_KDUMP_DEBUGFS="$R/debug"
	export MCE_KDUMP_PROC="$R/proc" MCE_KDUMP_KMSG="$R/kmsg"
	export MCE_KDUMP_STATE="$R/state/state" MCE_KDUMP_DUMP_DIR="$R/crash"
	export MCE_KDUMP_MAKEDUMPFILE="$here/fake-makedumpfile" FAKE_DMESG="$R/dmesg"
	unset MCE_KDUMP_CRASH MCE_KDUMP_DUMP
}

# write_state CASE BOOT_ID PFN [TIME [RELEASE]]: the state phase 1 writes
write_state() {
	local paddr
	paddr=0x$(printf %x $(($3 * 4096 + 64)))
	MARKER="mce-kdump: $1: injecting error type 0x10 at $paddr pfn 0x$(printf %x "$3") boot_id $2"
	cat > "$MCE_KDUMP_STATE" <<-EOF
	case=$1
	pfn=0x$(printf %x "$3")
	paddr=$paddr
	error_type=0x10
	time=${4:-$((NOW - 100))}
	boot_id=$2
	release=${5:-$REL}
	dump_dir=$R/crash
	EOF
}

# write_log [PANIC_REASON] > FILE: the dump's kernel log
write_log() {
	cat <<-EOF
	[    0.000000] Linux version $REL
	[   12.000000] $MARKER
	[   12.100000] mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 1: be00000000000134
	[   12.100001] Kernel panic - not syncing: ${1:-Fatal machine check}
	EOF
}

# kdump-tools' layout: crash/<stamp>/dump.<stamp> and dmesg.<stamp>
STAMP=202611241200
D=
kdump_tools() {
	mkdir -p "$R/crash/$STAMP"
	D=$R/crash/$STAMP/dump.$STAMP
	write_log "$@" > "$R/crash/$STAMP/dmesg.$STAMP"
}

expect "check: two dumps named is a usage error" 1 "$CHECK" a b <<-EOF
usage:
EOF

# a whole case for phase 2: state (sq_ring, pfn 20 unless given), log,
# and a flattened dump with pfns 1-8 made by mkvmcore ARGS
case2() {
	fake_machine check
	write_state sq_ring fake-boot-before "${PFN:-20}"
	kdump_tools
	"$MK" -f flat -P 1-8 "$@" "$D"
}

# ---------------- phase 1: mce_kdump_inject ----------------

fake_machine inject
expect "inject: bad case is a usage error" 1 "$INJECT" --case nosuch <<-EOF
usage:
EOF

if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	mkdir -p "$T/bin"
	cp "$INJECT" "$CHECK" "$T/bin/"
	chmod 755 "$T/bin" "$T/bin"/*
	expect "inject: not root skips" 4 setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$T/bin/mce_kdump_inject" --crash <<-EOF
	1..0 # SKIP not running as root
	EOF
else
	skip "inject: not root (needs root and setpriv)"
fi

if [ "$(id -u)" != 0 ]; then
	skip "inject: every test past the root check (needs root)"
else
	fake_machine inject
	echo "none [integrity] confidentiality" > "$R/sys/kernel/security/lockdown"
	expect "inject: lockdown skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP kernel lockdown [integrity]: lockdown refuses debugfs writes
	EOF

	fake_machine inject
	if chattr +i "$R/debug/apei/einj/param2" 2>/dev/null; then
		expect "inject: EINJ files refused (EPERM) skip as lockdown" 4 "$INJECT" --crash <<-EOF
		1..0 # SKIP cannot open $R/debug/apei/einj/param2 for writing: Operation not permitted: lockdown
		EOF
		chattr -i "$R/debug/apei/einj/param2"
	else
		skip "inject: EINJ files refused (no chattr +i here)"
	fi

	fake_machine inject
	echo 0 > "$R/sys/kernel/kexec_crash_loaded"
	expect "inject: kdump not loaded skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP no capture kernel loaded
	kdump-config load
	EOF
	rm "$R/sys/kernel/kexec_crash_loaded"
	expect "inject: no kexec_crash_loaded skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP no capture kernel loaded ($R/sys/kernel/kexec_crash_loaded)
	EOF

	fake_machine inject
	rm -r "$R/debug/apei" "$R/sys/firmware/acpi/tables/EINJ"
	expect "inject: no EINJ table (BIOS) skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP the firmware has no EINJ table
	enable error injection in the BIOS setup
	EOF

	fake_machine inject
	rm -r "$R/debug/apei"
	expect "inject: EINJ not loaded skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ is not loaded
	modprobe einj
	EOF

	fake_machine inject
	printf '0x00000008\tMemory Correctable\n' > "$R/debug/apei/einj/available_error_type"
	expect "inject: no memory UC type skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ offers no memory uncorrectable error (0x10 or 0x20; it has 0x8)
	EOF

	fake_machine inject
	rm "$R/debug/apei/einj/param1"
	expect "inject: EINJ without an address (not ACPI5) skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ takes no address
	SET_ERROR_TYPE_WITH_ADDRESS
	EOF

	untouched() {
		[ -z "$(ls -A "$R/state")" ] && [ ! -s "$R/kmsg" ] &&
			[ -z "$(cat "$R"/debug/apei/einj/{error_type,param1,error_inject})" ]
	}

	fake_machine inject
	head -c 8 /dev/zero > "$R/proc/kpageflags"
	truncate -s 1T "$R/proc/kpageflags"
	expect "inject: sqe_tail on order-0 pages skips" 4 "$INJECT" --crash --case sqe_tail <<-EOF
	# case sqe_tail: pfn
	is no compound tail page: this kernel gave the SQE array as order-0 pages
	EOF
	assert "inject: sqe_tail skip touches nothing" "state, kmsg or EINJ written" untouched

	fake_machine inject
	expect "inject: no opt-in skips" 4 "$INJECT" <<-EOF
	1..0 # SKIP destructive test not enabled
	Opt in with --crash (or MCE_KDUMP_CRASH=1)
	EOF
	assert "inject: no opt-in touches nothing" "state, kmsg or EINJ written" untouched

	# The whole injection against fake EINJ files: nothing is poisoned,
	# io_uring_enter returns, and no machine check is counted: a skip.
	fake_machine inject
	out=$("$INJECT" --crash 2>&1)
	rc=$?
	e=$R/debug/apei/einj
	pfn=$(printf '%s\n' "$out" | sed -n 's/^# case sq_ring: pfn \(0x[0-9a-f]*\), .*/\1/p')
	paddr=$(printf '%s\n' "$out" | sed -n 's/^# case sq_ring: .*, line \(0x[0-9a-f]*\), .*/\1/p')
	why=
	[ $rc = 4 ] || why="exit $rc, want 4"
	printf '%s\n' "$out" | grep -qF "SKIP survived, and no machine check was logged" ||
		why="$why; no survived skip"
	[ -n "$pfn" ] && [ "$((paddr >> 12))" = "$((pfn))" ] && [ "$((paddr & 63))" = 0 ] ||
		why="$why; line '$paddr' not in pfn '$pfn'"
	[ "$(cat "$e/error_type")" = 0x10 ] || why="$why; error_type $(cat "$e/error_type")"
	[ "$(cat "$e/flags")" = 0x2 ] || why="$why; flags $(cat "$e/flags")"
	[ "$(cat "$e/param1")" = "$paddr" ] || why="$why; param1 $(cat "$e/param1")"
	[ "$(cat "$e/param2")" = 0xffffffffffffffc0 ] || why="$why; param2 $(cat "$e/param2")"
	[ "$(cat "$e/notrigger")" = 1 ] || why="$why; notrigger $(cat "$e/notrigger")"
	[ "$(cat "$e/error_inject")" = 1 ] || why="$why; error_inject not written"
	grep -qxF "mce-kdump: sq_ring: injecting error type 0x10 at $paddr pfn $pfn boot_id fake-boot-now" \
		"$R/kmsg" || why="$why; no marker in kmsg"
	[ -z "$(ls -A "$R/state")" ] || why="$why; state left: $(ls "$R/state")"
	report "kselftest inject: full run writes EINJ with a line mask, survives unlogged: skip" "${why#; }" "$out"

	# a machine check counted between the two reads: the kernel survived it
	fake_machine inject
	printf '0x00000020\tMemory Uncorrectable fatal\n' > "$R/debug/apei/einj/available_error_type"
	rm "$R/proc/interrupts"
	mkfifo "$R/proc/interrupts"
	# a writer per open: 0 for the first read, then 1 (a reader that
	# closes early only costs the writer an EPIPE)
	(trap '' PIPE; n=0; while :; do
		echo " MCE: $n 0 Machine check exceptions" 2>/dev/null > "$R/proc/interrupts"
		n=1; done) &
	writer=$!
	MCE_KDUMP_CRASH=1 expect "inject: machine check logged but survived fails" 1 \
		"$INJECT" <<-EOF
	Bail out! a machine check was logged, but the kernel's read of the poison did not panic
	EOF
	kill $writer
	wait $writer 2>/dev/null
	assert "inject: MCE_KDUMP_CRASH=1 opts in; 0x20 when only it is offered" "error_type is not 0x20" \
		grep -qx 0x20 "$R/debug/apei/einj/error_type"

	fake_machine inject
	echo "stale" > "$R/debug/apei/einj/notrigger"
	expect "inject: --trigger clears notrigger" 4 "$INJECT" --crash --trigger <<-EOF
	SKIP survived, and no machine check was logged
	EOF
	assert "inject: --trigger wrote notrigger=0" "notrigger is $(cat "$R/debug/apei/einj/notrigger")" \
		grep -qx 0 "$R/debug/apei/einj/notrigger"

	for t in "" --trigger; do
		fake_machine inject
		rm "$R/debug/apei/einj/error_inject"
		ln -s /dev/full "$R/debug/apei/einj/error_inject"
		expect "inject: firmware refusal skips ${t:-(notrigger)}" 4 "$INJECT" --crash $t <<-EOF
		1..0 # SKIP EINJ refused the injection (No space left on device)
		EOF
		assert "inject: firmware refusal ${t:-(notrigger)} leaves no state" "state left" \
			test -z "$(ls -A "$R/state")"
	done

	fake_machine inject
	: > "$T/notadir"
	MCE_KDUMP_STATE=$T/notadir/state expect "inject: unwritable state fails before injecting" 1 \
		"$INJECT" --crash <<-EOF
	Bail out! cannot write the state file
	EOF
	assert "inject: nothing injected without a state file" "error_inject written" \
		test ! -s "$R/debug/apei/einj/error_inject"

	# the tail case on this host's own kernel, if it gives a compound page
	fake_machine inject
	rm "$R/proc/self"
	ln -s /proc/self "$R/proc/self"
	ln -s /proc/kpageflags "$R/proc/kpageflags"
	out=$("$INJECT" --case sqe_tail 2>&1)
	if printf '%s\n' "$out" | grep -q "no compound tail page"; then
		skip "inject: sqe_tail finds a tail page (this host gave order-0 pages)"
	else
		expect "inject: sqe_tail finds a tail page on this host" 4 "$INJECT" --case sqe_tail <<-EOF
		# case sqe_tail: pfn
		SKIP destructive test not enabled
		EOF
	fi
fi

# ---------------- phase 2: mce_kdump_check ----------------

fake_machine check
expect "check: no state file skips" 4 "$CHECK" <<-EOF
1..0 # SKIP no state file $R/state/state: phase 1 has not run
make -C tools/testing/selftests/mce-kdump run_crash
EOF

if [ "$(id -u)" = 0 ] && [ -x "$T/bin/mce_kdump_check" ]; then
	fake_machine check
	write_state sq_ring fake-boot-before 20
	chmod 600 "$MCE_KDUMP_STATE"
	chmod 755 "$R" "$R/state"
	expect "check: unreadable state (not root) skips" 4 setpriv --reuid=65534 \
		--regid=65534 --clear-groups "$T/bin/mce_kdump_check" <<-EOF
	1..0 # SKIP cannot read the state file $R/state/state: run as root
	EOF
else
	skip "check: unreadable state (needs root and setpriv)"
fi

fake_machine check
echo "case=sq_ring" > "$MCE_KDUMP_STATE"
expect "check: malformed state fails" 1 "$CHECK" <<-EOF
Bail out! malformed state file $R/state/state
EOF
assert "check: malformed state is removed" "still there" test ! -e "$MCE_KDUMP_STATE"

case2
echo fake-boot-before > "$R/proc/sys/kernel/random/boot_id"
expect "check: state from this boot fails" 1 "$CHECK" <<-EOF
Bail out! no reboot since phase 1 injected: the machine did not crash
EOF

case2
expect "check: dump without the page, dmesg beside it passes" 0 "$CHECK" <<-EOF
# log: $R/crash/$STAMP/dmesg.$STAMP
ok 1 sq_ring_dump_found
ok 2 sq_ring_dump_complete
ok 3 sq_ring_page_excluded
ok 4 sq_ring_panic_reason
ok 5 sq_ring_inject_marker
echo 0x14040 > /sys/devices/system/memory/hard_offline_page
# Totals: pass:5 fail:0
EOF
assert "check: state removed after reporting" "still there" test ! -e "$MCE_KDUMP_STATE"

PFN=3 case2
expect "check: dump holding the page fails" 1 "$CHECK" <<-EOF
# pfn 0x3: in the dump: not marked PG_hwpoison
not ok 3 sq_ring_page_excluded
!hard_offline_page
EOF

fake_machine check
write_state sqe_tail fake-boot-before 20
kdump_tools
"$MK" -f flat -P 1-8 "$D"
expect "check: case name comes from the state" 0 "$CHECK" <<-EOF
ok 1 sqe_tail_dump_found
ok 5 sqe_tail_inject_marker
EOF

case2 -o 6.1.0-other
expect "check: dump of another kernel release fails" 1 "$CHECK" <<-EOF
# the dump is of 6.1.0-other, phase 1 ran $REL
not ok 1 sq_ring_dump_found
EOF

case2
touch -d "@$((NOW - 1000))" "$D"
expect "check: only a dump older than the injection fails" 1 "$CHECK" <<-EOF
# 1 dumps older than the injection ignored
not ok 1 sq_ring_dump_found
ok 2 # SKIP sq_ring_dump_complete
EOF

case2
mkdir -p "$R/crash/201901010000"
"$MK" -f flat -P 1-8 "$R/crash/201901010000/dump.201901010000"
touch -d "@$((NOW - 1000))" "$R/crash/201901010000/dump.201901010000"
expect "check: an older dump beside the new one is ignored" 0 "$CHECK" <<-EOF
# 1 dumps older than the injection ignored
ok 1 sq_ring_dump_found
EOF

fake_machine check
write_state sq_ring fake-boot-before 20
expect "check: no dump at all fails" 1 "$CHECK" <<-EOF
# dump: none written since the injection in $R/crash
not ok 1 sq_ring_dump_found
EOF

case2 -E
expect "check: stream without its end marker fails" 1 "$CHECK" <<-EOF
# incomplete: the stream ends without its end marker
not ok 2 sq_ring_dump_complete
EOF

case2
head -c $(($(stat -c %s "$D") / 2)) "$D" > "$T/half" && mv "$T/half" "$D"
expect "check: truncated stream fails" 1 "$CHECK" <<-EOF
not ok 2 sq_ring_dump_complete
EOF

case2 -I
expect "check: incomplete flag fails" 1 "$CHECK" <<-EOF
# incomplete: the header has DUMP_DH_COMPRESSED_INCOMPLETE
not ok 2 sq_ring_dump_complete
EOF

case2
mv "$D" "$R/crash/$STAMP/dump-incomplete"
expect "check: kdump-tools' dump-incomplete fails" 1 "$CHECK" <<-EOF
# incomplete: kdump-tools left dump-incomplete: makedumpfile did not finish
not ok 2 sq_ring_dump_complete
EOF

case2
rm "$D"
"$MK" -f elf -P 1-8 "$R/crash/$STAMP/vmcore.$STAMP"
expect "check: kdump-tools' cp fallback fails" 1 "$CHECK" <<-EOF
is no flattened dump (makedumpfile -F, what kdump-tools writes): not judged
# incomplete: kdump-tools left vmcore.$STAMP: makedumpfile did not finish and cp ran
not ok 2 sq_ring_dump_complete
ok 3 # SKIP sq_ring_page_excluded
EOF

case2
: > "$D"
expect "check: empty dump (kdump-tools' pipefail trap) fails" 1 "$CHECK" <<-EOF
# the stream ends in its header
ok 1 sq_ring_dump_found
not ok 2 sq_ring_dump_complete
not ok 3 sq_ring_page_excluded
EOF

case2
"$MK" -f kdump -P 1-8 "$T/plain"
expect "check: a dump that is not a flattened stream skips" 4 "$CHECK" "$T/plain" <<-EOF
is no flattened dump
ok 2 # SKIP sq_ring_dump_complete
EOF

case2 -R
expect "check: page whose bitmap byte came before the header is not verified" 1 "$CHECK" <<-EOF
# pfn 0x14: not verified
not ok 3 sq_ring_page_excluded
EOF

# a record with an offset past 2^62, before the end marker
case2
head -c -16 "$D" > "$T/bad"
printf '\x40\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01x\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' >> "$T/bad"
mv "$T/bad" "$D"
expect "check: bad record fails" 1 "$CHECK" <<-EOF
# bad record in the stream
not ok 2 sq_ring_dump_complete
EOF

case2
write_log "sysrq triggered crash" > "$R/crash/$STAMP/dmesg.$STAMP"
sed -i '/mce-kdump: sq_ring: injecting/d' "$R/crash/$STAMP/dmesg.$STAMP"
expect "check: wrong panic reason and no marker fail" 1 "$CHECK" <<-EOF
# panic: Kernel panic - not syncing: sysrq triggered crash
not ok 4 sq_ring_panic_reason
not ok 5 sq_ring_inject_marker
EOF

for reason in "Fatal local machine check" "Failed kernel mode recovery" \
	"Timeout: Not all CPUs entered broadcast exception handler" "Fatal hardware error!"; do
	case2
	write_log "$reason" > "$R/crash/$STAMP/dmesg.$STAMP"
	expect "check: panic '$reason' is a machine check" 0 "$CHECK" <<-EOF
	ok 4 sq_ring_panic_reason
	EOF
done

case2
echo "[    1.000000] nothing to see" > "$R/crash/$STAMP/dmesg.$STAMP"
expect "check: log without a panic line fails" 1 "$CHECK" <<-EOF
# panic: none in the log
not ok 4 sq_ring_panic_reason
EOF

# no dmesg.<stamp>: makedumpfile -R into TMPDIR, then --dump-dmesg
case2
mv "$R/crash/$STAMP/dmesg.$STAMP" "$FAKE_DMESG"
expect "check: no dmesg, the log through makedumpfile passes" 0 "$CHECK" <<-EOF
# log: from $here/fake-makedumpfile --dump-dmesg
ok 4 sq_ring_panic_reason
EOF

case2
rm "$R/crash/$STAMP/dmesg.$STAMP"
MCE_KDUMP_MAKEDUMPFILE=$T/no-makedumpfile expect "check: no dmesg, no makedumpfile skips the log tests" 0 \
	"$CHECK" <<-EOF
# no $R/crash/$STAMP/dmesg.$STAMP, and no $T/no-makedumpfile to read the log
ok 4 # SKIP sq_ring_panic_reason
ok 5 # SKIP sq_ring_inject_marker
EOF

case2
rm "$R/crash/$STAMP/dmesg.$STAMP"
FAKE_DMESG=$T/no-log expect "check: no dmesg, makedumpfile failing skips the log tests" 0 "$CHECK" <<-EOF
could not read the log
ok 4 # SKIP sq_ring_panic_reason
EOF

# A makedumpfile that never returns: not run on a dump that is not whole
# (1.7.6's -R spins on some cut streams), stopped after MCE_KDUMP_TIMEOUT
# on a whole one. timeout(1) only bounds a check that would hang.
printf '#!/bin/sh\nexec sleep 100\n' > "$T/hang-makedumpfile"
chmod +x "$T/hang-makedumpfile"
case2 -E
rm "$R/crash/$STAMP/dmesg.$STAMP"
MCE_KDUMP_MAKEDUMPFILE=$T/hang-makedumpfile expect "check: no dmesg, a dump not whole skips the log tests" 1 \
	timeout 30 "$CHECK" <<-EOF
# no $R/crash/$STAMP/dmesg.$STAMP, and the dump is not whole: makedumpfile -R may not return on it
not ok 2 sq_ring_dump_complete
ok 4 # SKIP sq_ring_panic_reason
ok 5 # SKIP sq_ring_inject_marker
EOF

case2
rm "$R/crash/$STAMP/dmesg.$STAMP"
MCE_KDUMP_MAKEDUMPFILE=$T/hang-makedumpfile MCE_KDUMP_TIMEOUT=1 expect \
	"check: a makedumpfile that never returns is stopped, the log tests skipped" 0 \
	timeout 30 "$CHECK" <<-EOF
# no $R/crash/$STAMP/dmesg.$STAMP, and $T/hang-makedumpfile did not finish in 1 s (MCE_KDUMP_TIMEOUT)
ok 4 # SKIP sq_ring_panic_reason
EOF

# a record claiming an offset of 2^61: no disk has room for its -R copy
case2
rm "$R/crash/$STAMP/dmesg.$STAMP"
head -c -16 "$D" > "$T/big"
printf '\x20\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01x\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' >> "$T/big"
mv "$T/big" "$D"
expect "check: no dmesg and no room for the -R copy skips the log tests" 0 "$CHECK" <<-EOF
for the 2199023255552 MiB makedumpfile -R copy
ok 4 # SKIP sq_ring_panic_reason
ok 3 sq_ring_page_excluded
EOF

for z in gzip xz zstd bzip2 lz4; do
	command -v $z > /dev/null || { skip "check: $z-compressed dump ($z missing)"; continue; }
	case2
	$z -c < "$D" > "$D.z" && mv "$D.z" "$D"
	expect "check: $z-compressed stream passes" 0 "$CHECK" <<-EOF
	# dump: $D $REL, $z
	ok 2 sq_ring_dump_complete
	ok 3 sq_ring_page_excluded
	EOF
done

case2
mv "$R/crash/$STAMP/dmesg.$STAMP" "$FAKE_DMESG"
gzip -c < "$D" > "$D.z" && mv "$D.z" "$D"
expect "check: gzip-compressed, no dmesg: -R through gzip passes" 0 "$CHECK" <<-EOF
# log: from $here/fake-makedumpfile --dump-dmesg
ok 5 sq_ring_inject_marker
EOF

case2
gzip -c < "$D" | head -c 2000 > "$D.z" && mv "$D.z" "$D"
expect "check: truncated gzip fails" 1 "$CHECK" <<-EOF
not ok 2 sq_ring_dump_complete
EOF

case2
gzip -c < "$D" > "$D.z" && mv "$D.z" "$D"
expect "check: compressed, decompressor missing skips" 4 env PATH=/nowhere "$CHECK" <<-EOF
# gzip is not installed
ok 2 # SKIP sq_ring_dump_complete
ok 3 # SKIP sq_ring_page_excluded
EOF

# 64 MiB of zeros inside a flattened record compress to 64 KiB: past 64x
case2
{ head -c -16 "$D"
  printf '\0\0\0\0\x01\0\0\0\0\0\0\0\x04\0\0\0'
  head -c 64M /dev/zero
  printf '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff'
} | gzip -c > "$D.z" && mv "$D.z" "$D"
expect "check: decompression past 64 times the file skips" 4 "$CHECK" <<-EOF
# the stream grows past 64 times the file
ok 2 # SKIP sq_ring_dump_complete
EOF

case2
expect "check: a named dump that does not exist fails" 1 "$CHECK" "$T/nothing" <<-EOF
# dump: none at $T/nothing
not ok 1 sq_ring_dump_found
EOF

case2
expect "check: a dump named on the command line is used as is" 0 "$CHECK" "$D" <<-EOF
# dump: $D $REL
ok 3 sq_ring_page_excluded
EOF

left=$(ls -A "$TMPDIR")
report "kselftest check: no scratch files left in TMPDIR" "${left:+left: $left}" ""

needed=$(readelf -d "$INJECT" "$CHECK" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u | tr '\n' ' ')
report "kselftest selftest links no library but libc" \
	"$([ "$needed" = "libc.so.6 " ] || echo "needs: $needed")" ""

echo "kselftest: $pass passed, $fail failed, $skip skipped"
if [ $((pass + fail + skip)) -ne $PLAN ]; then
	echo "FAIL: kselftest: ran $((pass + fail + skip)) tests, the plan says $PLAN; update PLAN in $0"
	exit 1
fi
[ $fail -eq 0 ]
