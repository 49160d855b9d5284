#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenarios on the arms of each base (tests/lib/bases.sh), two runs at a
# time (harness/compare --check): PASS, FAIL naming what differed from the
# scenario's expectation, or ERROR for a run that did not happen.
# compare's exit status counts too: 2 means it could not run at all.
#
# make check runs, on nofix and series, on the primary base one scenario
# per claim, each one the series passes and nofix fails (or, for the
# kselftest, must fail), plus the series' KUnit suites; on the backports,
# the scenarios that separate the arms (tests/lib/bases.sh). Its tables
# are build/results/check-BASE.md. make check-full runs every scenario
# under scenarios/ on the three arms of every base, into the tables make
# readme takes, build/results/compare-BASE.md.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
mkdir -p build/tests
every=(scenarios/*.scn tests/kunit/kunit.scn)
claims=(
	scenarios/kselftest.scn			# EINJ, kdump-tools, both phases
	scenarios/kselftest-kernelci.scn	# gen_tar's archive, run_kselftest.sh
	scenarios/mce-two-pages-one-event.scn	# every record, not only final
	scenarios/mce-final-without-address.scn	# final record without address
	scenarios/ghes-fatal-kernel-page.scn	# firmware-first panic
	scenarios/recovery-disabled.scn		# the recovery-disabled panic
	scenarios/recovered-user-page-cp.scn	# found before the crash; cat /proc/vmcore
	scenarios/recovered-user-page-kexec-file.scn	# the same, kexec -s -p
	scenarios/ghes-recoverable-elf.scn	# found by firmware; makedumpfile -E
	scenarios/record-overflow.scn		# the record full: what it dropped
	scenarios/sw-hwpoison-inject.scn	# a software-injected error hides nothing
	tests/kunit/kunit.scn			# the series' KUnit suites
)
scenarios_of() {  # BASE: sets scns
	if [ -n "${MCEKD_FULL:-}" ]; then
		scns=("${every[@]}")
	elif thorough "$1"; then
		scns=("${claims[@]}")
	else
		scns=("${backport_scenarios[@]}")
	fi
}
arms=$(IFS=,; echo "${scenario_arms[*]}")
table=check
[ -z "${MCEKD_FULL:-}" ] || table=compare
n=0
for base in "${bases[@]}"; do
	scenarios_of "$base"
	n=$((n + ${#scenario_arms[@]} * ${#scns[@]}))
done
echo "1..$n"
rc=0
for base in "${bases[@]}"; do
	scenarios_of "$base"
	log=build/tests/$table-$base.log
	echo "... ${#scns[@]} scenarios on $arms of $base (progress: $log)" >&2
	build/harness/compare --check --build build --base "$base" --arms "$arms" \
		--name "$table-$base" "${scns[@]}" 2>"$log"
	r=$?
	echo "    (table: build/results/$table-$base.md; progress: $log)"
	[ $r -le 1 ] || echo "compare exited $r on $base: $(tail -1 "$log")"
	[ $r -le $rc ] || rc=$r
done
exit $rc
