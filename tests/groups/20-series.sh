#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel series on each base (tests/lib/bases.sh): the patch files
# reproduce the tree and apply to a fresh base, checkpatch --strict is
# clean (series.sh check; 00-build built the last commit). make check-full
# also builds every commit (series.sh verify) and the touched objects W=1
# across the config matrix, and arm64 (matrix.sh).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
whats=(check)
[ -z "${MCEKD_FULL:-}" ] || whats=(verify matrix)
echo "1..$((${#whats[@]} * ${#bases[@]}))"
rc=0
for base in "${bases[@]}"; do
	for what in "${whats[@]}"; do
		log=build/tests/series-$what-$base.log
		echo "... series $what $base (log $log)" >&2
		if [ "$what" != matrix ]; then
			kernel/series.sh "$what" "$base" >"$log" 2>&1
		else
			kernel/matrix.sh "$base" >"$log" 2>&1
		fi
		if [ $? -eq 0 ]; then
			echo "PASS: series $what $base"
		else
			echo "FAIL: series $what $base: see $log"
			tail -8 "$log" | sed 's/^/    /'
			rc=1
		fi
	done
done
exit $rc
