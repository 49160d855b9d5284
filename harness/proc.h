/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run a host program with its standard input and output redirected to
 * files, bounded in time, and report how it ended; and end the child under
 * way when the harness itself is stopped.
 */
#ifndef HARNESS_PROC_H
#define HARNESS_PROC_H

#include <signal.h>
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

/*
 * Each child the harness starts (run()'s program, vm_run()'s QEMU) has a
 * process group of its own, which a signal to the harness's group (a
 * killed compare or soak, ^C) does not reach: it would run on with nobody
 * watching. proc_end_child_on_signal() makes SIGTERM, SIGINT and SIGHUP
 * pass the signal on to the group under way, wait up to 10 s for it to end
 * (SIGKILL after that), then stop this process with the same signal.
 * Call it once, before the first child.
 */
void proc_end_child_on_signal(void);

/* Fill set with the signals proc_end_child_on_signal() catches. */
void proc_fatal_signals(sigset_t *set);

/*
 * The process group the handler ends (0: none). Set it with those signals
 * blocked, between the fork and their unblocking, so that no signal falls
 * between a child's start and its being known.
 */
void proc_set_child(pid_t pgid);

#endif
