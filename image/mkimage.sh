#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the guest's base initramfs from Debian's own binaries (busybox-
# static, kexec-tools, makedumpfile and the libraries they link) plus this
# directory's init and helpers, and the protocol init shares with the
# harness (the shell fragment protocol-sh makes from harness/protocol.h).
# The same image boots the production, the capture and the check kernel;
# scenarios append their own small archive.
#
# usage: image/mkimage.sh OUT.cpio PROTOCOL.sh [EXTRA-BINARY...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: $0 OUT.cpio PROTOCOL.sh [EXTRA-BINARY...]}
protocol=${2:?usage: $0 OUT.cpio PROTOCOL.sh [EXTRA-BINARY...]}
shift 2

for f in /bin/busybox /usr/sbin/kexec /usr/bin/makedumpfile; do
	[ -x "$f" ] || { echo "error: $f is missing; apt-get install busybox-static kexec-tools makedumpfile" >&2; exit 1; }
done
! ldd /bin/busybox >/dev/null 2>&1 ||
	{ echo "error: /bin/busybox is not static; apt-get install busybox-static" >&2; exit 1; }

root=$(mktemp -d "$out.root.XXXXXX")
trap 'rm -rf "$root" "$out.tmp"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,dev,proc,sys,tmp,var,etc,scenario}
cp /bin/busybox "$root/bin/busybox"
cp /usr/sbin/kexec "$root/usr/sbin/kexec"
cp /usr/bin/makedumpfile "$root/usr/bin/makedumpfile"
# The dynamic loader and every library the two dynamic programs need.
for lib in $(ldd /usr/sbin/kexec /usr/bin/makedumpfile | awk '/=> \// {print $3} /^\t\/lib/ {print $1}' | sort -u); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
install -m 755 "$here/init" "$root/init"
install -m 755 "$here"/bin/* "$root/usr/local/bin/"
mkdir -p "$root/usr/lib"
install -m 644 "$here/lib/mcekd.sh" "$root/usr/lib/mcekd.sh"
install -m 644 "$protocol" "$root/usr/lib/mcekd-protocol.sh"
for f in "$@"; do
	install -m 755 "$f" "$root/usr/local/bin/"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
echo 'nogroup:x:65534:' >>"$root/etc/group"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "==> guest image $out: $(du -k "$out" | cut -f1) KiB" >&2
