#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulated RAS platform against unmodified kernels (the upstream arm):
# every platform test on 6.1; the EINJ probe and the kernel-mode panic on
# 6.12.
set -u
cd "$(dirname "$0")/../.."

run() {  # BASE SCENARIO
	local base=$1 scn=$2 name out
	name=$(basename "$scn" .scn)
	out=build/tests/platform-$base-$name
	if build/harness/vmrun --base "$base" --arm upstream "$scn" >"$out.json" 2>"$out.log"; then
		echo "PASS: platform $name on $base"
	else
		echo "FAIL: platform $name on $base: $(grep -E '^(FAIL|vmrun:)' "$out.log" | tail -1)"
	fi
}

for scn in tests/platform/*.scn; do
	run 6.1 "$scn"
done
run 6.12 tests/platform/einj-probe.scn
run 6.12 tests/platform/kernel-panic.scn
