#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The tests of the hwpoison hand-off parser as one PASS/FAIL list: the unit
# tests, plain and under ASan/UBSan, also on the real VMCOREINFO notes of
# data/, then a fuzz run of SECONDS from the seed corpus (0: none), whose
# libFuzzer verdict tests/lib/fuzz-check.sh turns into one line.
# Exits non-zero if anything failed.
#
# usage: run-tests.sh BUILD_DIR [SECONDS [fuzz]]   (normally via make check)
#        "fuzz" skips the unit tests.
set -u
B=${1:?usage: $0 BUILD_DIR [SECONDS [fuzz]]}
secs=${2:-30}
only=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
rc=0

if [ "$only" != fuzz ]; then
	for t in test_handoff test_handoff_san; do
		out=$B/$t.out
		# From here, so that the tests name the notes data/NAME.
		(cd "$here" && "$B/$t" data/*.vmcoreinfo) >"$out" 2>&1
		trc=$?
		if [ $t = test_handoff_san ]; then
			# One line for the sanitized run: its tests are the same.
			n=$(grep -c '^PASS: ' "$out")
			if [ $trc -eq 0 ] && ! grep -q '^FAIL: ' "$out"; then
				echo "PASS: unit tests under ASan and UBSan ($n tests)"
			else
				why=$(grep -m1 -E '^FAIL: |ERROR|runtime error' "$out")
				echo "FAIL: unit tests under ASan and UBSan: exit $trc: ${why:-see $out}"
				rc=1
			fi
		else
			grep -E '^(PASS|FAIL): ' "$out"
			if [ $trc -ne 0 ]; then
				grep -q '^FAIL: ' "$out" ||
					echo "FAIL: unit tests: exit $trc; see $out"
				rc=1
			fi
		fi
	done
fi

if [ "$secs" -gt 0 ]; then
	"$here/../lib/fuzz-check.sh" hand-off "$B/fuzz_handoff" "$here/corpus" 8192 "$B" "$secs" ||
		rc=1
fi
exit $rc
