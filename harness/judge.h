/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The judge: a run's outcome as a function of its artefacts alone (the
 * account of each boot, the consoles and QEMU's messages, the platform's
 * record, what the capture kernel left on the dump disk), read with the
 * project's dump reader, makedumpfile and the crash(8) oracle. It says
 * whether the run happened at all (if not: result "error", with the phase
 * and the reason, whatever the scenario expected), the kernel's verdict,
 * the facts, and every way they differ from the scenario's expectation.
 */
#ifndef HARNESS_JUDGE_H
#define HARNESS_JUDGE_H

#include <stdbool.h>

#include "dumplog.h"
#include "dumpread.h"
#include "oracle.h"
#include "recordread.h"
#include "scenario.h"
#include "vm.h"

enum run_result { R_PASS, R_FAIL, R_ERROR };

struct judge_tools {
	const char *reader;		/* vmcore_info */
	const char *makedumpfile;
	const char *crash;		/* the oracle, or NULL: */
	const char *crash_missing;	/* why there is none */
	const char *vmlinux;		/* the arm's kernel, for crash */
	bool plain;			/* run without the platform: no record */
};

struct outcome {
	enum run_result result;
	char error_phase[32], error[400];	/* R_ERROR: where and why */
	enum verdict verdict;
	struct vm_result prod, chk;
	bool checked;
	struct record_facts rec;
	/* the dump disk */
	bool finished;			/* the collector ran to its end */
	int collector_rc;
	long long bytes, collect_s;
	char dump_file[300];		/* kdump-tools: the file it left in /var/crash */
	long hwpoison_pages;		/* makedumpfile's count, or -1 */
	struct dump_facts dump;
	struct dump_log log;
	bool oracle_ran;
	struct oracle oracle;
	/* facts */
	bool capture_before_collector;	/* the capture kernel's own reading */
	bool poison_out, poison_zero;	/* over the poisoned pages in the dump */
	long lost;			/* control pages missing from the dump, or -1 */
	int controls_wrong;		/* control pages with the wrong data */
	char differences[1500];
};

/*
 * Judge scenario s on arm index arm from the artefacts in run_dir. Never
 * fails: what cannot be read makes the result an error. o is large; keep
 * it off the stack.
 */
void judge_run(const struct scenario *s, int arm, const char *run_dir,
	       const struct judge_tools *t, struct outcome *o);

const char *run_result_name(enum run_result r);

#endif
