#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulated RAS platform against unmodified kernels (the upstream arm):
# every platform test on the primary base, or on every base under make
# check-full (tests/lib/bases.sh). A run that did not happen (vmrun exit 2)
# is an ERROR, not a FAIL.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
mkdir -p build/tests
tests=(tests/platform/*.scn)
on=()
for base in "${bases[@]}"; do
	! thorough "$base" || on+=("$base")
done
echo "1..$((${#tests[@]} * ${#on[@]}))"
rc=0

run() {  # BASE SCENARIO
	local base=$1 scn=$2 name out why
	name=$(basename "$scn" .scn)
	out=build/tests/platform-$base-$name
	build/harness/vmrun --base "$base" --arm upstream "$scn" >"$out.json" 2>"$out.log"
	case $? in
	0) echo "PASS: platform $name on $base"; return ;;
	1) why=$(grep -E '^FAIL' "$out.log" | tail -1); echo "FAIL: platform $name on $base: ${why:-see $out.log}" ;;
	*) why=$(grep -E '^(ERROR|vmrun:)' "$out.log" | tail -1); echo "ERROR: platform $name on $base: ${why:-see $out.log}" ;;
	esac
	rc=1
}

for base in "${on[@]}"; do
	for scn in "${tests[@]}"; do
		echo "... platform $(basename "$scn" .scn) on $base" >&2
		run "$base" "$scn"
	done
done
exit $rc
