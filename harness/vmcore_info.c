// SPDX-License-Identifier: GPL-2.0
/*
 * vmcore_info - say what a crash dump holds, for people and for scripts.
 * Used by hand to look at a dump a run left behind, and by the host tests
 * of the dump reader (tests/vmcore).
 *
 * usage: vmcore_info [--control PFN]... DUMP [PFN...]
 *
 * Prints "key: value" lines: file, format, flattened, compression,
 * osrelease, page_size, pages, excluded (if the format says), unverified,
 * page_list (whole if the list of pages the dump holds could be read),
 * complete, one "problem: ..." per problem found,
 * "pfn 0x...: absent|present|zero|unreadable" per PFN asked for, and per
 * control page (see harness/protocol.h) "control 0x...: STATE, pattern
 * ok|wrong at byte N|unknown", and the series' record of poisoned memory
 * (hwprecord.h): "hwpoison_record: none", "hwpoison_record: unreadable:
 * WHY", or "hwpoison_record: N ranges, P pages, D dropped" and then
 * "unrecorded: PFN..." for the PFNs asked for that it does not list.
 * Exit status: 0 if the dump is complete, 1 if not, 2 on a usage error or
 * a file that cannot be read as a dump.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwprecord.h"
#include "protocol.h"
#include "vmcore.h"

#define MAX_CONTROLS	4096

static int parse_pfn(const char *s, uint64_t *pfn)
{
	char *end;

	errno = 0;
	*pfn = strtoull(s, &end, 0);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

/* Does the page hold the control pattern? -1 if so, else the first bad byte. */
static long control_mismatch(const unsigned char *page, uint64_t size, uint64_t paddr)
{
	for (uint64_t off = 0; off + 8 <= size; off += 8) {
		uint64_t w;

		memcpy(&w, page + off, 8);
		if (w != control_word(paddr + off))
			return (long)off;
	}
	return -1;
}

static void print_control(struct vmcore *vc, uint64_t pfn, unsigned char *page)
{
	uint64_t ps = vmcore_page_size(vc);
	enum vmcore_pfn_state st;
	int have = 0;
	long bad;

	st = vmcore_pfn_data(vc, pfn, page, &have);
	printf("control 0x%" PRIx64 ": %s, pattern ", pfn, vmcore_pfn_state_name(st));
	if (!have)
		printf("unknown\n");
	else if ((bad = control_mismatch(page, ps, pfn * ps)) < 0)
		printf("ok\n");
	else
		printf("wrong at byte %ld\n", bad);
}

static void print_record(struct vmcore *vc, char **pfns, int npfns)
{
	struct hwp_record *r = malloc(sizeof(*r));
	uint64_t pfn;

	if (!r) {
		printf("hwpoison_record: unreadable: out of memory\n");
		return;
	}
	hwp_record_read(vc, r);
	if (!r->found)
		printf("hwpoison_record: none\n");
	else if (*r->problem)
		printf("hwpoison_record: unreadable: %s\n", r->problem);
	else
		printf("hwpoison_record: %d ranges, %" PRIu64 " pages, %" PRIu64 " dropped\n",
		       r->nranges, r->pages, r->dropped_pages);
	if (r->found && !*r->problem) {
		printf("unrecorded:");
		for (int i = 0; i < npfns; i++)
			if (!parse_pfn(pfns[i], &pfn) &&
			    !hwp_record_has(r, pfn, vmcore_page_size(vc)))
				printf(" 0x%" PRIx64, pfn);
		printf("\n");
	}
	free(r);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--control PFN]... DUMP [PFN...]\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t controls[MAX_CONTROLS], pfn;
	int a = 1, ncontrols = 0;
	unsigned char *page;
	struct vmcore *vc;
	char err[512];
	unsigned int i;

	while (a < argc && !strcmp(argv[a], "--control")) {
		if (a + 1 >= argc || ncontrols == MAX_CONTROLS)
			usage(argv[0]);
		if (parse_pfn(argv[a + 1], &controls[ncontrols++])) {
			fprintf(stderr, "%s: bad PFN '%s'\n", argv[0], argv[a + 1]);
			return 2;
		}
		a += 2;
	}
	if (a >= argc || argv[a][0] == '-')
		usage(argv[0]);
	for (int p = a + 1; p < argc; p++) {
		if (parse_pfn(argv[p], &pfn)) {
			fprintf(stderr, "%s: bad PFN '%s'\n", argv[0], argv[p]);
			return 2;
		}
	}
	vc = vmcore_open_path(argv[a], err, sizeof(err));
	if (!vc) {
		fprintf(stderr, "%s: %s\n", argv[a], err);
		return 2;
	}
	printf("file: %s\n", argv[a]);
	printf("format: %s\n", vmcore_format_name(vc));
	printf("flattened: %s\n", vmcore_flattened(vc) ? "yes" : "no");
	printf("compression: %s\n", vmcore_compression(vc));
	printf("osrelease: %s\n", vmcore_osrelease(vc));
	printf("page_size: %" PRIu64 "\n", vmcore_page_size(vc));
	printf("pages: %" PRIu64 "\n", vmcore_pages(vc));
	if (vmcore_pages_excluded(vc) >= 0)
		printf("excluded: %" PRId64 "\n", vmcore_pages_excluded(vc));
	printf("unverified: %" PRIu64 "\n", vmcore_pages_unverified(vc));
	printf("page_list: %s\n", vmcore_page_list(vc) ? "whole" : "cut");
	printf("complete: %s\n", vmcore_complete(vc) ? "yes" : "no");
	for (i = 0; i < vmcore_nr_problems(vc); i++)
		printf("problem: %s\n", vmcore_problem(vc, i));
	for (int p = a + 1; p < argc; p++) {
		parse_pfn(argv[p], &pfn);
		printf("pfn 0x%" PRIx64 ": %s\n", pfn,
		       vmcore_pfn_state_name(vmcore_pfn_state(vc, pfn)));
	}
	print_record(vc, argv + a + 1, argc - a - 1);
	page = ncontrols ? malloc(vmcore_page_size(vc)) : NULL;
	if (ncontrols && !page) {
		fprintf(stderr, "%s: out of memory\n", argv[0]);
		vmcore_close(vc);
		return 2;
	}
	for (int c = 0; c < ncontrols; c++)
		print_control(vc, controls[c], page);
	free(page);
	a = vmcore_complete(vc) ? 0 : 1;
	vmcore_close(vc);
	return a;
}
