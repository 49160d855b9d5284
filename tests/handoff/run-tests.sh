#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The tests of the hwpoison hand-off parser as one PASS/FAIL list: the unit
# tests, plain and under ASan/UBSan, also on the real VMCOREINFO notes of
# data/, then a fuzz run of SECONDS from the seed corpus (0: none), whose
# libFuzzer verdict becomes one line, with the crashing input on failure.
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
	log=$B/fuzz.log
	mkdir -p "$B/fuzz-corpus" "$B/fuzz-artifacts"
	"$B/fuzz_handoff" -max_total_time="$secs" -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$B/fuzz-artifacts/" \
		"$B/fuzz-corpus" "$here/corpus" >"$log" 2>&1
	frc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $frc -eq 0 ]; then
		echo "PASS: hand-off fuzz ${runs:-?} runs in $secs s"
	else
		why=$(grep -m1 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$log")
		art=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
		echo "FAIL: hand-off fuzz: exit $frc: ${why:-see $log}${art:+; input $art}"
		rc=1
	fi
fi
exit $rc
