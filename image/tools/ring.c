// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-ring: hold kernel memory a dump keeps, for scenarios to poison.
 * An io_uring's submission ring is a kernel allocation (compound when it
 * spans more than one page) that user space maps; the kernel only reads it
 * on io_uring_enter(), which this never calls, so nothing consumes poison
 * planted there until the capture kernel dumps it.
 *
 *   mcekd-ring ENTRIES PAGE...
 *
 * Sets up a ring with ENTRIES submission entries, prints the physical
 * address of each requested page of the ring (0 is the head page), then
 * waits until its standard input closes.
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

int main(int argc, char **argv)
{
	struct io_uring_params p;
	long psize = sysconf(_SC_PAGESIZE);
	size_t len;
	char *ring, c;
	int fd;

	if (argc < 3)
		return fprintf(stderr, "usage: mcekd-ring ENTRIES PAGE...\n"), 2;
	memset(&p, 0, sizeof(p));
	fd = (int)syscall(__NR_io_uring_setup, atoi(argv[1]), &p);
	if (fd < 0)
		return perror("io_uring_setup"), 1;
	len = p.sq_off.array + p.sq_entries * sizeof(uint32_t);
	ring = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		    IORING_OFF_SQ_RING);
	if (ring == MAP_FAILED)
		return perror("mmap"), 1;
	for (int i = 2; i < argc; i++) {
		long page = atol(argv[i]);

		if (page < 0 || (size_t)page * psize >= len)
			return fprintf(stderr, "page %ld is beyond the %zu-byte ring\n", page, len), 2;
		printf("%#llx\n", (unsigned long long)virt_to_phys(ring + page * psize));
	}
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
