#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The dump tools of a base's own Debian release (pinned in image/packages),
# so that each base is tried as its users run it. Makes build/userspace/BASE:
#   root/       the release's packages, extracted with dpkg-deb -x:
#               makedumpfile, crash, kexec-tools and the libraries they
#               link, and kdump-tools (for bookworm only kdump-tools: the
#               rest is the host's own, installed by deps.sh);
#   bin/        host wrappers makedumpfile, crash and kexec, which run the
#               release's binary through the release's own loader;
#   guest.list  "SOURCE IMAGE-PATH" for every file the guest image takes
#               from the release (image/mkimage.sh);
#   versions    every package used, and each tool's own version line;
#   stamp       the base's line in image/packages and this script's digest.
# Built in a temporary directory and renamed into place, so a partial fetch
# never looks complete; made again only when the stamp changes (else the
# stamp is touched, for make).
#
# usage: image/userspace.sh BASE
set -euo pipefail
. "$(dirname "$0")/../kernel/lib.sh"

base=${1:?usage: $0 BASE}
pins=$top/image/packages
line=$(awk -v b="$base" '!/^#/ && $1 == b' "$pins")
[ -n "$line" ] ||
	die "image/packages has no userspace for base '$base' (known: $(awk '!/^#/ {printf "%s ", $1}' "$pins"))"
read -r _ suite v_mdf v_crash v_kexec v_kdump <<<"$line"
dest=$work/userspace/$base
stamp="$line $(sha256sum "$0" | cut -c1-16)"
if [ "$(cat "$dest/stamp" 2>/dev/null)" = "$stamp" ]; then
	touch "$dest/stamp"
	exit 0
fi

apt() { "$top/kernel/apt.sh" "$suite" "$@"; }
moved_on() {  # PACKAGE PINNED WHAT-THERE-IS
	die "image/packages pins $1 $2 for base $base, but $3; update $base's line in image/packages"
}
# The pinned version must still be in the suite.
check_pin() {  # PACKAGE VERSION
	local have
	have=$(apt apt-cache show --no-all-versions "$1=$2" 2>/dev/null | sed -n 's/^Version: //p')
	[ "$have" = "$2" ] ||
		moved_on "$1" "$2" "Debian $suite has $(apt apt-cache madison "$1" | awk '{print $3}' | paste -sd' ')"
}
# The library packages (section libs) PACKAGE... depend on, recursively;
# the tools' other dependencies (perl for a helper script, binutils,
# debconf) are not needed to run the binaries, and the loader check below
# proves it.
closure() {
	local seen=" " todo=("$@") new p
	while [ ${#todo[@]} -gt 0 ]; do
		new=()
		for p in $(apt apt-cache depends --no-recommends --no-suggests --no-conflicts \
			--no-breaks --no-replaces --no-enhances "${todo[@]}" |
			sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([a-z0-9][a-z0-9.+-]*\)\(:any\)\{0,1\}$/\2/p' |
			sort -u); do
			case $seen in *" $p "*) continue ;; esac
			seen+="$p "
			new+=("$p")
		done
		[ ${#new[@]} -gt 0 ] || break
		mapfile -t todo < <(apt apt-cache show --no-all-versions "${new[@]}" |
			awk '/^Package:/ { p = $2 } /^Section:/ && $2 == "libs" { print p }')
		printf '%s\n' "${todo[@]}"
	done
}

mkdir -p "$work/userspace"
stage=$(mktemp -d "$work/userspace/.$base.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/debs" "$stage/root" "$stage/bin"

tools=("makedumpfile=$v_mdf" "crash=$v_crash" "kexec-tools=$v_kexec")
check_pin kdump-tools "$v_kdump"
if [ "$suite" = bookworm ]; then
	# The host is Debian 12: its own tools (sysroot /) are bookworm's.
	sysroot=
	for t in "${tools[@]}"; do
		have=$(dpkg-query -W -f='${Version}' "${t%%=*}" 2>/dev/null) ||
			die "${t%%=*} is not installed (run ./deps.sh)"
		[ "$have" = "${t#*=}" ] || moved_on "${t%%=*}" "${t#*=}" "the host has $have"
	done
	fetch=("kdump-tools=$v_kdump")
else
	sysroot=$stage/root
	for t in "${tools[@]}"; do
		check_pin "${t%%=*}" "${t#*=}"
	done
	mapfile -t libs < <(closure "${tools[@]}")
	fetch=("${tools[@]}" "kdump-tools=$v_kdump" "${libs[@]}")
fi
kib=$(apt apt-cache show --no-all-versions "${fetch[@]}" | awk '/^Size:/ {s += $2} END {print int(s / 1024)}')
say "fetching the $base userspace from Debian $suite: ${#fetch[@]} packages, $kib KiB"
apt download "$stage/debs" "${fetch[@]}"
for d in "$stage"/debs/*.deb; do
	dpkg-deb -x "$d" "$stage/root"
	dpkg-deb -f "$d" Package Version | sed 's/^[^:]*: //' | paste -sd' '
done | sort >"$stage/versions.tmp"
rm -r "$stage/debs"

# The release's loader and library path (the host's own for bookworm).
loader=$sysroot/lib64/ld-linux-x86-64.so.2
libpath=$sysroot/usr/lib/x86_64-linux-gnu
[ "$suite" = bookworm ] || loader=$sysroot/usr/lib64/ld-linux-x86-64.so.2
[ -x "$loader" ] || die "no loader $loader in Debian $suite's libc6"

# The libraries PROGRAM... load, as their paths under the sysroot.
libraries() {
	local p out
	for p in "$@"; do
		out=$("$loader" --library-path "$libpath" --list "$p") ||
			die "$p does not load with Debian $suite's libraries"
		! grep -q 'not found' <<<"$out" ||
			die "$p needs libraries image/userspace.sh did not fetch: $(grep 'not found' <<<"$out" | paste -sd' ')"
		out=$(sed -n 's|.* => \(/[^ ]*\) (0x.*|\1|p' <<<"$out")
		! grep -qv "^$sysroot" <<<"$out" ||
			die "$p loads libraries from outside Debian $suite's packages: $(grep -v "^$sysroot" <<<"$out" | paste -sd' ')"
		printf '%s\n' "$out"
	done | sort -u
}

# Host wrappers: the same interface for every base.
for t in makedumpfile:usr/bin crash:usr/bin kexec:usr/sbin; do
	name=${t%%:*} prog=$sysroot/${t#*:}/${t%%:*}
	[ -x "$prog" ] || die "Debian $suite's packages have no $prog"
	libraries "$prog" >/dev/null
	{
		echo '#!/bin/sh'
		echo "# Debian $suite's $name for base $base (made by image/userspace.sh)."
		if [ "$suite" = bookworm ]; then
			echo "exec /${t#*:}/$name \"\$@\""
		else
			echo "# It runs through $suite's own loader, with $suite's libraries."
			echo 'root=$(dirname "$(readlink -f "$0")")/../root'
			echo "exec \"\$root/usr/lib64/ld-linux-x86-64.so.2\" --argv0 $name \\"
			echo "	--library-path \"\$root/usr/lib/x86_64-linux-gnu\" \"\$root/${t#*:}/$name\" \"\$@\""
		fi
	} >"$stage/bin/$name"
	chmod 755 "$stage/bin/$name"
done

# What the guest takes: kexec and makedumpfile with their libraries and the
# loader, kdump-config and the defaults file its package installs.
{
	for f in usr/sbin/kexec usr/bin/makedumpfile; do
		echo "$sysroot/$f /$f"
	done
	libraries "$sysroot/usr/sbin/kexec" "$sysroot/usr/bin/makedumpfile" |
		grep -v '/ld-linux-x86-64.so.2$' | sed "s|^$sysroot/*\(.*\)|& /\1|"
	echo "$loader /lib64/ld-linux-x86-64.so.2"
	echo "$stage/root/usr/sbin/kdump-config /usr/sbin/kdump-config"
	echo "$stage/root/usr/share/kdump-tools/kdump-tools.conf /etc/default/kdump-tools"
} | sed "s|$stage|$dest|g" >"$stage/guest.list"

{
	echo "# base $base: Debian $suite"
	cat "$stage/versions.tmp"
	if [ "$suite" = bookworm ]; then
		for t in "${tools[@]}"; do echo "${t%%=*} ${t#*=} (the host's)"; done
	fi
	echo "# makedumpfile -v: $("$stage/bin/makedumpfile" -v 2>&1 | head -1)"
	echo "# crash --version: $("$stage/bin/crash" --version 2>&1 | sed -n '/^crash/{p;q}')"
	echo "# kexec --version: $("$stage/bin/kexec" --version 2>&1 | head -1)"
} >"$stage/versions"
rm "$stage/versions.tmp"
printf '%s\n' "$stamp" >"$stage/stamp"

rm -rf "$dest.old"
[ ! -e "$dest" ] || mv "$dest" "$dest.old"
mv "$stage" "$dest"
rm -rf "$dest.old"
trap - EXIT
say "userspace of $base in $dest: $(grep -c '^[^#]' "$dest/versions") packages, $(du -sk "$dest" | cut -f1) KiB"
