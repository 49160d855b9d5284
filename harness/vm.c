// SPDX-License-Identifier: GPL-2.0
/*
 * Start QEMU for one guest run and follow its console (see vm.h). Every
 * phase has its own bounded wait; a guest that stops making progress is
 * killed and the result names the phase it never reached. The console is
 * kept verbatim in the run directory, QEMU's own messages beside it, and
 * the account of the run in NAME.status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "protocol.h"
#include "vm.h"

const char *const phase_names[PH_COUNT] = {
	"start", "kernel", "workload", "panic", "capture", "collect", "dumped",
	"returned", "exit",
};

/* Seconds a phase may take, counted from the phase before it. */
static const int phase_limit[PH_COUNT] = {
	[PH_KERNEL] = 60, [PH_WORKLOAD] = 180, [PH_CAPTURE] = 180,
	[PH_COLLECT] = 120, [PH_DUMPED] = 900, [PH_EXIT] = 60,
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

enum phase vm_next_phase(const struct vm_result *r)
{
	if (r->at[PH_RETURNED] >= 0 || r->at[PH_DUMPED] >= 0)
		return PH_EXIT;
	if (r->at[PH_COLLECT] >= 0)
		return PH_DUMPED;
	if (r->at[PH_CAPTURE] >= 0)
		return PH_COLLECT;
	if (r->at[PH_WORKLOAD] >= 0)
		return PH_CAPTURE;
	if (r->at[PH_KERNEL] >= 0)
		return PH_WORKLOAD;
	return PH_KERNEL;
}

static double last_reached(const struct vm_result *r)
{
	double t = 0;

	for (int p = 0; p < PH_COUNT; p++)
		if (r->at[p] > t)
			t = r->at[p];
	return t;
}

static void reach(struct vm_result *r, enum phase p, double t)
{
	if (r->at[p] < 0)
		r->at[p] = t;
}

/* The text of init's phase line ph in line, or NULL. */
static const char *proto(const char *line, enum proto_line ph)
{
	const char *s = strstr(line, PROTO_PREFIX);

	if (!s)
		return NULL;
	s += strlen(PROTO_PREFIX);
	return strncmp(s, proto_line_text[ph], strlen(proto_line_text[ph])) ? NULL :
	       s + strlen(proto_line_text[ph]);
}

static int returned_rc(const char *rest)
{
	const char *rc = strstr(rest, PROTO_RC);

	return rc ? atoi(rc + strlen(PROTO_RC)) : -1;
}

static void on_line(struct vm_result *r, const char *line, double t)
{
	const char *s;

	if (strstr(line, "Linux version ")) {
		if (r->at[PH_KERNEL] < 0)
			reach(r, PH_KERNEL, t);
		else if (r->at[PH_WORKLOAD] >= 0)
			reach(r, PH_CAPTURE, t);
	} else if (proto(line, PL_WORKLOAD) || proto(line, PL_CHECK)) {
		reach(r, PH_WORKLOAD, t);
	} else if ((s = strstr(line, "Kernel panic - not syncing"))) {
		if (r->at[PH_CAPTURE] >= 0) {
			if (!*r->capture_panic)
				snprintf(r->capture_panic, sizeof(r->capture_panic), "%s", s);
		} else if (r->at[PH_PANIC] < 0) {
			snprintf(r->panic, sizeof(r->panic), "%s", s);
			reach(r, PH_PANIC, t);
		}
	} else if (proto(line, PL_COLLECT)) {
		reach(r, PH_COLLECT, t);
	} else if (proto(line, PL_DUMPED)) {
		reach(r, PH_DUMPED, t);
	} else if ((s = proto(line, PL_WORKLOAD_RETURNED)) || (s = proto(line, PL_CHECK_RETURNED))) {
		r->returned_rc = returned_rc(s);
		reach(r, PH_RETURNED, t);
	} else if ((s = proto(line, PL_ERROR)) && !*r->init_error) {
		snprintf(r->init_error, sizeof(r->init_error), "%s", s + (*s == ' '));
	}
}

/* QEMU starts with old_mask, the mask vmrun had before it blocked them. */
static pid_t spawn(const struct vm_config *cfg, int out_fd, int err_fd, const sigset_t *old_mask)
{
	char mem[16], smp[16], chardev[600], plugin[1400], qmp[600], einj[600], hest[600];
	char drive_dump[600], drive_var[600];
	const char *argv[64];
	int n = 0;
	pid_t pid;

	snprintf(mem, sizeof(mem), "%u", cfg->memory_mb);
	snprintf(smp, sizeof(smp), "%u", cfg->cpus);
	snprintf(chardev, sizeof(chardev), "socket,id=ras,path=%s/ras.sock,server=on,wait=off", cfg->run_dir);
	snprintf(plugin, sizeof(plugin), "%s,sock=%s/ras.sock,record=%s/record.jsonl,state=%s/ras.state,boot=%s%s%s",
		 cfg->plugin, cfg->run_dir, cfg->run_dir, cfg->run_dir, cfg->boot,
		 cfg->plugin_args ? "," : "", cfg->plugin_args ? cfg->plugin_args : "");
	snprintf(qmp, sizeof(qmp), "unix:%s/qmp.sock,server=on,wait=off", cfg->run_dir);
	snprintf(einj, sizeof(einj), "file=%s", cfg->einj);
	snprintf(hest, sizeof(hest), "file=%s", cfg->hest);
	snprintf(drive_dump, sizeof(drive_dump), "file=%s/dump.img,if=virtio,format=raw", cfg->run_dir);
	snprintf(drive_var, sizeof(drive_var), "file=%s/var.img,if=virtio,format=raw", cfg->run_dir);

	argv[n++] = cfg->qemu;
	argv[n++] = "-M";
	argv[n++] = "pc";
	argv[n++] = "-accel";
	argv[n++] = "tcg";
	argv[n++] = "-cpu";
	argv[n++] = "qemu64,vendor=GenuineIntel";
	argv[n++] = "-smp";
	argv[n++] = smp;
	argv[n++] = "-m";
	argv[n++] = mem;
	argv[n++] = "-nodefaults";
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-no-reboot";
	if (cfg->plugin) {
		argv[n++] = "-chardev";
		argv[n++] = chardev;
		argv[n++] = "-plugin";
		argv[n++] = plugin;
		argv[n++] = "-acpitable";
		argv[n++] = einj;
		argv[n++] = "-acpitable";
		argv[n++] = hest;
	}
	if (cfg->extra_plugin) {
		argv[n++] = "-plugin";
		argv[n++] = cfg->extra_plugin;
	}
	argv[n++] = "-kernel";
	argv[n++] = cfg->kernel;
	argv[n++] = "-initrd";
	argv[n++] = cfg->initrd;
	argv[n++] = "-append";
	argv[n++] = cfg->append;
	argv[n++] = "-drive";
	argv[n++] = drive_dump;
	argv[n++] = "-drive";
	argv[n++] = drive_var;
	argv[n++] = "-serial";
	argv[n++] = "stdio";
	if (cfg->plugin) {
		argv[n++] = "-serial";
		argv[n++] = "chardev:ras";
	}
	argv[n++] = "-qmp";
	argv[n++] = qmp;
	argv[n] = NULL;

	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		sigprocmask(SIG_SETMASK, old_mask, NULL);
		dup2(null, 0);
		dup2(out_fd, 1);
		dup2(err_fd, 2);
		execvp(cfg->qemu, (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", cfg->qemu, strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Stop the whole QEMU process group: TERM, then KILL after 5 s. */
static int stop(pid_t pid)
{
	int status = 0;

	kill(-pid, SIGTERM);
	if (!wait_exit(pid, 5000))
		kill(-pid, SIGKILL);
	waitpid(pid, &status, 0);
	return status;
}

int vm_run(const struct vm_config *cfg, struct vm_result *r)
{
	char path[4096], buf[4096], line[2048];
	sigset_t fatal, old_mask;
	size_t linelen = 0;
	int pipefd[2], errfd;
	FILE *console;
	double start;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	for (int p = 0; p < PH_COUNT; p++)
		r->at[p] = -1;
	r->stalled = -1;
	r->returned_rc = -1;
	r->exit_status = -1;

	snprintf(path, sizeof(path), "%s/%s.log", cfg->run_dir, cfg->boot);
	console = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/qemu-%s.log", cfg->run_dir, cfg->boot);
	errfd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (!console || errfd < 0 || pipe2(pipefd, O_CLOEXEC)) {
		snprintf(r->error, sizeof(r->error), "cannot set up the run in %s: %s",
			 cfg->run_dir, strerror(errno));
		if (console)
			fclose(console);
		if (errfd >= 0)
			close(errfd);
		return -1;
	}
	start = r->start = now_s();
	r->at[PH_START] = 0;
	proc_fatal_signals(&fatal);
	sigprocmask(SIG_BLOCK, &fatal, &old_mask);	/* until the child is known */
	pid = spawn(cfg, pipefd[1], errfd, &old_mask);
	if (pid > 0) {
		setpgid(pid, pid);	/* before the child does, it may not have run */
		proc_set_child(pid);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	close(pipefd[1]);
	close(errfd);
	if (pid < 0) {
		snprintf(r->error, sizeof(r->error), "cannot fork QEMU: %s", strerror(errno));
		close(pipefd[0]);
		fclose(console);
		return -1;
	}

	for (;;) {
		enum phase next = vm_next_phase(r);
		double deadline = last_reached(r) + phase_limit[next], t = now_s() - start;
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		ssize_t got;

		if (t >= deadline) {
			r->stalled = next;
			r->exit_status = stop(pid);
			snprintf(r->error, sizeof(r->error),
				 "no progress for %d s waiting for phase '%s'; QEMU killed",
				 phase_limit[next], phase_names[next]);
			break;
		}
		if (poll(&pfd, 1, (int)((deadline - t) * 1000) + 1) < 0 && errno != EINTR) {
			snprintf(r->error, sizeof(r->error), "cannot follow the console: %s",
				 strerror(errno));
			r->exit_status = stop(pid);
			break;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		got = read(pipefd[0], buf, sizeof(buf));
		if (got <= 0) {
			waitpid(pid, &r->exit_status, 0);
			reach(r, PH_EXIT, now_s() - start);
			break;
		}
		fwrite(buf, 1, (size_t)got, console);
		fflush(console);
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] != '\n' && linelen < sizeof(line) - 1) {
				line[linelen++] = buf[i];
				continue;
			}
			if (buf[i] != '\n')
				continue;	/* overlong line: keep its head */
			while (linelen && line[linelen - 1] == '\r')
				linelen--;
			line[linelen] = '\0';
			on_line(r, line, now_s() - start);
			linelen = 0;
		}
	}
	proc_set_child(0);
	close(pipefd[0]);
	fclose(console);
	return 0;
}

void vm_exit_text(const struct vm_result *r, char *buf, size_t len)
{
	if (r->exit_status < 0)
		snprintf(buf, len, "never started");
	else if (WIFEXITED(r->exit_status))
		snprintf(buf, len, "exited %d", WEXITSTATUS(r->exit_status));
	else if (WIFSIGNALED(r->exit_status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(r->exit_status),
			 strsignal(WTERMSIG(r->exit_status)));
	else
		snprintf(buf, len, "ended with wait status %#x", r->exit_status);
}

/*
 * NAME.status: "key value" lines; "at PHASE SECONDS" for each phase
 * reached. Text values are single lines (the console's lines are).
 */
int vm_result_save(const char *dir, const char *name, const struct vm_result *r)
{
	char path[4096], tmp[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.status", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "exit_status %d\nstalled %s\nreturned_rc %d\nstart %.6f\n", r->exit_status,
		r->stalled >= 0 ? phase_names[r->stalled] : "-", r->returned_rc, r->start);
	for (int p = 0; p < PH_COUNT; p++)
		if (r->at[p] >= 0)
			fprintf(f, "at %s %.3f\n", phase_names[p], r->at[p]);
	fprintf(f, "panic %s\ncapture_panic %s\ninit_error %s\nerror %s\n", r->panic,
		r->capture_panic, r->init_error, r->error);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int phase_index(const char *name)
{
	for (int p = 0; p < PH_COUNT; p++)
		if (!strcmp(name, phase_names[p]))
			return p;
	return -1;
}

int vm_result_load(const char *dir, const char *name, struct vm_result *r)
{
	char path[4096], line[512], key[32], word[32];
	FILE *f;
	double t;
	int p;

	memset(r, 0, sizeof(*r));
	for (p = 0; p < PH_COUNT; p++)
		r->at[p] = -1;
	r->stalled = r->returned_rc = r->exit_status = -1;
	snprintf(path, sizeof(path), "%s/%s.status", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (!v)
			continue;
		*v++ = '\0';
		snprintf(key, sizeof(key), "%.31s", line);
		if (!strcmp(key, "exit_status"))
			r->exit_status = atoi(v);
		else if (!strcmp(key, "returned_rc"))
			r->returned_rc = atoi(v);
		else if (!strcmp(key, "start"))
			r->start = strtod(v, NULL);
		else if (!strcmp(key, "stalled"))
			r->stalled = phase_index(v);
		else if (!strcmp(key, "at") && sscanf(v, "%31s %lf", word, &t) == 2 &&
			 (p = phase_index(word)) >= 0)
			r->at[p] = t;
		else if (!strcmp(key, "panic"))
			snprintf(r->panic, sizeof(r->panic), "%s", v);
		else if (!strcmp(key, "capture_panic"))
			snprintf(r->capture_panic, sizeof(r->capture_panic), "%s", v);
		else if (!strcmp(key, "init_error"))
			snprintf(r->init_error, sizeof(r->init_error), "%s", v);
		else if (!strcmp(key, "error"))
			snprintf(r->error, sizeof(r->error), "%s", v);
	}
	fclose(f);
	return 0;
}
