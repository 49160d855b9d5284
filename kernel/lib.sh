# SPDX-License-Identifier: GPL-2.0
# Shared paths and helpers for the kernel glue scripts: where each base and
# arm lives in the ignored workspace, and how progress and errors are shown.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${MCEKD_BUILD:-$top/build}
arms="upstream nofix series"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# base_field BASE COLUMN: one column of kernel/bases for BASE.
base_field() {
	local v
	v=$(awk -v b="$1" -v c="$2" '$1 == b { print $c }' "$top/kernel/bases")
	[ -n "$v" ] || die "unknown base '$1' (known: $(awk '!/^#/ {printf "%s ", $1}' "$top/kernel/bases"))"
	printf '%s\n' "$v"
}

check_arm() {
	case " $arms " in
	*" $1 "*) ;;
	*) die "unknown arm '$1' (known: $arms)" ;;
	esac
}

# The pristine base is a git repository whose work tree is the upstream arm.
base_repo() { printf '%s/kernel/%s/upstream\n' "$work" "$1"; }
arm_tree() { printf '%s/kernel/%s/%s\n' "$work" "$1" "$2"; }
arm_out() { printf '%s/.out\n' "$(arm_tree "$1" "$2")"; }
base_tag() { printf 'debian-%s\n' "$(base_field "$1" 3 | tr '~' '_')"; }

# Commits in the workspace trees are made by this repository's identity: the
# configured one, else the author of its newest commit (a fresh CI clone).
git_ident() {
	GIT_AUTHOR_NAME=$(git -C "$top" config user.name ||
		git -C "$top" log -1 --format=%an 2>/dev/null) ||
		die "no git identity: set user.name and user.email"
	GIT_AUTHOR_EMAIL=$(git -C "$top" config user.email ||
		git -C "$top" log -1 --format=%ae 2>/dev/null) ||
		die "no git identity: set user.name and user.email"
	GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
	GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
}

# The patch files an arm is made of, in order: none for upstream, the
# test-only revert for nofix, the series for series.
arm_patches() {
	case $2 in
	upstream) ;;
	nofix) printf '%s\n' "$top/kernel/nofix/$1.patch" ;;
	series)
		local f
		[ -f "$top/patches/$1/series" ] || die "patches/$1/series is missing"
		while read -r f; do
			case $f in '' | '#'*) continue ;; esac
			[ -f "$top/patches/$1/$f" ] || die "patches/$1/series lists $f, which does not exist"
			printf '%s\n' "$top/patches/$1/$f"
		done <"$top/patches/$1/series"
		;;
	esac
}

# apply_patches TREE BRANCH BASETAG FILE...: make BRANCH in TREE be BASETAG
# plus FILE... applied with git am. Commit ids depend only on the inputs, so
# exporting again gives the same files.
apply_patches() {
	local tree=$1 branch=$2 basetag=$3
	shift 3
	git_ident
	git -C "$tree" checkout -q -B "$branch" "$basetag"
	[ $# -eq 0 ] && return 0
	git -C "$tree" am -q --keep-cr --committer-date-is-author-date "$@" || {
		git -C "$tree" am --abort 2>/dev/null || true
		die "a patch of $branch does not apply to $basetag; tree left at $basetag"
	}
}
