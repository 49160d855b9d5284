// SPDX-License-Identifier: GPL-2.0
/*
 * Run the dump reader and read its "key: value" lines (see dumpread.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dumpread.h"
#include "proc.h"
#include "text.h"

#define READER_LIMIT_S	300

static void take_pfn_line(const char *key, const char *v, const uint64_t *pfns, int n,
			  char (*state)[STATE_LEN], bool *ok)
{
	uint64_t pfn = strtoull(key, NULL, 16);
	size_t len = strcspn(v, ",");

	for (int i = 0; i < n; i++) {
		if (pfns[i] != pfn)
			continue;
		snprintf(state[i], STATE_LEN, "%.*s", (int)len, v);
		if (ok)
			ok[i] = strstr(v, ", pattern ok") != NULL;
	}
}

int dump_read(const char *reader, const char *dump, const char *out,
	      const struct record_facts *r, struct dump_facts *d)
{
	const char **argv = calloc(2 * MAX_PFNS + MAX_PFNS + 4, sizeof(*argv));
	char (*num)[24] = calloc(2 * MAX_PFNS, sizeof(*num));
	char line[512];
	int n = 0, k = 0, rc;
	FILE *f;

	memset(d, 0, sizeof(*d));
	d->hwp_dropped = -1;
	if (!argv || !num) {
		free(argv);
		free(num);
		snprintf(d->error, sizeof(d->error), "out of memory");
		return -1;
	}
	argv[n++] = reader;
	for (int i = 0; i < r->ncontrols; i++) {
		snprintf(num[k], sizeof(num[k]), "%#" PRIx64, r->controls[i]);
		argv[n++] = "--control";
		argv[n++] = num[k++];
	}
	argv[n++] = dump;
	for (int i = 0; i < r->npfns; i++) {
		snprintf(num[k], sizeof(num[k]), "%#" PRIx64, r->pfns[i]);
		argv[n++] = num[k++];
	}
	argv[n] = NULL;
	rc = run(argv, NULL, out, READER_LIMIT_S);
	free(argv);
	free(num);
	if (rc == 124 || rc > 2) {
		snprintf(d->error, sizeof(d->error), "the dump reader %s (see %s)",
			 rc == 124 ? "timed out" : rc == 127 ? "could not be started" :
			 "crashed", out);
		return -1;
	}
	f = fopen(out, "r");
	if (!f) {
		snprintf(d->error, sizeof(d->error), "the dump reader left no output in %s", out);
		return -1;
	}
	d->opened = rc != 2;
	while (fgets(line, sizeof(line), f)) {
		char *v = strstr(line, ": ");

		line[strcspn(line, "\n")] = '\0';
		if (!v)
			continue;
		*v = '\0';
		v += 2;
		if (!d->opened) {
			/* the reader's one line: FILE: why it is not a dump */
			snprintf(d->problems, sizeof(d->problems), "%s", v);
		} else if (!strcmp(line, "format")) {
			snprintf(d->format, sizeof(d->format), "%s", v);
		} else if (!strcmp(line, "flattened")) {
			d->flattened = !strcmp(v, "yes");
		} else if (!strcmp(line, "page_list")) {
			d->page_list = !strcmp(v, "whole");
		} else if (!strcmp(line, "complete")) {
			d->complete = !strcmp(v, "yes");
		} else if (!strcmp(line, "pages")) {
			d->pages = strtoll(v, NULL, 10);
		} else if (!strcmp(line, "osrelease")) {
			snprintf(d->release, sizeof(d->release), "%s", v);
		} else if (!strcmp(line, "problem")) {
			appendf(d->problems, sizeof(d->problems), "; ", "%s", v);
		} else if (!strncmp(line, "pfn ", 4)) {
			take_pfn_line(line + 4, v, r->pfns, r->npfns, d->pfn_state, NULL);
		} else if (!strcmp(line, "hwpoison_record")) {
			const char *dr = strstr(v, " pages, ");

			snprintf(d->hwp_record, sizeof(d->hwp_record), "%s", v);
			if (dr && strstr(v, " dropped"))
				d->hwp_dropped = strtoll(dr + 8, NULL, 10);
		} else if (!strcmp(line, "unrecorded")) {
			snprintf(d->unrecorded, sizeof(d->unrecorded), "%s", v);
		} else if (!strncmp(line, "control ", 8)) {
			take_pfn_line(line + 8, v, r->controls, r->ncontrols, d->control_state,
				      d->control_ok);
		}
	}
	fclose(f);
	return 0;
}
