#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every test group of `make check` and tally. A group first declares
# how many tests it runs, one line "1..N", then prints one line per test:
# "PASS: name", "FAIL: name: why", "SKIP: name: why", or "ERROR: name: why"
# for a run that did not happen (an emulator crash, a missing phase),
# counted as failed but reported apart from the kernels' verdicts. A group
# fails as a whole (one more failure) when it does not declare exactly one
# plan, runs more or fewer tests than it planned, or exits non-zero without
# naming a failure. The last line is "N passed, N failed"; skips and errors
# are on the line before it. A group's lines starting "... " are progress,
# shown on stderr as they come.
set -u
cd "$(dirname "$0")/.."

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(tests/groups/*.sh)

passed=0 failed=0 skipped=0 errors=0
# BASES narrows every group to some bases (tests/lib/bases.sh), and
# is refused before any group runs if it names one that is not there.
if [ -n "${MCEKD_BASES:-}" ]; then
	(. tests/lib/bases.sh) || exit 2
	echo "bases: $MCEKD_BASES (BASES)"
fi
mkdir -p build/tests
# Plain make check from an empty build/ peaks at about MCEKD_CHECK_GIB
# there (measured with du, README). With less free than that, less what
# build/ already holds, it is refused now rather than failing half-way on
# a full disk with errors that name something else.
need=${MCEKD_CHECK_GIB:-26}
if [ $# -eq 0 ] && [ -z "${MCEKD_FULL:-}${MCEKD_BASES:-}" ]; then
	free=$(df -k --output=avail build | tail -1)
	held=$(du -sk build | cut -f1)
	if [ $((free + held)) -lt $((need * 1024 * 1024)) ]; then
		echo "FAIL: disk: make check needs about $need GiB on build/ and would get" \
			"$(((free + held) >> 20)) ($((free >> 20)) GiB free, $((held >> 20)) GiB held);" \
			"free space, or run one base: make check BASES=7.3"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
for g in "${groups[@]}"; do
	name=$(basename "$g" .sh)
	log=build/tests/$name.log
	echo "==> $name" >&2
	start=$(date +%s)
	# Lines starting "... " are a group's progress: shown as they come.
	bash "$g" 2>&1 | tee "$log" | grep --line-buffered '^\.\.\. ' | sed -u 's/^/    /' >&2
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	e=$(grep -c '^ERROR: ' "$log")
	plans=$(grep -cE '^1\.\.[0-9]+$' "$log")
	plan=$(grep -m1 -E '^1\.\.[0-9]+$' "$log" | cut -c4-)
	ran=$((p + f + s + e))
	grep -E '^(PASS|FAIL|SKIP|ERROR|RETRY): ' "$log"
	if [ "$plans" -ne 1 ]; then
		echo "FAIL: $name: declared $plans plans; a group prints exactly one '1..N' line; see $log"
		tail -5 "$log" | sed 's/^/    /'
		f=$((f + 1))
	elif [ "$ran" -ne "$plan" ]; then
		echo "FAIL: $name: planned $plan tests, ran $ran; see $log"
		tail -5 "$log" | sed 's/^/    /'
		f=$((f + 1))
	fi
	if [ "$rc" -ne 0 ] && [ $((f + e)) -eq 0 ]; then
		echo "FAIL: $name: exited $rc without naming a failure; see $log"
		tail -5 "$log" | sed 's/^/    /'
		f=$((f + 1))
	fi
	echo "    ($name: $p passed, $f failed, $s skipped, $e errors, $(($(date +%s) - start)) s;" \
		"$(df -h --output=avail build | tail -1 | tr -d ' ') free on build/; log $log)" >&2
	passed=$((passed + p))
	failed=$((failed + f + e))
	skipped=$((skipped + s))
	errors=$((errors + e))
done
echo "$skipped skipped; $errors of the failed were runs that did not happen (errors)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
