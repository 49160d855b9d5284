#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one arm's guest kernel: tinyconfig plus kernel/config/guest.config,
# in the arm's own object directory, through the shared ccache. The config
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
out=$(arm_out "$base" "$arm")
frag=$top/kernel/config/guest.config
mkdir -p "$out"

# Same inputs, same objects: no timestamps or host names in the build.
export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
export KBUILD_BUILD_USER=mcekd KBUILD_BUILD_HOST=mcekd
export CCACHE_DIR=$work/ccache CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Kbuild regenerates headers in every fresh object directory; their contents,
# not their times, decide whether an object can be reused.
export CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime,time_macros
# Depend mode reuses Kbuild's -MMD output instead of running the preprocessor
# a second time on a miss: a cold build costs about 5% more than no ccache.
export CCACHE_DEPEND=1
command -v ccache >/dev/null || die "ccache is not installed (apt-get install ccache)"
kmake() { make -s -C "$tree" O=.out CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION=-"$arm" "$@"; }

# merge_config FRAGMENT...: tinyconfig plus the fragments, into .out/.config
# only if the result differs; every requested option must have landed.
new=$out/.config.new
kmake KCONFIG_CONFIG=.config.new tinyconfig >/dev/null
(cd "$tree" && KCONFIG_CONFIG=.out/.config.new scripts/kconfig/merge_config.sh \
	-m -O .out .out/.config.new "$frag" >/dev/null)
kmake KCONFIG_CONFIG=.config.new olddefconfig >/dev/null
bad=0
while read -r line; do
	case $line in '' | '#'*) continue ;; esac
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$new" && { echo "  $opt: wanted n, got $(grep "^$opt=" "$new")" >&2; bad=1; }
	else
		grep -qx "$line" "$new" || { echo "  $opt: wanted $val, got $(grep "^$opt=" "$new" || echo unset)" >&2; bad=1; }
	fi
done <"$frag"
[ $bad = 0 ] || die "$frag does not merge cleanly on $base; fix the fragment"
if cmp -s "$new" "$out/.config"; then
	rm -f "$new"
else
	mv "$new" "$out/.config"
fi

say "building $base/$arm ($(git -C "$tree" log -1 --format='%h %s' | cut -c1-60))"
start=$(date +%s)
kmake -j"$(nproc)" bzImage
say "built $base/$arm in $(($(date +%s) - start)) s: $(kmake -s kernelrelease)"
