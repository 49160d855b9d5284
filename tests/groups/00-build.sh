#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build what the other groups test: the platform and the harness, and per
# base (tests/lib/bases.sh) its dump tools and guest image, the kernels of
# its arms (built_arms) and their test modules, and the kselftest. One line
# per step; a failed step names its log.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
mkdir -p build/tests
# one host step, then per base the image, a kernel and a module per arm,
# and the kselftest
n=1
for base in "${bases[@]}"; do
	built_arms "$base"
	n=$((n + 2 * ${#arms[@]} + 2))
done
echo "1..$n"
rc=0

step() {  # NAME COMMAND...
	local name=$1 log
	shift
	log=build/tests/build-$(echo "$name" | tr ' /' '--').log
	echo "... building $name (log $log)" >&2
	if "$@" >"$log" 2>&1; then
		echo "PASS: build $name"
	else
		echo "FAIL: build $name: see $log"
		tail -5 "$log" | sed 's/^/    /'
		rc=1
	fi
}

step "platform and harness" make -s platform harness
for base in "${bases[@]}"; do
	step "$base userspace and guest image" make -s image BASE="$base"
	built_arms "$base"
	for arm in "${arms[@]}"; do
		step "$base/$arm kernel" kernel/build.sh "$base" "$arm"
		step "$base/$arm test module" image/mkmodule.sh "$base" "$arm"
	done
	step "$base kselftest" kernel/kselftest.sh "$base"
done
exit $rc
