// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-page: own one anonymous page and never read it again, so that a
 * test can inject an error into memory nobody will consume. Prints the
 * page's physical address, then waits until its standard input closes.
 *
 *   mcekd-page [--inject]
 *
 * --inject fills the page with the control pattern of harness/protocol.h
 * and hands its PFN to the hwpoison injector (debugfs hwpoison/corrupt-pfn,
 * mounted at /sys/kernel/debug), an error simulated in software: the page
 * holds no poison, and a dump must keep its data. (MADV_HWPOISON does the
 * same, but the guest kernels' tinyconfig has no madvise().)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"
#include "protocol.h"

#define CORRUPT_PFN	"/sys/kernel/debug/hwpoison/corrupt-pfn"

int main(int argc, char **argv)
{
	long psize = sysconf(_SC_PAGESIZE);
	int inject = argc > 1 && !strcmp(argv[1], "--inject");
	unsigned long long pa;
	char c;
	void *p;

	FILE *f;

	if (argc > 2 || (argc == 2 && !inject))
		return fprintf(stderr, "usage: mcekd-page [--inject]\n"), 2;
	p = mmap(NULL, psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	memset(p, 0x3c, psize);
	pa = virt_to_phys(p);
	if (inject) {
		for (long off = 0; off < psize; off += 8) {
			uint64_t w = control_word(pa + (uint64_t)off);

			memcpy((char *)p + off, &w, 8);
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
