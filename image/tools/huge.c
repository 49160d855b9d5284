// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-huge: hold one 2 MiB hugetlb page and print the physical address
 * of the subpage at the given offset (default 1 MiB, subpage 256: with
 * hugetlb vmemmap optimisation its struct page lies in a read-only mapped
 * part of the vmemmap). Needs hugepages= on the command line. Waits until
 * its standard input closes.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"

#define HUGE_SIZE (2UL << 20)

int main(int argc, char **argv)
{
	unsigned long off = argc > 1 ? strtoul(argv[1], NULL, 0) : HUGE_SIZE / 2;
	char *p, c;

	if (off >= HUGE_SIZE)
		return fprintf(stderr, "offset %#lx is beyond the 2 MiB page\n", off), 2;
	p = mmap(NULL, HUGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap MAP_HUGETLB (hugepages= on the command line?)"), 1;
	memset(p, 0x2d, HUGE_SIZE);
	printf("%#llx\n", (unsigned long long)virt_to_phys(p + off));
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
