/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario file, parsed (the format is in scenarios/README.md).
 */
#ifndef HARNESS_SCENARIO_H
#define HARNESS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

/* V_DUMP_LOST ("dump-lost") is an expectation only: none or incomplete. */
enum verdict { V_UNSET, V_COMPLETE, V_INCOMPLETE, V_NONE, V_SURVIVED, V_DUMP_LOST };

/* A yes/no fact an expectation may pin down; T_ANY leaves it free. */
enum tri { T_ANY, T_NO, T_YES };

enum check_result { C_ANY, C_PASS, C_FAIL, C_SKIP };

struct expect {
	bool set;
	enum verdict verdict;
	enum tri capture_mce, poison_out, poison_zero, fault;
	enum tri saved;			/* the collector finished and exited 0 */
	enum tri dropped;		/* the dump's record counts dropped pages */
	long lost_max;			/* -1: any */
	long lost_exact;		/* -1: any */
	long unrecorded;		/* poisoned pages the record lacks; -1: any */
	enum check_result check;
	enum check_result workload;	/* C_PASS: the workload exited 0 */
};

#define ARMS 3
extern const char *const arm_names[ARMS];

struct scenario {
	char name[64];			/* file name without directory and .scn */
	char description[200];
	char *workload, *check;		/* shell scripts; check may be NULL */
	char collector[512];
	char cmdline[512], capture_cmdline[512];
	unsigned int memory_mb;
	enum { KST_NO, KST_TREE, KST_TAR } kselftest;	/* "kselftest:" */
	bool check_clears_poison;	/* "check-poison: clear" */
	bool poison_free;		/* "poison-free: yes": free at the crash;
					 * "poison-free@BASE:" overrides it on BASE */
	char expect_log[8][200];	/* each must be in the dump's log */
	int nexpect_log;
	struct expect expect[ARMS];	/* by arm index: ARM@BASE, ARM, then all */
};

/*
 * Load the scenario at path for the base on_base: "expect ARM@BASE:" lines
 * of other bases are checked, then ignored.
 */
int scenario_load(const char *path, const char *on_base, struct scenario *s, char *err,
		  size_t errlen);
void scenario_free(struct scenario *s);
int arm_index(const char *arm);
const char *verdict_name(enum verdict v);

#endif
