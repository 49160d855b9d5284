#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel series on both bases: the patch files reproduce the tree and
# apply to a fresh base, every commit builds, checkpatch --strict is clean
# (series.sh verify); the touched objects build W=1 across the config
# matrix, and arm64 (matrix.sh).
set -u
cd "$(dirname "$0")/../.."
bases=(6.1 6.12)
echo "1..$((2 * ${#bases[@]}))"
rc=0
for base in "${bases[@]}"; do
	for what in verify matrix; do
		log=build/tests/series-$what-$base.log
		if [ $what = verify ]; then
			kernel/series.sh verify "$base" >"$log" 2>&1
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
