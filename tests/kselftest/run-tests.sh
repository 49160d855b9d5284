#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host tests of the mce-kdump selftest: every skip and fail path of both
# phases, and passing check runs, on a build host. sysfs, debugfs, procfs
# and /dev/kmsg are faked through the MCE_KDUMP_* variables, dumps are
# synthetic (mkvmcore), and makedumpfile is fake-makedumpfile. Each test
# asserts the exit status and the key message. One line per test; exit 1
# if any failed, or if it ran other than --plan says.
#
# usage: run-tests.sh BUILD_DIR     (normally via "make check")
#        run-tests.sh --plan        how many tests it runs
set -u
PLAN=39
if [ "${1:-}" = --plan ]; then
	echo $PLAN
	exit 0
fi
B=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
# scratch space of mce_kdump_check and vmcore.c, checked at the end
mkdir "$T/tmp"
export TMPDIR="$T/tmp"
pass=0
fail=0
skip=0

INJECT=$B/mce_kdump_inject
CHECK=$B/mce_kdump_check
MK=$B/mkvmcore
FAKE_MDF=$here/fake-makedumpfile
NOW=$(date +%s)

# report NAME WHY OUTPUT: WHY empty means the test passed
report() {
	if [ -z "$2" ]; then
		echo "PASS: kselftest $1"
		pass=$((pass + 1))
	else
		echo "FAIL: kselftest $1: $2"
		printf '%s\n' "$3" | sed 's/^/     | /'
		fail=$((fail + 1))
	fi
}

# assert NAME WHY CMD...: a test that passes when CMD succeeds
assert() {
	name=$1
	why=$2
	shift 2
	if "$@"; then
		report "$name" "" ""
	else
		report "$name" "$why" ""
	fi
}

skip() {
	echo "SKIP: kselftest $1"
	skip=$((skip + 1))
}

# expect NAME RC CMD... < expected lines (fixed strings, each must appear)
expect() {
	name=$1
	rc=$2
	shift 2
	out=$("$@" 2>&1)
	got=$?
	why=
	[ "$got" = "$rc" ] || why="exit $got, want $rc"
	while IFS= read -r want; do
		[ -n "$want" ] || continue
		printf '%s\n' "$out" | grep -qF -- "$want" ||
			why="${why:+$why; }no '$want'"
	done
	report "$name" "$why" "$out"
}

# A fresh fake machine in $R: kdump loaded, EINJ in ACPI5 mode offering
# memory UC types, a boot_id, a kmsg file, an empty dump directory.
fake_machine() {
	R=$T/$1
	rm -rf "$R"
	mkdir -p "$R/sys/kernel" "$R/debug/apei/einj" "$R/proc/sys/kernel/random" \
		"$R/crash" "$R/state"
	echo 1 > "$R/sys/kernel/kexec_crash_loaded"
	printf '0x00000008\tMemory Correctable\n0x00000010\tMemory Uncorrectable non-fatal\n0x00000020\tMemory Uncorrectable fatal\n' \
		> "$R/debug/apei/einj/available_error_type"
	for f in error_type flags param1 param2 param3 param4 notrigger error_inject; do
		: > "$R/debug/apei/einj/$f"
	done
	echo fake-boot-now > "$R/proc/sys/kernel/random/boot_id"
	ln -s /proc/self "$R/proc/self"
	: > "$R/kmsg"
	export MCE_KDUMP_SYSFS="$R/sys" MCE_KDUMP_DEBUGFS="$R/debug"
	export MCE_KDUMP_PROC="$R/proc" MCE_KDUMP_KMSG="$R/kmsg"
	export MCE_KDUMP_STATE="$R/state/state" MCE_KDUMP_DUMP_DIR="$R/crash"
	export MCE_KDUMP_MAKEDUMPFILE="$FAKE_MDF" FAKE_DMESG="$R/dmesg"
	unset MCE_KDUMP_CRASH MCE_KDUMP_DUMP
}

# write_state BOOT_ID PFN [TIME]: a state file as the inject phase writes it
MARKER=
write_state() {
	MARKER="mce-kdump: injecting error type 0x10 at 0x$(printf %x $(($2 * 4096 + 64))) pfn 0x$(printf %x "$2") boot_id $1"
	cat > "$MCE_KDUMP_STATE" <<-EOF
	# mce-kdump state, written by mce_kdump_inject
	version=1
	pfn=0x$(printf %x "$2")
	paddr=0x$(printf %x $(($2 * 4096 + 64)))
	error_type=0x10
	boot_id=$1
	time=${3:-$((NOW - 100))}
	dump_dir=$R/crash
	target=io_uring-sq-ring
	marker=$MARKER
	EOF
}

# write_log [PANIC_REASON]: the kernel log fake-makedumpfile extracts
write_log() {
	cat > "$FAKE_DMESG" <<-EOF
	[    0.000000] Linux version 6.1.0-synthetic
	[   12.000000] $MARKER
	[   12.100000] mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 1: be00000000000134
	[   12.100001] Kernel panic - not syncing: ${1:-Fatal machine check}
	EOF
}

# kdump-tools layout: crash/<stamp>/dump.<stamp>
kdump_tools_dump() {
	mkdir -p "$R/crash/202611241200"
	echo "$R/crash/202611241200/dump.202611241200"
}

# ---------------- phase 1: mce_kdump_inject ----------------

fake_machine inject
if command -v setpriv > /dev/null && [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/bin"
	cp "$INJECT" "$T/bin/"
	chmod 755 "$T/bin" "$T/bin/mce_kdump_inject"
	expect "inject: not root skips" 4 \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$T/bin/mce_kdump_inject" --crash <<-EOF
	1..0 # SKIP not running as root
	EOF
else
	skip "inject: not root (needs root and setpriv)"
fi

# Past the root check, the inject phase sets up io_uring and reads its
# PFN before it looks for the opt-in: that needs root and io_uring here.
NO_INJECT=
if [ "$(id -u)" != 0 ]; then
	NO_INJECT="needs root for pagemap PFNs"
elif "$INJECT" 2>&1 | grep -q "io_uring unavailable"; then
	NO_INJECT="io_uring disabled on this host"
fi
if [ -n "$NO_INJECT" ]; then
	skip "inject: precondition, opt-in and full-run tests ($NO_INJECT)"
else
	echo 0 > "$R/sys/kernel/kexec_crash_loaded"
	expect "inject: kdump not loaded skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP no capture kernel loaded
	kdump-config load
	EOF
	rm "$R/sys/kernel/kexec_crash_loaded"
	expect "inject: kexec_crash_loaded missing skips" 4 "$INJECT" --crash <<-EOF
	kexec_crash_loaded missing: the kernel lacks CONFIG_KEXEC_CORE/CONFIG_CRASH_DUMP
	EOF

	fake_machine inject
	rm -r "$R/debug/apei"
	expect "inject: no EINJ skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ debugfs $R/debug/apei/einj missing
	modprobe einj
	EOF

	fake_machine inject
	printf '0x00000008\tMemory Correctable\n' > "$R/debug/apei/einj/available_error_type"
	expect "inject: EINJ without memory UC types skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ offers no memory UC type
	EOF

	fake_machine inject
	printf '0x00000010\tMemory Uncorrectable non-fatal\n' > "$R/debug/apei/einj/available_error_type"
	expect "inject: chosen error type not offered skips" 4 "$INJECT" --crash --error-type 0x20 <<-EOF
	1..0 # SKIP EINJ does not offer error type 0x20
	EOF

	fake_machine inject
	rm "$R/debug/apei/einj/param1"
	expect "inject: EINJ not in ACPI5 mode skips" 4 "$INJECT" --crash <<-EOF
	1..0 # SKIP EINJ is not in ACPI5 mode ($R/debug/apei/einj/param1 missing)
	EOF

	fake_machine inject
	expect "inject: bad --error-type is a usage error" 1 "$INJECT" --error-type 0x8 <<-EOF
	--error-type 0x10|0x20
	EOF

	fake_machine inject
	expect "inject: no opt-in skips" 4 "$INJECT" <<-EOF
	1..0 # SKIP destructive test not enabled
	Opt in with --crash (or MCE_KDUMP_CRASH=1)
	EOF
	untouched() {
		[ ! -e "$MCE_KDUMP_STATE" ] && [ ! -s "$R/kmsg" ] &&
			[ ! -s "$R/debug/apei/einj/error_inject" ]
	}
	assert "inject: no opt-in touches nothing" "state, kmsg or EINJ written" untouched

	# The whole injection against fake EINJ files: nothing is poisoned, so
	# io_uring_enter returns and the test must say so and clean up.
	fake_machine inject
	out=$("$INJECT" --crash 2>&1)
	rc=$?
	e=$R/debug/apei/einj
	pfn=$(printf '%s\n' "$out" | sed -n 's/^#   pfn=//p')
	paddr=$(printf '%s\n' "$out" | sed -n 's/^#   paddr=//p')
	why=
	[ $rc = 1 ] || why="exit $rc, want 1"
	printf '%s\n' "$out" | grep -qF "Bail out! FAIL: the kernel read the poisoned line and did not panic" ||
		why="$why; no FAIL line"
	[ -n "$pfn" ] && [ "$((paddr >> 12))" = "$((pfn))" ] &&
		[ "$((paddr & 63))" = 0 ] || why="$why; paddr $paddr not a line in pfn $pfn"
	[ "$(cat "$e/error_type")" = 0x10 ] || why="$why; error_type $(cat "$e/error_type")"
	[ "$(cat "$e/flags")" = 0x2 ] || why="$why; flags $(cat "$e/flags")"
	[ "$(cat "$e/param1")" = "$paddr" ] || why="$why; param1 $(cat "$e/param1")"
	[ "$(cat "$e/param2")" = 0xfffffffffffff000 ] || why="$why; param2 $(cat "$e/param2")"
	[ "$(cat "$e/notrigger")" = 1 ] || why="$why; notrigger $(cat "$e/notrigger")"
	[ "$(cat "$e/error_inject")" = 1 ] || why="$why; error_inject not written"
	grep -qxF "mce-kdump: injecting error type 0x10 at $paddr pfn $pfn boot_id fake-boot-now" "$R/kmsg" ||
		why="$why; no marker in kmsg"
	for k in "version=1" "boot_id=fake-boot-now" "dump_dir=$R/crash" \
		 "target=io_uring-sq-ring" "error_type=0x10"; do
		printf '%s\n' "$out" | grep -qxF "#   $k" || why="$why; state lacks $k"
	done
	[ -e "$MCE_KDUMP_STATE" ] && why="$why; state file left behind"
	report "inject: full run writes EINJ, state and marker, then FAILs" "${why#; }" "$out"

	fake_machine inject
	MCE_KDUMP_CRASH=1 expect "inject: MCE_KDUMP_CRASH=1 opts in, --error-type 0x20" 1 \
		"$INJECT" --error-type 0x20 <<-EOF
	# injecting; the machine should now panic into kdump
	did not panic
	EOF
	assert "inject: --error-type 0x20 reaches EINJ" "error_type is not 0x20" \
		grep -qx 0x20 "$R/debug/apei/einj/error_type"

	fake_machine inject
	: > "$T/notadir"
	MCE_KDUMP_STATE=$T/notadir/state expect "inject: unwritable state file fails before injecting" 1 \
		"$INJECT" --crash <<-EOF
	Bail out! cannot write the state file
	EOF
	assert "inject: nothing injected without a state file" "error_inject written" \
		test ! -s "$R/debug/apei/einj/error_inject"
fi

# ---------------- phase 2: mce_kdump_check ----------------

fake_machine check
expect "check: no state file skips" 4 "$CHECK" <<-EOF
1..0 # SKIP no state file $R/state/state: the inject phase has not run
make -C tools/testing/selftests/mce-kdump run_crash
EOF

fake_machine check
echo "version=1" > "$MCE_KDUMP_STATE"
expect "check: malformed state file fails" 1 "$CHECK" <<-EOF
Bail out! bad state file
EOF
assert "check: malformed state file is removed" "still there" test ! -e "$MCE_KDUMP_STATE"

# the passing case: a dump from a later boot that lacks the pfn
fake_machine check
write_state fake-boot-before 20
write_log
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
expect "check: later boot, dump without the pfn passes" 0 "$CHECK" <<-EOF
ok 1 state file is from an earlier boot
ok 2 dump found
ok 3 dump is newer than the injection
ok 4 dump is complete
ok 5 target pfn 0x14 is not in the dump
ok 6 panic reason is a machine check
ok 7 kernel log has the inject marker
# Totals: pass:7 fail:0
EOF
assert "check: state file removed after reporting" "still there" test ! -e "$MCE_KDUMP_STATE"

fake_machine check
write_state fake-boot-before 20
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
MCE_KDUMP_MAKEDUMPFILE=$T/no-such-makedumpfile expect "check: no makedumpfile skips the log checks" 0 \
	"$CHECK" --keep-state <<-EOF
ok 5 target pfn 0x14 is not in the dump
ok 6 # SKIP panic reason: makedumpfile not found
ok 7 # SKIP inject marker: makedumpfile not found
EOF
assert "check: --keep-state keeps the state file" "removed" test -e "$MCE_KDUMP_STATE"

fake_machine check
write_state fake-boot-now 20
write_log
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
expect "check: state file from this boot is stale" 1 "$CHECK" <<-EOF
not ok 1 stale state file: no crash/reboot since the injection (boot_id fake-boot-now)
EOF

fake_machine check
write_state fake-boot-before 20
write_log
mkdir -p "$R/crash/202611241200"
echo "no dump here" > "$R/crash/202611241200/dmesg.202611241200"
expect "check: missing dump fails" 1 "$CHECK" <<-EOF
not ok 2 no dump found under $R/crash
ok 3 # SKIP dump newer than the injection: no dump
ok 5 # SKIP target pfn: no readable dump
EOF

fake_machine check
write_state fake-boot-before 20
expect "check: --dump naming no file fails" 1 "$CHECK" --dump "$R/nothing" <<-EOF
not ok 2 no dump found at $R/nothing
EOF

fake_machine check
write_state fake-boot-before 20
write_log
d=$(kdump_tools_dump)
"$MK" -f flat -P 1-8 "$T/full"
head -c $(($(stat -c %s "$T/full") / 2)) "$T/full" > "$d"
expect "check: truncated dump fails" 1 "$CHECK" <<-EOF
not ok 4 dump is incomplete: flattened stream truncated
EOF

fake_machine check
write_state fake-boot-before 20
write_log
mkdir -p "$R/crash/202611241200"
"$MK" -f flat -P 1-8 "$R/crash/202611241200/dump-incomplete"
expect "check: collector's incomplete file fails" 1 "$CHECK" <<-EOF
not ok 4 dump is incomplete: the collector left $R/crash/202611241200/dump-incomplete
EOF

fake_machine check
write_state fake-boot-before 20
write_log
"$MK" -f flat -I -P 1-8 "$(kdump_tools_dump)"
expect "check: dump with the incomplete flag fails" 1 "$CHECK" <<-EOF
not ok 4 dump is incomplete: header status has DUMP_DH_COMPRESSED_INCOMPLETE
EOF

fake_machine check
write_state fake-boot-before 3
write_log
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
expect "check: dump that contains the pfn fails" 1 "$CHECK" <<-EOF
not ok 5 dump still contains target pfn 0x3 (present): the poisoned page was not marked PG_hwpoison
EOF

fake_machine check
write_state fake-boot-before 20
write_log
d=$(kdump_tools_dump)
"$MK" -f flat -P 1-8 "$d"
touch -d "@$((NOW - 1000))" "$d"
expect "check: dump older than the injection fails" 1 "$CHECK" <<-EOF
not ok 3 dump $d older than injection
EOF

fake_machine check
write_state fake-boot-before 20
write_log "sysrq triggered crash"
sed -i '/mce-kdump: injecting/d' "$FAKE_DMESG"
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
expect "check: wrong panic reason and no marker fail" 1 "$CHECK" <<-EOF
not ok 6 panic reason is not a machine check: sysrq triggered crash
not ok 7 kernel log lacks the inject marker
EOF

fake_machine check
write_state fake-boot-before 20
echo "[    1.000000] nothing to see" > "$FAKE_DMESG"
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
expect "check: log without a panic line fails" 1 "$CHECK" <<-EOF
not ok 6 panic reason: no 'Kernel panic - not syncing: ' line
EOF

fake_machine check
write_state fake-boot-before 20
write_log
"$MK" -f flat -P 1-8 "$(kdump_tools_dump)"
FAKE_DMESG=$T/no-such-log expect "check: makedumpfile failing fails the log checks" 1 "$CHECK" <<-EOF
not ok 6 panic reason: cannot read the dump's kernel log: makedumpfile --dump-dmesg failed
EOF

# kdump-tools' cp fallback: an ELF copy of /proc/vmcore in which the
# capture kernel reads the poisoned page as zeros
fake_machine check
write_state fake-boot-before 3
write_log
mkdir -p "$R/crash/202611241200"
"$MK" -f elf -P 1-8 -z 3 "$R/crash/202611241200/vmcore.202611241200"
expect "check: ELF dump with the pfn zero-filled passes" 0 "$CHECK" <<-EOF
# pfn 0x3 is in the ELF dump but reads as zeros: the capture kernel hid it
ok 5 target pfn 0x3 is not in the dump (zero-filled)
ok 6 panic reason is a machine check
EOF

# kexec-tools layout, several dumps: the newest one counts
fake_machine check
write_state fake-boot-before 3
write_log
mkdir -p "$R/crash/127.0.0.1-2026-11-23" "$R/crash/127.0.0.1-2026-11-24"
"$MK" -f kdump -P 1-8 "$R/crash/127.0.0.1-2026-11-23/vmcore"
touch -d "@$((NOW - 50))" "$R/crash/127.0.0.1-2026-11-23/vmcore"
"$MK" -f kdump -P 1-2,4-8 "$R/crash/127.0.0.1-2026-11-24/vmcore"
expect "check: newest of several kexec-tools dumps is used" 0 "$CHECK" <<-EOF
# dump: $R/crash/127.0.0.1-2026-11-24/vmcore
ok 5 target pfn 0x3 is not in the dump
EOF

# Debian's dump compressed as a whole: decompressed, then -R on stdin
fake_machine check
write_state fake-boot-before 20
write_log "Fatal local machine check"
"$MK" -f flat -P 1-8 "$T/full"
gzip -c "$T/full" > "$(kdump_tools_dump)"
expect "check: gzip-compressed flattened dump passes" 0 "$CHECK" <<-EOF
compression gzip
ok 4 dump is complete
ok 6 panic reason is a machine check
EOF

fake_machine check
write_state fake-boot-before 20
write_log
"$MK" -f kdump -P 1-8 "$T/full"
xz -c "$T/full" > "$(kdump_tools_dump)"
expect "check: xz-compressed kdump dump passes (log via /proc/self/fd)" 0 "$CHECK" <<-EOF
compression xz
ok 7 kernel log has the inject marker
EOF

fake_machine check
write_state fake-boot-before 20
write_log
"$MK" -f kdump -P 1-8 "$T/given.dump"
expect "check: --dump FILE is used as is" 0 "$CHECK" --dump "$T/given.dump" <<-EOF
# dump: $T/given.dump
ok 5 target pfn 0x14 is not in the dump
EOF

left=$(ls -A "$TMPDIR")
report "check: no scratch files left in TMPDIR" "${left:+left: $left}" ""

echo "kselftest: $pass passed, $fail failed, $skip skipped"
if [ $((pass + fail + skip)) -ne $PLAN ]; then
	echo "FAIL: kselftest: ran $((pass + fail + skip)) tests, the plan says $PLAN; update PLAN in $0"
	exit 1
fi
[ $fail -eq 0 ]
