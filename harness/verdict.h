/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run left behind, read on the host: the raw dump disk (header,
 * collector log, dump), the dump's completeness and poisoned pages (through
 * the kselftest's vmcore_info), the dump's own kernel log (through the
 * base's makedumpfile, build/userspace/BASE/bin), and the platform's record.
 */
#ifndef HARNESS_VERDICT_H
#define HARNESS_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_PFNS 64

struct analysis {
	/* dump disk */
	bool finished;			/* the collector ran to its end */
	int collector_rc;
	long long bytes;		/* dump bytes on the disk */
	long long collect_s;		/* collector wall time, from the guest clock */
	char dump_file[300];		/* kdump-tools: the file it left in /var/crash */
	/* the dump */
	char format[32];
	bool flattened;
	bool complete;
	char problems[400];
	long long pages;
	char release[80];
	/* poison */
	int npfns;
	uint64_t poison_addr;		/* the first poisoned line */
	uint64_t pfns[MAX_PFNS];
	char pfn_state[MAX_PFNS][12];	/* absent, present, zero, unreadable, "" */
	long hwpoison_pages;		/* makedumpfile's count, or -1 */
	long lost;			/* hwpoison pages beyond the poisoned ones, or -1 */
	/* platform record */
	bool capture_mce;
	char capture_detail[200];
	char shutdown[200];
	/* the dump's log */
	char panic[200];
	bool log_found;
	char fault[200];		/* a kernel fault or oops in the dump's log */
	char log_missing[200];		/* the first expected line not found */
};

int analyse_run(const char *run_dir, const char *vmcore_info, const char *makedumpfile,
		const char (*expect_log)[200], int nexpect, struct analysis *a,
		char *err, size_t errlen);

#endif
