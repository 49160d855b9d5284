#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the source tree of one arm: upstream is the pristine base itself,
# nofix and series are git worktrees of it with their patch files applied.
# A tree is rebuilt from its patch files only when those files changed; a
# tree with commits or edits that were not exported is never overwritten.
#
# usage: kernel/arm.sh BASE ARM
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE ARM}
arm=${2:?usage: $0 BASE ARM}
check_arm "$arm"
"$top/kernel/base.sh" "$base"
repo=$(base_repo "$base")
[ "$arm" = upstream ] && exit 0

tree=$(arm_tree "$base" "$arm")
# Checked here first: a die inside the process substitution below would
# only end that subshell and leave the list short.
arm_patches "$base" "$arm" >/dev/null
mapfile -t files < <(arm_patches "$base" "$arm")
inputs=$(arm_inputs "$base" "$arm")
if [ ! -e "$tree/.git" ]; then
	say "creating the $arm tree of $base"
	git -C "$repo" worktree prune
	git -C "$repo" worktree add -q --detach "$tree" "$(base_tag "$base")"
fi
state=$(arm_state "$base" "$arm")
if [ -f "$state" ] && [ "$(cut -d' ' -f1 "$state")" = "$inputs" ]; then
	exit 0
fi
if [ -f "$state" ]; then
	made=$(cut -d' ' -f2 "$state")
	head=$(git -C "$tree" rev-parse HEAD)
	if [ "$head" != "$made" ] || [ -n "$(git -C "$tree" status --porcelain)" ]; then
		die "$tree has work that is not in its patch files; export it (make export BASE=$base) or discard it"
	fi
fi
say "applying ${#files[@]} patch(es) to the $arm tree of $base"
apply_patches "$tree" "$arm" "$(base_tag "$base")" "${files[@]}"
echo "$inputs $(git -C "$tree" rev-parse HEAD)" >"$state"
