#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of the emulated RAS platform (recorded figures, not a test):
#  1. boot to userspace with the platform loaded against plain QEMU, the
#     two alternating in one run (median of N each; goal: ratio <= 1.3);
#  2. how far after the consuming load the #MC lands: instructions left in
#     the load's translation block, and blocks run before the #MC handler
#     (goal: within one block), for a user-mode and a kernel-mode load.
# usage: bench/platform.sh [BASE] [N]      (make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
base=${1:-6.1} n=${2:-5}
vmrun=build/harness/vmrun
out=build/bench
mkdir -p "$out"

boot_s() {  # extra vmrun args...: print wall_s.boot of one boot-only run
	local res=$out/boot-run.json
	"$vmrun" --base "$base" --arm upstream --result "$res" "$@" bench/boot.scn >/dev/null 2>&1 ||
		{ echo "bench: the boot run failed: $(build/harness/jsonget "$res" error.reason)" >&2; exit 1; }
	build/harness/jsonget "$res" wall_s.boot
}

echo "==> boot to userspace, $n runs each, alternating" >&2
: >"$out/boot-plain.txt"
: >"$out/boot-platform.txt"
for i in $(seq "$n"); do
	boot_s --plain >>"$out/boot-plain.txt"
	boot_s >>"$out/boot-platform.txt"
	echo "    run $i: plain $(tail -1 "$out/boot-plain.txt") s, platform $(tail -1 "$out/boot-platform.txt") s" >&2
done
plain=$(median <"$out/boot-plain.txt")
platform=$(median <"$out/boot-platform.txt")

entry=0x$(awk '$3 == "asm_exc_machine_check" {print $1}' "build/kernel/$base/upstream/.out/System.map")
echo "==> #MC delivery distance (#MC entry $entry)" >&2
distance() {  # SCENARIO
	local name rec left blocks
	name=$(basename "$1" .scn)
	rec=build/runs/$base-upstream-$name/record.jsonl
	"$vmrun" --base "$base" --arm upstream --plugin-arg "bench=$entry" "$1" >/dev/null 2>&1 || true
	left=$(build/harness/jsonget --where ev=mce --where why=consume "$rec" insns_left_in_block)
	blocks=$(build/harness/jsonget --where ev=bench "$rec" blocks_before_handler)
	echo "$name load: $left instructions left in its block, $blocks blocks before the #MC handler"
}

{
	echo "RAS platform benchmark, base $base, $(date -u +%Y-%m-%d), $(nproc) cores"
	awk -v p="$plain" -v q="$platform" -v n="$n" 'BEGIN {
		printf "boot to userspace: plain QEMU %.2f s, with the platform %.2f s (median of %d), ratio %.3f (goal <= 1.3)\n", p, q, n, q / p }'
	distance tests/platform/user-sigbus.scn
	distance tests/platform/kernel-panic.scn
} | tee "$out/platform.txt"
