// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-user-sigbus: a user-mode load of a poisoned line must cost the
 * loading process a SIGBUS with si_code BUS_MCEERR_AR and the faulting
 * address, and nothing else: the kernel survives and marks the page
 * hwpoisoned. Injects EINJ type 0x10 into an anonymous page of its own,
 * loads it, and checks all of that. Exit 0 on success.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "einj.h"

#define KPF_HWPOISON	19

static sigjmp_buf env;
static volatile siginfo_t got;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got = *si;
	siglongjmp(env, 1);
}

static int page_hwpoisoned(uint64_t pfn)
{
	uint64_t flags = 0;
	int fd = open("/proc/kpageflags", O_RDONLY);

	if (fd < 0 || pread(fd, &flags, sizeof(flags), (off_t)(pfn * 8)) != sizeof(flags))
		flags = 0;
	if (fd >= 0)
		close(fd);
	return !!(flags & (1ULL << KPF_HWPOISON));
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	long psize = sysconf(_SC_PAGESIZE);
	volatile uint64_t *p;
	uint64_t paddr, sink;

	p = mmap(NULL, psize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return perror("mmap"), 1;
	memset((void *)p, 0x5a, psize);
	paddr = virt_to_phys((const void *)p);
	if (!paddr)
		return fprintf(stderr, "no physical address for %p\n", (void *)p), 1;
	printf("user-sigbus: page %p at physical %#llx\n", (void *)p, (unsigned long long)paddr);
	if (einj_inject(0x10, paddr))
		return 1;
	sigaction(SIGBUS, &sa, NULL);
	if (!sigsetjmp(env, 1)) {
		sink = p[0];
		printf("FAIL: loaded %#llx from the poisoned line without a signal\n",
		       (unsigned long long)sink);
		return 1;
	}
	printf("user-sigbus: SIGBUS si_code %d addr %p\n", got.si_code, got.si_addr);
	if (got.si_code != BUS_MCEERR_AR || got.si_addr != (void *)p) {
		printf("FAIL: want BUS_MCEERR_AR (%d) at %p\n", BUS_MCEERR_AR, (void *)p);
		return 1;
	}
	if (!page_hwpoisoned(paddr / psize)) {
		printf("FAIL: pfn %#llx is not hwpoisoned in /proc/kpageflags\n",
		       (unsigned long long)(paddr / psize));
		return 1;
	}
	printf("user-sigbus: PASS pfn %#llx hwpoisoned\n", (unsigned long long)(paddr / psize));
	return 0;
}
