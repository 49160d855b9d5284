#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the harness itself, no kernel needed: the judge on
# recorded runs (good, failed, truncated, and runs that did not happen),
# vmrun with a fake QEMU, the scenario parser's refusals
# (tests/harness/run-tests.sh says what each checks), and the tally of
# make check, tests/run.sh (tests/runner/run-tests.sh).
set -u
cd "$(dirname "$0")/../.."
echo "1..$(($(sh tests/harness/run-tests.sh --plan) + $(sh tests/runner/run-tests.sh --plan)))"
rc=0
make -s harness && make -s -C tests/vmcore all || rc=1
sh tests/harness/run-tests.sh build || rc=1
sh tests/runner/run-tests.sh || rc=1
exit $rc
