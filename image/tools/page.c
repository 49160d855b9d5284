// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-page: own one anonymous page and never read it again, so that a
 * test can inject an error into memory nobody will consume. Prints the
 * page's physical address, then waits until its standard input closes.
 *
 *   mcekd-page [--inject | --between-own]
 *
 * --inject fills the page with the control pattern of harness/protocol.h
 * and hands its PFN to the hwpoison injector (debugfs hwpoison/corrupt-pfn,
 * mounted at /sys/kernel/debug), an error simulated in software: the page
 * holds no poison, and a dump must keep its data. (MADV_HWPOISON does the
 * same, but the guest kernels' tinyconfig has no madvise().)
 *
 * --between-own owns NOWN pages filled with data instead of one, and names
 * one whose physical neighbours on both sides are pages it owns too: a
 * dump that keeps user data keeps them, so the named page, once left out,
 * sits in a run of one left-out page between two kept ones. Fails if no
 * such page is found.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"
#include "protocol.h"

#define CORRUPT_PFN	"/sys/kernel/debug/hwpoison/corrupt-pfn"
#define NOWN		256

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The address of a page of p[0..n) whose PFN's neighbours are both in it, or 0. */
static uint64_t between_own(char *p, long n, long psize)
{
	uint64_t pfn[NOWN];

	for (long i = 0; i < n; i++) {
		pfn[i] = virt_to_phys(p + i * psize) / psize;
		if (!pfn[i])
			return 0;
	}
	qsort(pfn, n, sizeof(pfn[0]), cmp_u64);
	for (long i = 1; i + 1 < n; i++)
		if (pfn[i - 1] + 1 == pfn[i] && pfn[i] + 1 == pfn[i + 1])
			return pfn[i] * psize;
	return 0;
}

int main(int argc, char **argv)
{
	long psize = sysconf(_SC_PAGESIZE);
	int inject = argc > 1 && !strcmp(argv[1], "--inject");
	int between = argc > 1 && !strcmp(argv[1], "--between-own");
	long n = between ? NOWN : 1;
	unsigned long long pa;
	char c, *p;

	FILE *f;

	if (argc > 2 || (argc == 2 && !inject && !between))
		return fprintf(stderr, "usage: mcekd-page [--inject | --between-own]\n"), 2;
	p = mmap(NULL, n * psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	memset(p, 0x3c, n * psize);
	pa = between ? between_own(p, n, psize) : virt_to_phys(p);
	if (!pa)
		return fprintf(stderr, "mcekd-page: no page of %ld with both neighbours owned\n", n), 1;
	if (inject) {
		for (long off = 0; off < psize; off += 8) {
			uint64_t w = control_word(pa + (uint64_t)off);

			memcpy(p + off, &w, 8);
		}
		f = fopen(CORRUPT_PFN, "w");
		if (!f || fprintf(f, "%#llx\n", pa / psize) < 0 || fclose(f))
			return perror(CORRUPT_PFN), 1;
	}
	printf("%#llx\n", pa);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
