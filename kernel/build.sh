#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one arm's guest kernel: tinyconfig plus kernel/config/guest.config
# (and kunit.config for a series that has KUnit suites), in the arm's own
# object directory, through the shared ccache. The config
# is only rewritten when it changes, so an unchanged arm rebuilds in seconds.
#
# usage: kernel/build.sh BASE ARM
# output: build/kernel/BASE/ARM/.out/{arch/x86/boot/bzImage,vmlinux}
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE ARM}
arm=${2:?usage: $0 BASE ARM}
"$top/kernel/arm.sh" "$base" "$arm"
tree=$(arm_tree "$base" "$arm")
frags=("$top/kernel/config/guest.config")
# The series' KUnit suites, where its tree has them.
[ "$arm" = series ] && grep -q '^config PROC_VMCORE_HWPOISON_KUNIT_TEST$' "$tree/fs/proc/Kconfig" &&
	frags+=("$top/kernel/config/kunit.config")
kbuild_lock
kbuild_env
kmake() { kbuild "$tree" .out LOCALVERSION=-"$arm" "$@"; }

kconfig "$tree" .out tinyconfig "${frags[@]}" ||
	die "${frags[*]} do not merge cleanly on $base/$arm; fix the fragment"

say "building $base/$arm ($(git -C "$tree" log -1 --format='%h %s' | cut -c1-60))"
start=$(date +%s)
# modules: Module.symvers and the module linker script, for image/module
kmake -j"$(nproc)" bzImage modules
say "built $base/$arm in $(($(date +%s) - start)) s: $(kmake -s kernelrelease)"
