/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kinds of pages by their /proc/kpageflags bits. Shared by mcekd-kpage,
 * which picks pages in the guest, and harness/sweep, which picks them on
 * the host from a snapshot of the guest's kpageflags: both must agree.
 */
#ifndef MCEKD_KINDS_H
#define MCEKD_KINDS_H

#include <stdint.h>

#define KPF_BIT(n)	(1ULL << (n))
#define KPF_LRU		5
#define KPF_SLAB	7
#define KPF_BUDDY	10
#define KPF_ANON	12
#define KPF_HEAD	15
#define KPF_TAIL	16
#define KPF_HWPOISON	19
#define KPF_NOPAGE	20
#define KPF_PGTABLE	26
#define KPF_RESERVED	32

struct page_kind {
	const char *name;
	uint64_t set, clear;
};

static const struct page_kind page_kinds[] = {
	{ "slab", KPF_BIT(KPF_SLAB), KPF_BIT(KPF_HEAD) | KPF_BIT(KPF_TAIL) },
	{ "slab-tail", KPF_BIT(KPF_SLAB) | KPF_BIT(KPF_TAIL), 0 },
	{ "buddy", KPF_BIT(KPF_BUDDY), 0 },
	{ "pgtable", KPF_BIT(KPF_PGTABLE), 0 },
	{ "anon", KPF_BIT(KPF_ANON) | KPF_BIT(KPF_LRU), KPF_BIT(KPF_HEAD) | KPF_BIT(KPF_TAIL) },
	{ "cache", KPF_BIT(KPF_LRU), KPF_BIT(KPF_ANON) | KPF_BIT(KPF_HEAD) | KPF_BIT(KPF_TAIL) },
	{ "reserved", KPF_BIT(KPF_RESERVED), 0 },
};

#define NR_PAGE_KINDS (sizeof(page_kinds) / sizeof(page_kinds[0]))

static inline int page_kind_matches(const struct page_kind *k, uint64_t flags)
{
	if (flags & (KPF_BIT(KPF_NOPAGE) | KPF_BIT(KPF_HWPOISON)))
		return 0;
	return (flags & k->set) == k->set && !(flags & k->clear);
}

#endif
