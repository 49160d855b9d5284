// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-page: own one anonymous page and never read it again, so that a
 * test can inject an error into memory nobody will consume. Prints the
 * page's physical address, then waits until its standard input closes.
 *
 *   mcekd-page [--madvise]
 *
 * --madvise fills the page with the control pattern of harness/protocol.h
 * and offlines it with MADV_HWPOISON, an error simulated in software: the
 * page holds no poison, and a dump must keep its data.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"
#include "protocol.h"

int main(int argc, char **argv)
{
	long psize = sysconf(_SC_PAGESIZE);
	int madv = argc > 1 && !strcmp(argv[1], "--madvise");
	unsigned long long pa;
	char c;
	void *p;

	if (argc > 2 || (argc == 2 && !madv))
		return fprintf(stderr, "usage: mcekd-page [--madvise]\n"), 2;
	p = mmap(NULL, psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	memset(p, 0x3c, psize);
	pa = virt_to_phys(p);
	if (madv) {
		for (long off = 0; off < psize; off += 8) {
			uint64_t w = control_word(pa + (uint64_t)off);

			memcpy((char *)p + off, &w, 8);
		}
		if (madvise(p, psize, MADV_HWPOISON))
			return perror("madvise(MADV_HWPOISON)"), 1;
	}
	printf("%#llx\n", pa);
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
