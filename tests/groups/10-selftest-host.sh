#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the dump reader and the series' userspace and parser: the
# harness's dump reader against synthetic dumps and a short fuzz run of
# it; every skip and fail path of both phases of the mce-kdump kselftest
# with faked roots; the capture kernel's parser of the hwpoison hand-off
# (the series' fs/proc/vmcore_hwpoison.c), its unit tests and a short fuzz
# run. Each suite says how many tests it runs (--plan); the plan is their
# sum, and a suite that fails to build or run shows as missing tests.
# The selftest and the parser come from the series tree of the primary
# base, or of the first base BASES names when it leaves the primary out:
# 00-build makes the trees of those bases only. Each tree's builds have
# a directory of their own, so none is taken for another's.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/bases.sh
src=${bases[0]}
for b in "${bases[@]}"; do [ "$b" != "$primary" ] || src=$b; done
tree=$PWD/build/kernel/$src/series
echo "1..$(($(sh tests/vmcore/run-tests.sh --plan) + 1 +
	$(sh tests/kselftest/run-tests.sh --plan) +
	$(sh tests/handoff/run-tests.sh --plan 30)))"
rc=0
make -s -C tests/vmcore check || rc=1
make -s -C tests/vmcore fuzz-check || rc=1
echo "... selftest and hand-off parser from the $src series tree" >&2
make -s -C tests/kselftest check O="$PWD/build/tests/kselftest-$src" \
	MCEKD_SELFTEST_DIR="$tree/tools/testing/selftests/mce-kdump" || rc=1
make -s -C tests/handoff check FUZZ_SECONDS=30 O="$PWD/build/tests/handoff-$src" \
	HANDOFF_KERNEL_DIR="$tree" || rc=1
exit $rc
