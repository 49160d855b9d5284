// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-kpage: pick a page of a given kind from this kernel's own
 * /proc/kpageflags and print its physical address, for scenarios that
 * poison "a free page", "a page-table page", and for the random sweep.
 *
 *   mcekd-kpage KIND [INDEX]     the INDEX-th page of KIND (modulo their
 *                                count, in PFN order; default 0)
 *   mcekd-kpage --count KIND     how many pages of KIND there are
 *   mcekd-kpage --deep KIND      the middle page of the longest run of KIND
 *                                pages (the last one of equal runs): for
 *                                free pages, deep inside the free block the
 *                                allocator splits last
 *   mcekd-kpage --flags ADDR     the kpageflags word of the page at ADDR
 *
 * Kinds: slab (order-0 slab), slab-tail (a compound slab's tail), buddy
 * (a free page: kpageflags marks every page of a free block), pgtable, anon (user data), cache (page
 * cache), reserved (memblock reserved: the kernel image and the like).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "einj.h"
#include "kinds.h"

/* Walk kpageflags; return the count, and the want-th match in *pfn. */
static long scan(const struct page_kind *k, long want, uint64_t *pfn)
{
	uint64_t buf[4096];
	long count = 0;
	uint64_t base = 0;
	ssize_t n;
	int fd = open("/proc/kpageflags", O_RDONLY);

	if (fd < 0)
		return perror("/proc/kpageflags"), -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n / 8; i++)
			if (page_kind_matches(k, buf[i]) && count++ == want)
				*pfn = base + i;
		base += n / 8;
	}
	close(fd);
	return count;
}

/* The middle of the longest run of k pages, the last of equal runs. */
static int deepest(const struct page_kind *k, uint64_t *pfn)
{
	uint64_t buf[4096], base = 0, start = 0, run = 0, best = 0;
	ssize_t n;
	int fd = open("/proc/kpageflags", O_RDONLY);

	if (fd < 0)
		return perror("/proc/kpageflags"), -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n / 8; i++) {
			if (!page_kind_matches(k, buf[i])) {
				run = 0;
				continue;
			}
			if (!run++)
				start = base + i;
			if (run >= best) {
				best = run;
				*pfn = start + run / 2;
			}
		}
		base += n / 8;
	}
	close(fd);
	return best ? 0 : -1;
}

static int print_flags(const char *addr)
{
	uint64_t flags, pfn = strtoull(addr, NULL, 0) / (uint64_t)sysconf(_SC_PAGESIZE);

	if (page_flags(pfn, &flags))
		return perror("/proc/kpageflags"), 1;
	printf("%#llx\n", (unsigned long long)flags);
	return 0;
}

int main(int argc, char **argv)
{
	int deep = argc > 1 && !strcmp(argv[1], "--deep");
	int counting = argc > 1 && !strcmp(argv[1], "--count");
	int opt = deep || counting;
	const char *name = argc > 1 + opt ? argv[1 + opt] : NULL;
	long index = argc > 2 + opt ? atol(argv[2 + opt]) : 0, count;
	uint64_t pfn = 0;

	if (argc == 3 && !strcmp(argv[1], "--flags"))
		return print_flags(argv[2]);
	if (!name)
		return fprintf(stderr, "usage: mcekd-kpage [--count|--deep] KIND [INDEX], mcekd-kpage --flags ADDR\n"), 2;
	for (size_t i = 0; i < NR_PAGE_KINDS; i++) {
		if (strcmp(name, page_kinds[i].name))
			continue;
		if (deep) {
			if (deepest(&page_kinds[i], &pfn))
				return fprintf(stderr, "mcekd-kpage: no %s page\n", name), 1;
			printf("%#llx\n", (unsigned long long)pfn * (unsigned long long)sysconf(_SC_PAGESIZE));
			return 0;
		}
		count = scan(&page_kinds[i], -1, &pfn);
		if (count <= 0)
			return fprintf(stderr, "mcekd-kpage: no %s page\n", name), 1;
		if (counting)
			return printf("%ld\n", count), 0;
		scan(&page_kinds[i], index % count, &pfn);
		printf("%#llx\n", (unsigned long long)pfn * (unsigned long long)sysconf(_SC_PAGESIZE));
		return 0;
	}
	fprintf(stderr, "mcekd-kpage: unknown kind '%s' (slab, slab-tail, buddy, pgtable, anon, cache, reserved)\n",
		name);
	return 2;
}
