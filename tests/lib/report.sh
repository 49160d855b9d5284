# SPDX-License-Identifier: GPL-2.0
# The result line of one host test, for the suites that source this:
# "PASS: NAME", or "FAIL: NAME: WHY" with OUTPUT indented below it, counted
# in the suite's $pass and $fail.
#
# report NAME WHY [OUTPUT]: WHY empty means the test passed
report() {
	if [ -z "$2" ]; then
		echo "PASS: $1"
		pass=$((pass + 1))
	else
		echo "FAIL: $1: $2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/     | /'
		fail=$((fail + 1))
	fi
}
