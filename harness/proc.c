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
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 127;
	if (pid == 0) {
		bool inherit = out && !strcmp(out, "-");
		int i = open(in ? in : "/dev/null", O_RDONLY);
		int o = inherit ? 1 : out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644) :
					    open("/dev/null", O_WRONLY);

		if (i < 0 || o < 0)
			_exit(127);
		setpgid(0, 0);
		dup2(i, 0);
		if (!inherit) {
			dup2(o, 1);
			dup2(o, 2);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (!wait_exit(pid, timeout_s * 1000)) {
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
		return 124;
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
