// SPDX-License-Identifier: GPL-2.0
/*
 * Read a dump's kernel log through makedumpfile (see dumplog.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dumplog.h"
#include "proc.h"

#define TOOL_LIMIT_S	120
#define MAX_EXPECT	8

void dump_log_read(const char *makedumpfile, const char *run_dir, const char *dump,
		   bool flattened, const char (*expect)[200], int nexpect, uint64_t poison,
		   struct dump_log *l)
{
	char dmesg[4096], line[1024], want[MAX_EXPECT][240];
	bool found[MAX_EXPECT] = { false };
	int rc;
	FILE *f;

	memset(l, 0, sizeof(*l));
	for (int i = 0; i < nexpect && i < MAX_EXPECT; i++) {
		const char *ph = strstr(expect[i], "{poison}");

		if (ph)
			snprintf(want[i], sizeof(want[i]), "%.*s%" PRIx64 "%s", (int)(ph - expect[i]),
				 expect[i], poison, ph + 8);
		else
			snprintf(want[i], sizeof(want[i]), "%s", expect[i]);
	}
	snprintf(l->file, sizeof(l->file), "%s", dump);
	if (flattened) {
		const char *argv[] = { makedumpfile, "-R", l->file, NULL };

		snprintf(l->file, sizeof(l->file), "%s/dump.kdump", run_dir);
		unlink(l->file);
		rc = run(argv, dump, NULL, TOOL_LIMIT_S);
		if (rc) {
			snprintf(l->error, sizeof(l->error), "makedumpfile -R failed (%d)", rc);
			return;
		}
	}
	snprintf(dmesg, sizeof(dmesg), "%s/dmesg.txt", run_dir);
	unlink(dmesg);
	{
		const char *argv[] = { makedumpfile, "--dump-dmesg", l->file, dmesg, NULL };

		rc = run(argv, NULL, NULL, TOOL_LIMIT_S);
	}
	f = rc ? NULL : fopen(dmesg, "r");
	if (!f) {
		snprintf(l->error, sizeof(l->error), "makedumpfile --dump-dmesg failed (%d)", rc);
		return;
	}
	l->found = true;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "Kernel panic - not syncing: ");

		line[strcspn(line, "\n")] = '\0';
		if (p && !*l->panic)
			snprintf(l->panic, sizeof(l->panic), "%.199s", p);
		if (!*l->fault && (strstr(line, "BUG: unable to handle") || strstr(line, "Oops: ")))
			snprintf(l->fault, sizeof(l->fault), "%.199s", line);
		for (int i = 0; i < nexpect && i < MAX_EXPECT; i++)
			found[i] |= strstr(line, want[i]) != NULL;
	}
	fclose(f);
	for (int i = nexpect - 1; i >= 0; i--)
		if (i < MAX_EXPECT && !found[i])
			snprintf(l->missing, sizeof(l->missing), "%s", want[i]);
}
