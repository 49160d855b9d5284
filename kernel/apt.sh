#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apt-get and apt-cache against a Debian suite the host does not use
# (bookworm's own packages come from the host's apt configuration). The
# sources list, package lists and cache are private, under build/apt, so
# the host's apt configuration is never touched; apt still checks every
# download against the hashes of the suite's signed Release file.
#
# usage: kernel/apt.sh SUITE apt-get|apt-cache ARGS...
#        kernel/apt.sh SUITE download DIR PACKAGE=VERSION...
# SUITE is bookworm (the host's apt, as configured), trixie,
# trixie-backports or sid.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

suite=${1:?usage: $0 SUITE apt-get|apt-cache|download ARGS...}
cmd=${2:?usage: $0 SUITE apt-get|apt-cache|download ARGS...}
shift 2

opts=()
case $suite in
bookworm) ;;
trixie | trixie-backports | sid)
	dir=$work/apt/$suite
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -s $keyring ] || die "$keyring is missing (apt-get install debian-archive-keyring)"
	opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
	list="deb [signed-by=$keyring] http://deb.debian.org/debian $suite main"
	# trixie-backports packages depend on trixie's.
	[ "$suite" = trixie-backports ] &&
		list+=$'\n'"deb [signed-by=$keyring] http://deb.debian.org/debian trixie main"
	# One update a day is enough to find pinned versions.
	if [ ! -f "$dir/updated" ] || [ -n "$(find "$dir/updated" -mmin +1440)" ] ||
		[ "$(cat "$dir/sources.list" 2>/dev/null)" != "$list" ]; then
		mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
		printf '%s\n' "$list" >"$dir/sources.list"
		say "updating the package lists of Debian $suite (private, in $dir)"
		apt-get "${opts[@]}" -q update >&2 ||
			die "apt-get update of Debian $suite failed: is deb.debian.org reachable?"
		touch "$dir/updated"
	fi
	;;
*) die "unknown Debian suite '$suite' (known: bookworm trixie trixie-backports sid)" ;;
esac

case $cmd in
apt-get | apt-cache) exec "$cmd" "${opts[@]}" "$@" ;;
download)
	dest=${1:?usage: $0 SUITE download DIR PACKAGE=VERSION...}
	shift
	mkdir -p "$dest"
	cd "$dest"
	apt-get "${opts[@]}" -q download "$@" >&2 ||
		die "apt-get download $* from Debian $suite failed; if Debian moved on, update the pin"
	;;
*) die "unknown command '$cmd' (known: apt-get apt-cache download)" ;;
esac
