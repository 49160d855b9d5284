/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Before a run: the files a scenario needs on one arm, checked, and the run
 * directory laid out (initramfs, the /var disk, an empty dump disk); between
 * boots, the platform's state for a check boot.
 */
#ifndef HARNESS_PREPARE_H
#define HARNESS_PREPARE_H

#include <stddef.h>

#include "scenario.h"

#define PATH_LEN 2048

struct run_paths {
	char build[PATH_LEN], run[PATH_LEN], kernel[PATH_LEN], vmlinux[PATH_LEN];
	char image[PATH_LEN], plugin[PATH_LEN], einj[PATH_LEN], hest[PATH_LEN];
	char reader[PATH_LEN], kselftest[PATH_LEN], kselftest_tar[PATH_LEN], modules[PATH_LEN], crash[PATH_LEN];
	char makedumpfile[PATH_LEN];
	char results[PATH_LEN], result[PATH_LEN], initrd[PATH_LEN];
};

/*
 * Fill p for scenario s on BASE/ARM in the build directory; run_dir, if
 * not NULL, replaces build/runs/BASE-ARM-NAME. -1 with err if a path does
 * not fit.
 */
int paths_init(struct run_paths *p, const char *build, const char *base, const char *arm,
	       const struct scenario *s, const char *run_dir, char *err, size_t errlen);

/* Is everything the run needs built? -1 with err naming what is missing. */
int paths_check(const struct run_paths *p, const struct scenario *s, char *err, size_t errlen);

/*
 * The run directory, made afresh: the initramfs (base image + the
 * scenario's archive), the ext2 /var disk holding what kexec -p loads (with
 * the capture kernel's command line), and an empty sparse dump disk.
 */
int prepare_run(const struct scenario *s, const struct run_paths *p, const char *capture_args,
		char *err, size_t errlen);

/*
 * "check-poison: clear": a reboot through firmware, whose memory
 * initialisation rewrites every line, starts without the poison. Keep only
 * the boot count of the platform's state file.
 */
int clear_poison(const struct run_paths *p);

#endif
