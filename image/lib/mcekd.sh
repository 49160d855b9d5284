# SPDX-License-Identifier: GPL-2.0
# Shell functions for scenario workloads; source with ". /usr/lib/mcekd.sh".

# hold VAR... -- CMD [ARG...]: start CMD in the background with a standard
# input that stays open for the rest of the boot, and read one line of its
# output into each VAR (the holders in image/tools print the addresses they
# hold, then wait on stdin).
hold() {
	local vars="" fifo
	while [ "$1" != "--" ]; do vars="$vars $1"; shift; done
	shift
	fifo=$(mktemp -u /tmp/hold.XXXXXX)
	mkfifo "$fifo"
	(sleep 1000000 | "$@" >"$fifo") &
	exec 9<"$fifo"
	for v in $vars; do
		read -r "$v" <&9 || { echo "hold: $1 printed nothing" >&2; return 1; }
	done
	exec 9<&-
	rm -f "$fifo"
}

# line_of ADDR: the 64-byte line holding ADDR, in hex.
line_of() { printf '%#x\n' $(($1 & ~63)); }

# control_page [VAR]: hold a kernel page the dump keeps (an io_uring ring
# page), filled with the control pattern of harness/protocol.h, and name it
# to the platform as a page the dump must keep; its address goes to VAR.
control_page() {
	hold "${1:-control}" -- mcekd-ring --fill 1 0 || return 1
	eval mcekd-platform control "\$${1:-control}" >/dev/null
}

# recovered ADDR: wait up to 10 s for memory_failure() to handle the page
# holding ADDR, by its line in the kernel log: /dev/kmsg gives the records
# already there, then each new one as it comes, so grep ends on the line
# itself; if it does not come, say so and fail.
recovered() {
	local pfn=$(printf '%#x' $(($1 >> 12)))
	timeout 10 grep -q -m1 "Memory failure: $pfn: recovery action" /dev/kmsg && return 0
	echo "FAIL: no memory_failure() for pfn $pfn"
	return 1
}
