/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a dump holds, from the harness's own reader (vmcore_info, run as a
 * bounded subprocess so that a reader that crashes or hangs makes the run
 * an error instead of taking the harness down): format, completeness and
 * its problems, and the state of each poisoned and control page.
 */
#ifndef HARNESS_DUMPREAD_H
#define HARNESS_DUMPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recordread.h"

/* absent, present, zero, unreadable; "" if the reader did not say */
#define STATE_LEN	12

struct dump_facts {
	char error[300];		/* the reader did not run to its end: why */
	bool opened;			/* the reader took the file for a dump */
	char format[32];
	bool flattened, complete;
	bool page_list;			/* the list of pages it holds was read whole */
	char problems[400];
	long long pages;
	char release[80];
	char pfn_state[MAX_PFNS][STATE_LEN];	/* per record_facts.pfns */
	char control_state[MAX_PFNS][STATE_LEN];	/* per record_facts.controls */
	bool control_ok[MAX_PFNS];	/* holds the control pattern */
	/* the series' record of poisoned memory, as the dump holds it */
	char hwp_record[200];		/* the reader's summary, "none" without one */
	long long hwp_dropped;		/* pages it counts as dropped, or -1 */
	char unrecorded[400];		/* poisoned PFNs it does not list */
};

/*
 * Read dump with the reader at path reader, asking for the pages of r;
 * the reader's output goes to out. -1 only if the reader could not be run
 * to its end (d->error says why).
 */
int dump_read(const char *reader, const char *dump, const char *out,
	      const struct record_facts *r, struct dump_facts *d);

#endif
