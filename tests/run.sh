#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every test group of `make check` and tally. A group prints one line
# per test, "PASS: name" or "FAIL: name: why"; a group that exits non-zero
# without a FAIL line counts as one failure. The last line is
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(tests/groups/*.sh)

passed=0 failed=0
mkdir -p build/tests
for g in "${groups[@]}"; do
	name=$(basename "$g" .sh)
	log=build/tests/$name.log
	echo "==> $name" >&2
	start=$(date +%s)
	bash "$g" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	grep -E '^(PASS|FAIL): ' "$log"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name: exited $rc without naming a failure; see $log"
		tail -5 "$log" | sed 's/^/    /'
		f=1
	fi
	echo "    ($name: $p passed, $f failed, $(($(date +%s) - start)) s; log $log)" >&2
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
