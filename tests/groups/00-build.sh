#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build what the other groups test: the platform, the harness, and for
# each base its Debian release's dump tools and guest image, the three
# kernels and their test modules, and the kselftest. One line per step; a
# failed step names its log.
set -u
cd "$(dirname "$0")/../.."
mkdir -p build/tests
bases=(6.1 6.12)
arms=(upstream nofix series)
# two host steps, then per base a kernel and a module per arm, a kselftest
echo "1..$((1 + ${#bases[@]} * (2 * ${#arms[@]} + 2)))"
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
for base in "${bases[@]}"; do
	step "$base userspace and guest image" make -s image BASE="$base"
	for arm in "${arms[@]}"; do
		step "$base/$arm kernel" kernel/build.sh "$base" "$arm"
		step "$base/$arm test module" image/mkmodule.sh "$base" "$arm"
	done
	step "$base kselftest" kernel/kselftest.sh "$base"
done
exit $rc
