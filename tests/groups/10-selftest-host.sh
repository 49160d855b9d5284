#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the dump reader and the series' userspace and parser: the
# harness's dump reader against synthetic dumps and a short fuzz run of
# it; every skip and fail path of both phases of the mce-kdump kselftest
# with faked roots; the capture kernel's parser of the hwpoison hand-off
# (the series' fs/proc/vmcore_hwpoison.c), its unit tests and a short fuzz
# run. Each suite says how many tests it runs (--plan); the plan is their
# sum, and a suite that fails to build or run shows as missing tests.
set -u
cd "$(dirname "$0")/../.."
echo "1..$(($(sh tests/vmcore/run-tests.sh --plan) + 1 +
	$(sh tests/kselftest/run-tests.sh --plan) +
	$(sh tests/handoff/run-tests.sh --plan 30)))"
rc=0
make -s -C tests/vmcore check || rc=1
make -s -C tests/vmcore fuzz-check || rc=1
make -s -C tests/kselftest check || rc=1
make -s -C tests/handoff check FUZZ_SECONDS=30 || rc=1
exit $rc
