#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the objects the series changes with W=1, across the kernel configs
# the series has to cope with (its options on and off, and Debian's own
# config), and compare each object's warnings with the same object built
# on the base tag: the series may add none. With the guest config, also
# build vmlinux on both and compare objtool's output, which includes the
# noinstr checks of vmlinux.o (CONFIG_DEBUG_ENTRY). One config is arm64,
# cross-built from its defconfig with Debian's gcc-aarch64-linux-gnu, for
# the objects arm64 shares (APEI GHES with SEA and SDEI, memory failure,
# vmcore). Only the objects are built, which takes seconds: the cost of a
# config is its setup (kconfig and make prepare), which is measured and
# printed. The configs that turn off what the series' callers reach
# through stubs (memory failure, kexec, crash dumps, VMCOREINFO) also link
# the series' vmlinux: a missing stub compiles, and only the link fails.
# That is a whole kernel per config, minutes each when ccache is cold, so
# only those configs link, and only the series (the base is linked too
# when the series does not link, to tell whose failure it is).
#
# It builds the series branch as committed and the base tag in scratch
# trees of their own, build/kernel/BASE/matrix and matrix-base, with one
# object directory per config in each. Nothing in them is checked out
# again while their commits stay the same, so a second run only rebuilds
# what changed.
#
# usage: kernel/matrix.sh BASE [CONFIG...]   (some configs only; the guest
#        config's includes the vmlinux and objtool comparison)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base=${1:?usage: $0 BASE}
tag=$(base_tag "$base")
stree=$(arm_tree "$base" series)
mtree=$work/kernel/$base/matrix
guest=$top/kernel/config/guest.config
[ -e "$stree/.git" ] || die "no series tree for $base; run: kernel/series.sh apply $base"
top_commit=$(git -C "$stree" rev-parse series)
[ -z "$(git -C "$stree" status --porcelain --untracked-files=no)" ] ||
	say "note: $stree has uncommitted changes; they are not built"

# The configs: guest.config plus these options, Debian's config, or the
# arm64 defconfig plus its options.
configs=(guest mf-off kexec-off crash-dump-off mf-no-crash mce-off ghes-off hvo-on hvo-off
	vmcore-off distro arm64)
declare -A opts=(
	[guest]=""
	[mf-off]="CONFIG_MEMORY_FAILURE=n CONFIG_HWPOISON_INJECT=n CONFIG_ACPI_APEI_MEMORY_FAILURE=n"
	[kexec-off]="CONFIG_KEXEC=n CONFIG_KEXEC_FILE=n CONFIG_CRASH_DUMP=n CONFIG_PROC_VMCORE=n CONFIG_KEXEC_CORE=n"
	[crash-dump-off]="CONFIG_CRASH_DUMP=n CONFIG_PROC_VMCORE=n CONFIG_KEXEC_CORE=y"
	# Memory failure without any crash dump support, VMCOREINFO included:
	# CRASH_CORE (6.1) or VMCORE_INFO (6.12, 7.3) is selected by kexec and
	# by /proc/kcore. Each base has only one of the two; the other is
	# unset there anyway.
	[mf-no-crash]="CONFIG_MEMORY_FAILURE=y CONFIG_KEXEC=n CONFIG_KEXEC_FILE=n CONFIG_CRASH_DUMP=n
		CONFIG_PROC_VMCORE=n CONFIG_KEXEC_CORE=n CONFIG_PROC_KCORE=n CONFIG_CRASH_CORE=n
		CONFIG_VMCORE_INFO=n"
	# On x86, MEMORY_FAILURE needs X86_MCE.
	[mce-off]="CONFIG_X86_MCE=n CONFIG_X86_MCE_INTEL=n CONFIG_X86_MCE_AMD=n CONFIG_X86_MCE_INJECT=n
		CONFIG_MEMORY_FAILURE=n CONFIG_HWPOISON_INJECT=n CONFIG_ACPI_APEI_MEMORY_FAILURE=n"
	[ghes-off]="CONFIG_ACPI_APEI_GHES=n CONFIG_ACPI_APEI_MEMORY_FAILURE=n"
	[hvo-on]="CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP=y CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON=y"
	[hvo-off]="CONFIG_HUGETLBFS=n CONFIG_HUGETLB_PAGE=n CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP=n"
	[vmcore-off]="CONFIG_PROC_VMCORE=n"
	[distro]=""
	# Firmware-first errors reach GHES through SEA and SDEI on arm64.
	[arm64]="CONFIG_ACPI=y CONFIG_ACPI_APEI=y CONFIG_ACPI_APEI_GHES=y CONFIG_ACPI_APEI_SEA=y
		CONFIG_ARM_SDE_INTERFACE=y CONFIG_MEMORY_FAILURE=y CONFIG_ACPI_APEI_MEMORY_FAILURE=y
		CONFIG_KEXEC=y CONFIG_CRASH_DUMP=y CONFIG_PROC_VMCORE=y"
)
# Some of the configs, when named after BASE.
if [ $# -gt 1 ]; then
	for c in "${@:2}"; do
		[ -n "${opts[$c]+set}" ] || die "unknown config '$c' (known: ${configs[*]})"
	done
	configs=("${@:2}")
fi
# The architecture of each config, for kbuild (MCEKD_ARCH); x86_64 if unset.
declare -A config_arch=([arm64]=arm64)
# The configs whose series vmlinux is linked: those that turn off the code
# behind a stub the series' callers use (hwpoison_mark_fatal*() without
# MEMORY_FAILURE, vmcoreinfo_record_hwpoison() without VMCOREINFO,
# kexec_crash_loaded() without KEXEC_CORE or CRASH_DUMP).
declare -A config_link=([mf-off]=1 [kexec-off]=1 [crash-dump-off]=1 [mf-no-crash]=1)

# distro_config: fetch Debian's config of this kernel version once, into
# $distro_cfg, from the package pinned in kernel/bases: /boot/config-* in
# an image package (6.1, 6.12), /usr/lib/modules/*/config in the
# linux-base package that 7.x splits the image into. A package without
# exactly one is an error, never an empty config (olddefconfig would
# build the defaults and call them Debian's).
distro_config() {
	local suite pkg ver deb member
	suite=$(base_field "$base" 2)
	pkg=$(base_field "$base" 6)
	ver=$(base_field "$base" 7)
	distro_cfg=$work/kernel/$base/distro.config
	[ -s "$distro_cfg" ] && return 0
	deb=$work/dl/${pkg}_${ver//:/%3a}_amd64.deb
	if [ ! -s "$deb" ]; then
		say "downloading $pkg $ver for its config"
		"$top/kernel/apt.sh" "$suite" download "$work/dl" "$pkg=$ver"
	fi
	[ "$(dpkg-deb -f "$deb" Version)" = "$ver" ] || die "$deb is not version $ver"
	member=$(dpkg-deb -c "$deb" | awk '{ print $6 }' |
		grep -E '^\./(boot/config-[^/]+|usr/lib/modules/[^/]+/config)$' || true)
	[ -n "$member" ] && [ "$(printf '%s\n' "$member" | wc -l)" -eq 1 ] ||
		die "$pkg $ver has ${member:-no} kernel config (want one /boot/config-* or" \
			"/usr/lib/modules/*/config); fix its package in kernel/bases"
	dpkg --fsys-tarfile "$deb" | tar -xO "$member" >"$distro_cfg.tmp" &&
		grep -q '^CONFIG_X86_64=y$' "$distro_cfg.tmp" ||
		{ rm -f "$distro_cfg.tmp"; die "cannot read an x86_64 config at $member of $deb"; }
	mv "$distro_cfg.tmp" "$distro_cfg"
}

# obj_needs FILE.c: the CONFIG_ symbols that must all be y or m for the
# object of FILE to be built, read from the Makefile (or Kbuild) lines that
# add it, as obj-$(CONFIG_X), obj-y, or part of a composite object, and
# then the same for its directory in the parent's, up to a top directory.
# Kbuild builds a single object on request even when no config selects it,
# so this decides which objects a config really has.
obj_needs() {
	local dir=${1%/*} name=${1##*/} lhs mk syms=""
	name=${name%.c}.o
	while :; do
		lhs=""
		for mk in "$dir/Kbuild" "$dir/Makefile"; do
			[ -f "$mtree/$mk" ] || continue
			lhs=$(awk -v want="$name" '
				{ while (sub(/\\$/, "") && (getline nxt) > 0) $0 = $0 " " nxt }
				$0 !~ /^[ \t]*[A-Za-z0-9_-]+-(y|\$\(CONFIG_[A-Za-z0-9_]+\))[ \t]*[:+]?=/ { next }
				{
					l = $0; sub(/[ \t]*[:+]?=.*/, "", l); sub(/^[ \t]*/, "", l)
					r = $0; sub(/^[^=]*=/, "", r)
					n = split(r, w, /[ \t]+/)
					for (i = 1; i <= n; i++)
						if (w[i] == want) { print l; exit }
				}' "$mtree/$mk")
			[ -z "$lhs" ] || break
		done
		# Top directories are built by the top Makefile.
		if [ -z "$lhs" ]; then
			is_top "$dir" ||
				die "cannot tell which config builds $1: no Makefile line adds $name in $dir"
			break
		fi
		case $lhs in *'$(CONFIG_'*) syms+=" $(sed 's/.*\$(\(CONFIG_[A-Za-z0-9_]*\)).*/\1/' <<<"$lhs")" ;; esac
		case $lhs in
		obj-*)
			! is_top "$dir" || break
			name=${dir##*/}/
			dir=${dir%/*}
			;;
		*) name=${lhs%-*}.o ;;
		esac
	done
	printf '%s\n' "${syms# }"
}

is_top() { [ "${1#*/}" = "$1" ] || [ "$1" = arch/x86 ]; }

# built_objs TREE OUTDIR: the touched objects the config in OUTDIR builds,
# of those whose source TREE has (the base lacks the files the series adds).
built_objs() {
	local f s ok
	for f in "${!needs[@]}"; do
		[ -f "$1/$f" ] || continue
		ok=1
		for s in ${needs[$f]}; do
			grep -Eq "^$s=(y|m)$" "$2/.config" || ok=0
		done
		[ $ok = 0 ] || echo "${f%.c}.o"
	done | sort
}

# objtool_lines LOG: objtool's messages about vmlinux.o, without code
# offsets, which move. (Those about single objects are in the W=1 logs.)
objtool_lines() {
	grep '^vmlinux.o: .*objtool' "$1" | sed -E 's/\+0x[0-9a-f]+//g' | sort || true
}

# A config is made again only when its inputs change: the fragments, the
# start config, and the Kconfig files of the tree.
config_key() {
	local tree=$1 c=$2
	{
		case $c in
		distro) cat "$distro_cfg" ;;
		arm64) echo arm64 defconfig ;;
		*) echo tinyconfig; cat "$guest" ;;
		esac
		cat "$log/$c.config"
		git -C "$tree" ls-tree -r HEAD | grep -E '(	|/)Kconfig[^/]*$'
	} | sha256sum | cut -c1-16
}

# worktree TREE COMMIT: a scratch worktree of the base repo at COMMIT.
worktree() {
	if [ ! -e "$1/.git" ]; then
		git -C "$(base_repo "$base")" worktree prune
		git -C "$(base_repo "$base")" worktree add -q --detach "$1" "$2"
	fi
	git -C "$1" checkout -q --detach "$2"
}

# build_config PHASE TREE CONFIG: set up CONFIG in TREE/.out-CONFIG and
# build its objects with W=1, from scratch, into $log/CONFIG.PHASE.objs.
build_config() {
	local phase=$1 tree=$2 c=$3 out=.out-$3 key t0 t1 objs
	local MCEKD_ARCH=${config_arch[$c]:-}
	export MCEKD_ARCH
	t0=$(date +%s)
	key=$(config_key "$tree" "$c")
	if [ ! -f "$tree/$out/.config" ] || [ "$(cat "$tree/$out/.mcekd-config" 2>/dev/null)" != "$key" ]; then
		rm -f "$tree/$out/.mcekd-config"
		if [ "$c" = distro ]; then
			kconfig "$tree" "$out" "$distro_cfg" 2>"$log/$c.$phase.kconfig" ||
				{ cat "$log/$c.$phase.kconfig" >&2; die "config $c: olddefconfig failed"; }
		elif [ "$c" = arm64 ]; then
			kconfig "$tree" "$out" defconfig "$log/$c.config" 2>"$log/$c.$phase.kconfig" ||
				{ cat "$log/$c.$phase.kconfig" >&2; die "config $c does not merge as asked on $base"; }
		else
			kconfig "$tree" "$out" tinyconfig "$guest" "$log/$c.config" 2>"$log/$c.$phase.kconfig" ||
				{ cat "$log/$c.$phase.kconfig" >&2; die "config $c does not merge as asked on $base"; }
		fi
		echo "$key" >"$tree/$out/.mcekd-config"
	fi
	kbuild "$tree" "$out" -j2 W=1 prepare >"$log/$c.$phase.prepare" 2>&1 ||
		{ tail -20 "$log/$c.$phase.prepare" >&2; die "config $c: make prepare failed"; }
	t1=$(date +%s)
	prep[$c.$phase]=$((t1 - t0))
	mapfile -t objs < <(built_objs "$tree" "$tree/$out")
	built[$c.$phase]=${#objs[@]}
	objlist[$c.$phase]="${objs[*]}"
	rc[$c.$phase]=0
	if [ ${#objs[@]} -gt 0 ]; then
		(cd "$tree/$out" && rm -f "${objs[@]}")
		kbuild "$tree" "$out" -j2 -k W=1 "${objs[@]}" >"$log/$c.$phase.objs" 2>&1 ||
			rc[$c.$phase]=$?
	else
		: >"$log/$c.$phase.objs"
	fi
	objt[$c.$phase]=$(($(date +%s) - t1))
}

# link_config PHASE TREE CONFIG: link vmlinux in TREE/.out-CONFIG, set up
# by build_config, into $log/CONFIG.PHASE.link; its status in rc[CONFIG.PHASE.link].
link_config() {
	local phase=$1 tree=$2 c=$3 t0
	local MCEKD_ARCH=${config_arch[$c]:-}
	export MCEKD_ARCH
	t0=$(date +%s)
	rc[$c.$phase.link]=0
	kbuild "$tree" ".out-$c" -j2 W=1 vmlinux >"$log/$c.$phase.link" 2>&1 || rc[$c.$phase.link]=$?
	linkt[$c.$phase]=$(($(date +%s) - t0))
}

# build_vmlinux PHASE TREE: the guest vmlinux; objtool's messages about
# vmlinux.o, where the noinstr checks run, into $log/vmlinux.PHASE. They
# are kept with the objects and reused while vmlinux.o does not change.
build_vmlinux() {
	local phase=$1 tree=$2 out=$2/.out-guest before after t0
	t0=$(date +%s)
	before=$(stat -c %Y.%s "$out/vmlinux.o" 2>/dev/null || echo none)
	[ -f "$out/.mcekd-objtool" ] || rm -f "$out/vmlinux.o"
	rc[vmlinux.$phase]=0
	kbuild "$tree" .out-guest -j2 vmlinux >"$log/vmlinux.$phase.build" 2>&1 || rc[vmlinux.$phase]=$?
	after=$(stat -c %Y.%s "$out/vmlinux.o" 2>/dev/null || echo none)
	if [ "${rc[vmlinux.$phase]}" = 0 ] && { [ "$before" != "$after" ] || [ ! -f "$out/.mcekd-objtool" ]; }; then
		objtool_lines "$log/vmlinux.$phase.build" >"$out/.mcekd-objtool"
	fi
	cp "$out/.mcekd-objtool" "$log/vmlinux.$phase" 2>/dev/null || : >"$log/vmlinux.$phase"
	objt[vmlinux.$phase]=$(($(date +%s) - t0))
}

# The objects: every C file of the kernel the series changes. The
# kselftest's, under tools/, are user programs: kernel/kselftest.sh builds
# them.
mapfile -t cfiles < <(git -C "$stree" diff --name-only "$tag" "$top_commit" -- '*.c' ':!tools/')
[ ${#cfiles[@]} -gt 0 ] || die "the series of $base changes no C file"

case " ${configs[*]} " in *" distro "*) distro_config ;; esac
kbuild_lock
kbuild_env
btree=$work/kernel/$base/matrix-base
worktree "$btree" "$tag"
worktree "$mtree" "$top_commit"
declare -A needs
for f in "${cfiles[@]}"; do
	needs[$f]=$(obj_needs "$f")
	say "object ${f%.c}.o needs: ${needs[$f]:-nothing}"
done

log=$work/kernel/$base/matrix-logs
rm -rf "$log"
mkdir -p "$log"
for c in "${configs[@]}"; do
	# shellcheck disable=SC2086 # one option per word
	printf '%s\n' ${opts[$c]} >"$log/$c.config"
done
declare -A prep objt built rc objlist linkt
start_all=$(date +%s)
fail=0

# new_warnings BASELOG LOG: warnings of LOG that BASELOG does not have,
# compared without line and column numbers, which move.
norm() { grep -E '(warning|error):' "$1" | sed -E 's/:[0-9]+:[0-9]+:/:/; s/\+0x[0-9a-f]+//g' | sort || true; }

# in_base OBJ...: those of the objects whose source the base has.
in_base() {
	local o out=()
	for o in "$@"; do
		[ ! -f "$btree/${o%.o}.c" ] || out+=("$o")
	done
	echo "${out[*]}"
}

say "matrix of $base: ${#configs[@]} configs; objects: ${cfiles[*]/%.c/.o}"
declare -A newn result linked
for c in "${configs[@]}"; do
	build_config base "$btree" "$c"
	build_config series "$mtree" "$c"
	newn[$c]=$(comm -13 <(norm "$log/$c.base.objs") <(norm "$log/$c.series.objs") | tee "$log/$c.new" | wc -l)
	res=ok
	if [ "${rc[$c.series]}" != 0 ]; then
		res="FAIL: build error"
	elif [ "${newn[$c]}" != 0 ]; then
		res="FAIL: new warnings"
	elif [ "${objlist[$c.base]}" != "$(in_base ${objlist[$c.series]})" ]; then
		res="FAIL: object set differs"
	fi
	linked[$c]=-
	if [ -n "${config_link[$c]:-}" ]; then
		link_config series "$mtree" "$c"
		linked[$c]="${linkt[$c.series]} s"
		if [ "${rc[$c.series.link]}" != 0 ]; then
			link_config base "$btree" "$c"
			linked[$c]="FAIL"
			if [ "${rc[$c.base.link]}" = 0 ]; then
				res="FAIL: vmlinux does not link (see $log/$c.series.link)"
			else
				res="FAIL: vmlinux does not link, on the base either (see $log/$c.base.link)"
			fi
			tail -5 "$log/$c.series.link" >&2
		fi
	fi
	[ "$res" = ok ] || fail=1
	result[$c]=$res
	say "$c: setup ${prep[$c.base]}+${prep[$c.series]} s, ${built[$c.series]} object(s)" \
		"${objt[$c.base]}+${objt[$c.series]} s, ${newn[$c]} new warning(s), link ${linked[$c]}: $res"
done
n=- res="- (not asked)"
if [ -n "${result[guest]+set}" ]; then
	build_vmlinux base "$btree"
	build_vmlinux series "$mtree"
	n=$(comm -13 <(sort "$log/vmlinux.base") <(sort "$log/vmlinux.series") | tee "$log/vmlinux.new" | wc -l)
	res=ok
	if [ "${rc[vmlinux.series]}" != 0 ]; then
		res="FAIL: build error (see $log/vmlinux.series.build)"
	elif [ "$n" != 0 ]; then
		res="FAIL: new objtool messages"
	fi
	[ "$res" = ok ] || fail=1
	say "guest vmlinux: ${objt[vmlinux.base]}+${objt[vmlinux.series]} s, $(wc -l <"$log/vmlinux.series") objtool message(s), $n new: $res"
fi

printf '\n%-15s %9s %9s %8s %8s %8s  %s\n' config "setup(s)" "objs(s)" objects "new W=1" link result
for c in "${configs[@]}"; do
	printf '%-15s %4s+%-4s %4s+%-4s %8s %8s %8s  %s\n' "$c" "${prep[$c.base]}" "${prep[$c.series]}" \
		"${objt[$c.base]}" "${objt[$c.series]}" "${built[$c.series]}/${#cfiles[@]}" "${newn[$c]}" \
		"${linked[$c]}" "${result[$c]}"
done
printf '%-15s %9s %4s+%-4s %8s %8s %8s  %s\n' "objtool" "" "${objt[vmlinux.base]:--}" "${objt[vmlinux.series]:--}" \
	"vmlinux" "$n" "" "$res"
printf '(base+series seconds; setup = kconfig, when its inputs changed, + make prepare;\n'
printf ' link = seconds to link the series vmlinux, - where not linked)\n'
printf '(logs: %s)\n' "$log"
for f in "$log"/*.new; do
	[ -s "$f" ] || continue
	echo "--- new in ${f##*/}:"
	cat "$f"
done
say "matrix $base: $(($(date +%s) - start_all)) s in all"
[ $fail = 0 ] || die "matrix $base failed"
say "matrix $base passed"
