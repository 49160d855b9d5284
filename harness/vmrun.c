// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun: run one scenario on one kernel arm under the emulated RAS
 * platform, and judge it.
 *
 *   vmrun [--build DIR] --base BASE --arm ARM [--plain] [--plugin-arg K=V]
 *         [--plugin PATH[,K=V...]]
 *         [--qemu PATH] [--crash PATH] [--run-dir DIR] [--result FILE]
 *         [--judge-only] SCENARIO.scn
 *
 * Three steps, each its own unit: prepare (prepare.c) the run directory
 * DIR/runs/BASE-ARM-NAME; run (vm.c, collect.c) the production boot, which
 * panics into the capture kernel, which saves the dump, then a check boot
 * when the scenario has a check, and take the dump disk apart; judge
 * (judge.c) the run from those artefacts alone. The result goes to
 * DIR/results/BASE/ARM/NAME.json (or FILE) and to standard output. Exits 0
 * if the arm's expectation was met, 1 if not (naming each difference), 2 if
 * the run did not happen (result "error": the phase and the reason) or
 * could not be made.
 *
 * --plain boots without the platform (benchmarks: no plugin, no tables, no
 * control port); --plugin-arg adds plugin arguments (e.g. bench=ADDR);
 * --plugin loads another TCG plugin beside the platform, with or without
 * it (benchmarks: bench/insn-range.c);
 * --qemu runs another emulator binary (the host tests' fake); --crash is
 * the oracle, by default DIR/userspace/BASE/bin/crash; --judge-only judges
 * the run directory as it is (--run-dir: a recorded run).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "files.h"
#include "judge.h"
#include "mailbox.h"
#include "prepare.h"
#include "proc.h"
#include "result.h"

/*
 * no_timer_check: on a loaded host TCG can be too slow for the IO-APIC
 * timer check, and the kernel panics at boot ("IO-APIC + timer doesn't
 * work"); the check tells nothing about machine checks or kdump.
 */
#define BOOT_ARGS	"console=ttyS0 panic=1 nokaslr no_timer_check"
#define CRASHKERNEL	"crashkernel=192M"
#define CAPTURE_ARGS	"console=ttyS0 irqpoll nr_cpus=1 reset_devices panic=1 nokaslr no_timer_check"

struct options {
	const char *build, *base, *arm, *plugin_args, *extra_plugin, *qemu, *crash, *run_dir, *result;
	bool plain, judge_only;
};

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int die(const char *fmt, ...)
{
	va_list ap;

	fputs("vmrun: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One boot; its account is saved whether or not QEMU could start. */
static void boot(struct vm_config *cfg, const char *what)
{
	struct vm_result r;
	char how[80];

	fprintf(stderr, "    booting %s\n", what);
	vm_run(cfg, &r);
	if (vm_result_save(cfg->run_dir, cfg->boot, &r))
		fprintf(stderr, "vmrun: cannot save %s/%s.status\n", cfg->run_dir, cfg->boot);
	vm_exit_text(&r, how, sizeof(how));
	fprintf(stderr, "    QEMU %s, last phase %s%s%s\n", how,
		phase_names[r.at[PH_EXIT] >= 0 ? PH_EXIT : vm_next_phase(&r)],
		*r.error ? ": " : "", r.error);
}

/* Prepare, boot (production, then check), and take the dump disk apart. */
static int run_scenario(const struct scenario *s, const struct run_paths *p,
			const struct options *opt)
{
	char err[400], append[1200], img[PATH_LEN + 16];
	struct vm_config cfg = {
		.qemu = opt->qemu, .run_dir = p->run, .kernel = p->kernel, .initrd = p->initrd,
		.append = append, .plugin = opt->plain ? NULL : p->plugin,
		.plugin_args = opt->plugin_args, .extra_plugin = opt->extra_plugin, .einj = p->einj, .hest = p->hest,
		.boot = "production", .memory_mb = s->memory_mb, .cpus = 2,
	};

	if (prepare_run(s, p, CAPTURE_ARGS, err, sizeof(err)))
		return die("%s", err);
	snprintf(append, sizeof(append), "%s %s %s kdtest.mode=production %s %s", BOOT_ARGS,
		 CRASHKERNEL, MAILBOX_CMDLINE, opt->plain ? "kdtest.platform=none" : "", s->cmdline);
	boot(&cfg, "the production kernel");
	if (s->check) {
		if (s->check_clears_poison && clear_poison(p))
			return die("cannot clear the poison in %s/ras.state", p->run);
		snprintf(append, sizeof(append), "%s %s kdtest.mode=check %s %s", BOOT_ARGS,
			 MAILBOX_CMDLINE, opt->plain ? "kdtest.platform=none" : "", s->cmdline);
		cfg.boot = "check";
		boot(&cfg, "again in check mode");
	}
	if (collect_disk(p->run, err, sizeof(err))) {
		fprintf(stderr, "vmrun: %s\n", err);
		return 0;
	}
	/*
	 * What the guest left on /var is in the run's files now: the disk
	 * (its ext2 tables, the boot kernel, kdump-tools' copy of the dump)
	 * goes, 40 MB a run and more, as dump.img did. A failed collect
	 * keeps it to look at.
	 */
	snprintf(img, sizeof(img), "%s/var.img", p->run);
	unlink(img);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: vmrun [--build DIR] --base BASE --arm ARM [--plain] [--plugin-arg K=V]\n"
		"             [--plugin PATH[,K=V...]] [--qemu PATH] [--crash PATH] [--run-dir DIR]\n"
		"             [--result FILE] [--judge-only] SCENARIO.scn\n");
	exit(2);
}

static void parse(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "arm", required_argument, NULL, 'a' },
		{ "plain", no_argument, NULL, 'p' },
		{ "plugin-arg", required_argument, NULL, 'P' },
		{ "plugin", required_argument, NULL, 'X' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "crash", required_argument, NULL, 'c' },
		{ "run-dir", required_argument, NULL, 'r' },
		{ "result", required_argument, NULL, 'R' },
		{ "judge-only", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .build = "build", .qemu = "qemu-system-x86_64" };
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o->build = optarg; break;
		case 'B': o->base = optarg; break;
		case 'a': o->arm = optarg; break;
		case 'p': o->plain = true; break;
		case 'P': o->plugin_args = optarg; break;
		case 'X': o->extra_plugin = optarg; break;
		case 'q': o->qemu = optarg; break;
		case 'c': o->crash = optarg; break;
		case 'r': o->run_dir = optarg; break;
		case 'R': o->result = optarg; break;
		case 'j': o->judge_only = true; break;
		default: usage();
		}
	}
	if (!o->base || !o->arm || optind != argc - 1)
		usage();
}

int main(int argc, char **argv)
{
	static struct outcome out;
	struct run_times times = { 0 };
	char err[400], missing[PATH_LEN + 100];
	struct judge_tools tools;
	struct options opt;
	struct run_paths p;
	struct scenario s;
	double t0 = now_s();
	int ai;

	parse(argc, argv, &opt);
	proc_end_child_on_signal();
	ai = arm_index(opt.arm);
	if (ai < 0)
		return die("unknown arm '%s' (nofix, upstream, series)", opt.arm);
	if (scenario_load(argv[optind], opt.base, &s, err, sizeof(err)))
		return die("%s", err);
	if (paths_init(&p, opt.build, opt.base, opt.arm, &s, opt.run_dir, err, sizeof(err)))
		return die("%s", err);
	if (opt.result && strlen(opt.result) < PATH_LEN)
		snprintf(p.result, sizeof(p.result), "%s", opt.result);
	if (!opt.judge_only && paths_check(&p, &s, err, sizeof(err)))
		return die("%s", err);
	if (access(p.reader, X_OK))
		return die("%s is missing: build the dump reader (make harness)", p.reader);
	if (!opt.result) {
		const char *mkdir_p[] = { "mkdir", "-p", p.results, NULL };

		if (run(mkdir_p, NULL, NULL, 10))
			return die("cannot create %s", p.results);
	}

	fprintf(stderr, "==> %s on %s/%s: %s\n", s.name, opt.base, opt.arm, s.description);
	if (!opt.judge_only && run_scenario(&s, &p, &opt))
		return 2;

	fprintf(stderr, "    judging the run\n");
	snprintf(missing, sizeof(missing), "%s is missing (crash for base %s comes with the "
		 "base's userspace)", p.crash, opt.base);
	tools = (struct judge_tools){
		.reader = p.reader, .makedumpfile = access(p.makedumpfile, X_OK) ? "makedumpfile" : p.makedumpfile, .vmlinux = p.vmlinux,
		.crash = opt.crash ? opt.crash : access(p.crash, X_OK) ? NULL : p.crash,
		.crash_missing = missing, .plain = opt.plain,
	};
	times.verify = now_s();
	judge_run(&s, ai, p.run, &tools, &out);
	times.verify = now_s() - times.verify;
	times.total = now_s() - t0;
	if (result_write(p.result, opt.base, opt.arm, &s, &s.expect[ai], &out, &times))
		return die("cannot write %s", p.result);
	print_file(p.result);
	if (out.result == R_ERROR)
		fprintf(stderr, "ERROR %s on %s/%s: the run did not happen: phase %s: %s\n", s.name,
			opt.base, opt.arm, out.error_phase, out.error);
	else if (out.result == R_FAIL)
		fprintf(stderr, "FAIL %s on %s/%s: %s\n", s.name, opt.base, opt.arm, out.differences);
	else
		fprintf(stderr, "ok   %s on %s/%s: %s (%.0f s)\n", s.name, opt.base, opt.arm,
			verdict_name(out.verdict), times.total);
	scenario_free(&s);
	return out.result == R_PASS ? 0 : out.result == R_FAIL ? 1 : 2;
}
