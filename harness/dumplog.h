/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The crashed kernel's own log, from a complete dump through makedumpfile
 * (-R to turn a flattened stream into a file other tools read, then
 * --dump-dmesg): the panic line, a kernel fault in it, and the scenario's
 * expected lines.
 */
#ifndef HARNESS_DUMPLOG_H
#define HARNESS_DUMPLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dump_log {
	char file[4096];		/* the dump as a plain file (dump.kdump or dump.out) */
	bool found;			/* the log was read */
	char error[300];		/* why not */
	char panic[200];
	char fault[200];		/* a kernel fault or oops */
	char missing[240];		/* the first expected line not found */
};

/*
 * Read the log of dump (flattened: made plain first, into run_dir). Each
 * expected text may hold {poison}: the first poisoned line's address as
 * Linux prints it (lower-case hex).
 */
void dump_log_read(const char *makedumpfile, const char *run_dir, const char *dump,
		   bool flattened, const char (*expect)[200], int nexpect, uint64_t poison,
		   struct dump_log *l);

#endif
