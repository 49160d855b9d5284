#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The scenario matrix: every scenario under scenarios/ on the three arms
# of 6.1, two runs at a time (make compare). compare prints one line per
# scenario and arm: PASS, FAIL naming what differed from the scenario's
# expectation, or ERROR for a run that did not happen. Its exit status
# counts too: 2 means it could not run the matrix at all.
set -u
cd "$(dirname "$0")/../.."
mkdir -p build/tests
scns=(scenarios/*.scn)
echo "1..$((3 * ${#scns[@]}))"
build/harness/compare --check --build build --base 6.1 "${scns[@]}" 2>build/tests/compare.log
rc=$?
echo "    (table: build/results/compare.md; progress: build/tests/compare.log)"
[ $rc -le 1 ] || echo "compare exited $rc: $(tail -1 build/tests/compare.log)"
exit $rc
