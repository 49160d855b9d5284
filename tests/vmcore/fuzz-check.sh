#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The short fuzz run of "make check": run fuzz_vmcore for a while from the
# seed corpus and turn libFuzzer's verdict into one PASS/FAIL line, with
# the crashing input's path on failure. The full output goes to fuzz.log.
#
# usage: fuzz-check.sh BUILD_DIR [SECONDS]   (normally via "make fuzz-check")
set -u
B=${1:?usage: $0 BUILD_DIR [SECONDS]}
secs=${2:-30}
here=$(dirname "$0")
log=$B/fuzz.log
mkdir -p "$B/fuzz-corpus" "$B/fuzz-artifacts"
"$B/fuzz_vmcore" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$B/fuzz-artifacts/" \
	"$B/fuzz-corpus" "$here/corpus" > "$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ $rc -eq 0 ]; then
	echo "PASS: vmcore fuzz ${runs:-?} runs in $secs s"
else
	why=$(grep -m1 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$log")
	art=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
	echo "FAIL: vmcore fuzz: exit $rc: ${why:-see $log}${art:+; input $art}"
fi
exit $rc
