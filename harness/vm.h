/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One QEMU run of the test guest, followed through its console: which
 * phases it reached and when, how QEMU ended, and where it stalled if it
 * had to be killed. The account is saved beside the console log
 * (NAME.status), so that the judge reads a run from its artefacts alone.
 */
#ifndef HARNESS_VM_H
#define HARNESS_VM_H

#include <stdbool.h>
#include <stddef.h>

enum phase {
	PH_START,	/* QEMU started */
	PH_KERNEL,	/* production (or check) kernel banner */
	PH_WORKLOAD,	/* init: workload start (check mode: check start) */
	PH_PANIC,	/* "Kernel panic" on the console, when it gets there */
	PH_CAPTURE,	/* capture kernel banner */
	PH_COLLECT,	/* init: collector start */
	PH_DUMPED,	/* init: dump written */
	PH_RETURNED,	/* init: workload (or check) returned */
	PH_EXIT,	/* QEMU exited */
	PH_COUNT
};

extern const char *const phase_names[PH_COUNT];

struct vm_config {
	const char *qemu;
	const char *run_dir;		/* NAME.log, NAME.status, qemu-NAME.log, sockets */
	const char *kernel, *initrd, *append;
	const char *plugin, *einj, *hest;	/* plugin NULL: plain QEMU */
	const char *plugin_args;		/* extra key=value,... or NULL */
	const char *extra_plugin;		/* another -plugin PATH,ARGS, or NULL */
	const char *boot;		/* production or check: NAME */
	unsigned int memory_mb;
	unsigned int cpus;
};

struct vm_result {
	double start;			/* PH_START on the host's CLOCK_MONOTONIC, s */
	double at[PH_COUNT];		/* seconds after PH_START; < 0: not reached */
	int stalled;			/* phase it was waiting for when killed, or -1 */
	int returned_rc;		/* workload or check exit status, or -1 */
	int exit_status;		/* QEMU's wait status, -1 if never started */
	char panic[200];		/* the console's "Kernel panic - not syncing: ..." */
	char capture_panic[200];	/* the same, printed by the capture kernel */
	char init_error[200];		/* an error line of the guest's init */
	char error[200];		/* why the harness stopped QEMU, or could not start it */
};

/* Boot; 0 once QEMU ran (however it ended), -1 if it could not be started. */
int vm_run(const struct vm_config *cfg, struct vm_result *r);

/* The account of boot NAME in dir (NAME.status): save, or load (-1: none). */
int vm_result_save(const char *dir, const char *name, const struct vm_result *r);
int vm_result_load(const char *dir, const char *name, struct vm_result *r);

/* The phase the guest should reach next, given those it has reached. */
enum phase vm_next_phase(const struct vm_result *r);

/* How QEMU ended, in words ("exited 0", "killed by signal 6"). */
void vm_exit_text(const struct vm_result *r, char *buf, size_t len);

#endif
