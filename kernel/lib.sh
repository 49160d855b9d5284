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
base_tag() { printf 'debian-%s\n' "$(base_field "$1" 4 | tr '~' '_')"; }

# verify_tree BASE: the worktree where the patch files are applied to the
# clean base (series.sh check and verify, the README's apply command in
# tests/groups/25-apply.sh), made detached at the base's tag if it is not
# there yet; prints its path.
verify_tree() {
	local tree=$work/kernel/$1/verify
	if [ ! -e "$tree/.git" ]; then
		git -C "$(base_repo "$1")" worktree prune &&
			git -C "$(base_repo "$1")" worktree add -q --detach "$tree" "$(base_tag "$1")" >&2 ||
			return 1
	fi
	printf '%s\n' "$tree"
}

# drop_verify_tree BASE: remove that worktree (a checkout and its builds,
# 1.5 to 2.5 GB) once its last user is done; verify_tree makes it again.
drop_verify_tree() {
	local tree=$work/kernel/$1/verify
	[ -e "$tree" ] || return 0
	git -C "$(base_repo "$1")" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
	git -C "$(base_repo "$1")" worktree prune
}

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

# arm_inputs BASE ARM: the digest of the patch files an arm is made of.
# kernel/arm.sh records it with the HEAD it made in the tree's state file,
# "<inputs> <HEAD>", and remakes the tree only when the inputs change.
arm_inputs() {
	local files
	mapfile -t files < <(arm_patches "$1" "$2")
	cat "${files[@]}" /dev/null | sha256sum | cut -c1-16
}

arm_state() {
	local gitdir
	gitdir=$(git -C "$(arm_tree "$1" "$2")" rev-parse --absolute-git-dir) || die "no tree for $1/$2"
	printf '%s/mcekd-applied\n' "$gitdir"
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

# kbuild_lock: one kernel build at a time on this machine (2 cores, shared).
# The lock is held until the calling script exits; scripts it runs inherit
# it through MCEKD_KBUILD_LOCKED instead of waiting for themselves.
kbuild_lock() {
	[ -n "${MCEKD_KBUILD_LOCKED:-}" ] && return 0
	mkdir -p "$work/kernel"
	exec 9>>"$work/kernel/.kbuild.lock"
	if ! flock -n 9; then
		say "waiting for another kernel build to finish ($work/kernel/.kbuild.lock)"
		flock 9
	fi
	export MCEKD_KBUILD_LOCKED=$$
}

# kbuild_env: the environment of every kernel build. Same inputs, same
# objects: no timestamps or host names in the build. All trees share one
# ccache.
kbuild_env() {
	command -v ccache >/dev/null || die "ccache is not installed (apt-get install ccache)"
	export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
	export KBUILD_BUILD_USER=mcekd KBUILD_BUILD_HOST=mcekd
	export CCACHE_DIR=$work/ccache CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
	# Kbuild regenerates headers in every fresh object directory; their
	# contents, not their times, decide whether an object can be reused.
	export CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime,time_macros
	# Depend mode reuses Kbuild's -MMD output instead of running the
	# preprocessor a second time on a miss: a cold build costs about 5%
	# more than no ccache.
	export CCACHE_DEPEND=1
}

# kbuild TREE OUT MAKEARG...: make in TREE with its objects in OUT, which is
# a directory name directly inside TREE: Kbuild then spells sources as
# relative paths, and builds of different trees share ccache entries.
# MCEKD_ARCH=arm64 cross-builds for arm64 with Debian's cross compiler
# (gcc-aarch64-linux-gnu); unset, the build is for the host, x86_64.
kbuild() {
	local tree=$1 out=$2 cc=gcc
	shift 2
	case $out in */* | '') die "kbuild: object directory '$out' must be a name inside the tree" ;; esac
	case ${MCEKD_ARCH:-} in
	'') ;;
	arm64)
		cc=aarch64-linux-gnu-gcc
		command -v $cc >/dev/null ||
			die "$cc is not installed (apt-get install gcc-aarch64-linux-gnu)"
		set -- ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
		;;
	*) die "kbuild: unknown MCEKD_ARCH '$MCEKD_ARCH' (known: arm64)" ;;
	esac
	make -s -C "$tree" O="$out" CC="ccache $cc" HOSTCC="ccache gcc" "$@"
}

# kconfig TREE OUT START FRAGMENT...: START (tinyconfig, the defconfig of
# the architecture kbuild builds for, or a config file) plus the fragments
# in order, into TREE/OUT/.config, which is rewritten only if the result
# differs, so an unchanged config rebuilds nothing.
# Every option the fragments set, by the last fragment that sets it, must
# have landed; "CONFIG_X=n" means unset.
kconfig() {
	local tree=$1 out=$2 start=$3
	shift 3
	local new=$tree/$out/.config.new frags=("$@")
	mkdir -p "$tree/$out"
	if [ "$start" = tinyconfig ]; then
		# What "make tinyconfig" does, but into .config.new: its second
		# step (the tiny.config target) always merges into .config.
		kbuild "$tree" "$out" KCONFIG_CONFIG=.config.new \
			KCONFIG_ALLCONFIG="$tree/kernel/configs/tiny-base.config" allnoconfig >/dev/null
		set -- "$tree/kernel/configs/tiny.config" "$tree/arch/x86/configs/tiny.config" "$@"
	elif [ "$start" = defconfig ]; then
		kbuild "$tree" "$out" KCONFIG_CONFIG=.config.new defconfig >/dev/null
	else
		cp "$start" "$new"
	fi
	if [ $# -gt 0 ]; then
		(cd "$tree" && KCONFIG_CONFIG=$out/.config.new scripts/kconfig/merge_config.sh \
			-m -O "$out" "$out/.config.new" "$@" >/dev/null)
	fi
	kbuild "$tree" "$out" KCONFIG_CONFIG=.config.new olddefconfig >/dev/null
	local bad
	bad=$(awk -F= '
		FNR == NR { have[$1] = $0; next }
		/^CONFIG_[A-Za-z0-9_]+=/ { want[$1] = $0; order[++n] = $1 }
		END {
			for (i = 1; i <= n; i++) {
				o = order[i]
				if (seen[o]++) continue
				w = want[o]
				h = (o in have) ? have[o] : ""
				if (w == o "=n") {
					if (h != "") print "  " o ": wanted n, got " h
				} else if (h != w) {
					print "  " o ": wanted " substr(w, length(o) + 2) ", got " \
						(h != "" ? substr(h, length(o) + 2) : "unset")
				}
			}
		}' "$new" "${frags[@]}")
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad" >&2
		rm -f "$new"
		return 1
	fi
	if cmp -s "$new" "$tree/$out/.config"; then
		rm -f "$new"
	else
		mv "$new" "$tree/$out/.config"
	fi
}
