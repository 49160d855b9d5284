/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The independent oracle: crash(8), a reader this project did not write,
 * opens a complete dump with the arm's vmlinux and reads for itself the
 * kernel log and every page the judge has a state for. Its answers are
 * compared with the project's reader; any disagreement names both answers.
 * All commands go to one crash invocation (-s, commands on stdin).
 */
#ifndef HARNESS_ORACLE_H
#define HARNESS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Pages read whole, per run; more are read by their first words only. */
#define ORACLE_FULL_PAGES	64

/* What one page reads as in crash. */
enum oracle_page { OP_UNASKED, OP_UNREADABLE, OP_SILENT, OP_ZERO, OP_CONTROL, OP_DATA };

struct oracle_page_ask {
	uint64_t pfn;
	const char *reader_state;	/* absent, present, zero, unreadable */
	bool reader_control_ok;		/* for a control page: the pattern is there */
	bool control;
	enum oracle_page crash;		/* filled in */
};

struct oracle {
	char error[300];		/* crash could not answer: why */
	char version[64];		/* "crash 8.0.2" */
	double seconds;
	bool log_has_panic;		/* the reader's panic line is in crash's log */
	int pages, full_pages;		/* asked, of which read whole */
	char disagreement[600];		/* "" when crash agrees with the reader */
};

/*
 * Ask crash at path crash (vmlinux, dump) about panic (the reader's panic
 * line, may be "") and pages; its command file and output go to run_dir.
 * elf: the dump is an ELF file, where crash reads a page a PT_LOAD covers
 * in memory but not in the file as zeros (p_memsz beyond p_filesz), which
 * the reader calls absent. -1 if crash could not be run or could not open
 * the dump (o->error).
 */
int oracle_check(const char *crash, const char *vmlinux, const char *dump, const char *run_dir,
		 bool elf, const char *panic, struct oracle_page_ask *pages, int npages,
		 struct oracle *o);

const char *oracle_page_name(enum oracle_page p);

#endif
