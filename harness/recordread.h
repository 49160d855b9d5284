/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform's record of a run (platform/README.md), read back as the
 * facts the judge needs: the pages the scenario poisoned and the control
 * pages it named, what the capture kernel consumed and where, a shutdown,
 * the kinds of pages the guest reported, and every sign that the record
 * itself is not whole (dropped or truncated entries, refused requests).
 */
#ifndef HARNESS_RECORDREAD_H
#define HARNESS_RECORDREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most poisoned (and, apart, control) pages the harness follows. */
#define MAX_PFNS	4096
#define MAX_KINDS	64

struct page_report {
	uint64_t pfn, kpageflags;
};

struct record_facts {
	int entries, boots;
	char problem[300];		/* why the record cannot be trusted, or "" */
	/* poison, in the order planted */
	int npfns;
	uint64_t pfns[MAX_PFNS];
	uint64_t first_addr;		/* the first poisoned line */
	int ncontrols;
	uint64_t controls[MAX_PFNS];
	int nkinds;
	struct page_report kinds[MAX_KINDS];	/* "page" reports, first per pfn */
	uint64_t ck_start, ck_end;	/* the crashkernel reservation */
	double clock;			/* where t starts on CLOCK_MONOTONIC, or 0 */
	/* the capture kernel's first consumption */
	bool capture_mce;
	uint64_t capture_addr;
	double capture_t;
	bool capture_in_crashkernel;	/* inside the reservation */
	char shutdown[200];
};

/*
 * Read path into f. 0 if there is no record (f->entries 0) or it was read;
 * a record that is there but cannot be trusted is read too, with the
 * reason in f->problem.
 */
int record_read(const char *path, struct record_facts *f);

#endif
