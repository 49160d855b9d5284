// SPDX-License-Identifier: GPL-2.0
/*
 * insn-range.so: a QEMU 7.2 TCG plugin for benchmarks that counts the guest
 * instructions executed inside one function, and the times it was entered.
 * TCG runs the same instructions for the same input, so the count is a
 * figure that host load does not change, unlike a time.
 *
 * Arguments (-plugin insn-range.so,lo=ADDR,hi=ADDR,out=PATH):
 *   lo, hi   the guest virtual range [lo, hi) of the function (System.map:
 *            its address and the next symbol's); an entry is a block that
 *            starts at lo
 *   out      where "entries N\ninsns N\n" is written when QEMU exits
 * A block is counted whole when it starts; a block cut short by an
 * exception is over-counted, which a function without faults never is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../platform/qemu-abi.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static uint64_t lo, hi, entries, insns;
static const char *out;

/* udata: the block's instructions in range, bit 63 set if it starts at lo. */
#define ENTRY_BIT	(1ULL << 63)

static void tb_exec(unsigned int cpu, void *udata)
{
	uint64_t v = (uintptr_t)udata;

	(void)cpu;
	if (v & ENTRY_BIT)
		__atomic_add_fetch(&entries, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&insns, v & ~ENTRY_BIT, __ATOMIC_RELAXED);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	uint64_t in = 0, va;

	(void)id;
	for (size_t i = 0; i < n; i++) {
		va = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, i));
		in += va >= lo && va < hi;
	}
	if (!in)
		return;
	if (qemu_plugin_tb_vaddr(tb) == lo)
		in |= ENTRY_BIT;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)in);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out, "w");

	(void)id;
	(void)udata;
	if (!f || fprintf(f, "entries %" PRIu64 "\ninsns %" PRIu64 "\n", entries, insns) < 0 ||
	    fclose(f))
		fprintf(stderr, "insn-range: cannot write %s\n", out);
}

/* ADDR of "KEY=ADDR", or 0 when it is not a number. */
static uint64_t addr_arg(const char *v)
{
	char *end;
	uint64_t a = strtoull(v, &end, 0);

	return *v && !*end ? a : 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "lo=", 3)) {
			lo = addr_arg(argv[i] + 3);
		} else if (!strncmp(argv[i], "hi=", 3)) {
			hi = addr_arg(argv[i] + 3);
		} else if (!strncmp(argv[i], "out=", 4)) {
			out = argv[i] + 4;
		} else {
			fprintf(stderr, "insn-range: unknown argument '%s' (lo, hi, out)\n", argv[i]);
			return -1;
		}
	}
	if (!lo || hi <= lo || !out || !*out) {
		fprintf(stderr, "insn-range: want lo=ADDR,hi=ADDR (lo < hi) and out=PATH\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
