// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for how the dump-capture kernel reads the record of
 * poisoned memory (the series' fs/proc/vmcore_hwpoison.c). Everything it
 * reads comes from a crashed kernel, so any bytes must be safe: each input
 * is walked as ELF notes, searched as VMCOREINFO text for the
 * HWPOISON_RECORD line, and parsed as a record with 4 KiB and 64 KiB
 * pages. Beyond what ASan and UBSan catch, a record that parses must keep
 * the reader's promises: ranges sorted and disjoint, every page left out
 * named by a used slot of the input (read plainly here), and the cut of a
 * fixed set of program headers keeps every other page.
 * Build and run: make -C tests/handoff fuzz.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore_hwpoison.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Is page @pfn inside a used slot of the record, plainly read? */
static int named(const uint8_t *data, unsigned int shift, u64 pfn)
{
	struct vmcore_hwpoison_header h;
	struct vmcore_hwpoison_range r;
	u32 i;

	memcpy(&h, data, sizeof(h));
	for (i = 0; i < h.nr_used; i++) {
		memcpy(&r, data + sizeof(h) + i * sizeof(r), sizeof(r));
		if (r.size && pfn >= r.start >> shift &&
		    pfn <= (r.start + r.size - 1) >> shift)
			return 1;
	}
	return 0;
}

static const struct elf64_phdr segs[] = {
	{ .p_type = PT_NOTE, .p_offset = 0x1000, .p_memsz = 0x2000 },
	{ .p_type = PT_LOAD, .p_offset = 0x0, .p_memsz = 0x9f000 },
	{ .p_type = PT_LOAD, .p_offset = 0x100000, .p_memsz = 0x3fe00000 },
	{ .p_type = PT_LOAD, .p_offset = 0x1000000, .p_memsz = 0x2000000 },
	{ .p_type = PT_LOAD, .p_offset = 0xfffffffffff00000ULL, .p_memsz = 0x100000 },
};

static void check_record(const uint8_t *data, size_t size, unsigned int shift)
{
	static struct vmcore_hwpoison_pfns pfns[VMCORE_HWPOISON_MAX_SLOTS];
	static struct elf64_phdr out[2 * VMCORE_HWPOISON_MAX_SLOTS + 8];
	const char *why;
	u64 dropped, a;
	u32 nr, n, i, j;

	if (vmcore_hwpoison_parse(data, size, shift, pfns, &nr, &dropped, &why) !=
	    VMCORE_HWPOISON_OK) {
		if (!why || nr)
			abort();
		return;
	}
	for (i = 0; i < nr; i++) {
		if (pfns[i].start >= pfns[i].end ||
		    (i && pfns[i].start <= pfns[i - 1].end))
			abort();
		/* Both ends of every range, and the pages around it. */
		if (!named(data, shift, pfns[i].start) ||
		    !named(data, shift, pfns[i].end - 1) ||
		    (pfns[i].start && named(data, shift, pfns[i].start - 1)))
			abort();
	}

	n = vmcore_hwpoison_cut_elf64(segs, 5, pfns, nr, shift, NULL);
	if (n > sizeof(out) / sizeof(out[0]) ||
	    vmcore_hwpoison_cut_elf64(segs, 5, pfns, nr, shift, out) != n)
		abort();
	for (i = 0; i < n; i++) {
		if (out[i].p_type != PT_LOAD)
			continue;
		if (!out[i].p_memsz)
			abort();
		/* No piece holds a page that is left out: check its ends. */
		for (j = 0; j < nr; j++) {
			a = out[i].p_offset >> shift;
			if (a < pfns[j].end &&
			    (out[i].p_offset + out[i].p_memsz - 1) >> shift >= pfns[j].start)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *info, *why;
	u64 paddr, len;
	size_t info_size;

	if (vmcore_hwpoison_find_info(data, size, &info, &info_size) &&
	    (info < (const char *)data || info + info_size > (const char *)data + size))
		abort();
	if (vmcore_hwpoison_find_record((const char *)data, size, &paddr, &len,
					&why) == VMCORE_HWPOISON_OK &&
	    (len < sizeof(struct vmcore_hwpoison_header) || paddr + len < paddr))
		abort();
	check_record(data, size, 12);
	check_record(data, size, 16);
	return 0;
}
