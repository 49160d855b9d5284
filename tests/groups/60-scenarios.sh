#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenarios on the three arms of each base (tests/lib/bases.sh), two runs
# at a time (harness/compare --check): PASS, FAIL naming what differed from
# the scenario's expectation, or ERROR for a run that did not happen.
# compare's exit status counts too: 2 means it could not run at all.
#
# make check runs one scenario per claim, each one the series passes and
# nofix fails (or, for the kselftest, must fail), plus the series' KUnit
# suites; make check-full runs every scenario under scenarios/.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
mkdir -p build/tests
if [ -n "${MCEKD_FULL:-}" ]; then
	scns=(scenarios/*.scn tests/kunit/kunit.scn)
else
	scns=(
		scenarios/kselftest.scn			# EINJ, kdump-tools, both phases
		scenarios/kselftest-kernelci.scn	# gen_tar's archive, run_kselftest.sh
		scenarios/mce-two-pages-one-event.scn	# every record, not only final
		scenarios/mce-final-without-address.scn	# final record without address
		scenarios/ghes-fatal-kernel-page.scn	# firmware-first panic
		scenarios/recovery-disabled.scn		# the recovery-disabled panic
		scenarios/recovered-user-page-cp.scn	# found before the crash; cat /proc/vmcore
		tests/kunit/kunit.scn			# the series' KUnit suites
	)
fi
echo "1..$((3 * ${#scns[@]} * ${#bases[@]}))"
rc=0
for base in "${bases[@]}"; do
	echo "... ${#scns[@]} scenarios on the three arms of $base (progress: build/tests/compare-$base.log)" >&2
	build/harness/compare --check --build build --base "$base" --name "compare-$base" "${scns[@]}" \
		2>build/tests/compare-$base.log
	r=$?
	echo "    (table: build/results/compare-$base.md; progress: build/tests/compare-$base.log)"
	[ $r -le 1 ] || echo "compare exited $r on $base: $(tail -1 build/tests/compare-$base.log)"
	[ $r -le $rc ] || rc=$r
done
exit $rc
