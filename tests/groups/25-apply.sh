#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's instructions for applying the series, run as written: the
# line between its apply markers, on a clean checkout of each base's
# pristine tag, for each base (tests/lib/bases.sh). The result must be the
# tree the project tests (build/kernel/BASE/series). The checkout is the
# worktree series.sh check applies the patch files in (verify_tree), reset
# to the tag: a second full checkout of the tree would only cost time. No
# later group needs that tree, so it is removed when its base's test
# passes (a failed one keeps it to look at): on three bases it is 5 GB.
set -u
cd "$(dirname "$0")/../.."
. kernel/lib.sh
. tests/lib/bases.sh
echo "1..${#bases[@]}"

cmd=$(sed -n '/^<!-- apply:begin -->$/,/^<!-- apply:end -->$/p' README.md | grep -v -e '^<!--' -e '^```')
mkdir -p build/tests

apply() {  # BASE: prints why it failed, or nothing
	local base=$1 repo tag wt log got want
	repo=$(base_repo "$base")
	tag=$(base_tag "$base")
	want=$(git -C "$(arm_tree "$base" series)" rev-parse -q --verify 'HEAD^{tree}' 2>/dev/null) ||
		{ echo "no series tree (make apply BASE=$base)"; return; }
	git -C "$repo" rev-parse -q --verify "refs/tags/$tag" >/dev/null ||
		{ echo "no tag $tag in $repo (kernel/base.sh $base)"; return; }
	log=$top/build/tests/apply-$base.log
	wt=$(verify_tree "$base" 2>"$log") || { echo "cannot make a worktree of $tag; see $log"; return; }
	{ git -C "$wt" am --abort 2>/dev/null
	  git -C "$wt" checkout -q -f --detach "$tag" && git -C "$wt" clean -q -fd; } >>"$log" 2>&1 ||
		{ echo "cannot check out $tag in $wt; see $log"; return; }
	[ -z "$(git -C "$wt" status --porcelain)" ] ||
		{ echo "$wt is not clean at $tag; see git -C $wt status"; return; }
	(cd "$wt" && git_ident && mcekd=$top BASE=$base bash -c "$cmd") >>"$log" 2>&1 ||
		echo "the README's command failed; see $log"
	got=$(git -C "$wt" rev-parse 'HEAD^{tree}')
	[ "$got" = "$want" ] ||
		echo "tree $got is not the series tree's $want; see $log"
}

if [ -z "$cmd" ]; then
	for base in "${bases[@]}"; do
		echo "FAIL: README apply command on $base: README.md has no line between <!-- apply:begin --> and <!-- apply:end -->"
	done
	exit 0
fi
for base in "${bases[@]}"; do
	why=$(apply "$base")
	if [ -z "$why" ]; then
		echo "PASS: README apply command on $base"
		drop_verify_tree "$base"
	else
		echo "FAIL: README apply command on $base: $(echo "$why" | head -1)"
	fi
done
