#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble a base's guest initramfs: the host's busybox-static, the dump
# tools of the base's own Debian release with that release's libraries and
# loader (kexec, makedumpfile, kdump-tools' kdump-config and its defaults;
# the list comes from image/userspace.sh), this directory's init and
# helpers, and the protocol init shares with the harness (the shell
# fragment protocol-sh makes from harness/protocol.h). The same image boots
# the production, the capture and the check kernel; scenarios append their
# own small archive.
#
# usage: image/mkimage.sh BASE OUT.cpio PROTOCOL.sh [EXTRA-BINARY...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: $0 BASE OUT.cpio PROTOCOL.sh [EXTRA-BINARY...]"
base=${1:?$usage}
out=${2:?$usage}
protocol=${3:?$usage}
shift 3
list=${MCEKD_BUILD:-$here/../build}/userspace/$base/guest.list

[ -x /bin/busybox ] || { echo "error: /bin/busybox is missing; apt-get install busybox-static" >&2; exit 1; }
! ldd /bin/busybox >/dev/null 2>&1 ||
	{ echo "error: /bin/busybox is not static; apt-get install busybox-static" >&2; exit 1; }
[ -s "$list" ] || { echo "error: $list is missing; run image/userspace.sh $base" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
root=$(mktemp -d "$out.root.XXXXXX")
trap 'rm -rf "$root" "$out.tmp"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,dev,proc,sys,tmp,var,etc,scenario}
cp /bin/busybox "$root/bin/busybox"
while read -r src dst; do
	mkdir -p "$root$(dirname "$dst")"
	cp -L "$src" "$root$dst"
done <"$list"
install -m 755 "$here/init" "$root/init"
install -m 755 "$here"/bin/* "$root/usr/local/bin/"
mkdir -p "$root/usr/lib" "$root/lib/lsb"
install -m 644 "$here/lib/mcekd.sh" "$root/usr/lib/mcekd.sh"
install -m 644 "$protocol" "$root/usr/lib/mcekd-protocol.sh"
install -m 644 "$here/lib/lsb-init-functions" "$root/lib/lsb/init-functions"
for f in "$@"; do
	install -m 755 "$f" "$root/usr/local/bin/"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
echo 'nogroup:x:65534:' >>"$root/etc/group"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "==> guest image $out ($base): $(du -k "$out" | cut -f1) KiB" >&2
