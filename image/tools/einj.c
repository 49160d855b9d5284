// SPDX-License-Identifier: GPL-2.0
/*
 * Pagemap lookup and EINJ injection for the guest tools (see einj.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "einj.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define EINJ_DIR	"/sys/kernel/debug/apei/einj/"
/* the line of paddr: with a page mask, firmware may pick any line */
#define EINJ_LINE_MASK	0xffffffffffffffc0ULL

uint64_t virt_to_phys(const void *vaddr)
{
	long psize = sysconf(_SC_PAGESIZE);
	uint64_t ent = 0, va = (uint64_t)(uintptr_t)vaddr;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &ent, sizeof(ent), (off_t)(va / psize * sizeof(ent))) != sizeof(ent))
		ent = 0;
	close(fd);
	if (!(ent & PM_PRESENT) || !(ent & PM_PFN_MASK))
		return 0;
	return (ent & PM_PFN_MASK) * psize + va % psize;
}

int page_flags(uint64_t pfn, uint64_t *flags)
{
	int fd = open("/proc/kpageflags", O_RDONLY), rc = 0;

	if (fd < 0)
		return -1;
	if (pread(fd, flags, sizeof(*flags), (off_t)(pfn * sizeof(*flags))) != sizeof(*flags))
		rc = -1;
	close(fd);
	return rc;
}

static int put(const char *file, const char *fmt, unsigned long long v)
{
	char path[128], buf[32];
	int fd, n, rc = 0;

	snprintf(path, sizeof(path), EINJ_DIR "%s", file);
	n = snprintf(buf, sizeof(buf), fmt, v);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, n) != n)
		rc = -errno;
	close(fd);
	if (rc)
		fprintf(stderr, "einj: writing %s to %s: %s\n", buf, path, strerror(-rc));
	return rc;
}

int einj_inject(unsigned int type, uint64_t paddr)
{
	int rc;

	if ((rc = put("error_type", "0x%llx", type)) ||
	    (rc = put("flags", "0x%llx", 2)) ||
	    (rc = put("param1", "0x%llx", paddr)) ||
	    (rc = put("param2", "0x%llx", EINJ_LINE_MASK)) ||
	    (rc = put("notrigger", "%llu", 1)) ||
	    (rc = put("error_inject", "%llu", 1)))
		return rc;
	return 0;
}
