#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job (make demo): the mce-kdump kselftest on the three arms of a
# base under the emulated RAS platform: EINJ into a kernel page, panic into
# kdump, check the dump after a reboot; then one line per arm, also in
# build/results/BASE/demo.txt.
set -u
cd "$(dirname "$0")/.."
base=${1:-6.1}
out=build/results/$base
mkdir -p "$out"
ok=0
for arm in nofix upstream series; do
	build/harness/vmrun --base "$base" --arm "$arm" scenarios/kselftest.scn \
		>/dev/null 2>"$out/demo-$arm.log" || ok=1
	tail -1 "$out/demo-$arm.log"
done
echo
for arm in nofix upstream series; do
	r=build/results/$base/$arm/kselftest.json
	printf '%-9s %-11s capture #MC: %-3s kselftest phase 2: %-4s %s\n' "$arm" \
		"$(sed -n 's/^ *"verdict": "\(.*\)",$/\1/p' "$r")" \
		"$(grep -q '"capture_mce": true' "$r" && echo yes || echo no)" \
		"$(sed -n 's/^ *"check_rc": \(.*\),$/\1/p' "$r" | sed 's/^0$/pass/; s/^4$/skip/; s/^[0-9]*$/fail/')" \
		"($(sed -n 's/^ *"total": \(.*\)$/\1/p' "$r") s)"
done | tee "$out/demo.txt"
exit $ok
