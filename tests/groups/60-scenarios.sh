#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The scenario matrix: every scenario under scenarios/ on the three arms
# of 6.1, two runs at a time (make compare). One line per scenario and
# arm; a failure names what differed from the scenario's expectation.
set -u
cd "$(dirname "$0")/../.."
build/harness/compare --build build --base 6.1 scenarios/*.scn >/dev/null 2>build/tests/compare.log
sed -n 's/^ *\[[0-9]*\/[0-9]*\] \([^ ]*\) *\([^ ]*\) *\(.*\)$/\1 \2 \3/p' build/tests/compare.log |
while read -r scn arm how; do
	if [ "$how" = "as expected" ]; then
		echo "PASS: scenario $scn on 6.1/$arm"
	else
		why=$(sed -n 's/^ *"differences": "\(.*\)",$/\1/p' "build/results/6.1/$arm/$scn.json" 2>/dev/null)
		echo "FAIL: scenario $scn on 6.1/$arm: ${why:-$how, see build/results/6.1-$arm-$scn.log}"
	fi
done
echo "    (table: build/results/compare.md)"
