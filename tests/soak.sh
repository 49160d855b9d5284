#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The soak (make soak, not in CI): the whole scenario matrix of a base N
# times in a row, to find what passes only by luck. Each round is a compare
# run (build/results/soak-BASE-I.json and .md); the summary names, per
# round, the series kernel it booted (its tree's last commit), how many
# cells met their expectation, and every cell that did not or whose run did
# not happen, with the reason. It goes to build/results/soak-BASE.md. The
# next round reuses every run's directory, so a run that did not meet its
# expectation keeps its artefacts (console, record, status, collector log,
# dump; not the disk image) in build/results/soak-BASE-I-runs/ARM-SCENARIO.
#
# usage: tests/soak.sh [BASE [ROUNDS]]
set -u
cd "$(dirname "$0")/.."
base=${1:-6.1} rounds=${2:-5}
get=build/harness/jsonget
out=build/results/soak-$base.md
mkdir -p build/results

keep() {  # ROUND SCENARIO ARM: keep a run's artefacts; say where
	local to=build/results/soak-$base-$1-runs/$3-$2 from=build/runs/$base-$3-$2
	if mkdir -p "$to" && cp -p "build/results/$base-$3-$2.log" "$to/" &&
		find "$from" -maxdepth 1 -type f ! -name '*.img' -exec cp -p -t "$to" {} +; then
		echo "    (its artefacts: $to)"
	else
		echo "    (its artefacts could not all be kept in $to)"
	fi 2>/dev/null
}

{
	echo "Soak of base $base: the scenario matrix $rounds times, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores"
	echo
} >"$out.tmp"
bad=0
for i in $(seq "$rounds"); do
	series=$(git -C "build/kernel/$base/series" log -1 --oneline 2>/dev/null || echo "unknown")
	echo "==> soak round $i of $rounds (series $series)" >&2
	start=$(date +%s)
	rm -rf "build/results/soak-$base-$i-runs"
	build/harness/compare --build build --base "$base" --name "soak-$base-$i" scenarios/*.scn \
		>/dev/null 2>"build/results/soak-$base-$i.log"
	rc=$?
	js=build/results/soak-$base-$i.json
	met=0 cells=0 notes=""
	s=0
	while $get "$js" "scenarios.$s.scenario" >/dev/null 2>&1; do
		scn=$($get "$js" "scenarios.$s.scenario")
		for arm in nofix upstream series; do
			cells=$((cells + 1))
			case $($get "$js" "scenarios.$s.arms.$arm.rc") in
			0) met=$((met + 1)) ;;
			1) notes+="  - $scn on $arm: FAIL: $($get "$js" "scenarios.$s.arms.$arm.result.differences")"$'\n'
			   notes+=$(keep "$i" "$scn" "$arm")$'\n' ;;
			*) notes+="  - $scn on $arm: ERROR: $($get "$js" "scenarios.$s.arms.$arm.result.error.phase" 2>/dev/null): $($get "$js" "scenarios.$s.arms.$arm.result.error.reason" 2>/dev/null)"$'\n'
			   notes+=$(keep "$i" "$scn" "$arm")$'\n' ;;
			esac
		done
		s=$((s + 1))
	done
	[ "$rc" -eq 0 ] && [ "$cells" -gt 0 ] || bad=1
	{
		echo "- round $i: $met of $cells cells as expected, compare exit $rc, $(($(date +%s) - start)) s; series kernel $series"
		printf '%s' "$notes"
	} | tee -a "$out.tmp" >&2
done
mv "$out.tmp" "$out"
echo "==> $out" >&2
exit $bad
