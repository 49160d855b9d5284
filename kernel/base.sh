#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a Debian kernel source package, check its version, and turn it into
# a git tree whose first commit is the pristine base. Runs once per base:
# a finished tree is left alone, a half-made one is removed and redone.
#
# usage: kernel/base.sh BASE        (BASE is a first column of kernel/bases)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE}
suite=$(base_field "$base" 2)
pkg=$(base_field "$base" 3)
ver=$(base_field "$base" 4)
mkver=$(base_field "$base" 5)
repo=$(base_repo "$base")
tag=$(base_tag "$base")

if [ -e "$repo/.git/mcekd-base-done" ]; then
	exit 0
fi

dl=$work/dl
mkdir -p "$dl"
deb=$dl/${pkg}_${ver//:/%3a}_all.deb
if [ ! -s "$deb" ]; then
	say "downloading $pkg $ver from Debian $suite (about 150 MB)"
	"$top/kernel/apt.sh" "$suite" download "$dl" "$pkg=$ver"
fi
got=$(dpkg-deb -f "$deb" Version)
[ "$got" = "$ver" ] || die "$deb is version $got, kernel/bases pins $ver"

tmp=$repo.tmp
rm -rf "$tmp" "$repo"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
say "extracting $pkg $ver into $repo (about 1.5 GB)"
dpkg --fsys-tarfile "$deb" |
	tar -xO "./usr/src/$pkg.tar.xz" |
	xz -dc -T0 |
	tar -x -C "$tmp" --strip-components=1 \
		--checkpoint=20000 --checkpoint-action=ttyout='    %u files\r'
echo >&2
have=$(make -s -C "$tmp" kernelversion 2>/dev/null)
[ "$have" = "$mkver" ] || die "$pkg $ver unpacked as kernel $have, expected $mkver"

say "committing the pristine base as tag $tag"
git_ident
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
git -C "$tmp" init -q -b base
git -C "$tmp" config core.autocrlf false
git -C "$tmp" config gc.auto 0
git -C "$tmp" add -A -f
git -C "$tmp" commit -q -m "Debian $pkg $ver, as shipped" \
	-m "Unpacked from usr/src/$pkg.tar.xz of the Debian binary package."
git -C "$tmp" tag "$tag"
# Build directories live inside each tree so that Kbuild spells sources as
# relative paths and the arms share ccache entries.
echo '/.out/' >>"$tmp/.git/info/exclude"
touch "$tmp/.git/mcekd-base-done"
mv "$tmp" "$repo"
trap - EXIT
say "base $base ready: $(git -C "$repo" rev-parse --short HEAD) $tag"
