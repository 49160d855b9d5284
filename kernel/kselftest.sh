#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series' mce-kdump kselftest, statically linked so that both the
# host (vmrun reads every dump with its vmcore_info) and the busybox guest
# can run it, and install it into build/kselftest/BASE/mce-kdump, the way
# "make -C tools/testing/selftests TARGETS=mce-kdump install" lays it out.
#
# usage: kernel/kselftest.sh BASE
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE}
"$top/kernel/arm.sh" "$base" series
tree=$(arm_tree "$base" series)
[ -d "$tree/tools/testing/selftests/mce-kdump" ] ||
	die "the $base series has no tools/testing/selftests/mce-kdump"
out=$work/kselftest/$base
mkdir -p "$work/kselftest"
tmp=$out.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
make -s -C "$tree/tools/testing/selftests" TARGETS=mce-kdump O="$tmp/obj" \
	INSTALL_PATH="$tmp/install" USERLDFLAGS=-static install >"$tmp.log" 2>&1 ||
	{ cat "$tmp.log" >&2; die "the mce-kdump kselftest of $base does not build"; }
rm -f "$tmp.log"
rm -rf "$out"
mkdir -p "$out"
mv "$tmp/install/mce-kdump" "$out/"
say "kselftest $base: $(ls "$out/mce-kdump" | tr '\n' ' ')"
