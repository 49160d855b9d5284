// SPDX-License-Identifier: GPL-2.0
/*
 * vmcore_info - say what a crash dump holds, for people and for scripts.
 * Used by hand to look at a dump a run left behind, and by the host tests
 * of the dump reader (tests/vmcore).
 *
 * usage: vmcore_info DUMP [PFN...]
 *
 * Prints "key: value" lines: file, format, flattened, compression,
 * osrelease, page_size, pages, excluded (if the format says), unverified,
 * complete, one "problem: ..." per problem found, and
 * "pfn 0x...: absent|present|zero|unreadable" per PFN asked for.
 * Exit status: 0 if the dump is complete, 1 if not, 2 on a usage error or
 * a file that cannot be read as a dump.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmcore.h"

static int parse_pfn(const char *s, uint64_t *pfn)
{
	char *end;

	errno = 0;
	*pfn = strtoull(s, &end, 0);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct vmcore *vc;
	char err[512];
	unsigned int i;
	uint64_t pfn;
	int a;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s DUMP [PFN...]\n", argv[0]);
		return 2;
	}
	for (a = 2; a < argc; a++) {
		if (parse_pfn(argv[a], &pfn)) {
			fprintf(stderr, "%s: bad PFN '%s'\n", argv[0], argv[a]);
			return 2;
		}
	}
	vc = vmcore_open_path(argv[1], err, sizeof(err));
	if (!vc) {
		fprintf(stderr, "%s: %s\n", argv[1], err);
		return 2;
	}
	printf("file: %s\n", argv[1]);
	printf("format: %s\n", vmcore_format_name(vc));
	printf("flattened: %s\n", vmcore_flattened(vc) ? "yes" : "no");
	printf("compression: %s\n", vmcore_compression(vc));
	printf("osrelease: %s\n", vmcore_osrelease(vc));
	printf("page_size: %" PRIu64 "\n", vmcore_page_size(vc));
	printf("pages: %" PRIu64 "\n", vmcore_pages(vc));
	if (vmcore_pages_excluded(vc) >= 0)
		printf("excluded: %" PRId64 "\n", vmcore_pages_excluded(vc));
	printf("unverified: %" PRIu64 "\n", vmcore_pages_unverified(vc));
	printf("complete: %s\n", vmcore_complete(vc) ? "yes" : "no");
	for (i = 0; i < vmcore_nr_problems(vc); i++)
		printf("problem: %s\n", vmcore_problem(vc, i));
	for (a = 2; a < argc; a++) {
		parse_pfn(argv[a], &pfn);
		printf("pfn 0x%" PRIx64 ": %s\n", pfn,
		       vmcore_pfn_state_name(vmcore_pfn_state(vc, pfn)));
	}
	a = vmcore_complete(vc) ? 0 : 1;
	vmcore_close(vc);
	return a;
}
