/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run a host program with its standard input and output redirected to
 * files, bounded in time, and report how it ended.
 */
#ifndef HARNESS_PROC_H
#define HARNESS_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* Wait up to timeout_ms for child pid to exit (not reaped); true if it did. */
bool wait_exit(pid_t pid, int timeout_ms);

/*
 * Run argv (argv[0] looked up in PATH) with stdin from `in` and stdout and
 * stderr to `out` (NULL: /dev/null for all three; out "-": keep this
 * process's stdout and stderr). Killed after timeout_s seconds. Returns the
 * exit status, 124 on timeout, 127 if it could not start.
 */
int run(const char *const argv[], const char *in, const char *out, int timeout_s);

#endif
