#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job (make demo): the mce-kdump kselftest on the three arms of a
# base under the emulated RAS platform: EINJ into a kernel page, panic into
# kdump, check the dump after a reboot; then one line per arm, also in
# build/results/BASE/demo.txt.
set -u
cd "$(dirname "$0")/.."
base=${1:-7.3}
out=build/results/$base
mkdir -p "$out"
ok=0
for arm in nofix upstream series; do
	build/harness/vmrun --base "$base" --arm "$arm" scenarios/kselftest.scn \
		>/dev/null 2>"$out/demo-$arm.log" || ok=1
	tail -1 "$out/demo-$arm.log"
done
echo
get=build/harness/jsonget
for arm in nofix upstream series; do
	r=build/results/$base/$arm/kselftest.json
	if [ "$($get "$r" result)" = error ]; then
		printf '%-9s error: %s: %s\n' "$arm" "$($get "$r" error.phase)" "$($get "$r" error.reason)"
		continue
	fi
	check=$($get "$r" check_rc)
	case $check in 0) check=pass ;; 4) check=skip ;; null) check=none ;; *) check=fail ;; esac
	printf '%-9s %-11s capture #MC: %-3s kselftest phase 2: %-4s (%s s)\n' "$arm" \
		"$($get "$r" verdict)" "$($get "$r" capture_mce | sed 's/true/yes/; s/false/no/')" \
		"$check" "$($get "$r" wall_s.total)"
done | tee "$out/demo.txt"
exit $ok
