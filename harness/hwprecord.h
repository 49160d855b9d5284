/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The series' record of poisoned memory, as a dump holds it: VMCOREINFO's
 * "HWPOISON_RECORD=<paddr hex>+<size hex>" locates a header
 * {u32 magic "HWPR", u32 version 1, u32 nr_slots, u32 nr_used,
 * u64 dropped_pages} followed by nr_slots {u64 start, u64 size} ranges in
 * the crashed kernel's memory (include/linux/vmcore_hwpoison.h of the
 * series). What the dump says is untrusted: every field is checked.
 */
#ifndef HARNESS_HWPRECORD_H
#define HARNESS_HWPRECORD_H

#include <stdint.h>

#include "vmcore.h"

#define HWPR_MAX_SLOTS	4096

struct hwp_record {
	int found;			/* the dump's VMCOREINFO locates a record */
	char problem[200];		/* why a record that is located cannot be read */
	uint32_t nr_slots, nr_used;
	uint64_t dropped_pages, pages;
	int nranges;			/* valid ranges, at most nr_used */
	struct { uint64_t start, size; } range[HWPR_MAX_SLOTS];
};

/* Fill r from the dump; r->found 0 if it has none. r is large. */
void hwp_record_read(struct vmcore *vc, struct hwp_record *r);

/* 1 if the page frame pfn lies in a recorded range. */
int hwp_record_has(const struct hwp_record *r, uint64_t pfn, uint64_t page_size);

#endif
