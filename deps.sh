#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What this project needs from Debian 12, installed with apt-get if missing
# (run as root on a fresh machine; a no-op once everything is there).
set -euo pipefail

packages=(
	# kernel builds and the series tooling
	make gcc libc6-dev git bc bison flex libelf-dev libssl-dev kmod rsync
	ccache cpio xz-utils perl python3-ply python3-git gcc-aarch64-linux-gnu
	# the guest and the emulated RAS platform
	qemu-system-x86 e2fsprogs busybox-static kexec-tools makedumpfile
	# reading dumps: the harness's reader, crash(8), whole-file compression
	zlib1g-dev liblzo2-dev libzstd-dev crash gzip bzip2 zstd lz4
	# fuzzing
	clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "error: missing Debian packages: ${missing[*]}; run as root, or: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "==> installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
