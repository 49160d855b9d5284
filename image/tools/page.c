// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-page: own one anonymous page and never read it again, so that a
 * test can inject an error into memory nobody will consume. Prints the
 * page's physical address, then waits until its standard input closes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"

int main(void)
{
	long psize = sysconf(_SC_PAGESIZE);
	char c;
	void *p;

	p = mmap(NULL, psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	memset(p, 0x3c, psize);
	printf("%#llx\n", (unsigned long long)virt_to_phys(p));
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
