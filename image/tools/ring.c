// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-ring: hold kernel memory a dump keeps, for scenarios to poison.
 * An io_uring's submission ring is a kernel allocation (compound when it
 * spans more than one page) that user space maps; the kernel only reads it
 * on io_uring_enter(), which this never calls, so nothing consumes poison
 * planted there until the capture kernel dumps it.
 *
 *   mcekd-ring [--fill] ENTRIES PAGE...
 *
 * Sets up a ring with ENTRIES submission entries, prints the physical
 * address of each requested page of the ring (0 is the head page), then
 * waits until its standard input closes. --fill first fills each requested
 * page with the control pattern (harness/protocol.h), making it a control
 * page: kernel memory the dump must keep, whose data a reader can check.
 */
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "einj.h"
#include "protocol.h"

/* Every 64-bit word of the page: the pattern for its physical address. */
static int fill(char *page, long psize)
{
	uint64_t pa = virt_to_phys(page);

	if (!pa)
		return -1;
	for (long off = 0; off < psize; off += 8) {
		uint64_t w = control_word(pa + (uint64_t)off);

		memcpy(page + off, &w, 8);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	long psize = sysconf(_SC_PAGESIZE);
	size_t len;
	int fd, a = 1, filling = 0;
	char *ring, c;

	if (argc > 1 && !strcmp(argv[1], "--fill"))
		filling = a = 2;
	if (argc < a + 2)
		return fprintf(stderr, "usage: mcekd-ring [--fill] ENTRIES PAGE...\n"), 2;
	memset(&p, 0, sizeof(p));
	fd = (int)syscall(__NR_io_uring_setup, atoi(argv[a]), &p);
	if (fd < 0)
		return perror("io_uring_setup"), 1;
	len = p.sq_off.array + p.sq_entries * sizeof(uint32_t);
	ring = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		    IORING_OFF_SQ_RING);
	if (ring == MAP_FAILED)
		return perror("mmap"), 1;
	for (int i = a + 1; i < argc; i++) {
		long page = atol(argv[i]);

		if (page < 0 || (size_t)page * psize >= len)
			return fprintf(stderr, "page %ld is beyond the %zu-byte ring\n", page, len), 2;
		if (filling && fill(ring + page * psize, psize))
			return fprintf(stderr, "cannot find page %ld of the ring\n", page), 1;
		printf("%#llx\n", (unsigned long long)virt_to_phys(ring + page * psize));
	}
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
