#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build what the other groups test: the platform, the harness, the guest
# image, the three kernels and the test module of each base, and each
# base's kselftest. One line per step; a failed step names its log.
set -u
cd "$(dirname "$0")/../.."
mkdir -p build/tests
bases=(6.1 6.12)
arms=(upstream nofix series)
# two host steps, then per base a kernel and a module per arm, a kselftest
echo "1..$((2 + ${#bases[@]} * (2 * ${#arms[@]} + 1)))"
rc=0

step() {  # NAME COMMAND...
	local name=$1 log
	shift
	log=build/tests/build-$(echo "$name" | tr ' /' '--').log
	if "$@" >"$log" 2>&1; then
		echo "PASS: build $name"
	else
		echo "FAIL: build $name: see $log"
		tail -5 "$log" | sed 's/^/    /'
		rc=1
	fi
}

step "platform and harness" make -s platform harness
step "guest image" make -s image
for base in "${bases[@]}"; do
	for arm in "${arms[@]}"; do
		step "$base/$arm kernel" kernel/build.sh "$base" "$arm"
		step "$base/$arm test module" image/mkmodule.sh "$base" "$arm"
	done
	step "$base kselftest" kernel/kselftest.sh "$base"
done
exit $rc
