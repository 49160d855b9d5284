// SPDX-License-Identifier: GPL-2.0
/*
 * Read the series' record of poisoned memory from a dump (see hwprecord.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwprecord.h"

#define HWPR_MAGIC	0x52505748u	/* "HWPR" */
#define HWPR_VERSION	1u
#define HWPR_HDR	24u
#define HWPR_SLOT	16u
#define HWPR_ALIGN	0x1000ULL
#define HWPR_MAX_RANGE	0x200000ULL

static uint64_t le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Copy len bytes of the crashed kernel's memory at paddr; -1 if not whole. */
static int read_phys(struct vmcore *vc, uint64_t paddr, unsigned char *out, size_t len)
{
	uint64_t ps = vmcore_page_size(vc);
	unsigned char *page = malloc(ps);
	int rc = page ? 0 : -1;

	while (!rc && len) {
		uint64_t off = paddr % ps;
		size_t n = len < ps - off ? len : (size_t)(ps - off);
		int have = 0;

		vmcore_pfn_data(vc, paddr / ps, page, &have);
		if (!have) {
			rc = -1;
			break;
		}
		memcpy(out, page + off, n);
		out += n;
		paddr += n;
		len -= n;
	}
	free(page);
	return rc;
}

void hwp_record_read(struct vmcore *vc, struct hwp_record *r)
{
	char val[100], *plus, *end;
	uint64_t paddr, size;
	unsigned char *buf;

	memset(r, 0, sizeof(*r));
	if (vmcore_vmcoreinfo_get(vc, "HWPOISON_RECORD", val, sizeof(val)))
		return;
	r->found = 1;
	paddr = strtoull(val, &plus, 16);
	size = *plus == '+' ? strtoull(plus + 1, &end, 16) : 0;
	if (plus == val || *plus != '+' || *end) {
		snprintf(r->problem, sizeof(r->problem), "HWPOISON_RECORD '%.60s' is not ADDR+SIZE",
			 val);
		return;
	}
	if (size < HWPR_HDR || size > HWPR_HDR + (uint64_t)HWPR_MAX_SLOTS * HWPR_SLOT) {
		snprintf(r->problem, sizeof(r->problem), "HWPOISON_RECORD size %#" PRIx64
			 " is not a record of at most %d slots", size, HWPR_MAX_SLOTS);
		return;
	}
	buf = malloc(size);
	if (!buf || read_phys(vc, paddr, buf, size)) {
		snprintf(r->problem, sizeof(r->problem), "the record at %#" PRIx64
			 " is not in the dump whole", paddr);
		free(buf);
		return;
	}
	r->nr_slots = (uint32_t)le(buf + 8, 4);
	r->nr_used = (uint32_t)le(buf + 12, 4);
	r->dropped_pages = le(buf + 16, 8);
	if (le(buf, 4) != HWPR_MAGIC || le(buf + 4, 4) != HWPR_VERSION ||
	    r->nr_slots > (size - HWPR_HDR) / HWPR_SLOT) {
		snprintf(r->problem, sizeof(r->problem), "the record at %#" PRIx64
			 " has magic %#" PRIx64 ", version %" PRIu64 ", %u slots in %#" PRIx64
			 " bytes", paddr, le(buf, 4), le(buf + 4, 4), r->nr_slots, size);
		free(buf);
		return;
	}
	for (uint32_t i = 0; i < r->nr_used && i < r->nr_slots; i++) {
		uint64_t start = le(buf + HWPR_HDR + i * HWPR_SLOT, 8);
		uint64_t len = le(buf + HWPR_HDR + i * HWPR_SLOT + 8, 8);

		/* A slot being written, or garbage: not a range. */
		if (!len || len > HWPR_MAX_RANGE || start % HWPR_ALIGN || len % HWPR_ALIGN ||
		    start + len < start)
			continue;
		r->range[r->nranges].start = start;
		r->range[r->nranges].size = len;
		r->nranges++;
		r->pages += len / HWPR_ALIGN;
	}
	free(buf);
}

int hwp_record_has(const struct hwp_record *r, uint64_t pfn, uint64_t page_size)
{
	uint64_t pa = pfn * page_size;

	for (int i = 0; i < r->nranges; i++)
		if (pa >= r->range[i].start && pa - r->range[i].start < r->range[i].size)
			return 1;
	return 0;
}
