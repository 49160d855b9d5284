#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The tests of the capture kernel's reader of the record of poisoned
# memory as one PASS/FAIL list: the unit tests, one line each, and one
# line per real VMCOREINFO note of data/ (with its record, against its
# .expect); then one line for the same under ASan and UBSan, and one for a
# fuzz run of SECONDS from the seed corpus (0: none), whose libFuzzer
# verdict tests/lib/fuzz-check.sh turns into one line. Exits non-zero if
# anything failed, and fails when it ran other than --plan says.
#
# usage: run-tests.sh BUILD_DIR [SECONDS [fuzz]]   (normally via make check)
#        "fuzz" skips the unit tests.
#        run-tests.sh --plan [SECONDS [fuzz]]      how many tests it runs
set -u
here=$(cd "$(dirname "$0")" && pwd)
# the unit tests of test_handoff.c
UNIT=44

plan() {  # SECONDS ONLY
	n=0
	[ "$2" = fuzz ] || n=$((UNIT + $(ls "$here"/data/*.vmcoreinfo | wc -l) + 1))
	[ "$1" -gt 0 ] && n=$((n + 1))
	echo $n
}

if [ "${1:-}" = --plan ]; then
	plan "${2:-30}" "${3:-}"
	exit 0
fi
B=${1:?usage: $0 BUILD_DIR [SECONDS [fuzz]]}
secs=${2:-30}
only=${3:-}
rc=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ "$only" != fuzz ]; then
	out=$B/test_handoff.out
	# From here, so that the tests name the notes data/NAME.
	(cd "$here" && "$B/test_handoff" data/*.vmcoreinfo) >"$out" 2>&1
	trc=$?
	grep -E '^(PASS|FAIL): ' "$out" | tee "$T/lines"
	if [ $trc -ne 0 ] && ! grep -q '^FAIL: ' "$out"; then
		echo "FAIL: unit tests: exit $trc; see $out"
	fi
	[ $trc -eq 0 ] || rc=1

	# One line for the sanitized run: its tests are the same.
	out=$B/test_handoff_san.out
	(cd "$here" && "$B/test_handoff_san" data/*.vmcoreinfo) >"$out" 2>&1
	trc=$?
	n=$(grep -c '^PASS: ' "$out")
	if [ $trc -eq 0 ] && ! grep -q '^FAIL: ' "$out"; then
		echo "PASS: unit tests under ASan and UBSan ($n tests)" | tee -a "$T/lines"
	else
		why=$(grep -m1 -E '^FAIL: |ERROR|runtime error' "$out")
		echo "FAIL: unit tests under ASan and UBSan: exit $trc: ${why:-see $out}" | tee -a "$T/lines"
		rc=1
	fi
fi

if [ "$secs" -gt 0 ]; then
	"$here/../lib/fuzz-check.sh" hand-off "$B/fuzz_handoff" "$here/corpus" 8192 "$B" "$secs" |
		tee -a "$T/lines"
	[ "$(grep -c '^PASS: hand-off fuzz' "$T/lines")" -eq 1 ] || rc=1
fi

ran=$(grep -cE '^(PASS|FAIL): ' "$T/lines")
want=$(plan "$secs" "$only")
if [ "$ran" -ne "$want" ]; then
	echo "FAIL: hand-off: ran $ran tests, the plan says $want; update UNIT in $0"
	rc=1
fi
exit $rc
