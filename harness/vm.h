/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One QEMU run of the test guest, followed through its console: which
 * phases it reached and when, and where it stalled if it had to be killed.
 */
#ifndef HARNESS_VM_H
#define HARNESS_VM_H

#include <stdbool.h>

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
	const char *run_dir;		/* console.log, qemu.log, sockets */
	const char *kernel, *initrd, *append;
	const char *plugin, *einj, *hest;	/* plugin NULL: plain QEMU */
	const char *plugin_args;		/* extra key=value,... or NULL */
	const char *boot;		/* production or check */
	const char *log_name;		/* console log file name in run_dir */
	unsigned int memory_mb;
	unsigned int cpus;
};

struct vm_result {
	double at[PH_COUNT];		/* seconds after PH_START; < 0: not reached */
	int stalled;			/* phase it was waiting for when killed, or -1 */
	int returned_rc;		/* workload or check exit status, or -1 */
	int exit_status;		/* QEMU's wait status */
	char panic[200];		/* the console's "Kernel panic - not syncing: ..." */
	char capture_panic[200];	/* the same, printed by the capture kernel */
	char error[200];		/* an init error line, or why the run failed */
};

int vm_run(const struct vm_config *cfg, struct vm_result *r);

#endif
