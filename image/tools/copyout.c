// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-copyout: the kernel consumes poison while copying a page-cache
 * page out to user space, in the manner of ras-tools' "einj_mem_uc
 * copyout". A tmpfs file's page is located through a mapping, poisoned
 * with EINJ (type given, default 0x10), unmapped, then read(): the copy
 * runs in kernel context without a machine-check-safe copy, which is
 * fatal. Prints the target before injecting; returns only if no panic.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"

int main(int argc, char **argv)
{
	unsigned int type = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 0x10;
	long psize = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/copyout.XXXXXX", buf[64];
	uint64_t paddr, flags;
	void *map;
	int fd;

	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, psize))
		return perror("tmpfile"), 1;
	unlink(path);
	map = mmap(NULL, psize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return perror("mmap"), 1;
	memset(map, 0x6b, psize);
	paddr = virt_to_phys(map);
	munmap(map, psize);
	if (!paddr)
		return fprintf(stderr, "no physical address for the file page\n"), 1;
	if (page_flags(paddr / psize, &flags))
		flags = 0;
	printf("copyout: page-cache pfn %#llx kpageflags %#llx\n",
	       (unsigned long long)(paddr / psize), (unsigned long long)flags);
	fflush(stdout);
	if (einj_inject(type, paddr))
		return 1;
	if (pread(fd, buf, sizeof(buf), 0) < 0)
		return perror("read"), 1;
	printf("FAIL: read the poisoned page-cache page without a machine check\n");
	return 1;
}
