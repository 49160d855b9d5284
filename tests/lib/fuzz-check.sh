#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The short fuzz runs of "make check": run a libFuzzer harness for a while
# from its seed corpus and turn libFuzzer's verdict into one PASS/FAIL
# line, with the crashing input's path on failure. The full output goes to
# BUILD_DIR/fuzz.log, new inputs to BUILD_DIR/fuzz-corpus.
#
# usage: fuzz-check.sh NAME FUZZER SEED_CORPUS MAX_LEN BUILD_DIR [SECONDS]
set -u
name=${1:?usage: $0 NAME FUZZER SEED_CORPUS MAX_LEN BUILD_DIR [SECONDS]}
fuzzer=${2:?} seeds=${3:?} max_len=${4:?} B=${5:?}
secs=${6:-30}
log=$B/fuzz.log
mkdir -p "$B/fuzz-corpus" "$B/fuzz-artifacts"
"$fuzzer" -max_total_time="$secs" -max_len="$max_len" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$B/fuzz-artifacts/" \
	"$B/fuzz-corpus" "$seeds" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ $rc -eq 0 ]; then
	echo "PASS: $name fuzz ${runs:-?} runs in $secs s"
else
	why=$(grep -m1 -E '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$log")
	art=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
	echo "FAIL: $name fuzz: exit $rc: ${why:-see $log}${art:+; input $art}"
fi
exit $rc
