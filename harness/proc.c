// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded subprocesses for the harness (see proc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

static volatile sig_atomic_t child_pgid;

void proc_set_child(pid_t pgid)
{
	child_pgid = pgid;
}

/* Async-signal-safe: kill, pidfd_open, poll, close, waitpid, raise. */
static void end_child_and_die(int sig)
{
	pid_t pid = child_pgid;

	if (pid > 0) {
		kill(-pid, sig);
		if (!wait_exit(pid, 10000))
			kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void proc_fatal_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

void proc_end_child_on_signal(void)
{
	struct sigaction sa = { .sa_handler = end_child_and_die };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

bool wait_exit(pid_t pid, int timeout_ms)
{
	struct pollfd pfd = { .fd = pidfd_open(pid, 0), .events = POLLIN };
	int rc;

	if (pfd.fd < 0)
		return false;
	do
		rc = poll(&pfd, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	close(pfd.fd);
	return rc > 0;
}

int run(const char *const argv[], const char *in, const char *out, int timeout_s)
{
	sigset_t fatal, old_mask;
	bool timed_out;
	int status;
	pid_t pid;

	proc_fatal_signals(&fatal);
	sigprocmask(SIG_BLOCK, &fatal, &old_mask);	/* until child_pgid is set */
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		return 127;
	}
	if (pid == 0) {
		bool inherit = out && !strcmp(out, "-");
		int i = open(in ? in : "/dev/null", O_RDONLY);
		int o = inherit ? 1 : out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644) :
					    open("/dev/null", O_WRONLY);

		if (i < 0 || o < 0)
			_exit(127);
		setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		dup2(i, 0);
		if (!inherit) {
			dup2(o, 1);
			dup2(o, 2);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	setpgid(pid, pid);	/* before the child does, it may not have run */
	proc_set_child(pid);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	timed_out = !wait_exit(pid, timeout_s * 1000);
	if (timed_out)
		kill(-pid, SIGKILL);
	sigprocmask(SIG_BLOCK, &fatal, NULL);	/* the handler must not wait on a reaped pid */
	waitpid(pid, &status, 0);
	proc_set_child(0);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	if (timed_out)
		return 124;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
