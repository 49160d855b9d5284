#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The patch series is kept as files in patches/BASE/, the source of truth;
# the series tree (build/kernel/BASE/series) is where it is edited, as git
# commits. This moves the series between the two and checks that they agree,
# that every commit builds, and that checkpatch is content.
#
# usage: kernel/series.sh apply BASE    tree := base tag + patches/BASE/series
#        kernel/series.sh export BASE   patches/BASE := the tree's commits
#        kernel/series.sh verify BASE   files reproduce the tree, each commit
#                                       builds, checkpatch --strict is clean
#        kernel/series.sh check BASE    verify without building each commit
#                                       (make check; the series tree's own
#                                       build covers the last one)
#
# The cover letter, patches/BASE/0000-cover-letter.patch, is not applied;
# export keeps its subject and prose and regenerates the shortlog and the
# diffstat. Edit the prose in that file. Before the first export, write it
# as the description of the series branch, first paragraph the subject:
#   git -C build/kernel/BASE/series branch --edit-description series
#
# A series written for upstream review is sent as several postings, one per
# maintainer tree: patches/BASE/postings then lists them in order, each as
# a directory, the number of commits it takes and its subject prefix, and
# each directory holds its patches and cover letter, Cc'd to the addresses
# scripts/get_maintainer.pl gives for them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { die "usage: $0 {apply|export|verify|check} BASE"; }
[ $# -eq 2 ] || usage
cmd=$1
base=$2
base_field "$base" 1 >/dev/null
tag=$(base_tag "$base")
tree=$(arm_tree "$base" series)
pdir=$top/patches/$base
cover=0000-cover-letter.patch

# Upstream commits the series refers to, by id and title. The base trees are
# Debian source snapshots without upstream history, so checkpatch cannot look
# them up (UNKNOWN_COMMIT_ID); references are checked against this list.
known_commits="9f3b130048bf x86/mce: Mark fatal MCE's page as poison to avoid panic in the kdump kernel"

# Only the repository's own git config: nothing from ~/.gitconfig may change
# what format-patch writes.
sgit() { GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git "$@"; }

# cover_text FILE: the subject line, a blank line and the prose of an
# exported cover letter, without the shortlog and diffstat that format-patch
# appended to it.
cover_text() {
	local info msg
	info=$(mktemp)
	msg=$(mktemp)
	git mailinfo "$msg" /dev/null <"$1" >"$info"
	sed -n 's/^Subject: //p' "$info"
	echo
	# From the end: the diffstat paragraph, then shortlog paragraphs
	# ("Name (N):" and indented subjects); what is left is the prose.
	awk '
		{ line[NR] = $0 }
		END {
			n = NR
			while (n > 0 && line[n] == "") n--
			cut = para_start(n)
			if (cut == 0 || line[cut] !~ /^ /) exit 1
			n = cut - 1
			for (;;) {
				while (n > 0 && line[n] == "") n--
				s = para_start(n)
				if (s == 0 || line[s] !~ /^[^ ].* \([0-9]+\):$/) break
				for (i = s + 1; i <= n; i++)
					if (line[i] !~ /^  /) break
				if (i <= n) break
				n = s - 1
			}
			while (n > 0 && line[n] == "") n--
			for (i = 1; i <= n; i++) print line[i]
		}
		function para_start(e,    s) {
			if (e < 1) return 0
			for (s = e; s > 1 && line[s - 1] != ""; s--) ;
			return s
		}' "$msg" || die "$1: no shortlog and diffstat found; is it a format-patch cover letter?"
	rm -f "$info" "$msg"
}

# format_patches TREE FROM TO DIR TEXT FORMAT-PATCH-OPTION...: the commits
# FROM..TO of TREE as patch files in DIR, with a cover letter of TEXT.
format_patches() {
	local t=$1 from=$2 to=$3 dir=$4 text=$5
	shift 5
	git_ident
	# format-patch takes the cover letter from the description of the
	# branch it formats: a branch of its own, for any range.
	sgit -C "$t" branch -f mcekd-cover "$to"
	# The cover letter carries the committer and the time of writing:
	# take the tip's author date, which git am keeps.
	GIT_COMMITTER_DATE=$(git -C "$t" log -1 --format=%aD "$to") \
		sgit -C "$t" -c core.abbrev=12 -c "branch.mcekd-cover.description=$text" \
		format-patch -q --zero-commit --no-signature --no-thread \
		--cover-letter --cover-from-description=subject \
		"$@" -o "$dir" "$from..mcekd-cover"
	sgit -C "$t" branch -q -D mcekd-cover
}

# maintainers TREE FROM TO: the addresses scripts/get_maintainer.pl gives
# for the commits FROM..TO, as format-patch --cc options.
maintainers() {
	local t=$1 tmp
	tmp=$(mktemp -d)
	sgit -C "$t" format-patch -q -o "$tmp" "$2..$3"
	(cd "$t" && PATH=/usr/bin:$PATH scripts/get_maintainer.pl --no-git \
		--no-git-fallback --no-rolestats --no-tree "$tmp"/*.patch 2>/dev/null) |
		sed 's/^/--cc=/'
	rm -rf "$tmp"
}

# export_postings DIR TREE BRANCH: as export_to, one directory per posting
# of patches/BASE/postings.
export_postings() {
	local dir=$1 t=$2 b=$3 name count prefix from=$tag to text f i=0
	local -a commits cc
	mapfile -t commits < <(git -C "$t" rev-list --reverse "$tag..$b")
	cp "$pdir/postings" "$dir/postings"
	echo "# Patches of the series, in the order git am applies them." >"$dir/series"
	while read -r name count prefix; do
		case $name in '' | '#'*) continue ;; esac
		[ $((i + count)) -le ${#commits[@]} ] ||
			die "patches/$base/postings takes more commits than the series has (${#commits[@]})"
		to=${commits[$((i + count - 1))]}
		[ -f "$pdir/$name/$cover" ] ||
			die "posting $name has no cover letter: write $pdir/$name/$cover"
		text=$(cover_text "$pdir/$name/$cover")
		mapfile -t cc < <(maintainers "$t" "$from" "$to")
		format_patches "$t" "$from" "$to" "$dir/$name" "$text" \
			--numbered --subject-prefix="$prefix" "${cc[@]}"
		for f in "$dir/$name"/*.patch; do
			f=${f##*/}
			[ "$f" = "$cover" ] || echo "$name/$f"
		done >>"$dir/series"
		from=$to
		i=$((i + count))
	done <"$pdir/postings"
	[ "$i" -eq ${#commits[@]} ] ||
		die "patches/$base/postings covers $i of the ${#commits[@]} commits of the series"
}

# export_to DIR [TREE BRANCH]: the commits base tag..BRANCH (default: the
# series tree and branch) as patch files in DIR, empty or new, with the
# series file and the cover letter.
export_to() {
	local dir=$1 t=${2:-$tree} b=${3:-series} head n text f
	[ -e "$t/.git" ] || die "no series tree for $base; run: $0 apply $base"
	head=$(git -C "$t" rev-parse HEAD)
	[ "$head" = "$(git -C "$t" rev-parse "$b")" ] ||
		die "$t is not at the tip of branch $b; check it out first"
	[ -z "$(git -C "$t" status --porcelain --untracked-files=no)" ] ||
		die "$t has uncommitted changes; commit or discard them first"
	n=$(git -C "$t" rev-list --count "$tag..$b")
	[ "$n" -gt 0 ] || die "the series of $base has no commits"
	mkdir -p "$dir"
	if [ -f "$pdir/postings" ]; then
		export_postings "$dir" "$t" "$b"
		return
	fi
	if [ -f "$pdir/$cover" ]; then
		text=$(cover_text "$pdir/$cover")
	else
		text=$(git -C "$t" config "branch.$b.description") ||
			die "no cover letter yet: write it with git -C $t branch --edit-description $b"
	fi
	format_patches "$t" "$tag" "$b" "$dir" "$text" -N
	{
		echo "# Patches of the series, in the order git am applies them."
		for f in "$dir"/*.patch; do
			f=${f##*/}
			[ "$f" = "$cover" ] || echo "$f"
		done
	} >"$dir/series"
	[ "$(grep -c '^[^#]' "$dir/series")" = "$n" ] || die "format-patch wrote an unexpected set of files"
}

do_export() {
	local new=$top/patches/.$base.new old=$top/patches/.$base.old
	# An export that died between the two renames below left the old
	# files here: put them back first.
	[ -d "$pdir" ] || [ ! -d "$old" ] || mv "$old" "$pdir"
	rm -rf "$new" "$old"
	mkdir -p "$new"
	# shellcheck disable=SC2064 # expanded now, as $new is local
	trap "rm -rf '$new'" EXIT
	export_to "$new"
	if [ -d "$pdir" ] && diff -r -q "$new" "$pdir" >/dev/null; then
		say "patches/$base is up to date"
	else
		[ ! -d "$pdir" ] || mv "$pdir" "$old"
		mv "$new" "$pdir"
		rm -rf "$old"
		say "exported $(grep -c '^[^#]' "$pdir/series") patch(es) to patches/$base"
	fi
	trap - EXIT
	rm -rf "$new"
	# The tree is now what its patch files make: let kernel/arm.sh keep it.
	echo "$(arm_inputs "$base" series) $(git -C "$tree" rev-parse HEAD)" >"$(arm_state "$base" series)"
}

# References to upstream commits: Fixes: tags and 'commit <id> ("title")'.
check_commit_refs() {
	local f=$1 bad=0 id title want
	while read -r id title; do
		want=$(awk -v id="$id" '$1 == id { $1 = ""; sub(/^ /, ""); print }' <<<"$known_commits")
		if [ -z "$want" ]; then
			echo "$f: commit $id is not in known_commits of $0" >&2
			bad=1
		elif [ -n "$title" ] && [ "$title" != "$want" ]; then
			echo "$f: commit $id is titled \"$want\", not \"$title\"" >&2
			bad=1
		fi
	done < <(sed -n '/^---$/q; s/^Fixes: \([0-9a-f]\{12,\}\) ("\(.*\)")$/\1 \2/p' "$f"
		sed -n '/^---$/q; p' "$f" | grep -io 'commit [0-9a-f]\{12,\}' | awk '{ print $2 }')
	return $bad
}

# new_warnings BASELOG LOG: warnings and errors of LOG that BASELOG does not
# have, compared without line numbers and code offsets, which move.
norm_warnings() {
	grep -E '(warning|error):' "$1" |
		sed -E 's/:[0-9]+:[0-9]+:/:/; s/\+0x[0-9a-f]+//g' | sort || true
}
new_warnings() {
	comm -13 <(norm_warnings "$1") <(norm_warnings "$2")
}

do_verify() {
	local builds=${1:-all} vtree out=.out fail=0 t0 t tmp f c i
	local -a files commits
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064 # expanded now, as $tmp is local
	trap "rm -rf '$tmp'" EXIT
	mapfile -t files < <(arm_patches "$base" series)
	[ ${#files[@]} -gt 0 ] || die "patches/$base/series lists no patches"

	say "1/4 export reproduces patches/$base"
	t0=$(date +%s)
	export_to "$tmp/export"
	if diff -r "$tmp/export" "$pdir" >"$tmp/export.diff"; then
		say "    ok ($(($(date +%s) - t0)) s)"
	else
		head -50 "$tmp/export.diff" >&2
		say "    FAIL: the series tree and patches/$base differ (export, or apply, first)"
		fail=1
	fi

	say "2/4 the patch files apply to $tag and give the series tree"
	t0=$(date +%s)
	vtree=$(verify_tree "$base") || die "cannot make a worktree of $tag for $base"
	git -C "$vtree" reset -q --hard
	apply_patches "$vtree" verify "$tag" "${files[@]}"
	if [ "$(git -C "$vtree" log --format=%T "$tag..verify")" = \
		"$(git -C "$tree" log --format=%T "$tag..series")" ]; then
		say "    ok: ${#files[@]} commits, same trees ($(($(date +%s) - t0)) s)"
	else
		say "    FAIL: applying patches/$base does not give the trees of the series branch"
		fail=1
	fi
	export_to "$tmp/reexport" "$vtree" verify
	if diff -r "$tmp/reexport" "$pdir" >&2; then
		say "    ok: exporting the applied series gives the same files"
	else
		say "    FAIL: exporting the applied series does not give the same files"
		fail=1
	fi

	say "3/4 checkpatch --strict"
	t0=$(date +%s)
	for f in "${files[@]}"; do
		# UNKNOWN_COMMIT_ID only: the ids cannot be looked up in these
		# trees; check_commit_refs checks them against known_commits.
		# Debian's python3 first: checkpatch runs spdxcheck.py, which
		# needs python3-ply, and a python3 of pyenv or a venv has none.
		if ! (cd "$vtree" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --quiet \
			--ignore UNKNOWN_COMMIT_ID "$f") >"$tmp/checkpatch" 2>&1 ||
			[ -s "$tmp/checkpatch" ]; then
			echo "${f##*/}:" >&2
			cat "$tmp/checkpatch" >&2
			fail=1
		fi
		check_commit_refs "$f" || fail=1
	done
	[ $fail = 1 ] || say "    ok: ${#files[@]} patches clean ($(($(date +%s) - t0)) s)"
	if [ "$builds" = none ]; then
		say "4/4 skipped: kernel/series.sh verify $base builds every commit"
		[ $fail = 0 ] || die "check $base failed"
		say "check $base passed"
		return
	fi

	say "4/4 every commit builds (guest config, $vtree/$out)"
	kbuild_lock
	kbuild_env
	mapfile -t commits < <(git -C "$vtree" rev-list --reverse "$tag..verify")
	commits=("$tag" "${commits[@]}")
	for i in "${!commits[@]}"; do
		c=${commits[$i]}
		git -C "$vtree" checkout -q --detach "$c"
		t0=$(date +%s)
		if [ "$i" = 0 ]; then
			# The base is built from scratch: its warnings are
			# what later builds are compared with.
			t="base $tag"
			rm -rf "${vtree:?}/$out"
			kconfig "$vtree" "$out" tinyconfig "$top/kernel/config/guest.config" ||
				die "kernel/config/guest.config does not merge cleanly on $base"
		else
			t="$i/$((${#commits[@]} - 1)) $(git -C "$vtree" log -1 --format=%s "$c")"
		fi
		if ! kbuild "$vtree" "$out" LOCALVERSION=-verify -j2 bzImage >"$tmp/build.$i" 2>&1; then
			tail -30 "$tmp/build.$i" >&2
			say "    FAIL: $t does not build"
			fail=1
			break
		fi
		new_warnings "$tmp/build.0" "$tmp/build.$i" >"$tmp/new.$i"
		if [ -s "$tmp/new.$i" ]; then
			cat "$tmp/new.$i" >&2
			say "    FAIL: $t builds with new warnings ($(($(date +%s) - t0)) s)"
			fail=1
		else
			say "    ok: $t ($(($(date +%s) - t0)) s)"
		fi
	done
	git -C "$vtree" checkout -q verify
	[ $fail = 0 ] || die "verify $base failed"
	say "verify $base passed"
}

case $cmd in
apply) exec "$top/kernel/arm.sh" "$base" series ;;
export) do_export ;;
verify) do_verify ;;
check) do_verify none ;;
*) usage ;;
esac
