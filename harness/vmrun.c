// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun: run one scenario on one kernel arm under the emulated RAS
 * platform, and judge it.
 *
 *   vmrun [--build DIR] --base BASE --arm ARM [--plain] [--plugin-arg K=V]
 *         SCENARIO.scn
 *
 * It packs the scenario into the guest image, boots the production kernel
 * (which panics into the capture kernel, which saves the dump), boots a
 * third time in check mode when the scenario has a check, reads the dump
 * and the platform's record on the host, writes
 * DIR/results/BASE/ARM/NAME.json, prints it, and exits 0 if the arm's
 * expectation was met, 1 if not (naming each difference), 2 if the run
 * could not be made. --plain boots without the platform (for benchmarks:
 * no plugin, no tables, no control port); --plugin-arg adds arguments for
 * the plugin (e.g. bench=ADDR).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cpio.h"
#include "files.h"
#include "json.h"
#include "mailbox.h"
#include "proc.h"
#include "scenario.h"
#include "verdict.h"
#include "vm.h"

#define BOOT_ARGS	"console=ttyS0 panic=1 nokaslr"
#define CRASHKERNEL	"crashkernel=192M"
#define CAPTURE_ARGS	"console=ttyS0 irqpoll nr_cpus=1 reset_devices panic=1 nokaslr"
#define DUMP_DISK	(4ULL << 30)

struct paths {
	char build[4096], run[2048], kernel[2048], image[2048], plugin[2048];
	char einj[2048], hest[2048], vmcore_info[2048], kselftest[2048];
	char results[2048], result[2048], module[2048], makedumpfile[2048];
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

#define PATH_LEN 2048

/* Format a path into a PATH_LEN buffer; non-zero if it did not fit. */
static int path(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int path(char *dst, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, PATH_LEN, fmt, ap);
	va_end(ap);
	return n < 0 || n >= PATH_LEN;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool exists(const char *path)
{
	return access(path, R_OK) == 0;
}

static int concat(const char *out, const char *a, const char *b)
{
	char buf[1 << 16];
	FILE *o = fopen(out, "wb");
	const char *in[2] = { a, b };
	int rc = o ? 0 : -1;

	for (int i = 0; i < 2 && !rc; i++) {
		FILE *f = fopen(in[i], "rb");
		size_t n;

		if (!f) {
			rc = -1;
			break;
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			if (fwrite(buf, 1, n, o) != n)
				rc = -1;
		fclose(f);
	}
	if (o && fclose(o))
		rc = -1;
	return rc;
}

/*
 * The scenario's own archive: its scripts, the arm's test module (see
 * image/module) when it was built, and the kselftest if asked.
 */
static int pack_scenario(const struct scenario *s, const struct paths *p, const char *out)
{
	const char *collector = *s->collector ? s->collector : "";
	struct cpio c;
	int rc;

	if (cpio_open(&c, out))
		return -1;
	rc = cpio_dir(&c, "scenario") ||
	     cpio_file(&c, "scenario/workload", 0755, s->workload, strlen(s->workload)) ||
	     cpio_file(&c, "scenario/collector", 0644, collector, strlen(collector));
	if (!rc && s->check)
		rc = cpio_file(&c, "scenario/check", 0755, s->check, strlen(s->check));
	if (!rc && exists(p->module)) {
		FILE *f = fopen(p->module, "rb");
		char *buf = malloc(1 << 20);
		size_t n = f && buf ? fread(buf, 1, 1 << 20, f) : 0;

		rc = !n || cpio_dir(&c, "lib") || cpio_dir(&c, "lib/mcekd") ||
		     cpio_file(&c, "lib/mcekd/mcekd_kstack.ko", 0644, buf, n);
		free(buf);
		if (f)
			fclose(f);
	}
	if (!rc && s->kselftest)
		rc = cpio_dir(&c, "usr") || cpio_dir(&c, "usr/lib") || cpio_dir(&c, "usr/lib/kselftest") ||
		     cpio_tree(&c, "usr/lib/kselftest/mce-kdump", p->kselftest);
	return cpio_close(&c) || rc ? -1 : 0;
}

/*
 * The run directory: the initramfs (base image + scenario), the ext2 /var
 * disk holding what kexec -p loads, and an empty sparse dump disk.
 */
static int prepare(const struct scenario *s, const struct paths *p, char *initrd, size_t len)
{
	char dir[4096], file[4096], cmdline[1200];
	const char *rm[] = { "rm", "-rf", p->run, NULL };
	const char *mk[] = { "mkdir", "-p", p->run, NULL };

	if (run(rm, NULL, NULL, 60) || run(mk, NULL, NULL, 10))
		return die("cannot recreate %s", p->run);
	snprintf(dir, sizeof(dir), "%s/var", p->run);
	snprintf(file, sizeof(file), "%s/var/boot", p->run);
	if (mkdir(dir, 0755) || mkdir(file, 0755))
		return die("cannot create %s", file);
	snprintf(file, sizeof(file), "%s/scenario.cpio", p->run);
	if (pack_scenario(s, p, file))
		return die("cannot pack the scenario into %s", file);
	snprintf(initrd, len, "%s/var/boot/initrd", p->run);
	if (concat(initrd, p->image, file))
		return die("cannot write %s", initrd);
	snprintf(file, sizeof(file), "%s/var/boot/vmlinuz", p->run);
	if (concat(file, p->kernel, "/dev/null"))
		return die("cannot copy %s", p->kernel);
	snprintf(file, sizeof(file), "%s/var/boot/cmdline", p->run);
	snprintf(cmdline, sizeof(cmdline), "%s %s\n", CAPTURE_ARGS, s->capture_cmdline);
	if (write_file(file, cmdline))
		return die("cannot write %s", file);
	{
		char img[4096];
		const char *mke2fs[] = { "mke2fs", "-q", "-F", "-t", "ext2", "-L", "var", "-d", dir,
					 img, "2G", NULL };

		snprintf(img, sizeof(img), "%s/var.img", p->run);
		if (run(mke2fs, NULL, NULL, 120))
			return die("mke2fs failed to make %s (is e2fsprogs installed?)", img);
	}
	snprintf(file, sizeof(file), "%s/dump.img", p->run);
	if (truncate(file, 0) && (errno != ENOENT || write_file(file, "")))
		return die("cannot create %s", file);
	if (truncate(file, (off_t)DUMP_DISK))
		return die("cannot size %s", file);
	return 0;
}

/*
 * "check-poison: clear": a reboot through firmware, whose memory
 * initialisation rewrites every line, starts without the poison. Keep only
 * the boot count of the platform's state file.
 */
static int clear_poison(const struct paths *p)
{
	char path[4096], line[256], keep[256] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/ras.state", p->run);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "boot ", 5))
			snprintf(keep, sizeof(keep), "%s", line);
	fclose(f);
	return write_file(path, keep);
}

static void add(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

static const char *tri_name(enum tri t)
{
	return t == T_YES ? "yes" : t == T_NO ? "no" : "any";
}

static const char *check_name(int rc)
{
	return rc == 0 ? "pass" : rc == 4 ? "skip" : rc < 0 ? "none" : "fail";
}

static const char *result_name(enum check_result c)
{
	return c == C_PASS ? "pass" : c == C_FAIL ? "fail" : "skip";
}

/* A pass/fail/skip expectation on an exit status; false if it differs. */
static bool rc_matches(enum check_result want, int rc)
{
	return want == C_ANY || !strcmp(check_name(rc), result_name(want));
}

/* Are all poisoned pages out of the dump (absent or zeros), all zeros? */
static void poison_facts(const struct analysis *a, bool *out, bool *zero)
{
	*out = *zero = a->npfns > 0;
	for (int i = 0; i < a->npfns; i++) {
		*out &= !strcmp(a->pfn_state[i], "absent") || !strcmp(a->pfn_state[i], "zero");
		*zero &= !strcmp(a->pfn_state[i], "zero");
	}
}

/* Did the collector call the dump saved (finished, exit status 0)? */
static bool saved(const struct analysis *a)
{
	return a->finished && a->collector_rc == 0;
}

/* Compare the outcome with the expectation; one line per difference. */
static int judge(const struct expect *e, enum verdict v, const struct analysis *a,
		 int workload_rc, int check_rc, char *diff, size_t len)
{
	bool out, zero;
	int bad = 0;

	poison_facts(a, &out, &zero);
	diff[0] = '\0';
	if (e->verdict != v) {
		add(diff, len, "verdict: expected %s, got %s%s%s%s%s; ", verdict_name(e->verdict),
		    verdict_name(v), *a->problems ? " (" : "", a->problems, *a->problems ? ")" : "",
		    *a->shutdown ? a->shutdown : "");
		bad++;
	}
	if (e->capture_mce != T_ANY && (e->capture_mce == T_YES) != a->capture_mce) {
		add(diff, len, "capture_mce: expected %s, got %s%s%s; ", tri_name(e->capture_mce),
		    a->capture_mce ? "yes: " : "no", a->capture_detail, "");
		bad++;
	}
	if (e->poison_out != T_ANY && (e->poison_out == T_YES) != out) {
		add(diff, len, "poison_out: expected %s, got %s (%d poisoned pages); ",
		    tri_name(e->poison_out), out ? "yes" : "no", a->npfns);
		bad++;
	}
	if (e->poison_zero != T_ANY && (e->poison_zero == T_YES) != zero) {
		add(diff, len, "poison_zero: expected %s, got %s; ", tri_name(e->poison_zero),
		    zero ? "yes" : "no");
		bad++;
	}
	if (e->fault != T_ANY && (e->fault == T_YES) != !!*a->fault) {
		add(diff, len, "fault: expected %s, got %s%s; ", tri_name(e->fault),
		    *a->fault ? "yes: " : "no", a->fault);
		bad++;
	}
	if (e->saved != T_ANY && (e->saved == T_YES) != saved(a)) {
		add(diff, len, "saved: expected %s, got %s (collector rc %d%s); ", tri_name(e->saved),
		    saved(a) ? "yes" : "no", a->collector_rc, a->finished ? "" : ", did not finish");
		bad++;
	}
	if (e->lost_max >= 0 && (a->lost < 0 || a->lost > e->lost_max)) {
		add(diff, len, "lost: expected at most %ld, got %ld; ", e->lost_max, a->lost);
		bad++;
	}
	if (!rc_matches(e->check, check_rc)) {
		add(diff, len, "check: expected %s, got %s (rc %d); ", result_name(e->check),
		    check_name(check_rc), check_rc);
		bad++;
	}
	if (!rc_matches(e->workload, workload_rc)) {
		add(diff, len, "workload: expected %s, got %s (rc %d); ", result_name(e->workload),
		    check_name(workload_rc), workload_rc);
		bad++;
	}
	return bad;
}

static void phase_list(struct json *j, const struct vm_result *r, const char *key)
{
	json_open(j, key, '[');
	for (int ph = 0; ph < PH_COUNT; ph++)
		if (r->at[ph] >= 0)
			json_str(j, NULL, phase_names[ph]);
	json_close(j, ']');
}

static double span(const struct vm_result *r, enum phase from, enum phase to)
{
	return r->at[from] >= 0 && r->at[to] >= 0 ? r->at[to] - r->at[from] : -1;
}

static void wall(struct json *j, const char *key, double v)
{
	if (v >= 0)
		json_num(j, key, v);
	else
		json_null(j, key);
}

static int write_result(const struct paths *p, const char *base, const char *arm,
			const struct scenario *s, enum verdict v, const struct expect *e,
			const char *diff, const struct vm_result *prod, const struct vm_result *chk,
			bool checked, const struct analysis *a, double verify_s, double total_s)
{
	char tmp[4096], expected[200];
	bool out, zero;
	struct json j;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", p->result);
	f = fopen(tmp, "w");
	if (!f)
		return die("cannot write %s: %s", tmp, strerror(errno));
	snprintf(expected, sizeof(expected), "%s", verdict_name(e->verdict));
	if (e->capture_mce != T_ANY)
		add(expected, sizeof(expected), " capture_mce=%s", tri_name(e->capture_mce));
	if (e->poison_out != T_ANY)
		add(expected, sizeof(expected), " poison_out=%s", tri_name(e->poison_out));
	if (e->poison_zero != T_ANY)
		add(expected, sizeof(expected), " poison_zero=%s", tri_name(e->poison_zero));
	if (e->fault != T_ANY)
		add(expected, sizeof(expected), " fault=%s", tri_name(e->fault));
	if (e->saved != T_ANY)
		add(expected, sizeof(expected), " saved=%s", tri_name(e->saved));
	if (e->lost_max >= 0)
		add(expected, sizeof(expected), " lost<=%ld", e->lost_max);
	if (e->check != C_ANY)
		add(expected, sizeof(expected), " check=%s", result_name(e->check));
	if (e->workload != C_ANY)
		add(expected, sizeof(expected), " workload=%s", result_name(e->workload));
	poison_facts(a, &out, &zero);

	json_init(&j, f);
	json_open(&j, NULL, '{');
	json_str(&j, "base", base);
	json_str(&j, "arm", arm);
	json_str(&j, "release", a->release);
	json_str(&j, "scenario", s->name);
	json_str(&j, "description", s->description);
	json_str(&j, "verdict", verdict_name(v));
	json_str(&j, "expected", expected);
	json_bool(&j, "ok", !*diff);
	json_str(&j, "differences", diff);
	phase_list(&j, prod, "phases");
	if (prod->stalled >= 0)
		json_str(&j, "stalled_in", phase_names[prod->stalled]);
	else
		json_null(&j, "stalled_in");
	json_str(&j, "error", prod->error);
	json_str(&j, "panic", *a->panic ? a->panic : prod->panic);
	json_str(&j, "fault", a->fault);
	json_bool(&j, "dump_complete", v == V_COMPLETE);
	json_str(&j, "dump_format", a->format);
	json_int(&j, "dump_bytes", a->bytes);
	json_int(&j, "dump_pages", a->pages);
	json_str(&j, "dump_problems", a->problems);
	json_int(&j, "collector_rc", a->collector_rc);
	json_bool(&j, "collector_saved", saved(a));
	json_str(&j, "dump_file", a->dump_file);
	json_bool(&j, "capture_panicked", *prod->capture_panic);
	json_str(&j, "capture_panic", prod->capture_panic);
	json_bool(&j, "capture_mce", a->capture_mce);
	json_str(&j, "capture_detail", a->capture_detail);
	json_str(&j, "shutdown", a->shutdown);
	json_open(&j, "poisoned_pfns", '[');
	for (int i = 0; i < a->npfns; i++) {
		char pfn[24];

		snprintf(pfn, sizeof(pfn), "%#" PRIx64, a->pfns[i]);
		json_open(&j, NULL, '{');
		json_str(&j, "pfn", pfn);
		json_str(&j, "in_dump", *a->pfn_state[i] ? a->pfn_state[i] : "unknown");
		json_close(&j, '}');
	}
	json_close(&j, ']');
	if (a->npfns && a->bytes > 0) {
		json_bool(&j, "poison_out", out);
		json_bool(&j, "poison_zero", zero);
	} else {
		json_null(&j, "poison_out");
		json_null(&j, "poison_zero");
	}
	json_int(&j, "hwpoison_pages", a->hwpoison_pages);
	json_int(&j, "pages_lost", a->lost);
	json_int(&j, "workload_rc", prod->returned_rc);
	if (checked)
		json_int(&j, "check_rc", chk->returned_rc);
	else
		json_null(&j, "check_rc");
	json_open(&j, "wall_s", '{');
	wall(&j, "boot", span(prod, PH_START, PH_WORKLOAD));
	wall(&j, "workload_to_capture", span(prod, PH_WORKLOAD, PH_CAPTURE));
	wall(&j, "capture_boot", span(prod, PH_CAPTURE, PH_COLLECT));
	wall(&j, "collector", span(prod, PH_COLLECT, PH_DUMPED));
	wall(&j, "poweroff", prod->at[PH_DUMPED] >= 0 ? span(prod, PH_DUMPED, PH_EXIT) :
			     span(prod, PH_RETURNED, PH_EXIT));
	wall(&j, "verify", verify_s);
	wall(&j, "check", checked ? chk->at[PH_EXIT] : -1);
	wall(&j, "total", total_s);
	json_close(&j, '}');
	json_close(&j, '}');
	if (fclose(f) || rename(tmp, p->result)) {
		unlink(tmp);
		return die("cannot write %s", p->result);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: vmrun [--build DIR] --base BASE --arm ARM [--plain] [--plugin-arg K=V] SCENARIO.scn\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "arm", required_argument, NULL, 'a' },
		{ "plain", no_argument, NULL, 'p' },
		{ "plugin-arg", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *build = "build", *base = NULL, *arm = NULL, *plugin_args = NULL;
	bool plain = false;
	struct vm_result prod, chk = { .returned_rc = -1 };
	char err[400], initrd[4096], append[1200], diff[1200];
	struct scenario s;
	struct analysis a;
	struct paths p;
	double t0 = now_s(), tv;
	enum verdict v;
	int o, ai, bad;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'b')
			build = optarg;
		else if (o == 'B')
			base = optarg;
		else if (o == 'a')
			arm = optarg;
		else if (o == 'p')
			plain = true;
		else if (o == 'P')
			plugin_args = optarg;
		else
			usage();
	}
	if (!base || !arm || optind != argc - 1)
		usage();
	ai = arm_index(arm);
	if (ai < 0)
		return die("unknown arm '%s' (nofix, upstream, series)", arm);
	if (scenario_load(argv[optind], &s, err, sizeof(err)))
		return die("%s", err);

	if (!realpath(build, p.build))
		return die("no build directory %s: run make first", build);
	if (path(p.run, "%s/runs/%s-%s-%s", p.build, base, arm, s.name) ||
	    path(p.kernel, "%s/kernel/%s/%s/.out/arch/x86/boot/bzImage", p.build, base, arm) ||
	    path(p.image, "%s/image/%s/base.cpio", p.build, base) ||
	    path(p.makedumpfile, "%s/userspace/%s/bin/makedumpfile", p.build, base) ||
	    path(p.plugin, "%s/platform/ras.so", p.build) ||
	    path(p.einj, "%s/platform/einj.bin", p.build) ||
	    path(p.hest, "%s/platform/hest.bin", p.build) ||
	    path(p.kselftest, "%s/kselftest/%s/mce-kdump", p.build, base) ||
	    path(p.vmcore_info, "%s/vmcore_info", p.kselftest) ||
	    path(p.results, "%s/results/%s/%s", p.build, base, arm) ||
	    path(p.result, "%s/%s.json", p.results, s.name) ||
	    path(p.module, "%s/module/%s/%s/mcekd_kstack.ko", p.build, base, arm))
		return die("build directory path %s is too long", p.build);
	if (strlen(p.run) + sizeof("/ras.sock") > 107)
		return die("run directory %s is too deep for a unix socket path", p.run);
	{
		const char *need[] = { p.kernel, p.image, p.plugin, p.einj, p.hest, p.vmcore_info,
				       p.makedumpfile };
		const char *what[] = { "the kernel (make kernels)", "the guest image (make image)",
				       "the platform (make platform)", "the EINJ table (make platform)",
				       "the HEST table (make platform)", "the kselftest (make kselftest)",
				       "the base's makedumpfile (make userspace)" };

		for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
			if (!exists(need[i]))
				return die("%s is missing: build %s", need[i], what[i]);
	}
	{
		const char *mkdir_p[] = { "mkdir", "-p", p.results, NULL };

		if (run(mkdir_p, NULL, NULL, 10))
			return die("cannot create %s", p.results);
	}

	fprintf(stderr, "==> %s on %s/%s: %s\n", s.name, base, arm, s.description);
	if (prepare(&s, &p, initrd, sizeof(initrd)))
		return 2;

	snprintf(append, sizeof(append), "%s %s %s kdtest.mode=production %s %s", BOOT_ARGS,
		 CRASHKERNEL, MAILBOX_CMDLINE, plain ? "kdtest.platform=none" : "", s.cmdline);
	{
		struct vm_config cfg = {
			.qemu = "qemu-system-x86_64", .run_dir = p.run, .kernel = p.kernel,
			.initrd = initrd, .append = append, .plugin = plain ? NULL : p.plugin,
			.plugin_args = plugin_args, .einj = p.einj,
			.hest = p.hest, .boot = "production", .log_name = "console.log",
			.memory_mb = s.memory_mb, .cpus = 2,
		};

		fprintf(stderr, "    booting the production kernel\n");
		if (vm_run(&cfg, &prod))
			return die("%s", prod.error);
		fprintf(stderr, "    reached %s%s%s\n",
			phase_names[prod.at[PH_EXIT] >= 0 ? PH_EXIT : prod.stalled],
			*prod.error ? ": " : "", prod.error);
		if (s.check) {
			if (s.check_clears_poison && clear_poison(&p))
				return die("cannot clear the poison in %s/ras.state", p.run);
			snprintf(append, sizeof(append), "%s %s kdtest.mode=check %s", BOOT_ARGS,
				 MAILBOX_CMDLINE, s.cmdline);
			cfg.boot = "check";
			cfg.log_name = "console-check.log";
			fprintf(stderr, "    booting again in check mode\n");
			if (vm_run(&cfg, &chk))
				return die("%s", chk.error);
		}
	}

	fprintf(stderr, "    reading the dump and the platform record\n");
	tv = now_s();
	if (analyse_run(p.run, p.vmcore_info, p.makedumpfile, s.expect_log, s.nexpect_log, &a, err, sizeof(err)))
		return die("%s", err);
	if (prod.at[PH_RETURNED] >= 0)
		v = V_SURVIVED;
	else if (a.bytes <= 0)
		v = V_NONE;
	else if (a.complete && a.finished && a.collector_rc == 0)
		v = V_COMPLETE;
	else
		v = V_INCOMPLETE;
	bad = judge(&s.expect[ai], v, &a, prod.returned_rc, s.check ? chk.returned_rc : -1,
		    diff, sizeof(diff));
	if (s.nexpect_log && v == V_COMPLETE && (!a.log_found || *a.log_missing)) {
		add(diff, sizeof(diff), "log: the dump's kernel log %s '%s'; ",
		    a.log_found ? "lacks" : "could not be read for",
		    a.log_found ? a.log_missing : s.expect_log[0]);
		bad++;
	}
	tv = now_s() - tv;
	if (write_result(&p, base, arm, &s, v, &s.expect[ai], diff, &prod, &chk, s.check, &a, tv,
			 now_s() - t0))
		return 2;
	print_file(p.result);
	if (bad)
		fprintf(stderr, "FAIL %s on %s/%s: %s\n", s.name, base, arm, diff);
	else
		fprintf(stderr, "ok   %s on %s/%s: %s (%.0f s)\n", s.name, base, arm,
			verdict_name(v), now_s() - t0);
	scenario_free(&s);
	return bad ? 1 : 0;
}
