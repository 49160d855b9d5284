#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series' mce-kdump kselftest the two ways its users do, into
# build/kselftest/BASE:
#   mce-kdump/        "make -C tools/testing/selftests TARGETS=mce-kdump
#                     install", statically linked, for the guest image
#   kselftest.tar.gz  what "make ... gen_tar" makes, as KernelCI ships it,
#                     with the default flags: it may need libc, nothing else
# Both keep their objects out of the tree, which must stay clean.
#
# usage: kernel/kselftest.sh BASE
# MCEKD_KSELFTEST_TREE=DIR builds from the kernel tree DIR instead of the
# base's series tree (to try a selftest before it is in the series).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE}
if [ -n "${MCEKD_KSELFTEST_TREE:-}" ]; then
	tree=$MCEKD_KSELFTEST_TREE
else
	"$top/kernel/arm.sh" "$base" series
	tree=$(arm_tree "$base" series)
fi
[ -d "$tree/tools/testing/selftests/mce-kdump" ] ||
	die "$tree has no tools/testing/selftests/mce-kdump"
out=$work/kselftest/$base
mkdir -p "$work/kselftest"
tmp=$out.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp" "$tmp.log"' EXIT
selftests() {  # MAKEARG...: make in the selftests directory, log to $tmp.log
	make -s -C "$tree/tools/testing/selftests" TARGETS=mce-kdump "$@" >"$tmp.log" 2>&1 ||
		{ cat "$tmp.log" >&2; die "the mce-kdump kselftest of $base does not build ($*)"; }
}
# what is in the tree before, to see that the builds add nothing
state() { git -C "$tree" status --porcelain --ignored -- tools/testing/selftests 2>/dev/null || true; }
before=$(state)
selftests O="$tmp/obj" INSTALL_PATH="$tmp/install" USERLDFLAGS=-static install
selftests O="$tmp/tarobj" KSFT_INSTALL_PATH="$tmp/tar" gen_tar
tar -tzf "$tmp/tar/kselftest-packages/kselftest.tar.gz" ./run_kselftest.sh \
	./mce-kdump/mce_kdump_check ./mce-kdump/mce_kdump_inject >/dev/null ||
	die "gen_tar made an archive without run_kselftest.sh or the mce-kdump programs"
[ "$(state)" = "$before" ] ||
	die "building the kselftest left files in $tree: $(diff <(echo "$before") <(state) | grep '^>' | head -3)"
rm -rf "$out"
mkdir -p "$out"
mv "$tmp/install/mce-kdump" "$out/"
mv "$tmp/tar/kselftest-packages/kselftest.tar.gz" "$out/"
say "kselftest $base: $(ls "$out/mce-kdump" | tr '\n' ' ')+ kselftest.tar.gz"
