// SPDX-License-Identifier: GPL-2.0
/*
 * Judge a run from its artefacts (see judge.h). First whether it happened:
 * QEMU must have ended by itself and cleanly, the guest must have reached
 * its workload and then a panic, a return or a platform shutdown, the
 * platform's record must be whole, every reader must have run to its end.
 * Then the verdict and the facts, and the differences from the
 * expectation.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "judge.h"
#include "protocol.h"
#include "text.h"

const char *run_result_name(enum run_result r)
{
	return r == R_PASS ? "pass" : r == R_FAIL ? "fail" : "error";
}

static void error(struct outcome *o, const char *phase, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void error(struct outcome *o, const char *phase, const char *fmt, ...)
{
	va_list ap;

	if (o->result == R_ERROR)
		return;
	o->result = R_ERROR;
	snprintf(o->error_phase, sizeof(o->error_phase), "%s", phase);
	va_start(ap, fmt);
	vsnprintf(o->error, sizeof(o->error), fmt, ap);
	va_end(ap);
}

#define differ(o, ...) appendf((o)->differences, sizeof((o)->differences), "; ", __VA_ARGS__)

/* The last non-empty line of a file, for naming why QEMU died. */
static void last_line(const char *path, char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen(path, "r");

	*buf = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line)
			snprintf(buf, len, "%.*s", (int)len - 1, line);
	}
	fclose(f);
}

/*
 * Did boot `name` happen? QEMU ran and ended by itself with status 0 (the
 * guest powered off, or reset under -no-reboot), and the guest reached its
 * workload (or check). Errors name the phase the guest was waiting for.
 */
static bool boot_happened(struct outcome *o, const char *run_dir, const char *name,
			  struct vm_result *r)
{
	char qlog[4096], tail[300], how[80];
	const char *next;

	if (vm_result_load(run_dir, name, r)) {
		error(o, "start", "no account of the %s boot (%s/%s.status)", name, run_dir, name);
		return false;
	}
	next = phase_names[vm_next_phase(r)];
	if (r->exit_status < 0) {
		error(o, "start", "%s boot: QEMU never started: %s", name, r->error);
		return false;
	}
	if (r->stalled >= 0) {
		error(o, phase_names[r->stalled], "%s boot: %s", name, r->error);
		return false;
	}
	if (!WIFEXITED(r->exit_status) || WEXITSTATUS(r->exit_status)) {
		snprintf(qlog, sizeof(qlog), "%s/qemu-%s.log", run_dir, name);
		last_line(qlog, tail, sizeof(tail));
		vm_exit_text(r, how, sizeof(how));
		error(o, next, "%s boot: QEMU %s while waiting for phase '%s'%s%s", name, how, next,
		      *tail ? ": " : "", tail);
		return false;
	}
	if (*r->init_error) {
		error(o, next, "%s boot: the guest's init failed: %s", name, r->init_error);
		return false;
	}
	if (r->at[PH_KERNEL] < 0) {
		snprintf(qlog, sizeof(qlog), "%s/qemu-%s.log", run_dir, name);
		last_line(qlog, tail, sizeof(tail));
		error(o, "kernel", "%s boot: QEMU exited before a kernel started%s%s%s%s", name,
		      *o->rec.shutdown ? "; " : "", o->rec.shutdown, *tail ? "; QEMU: " : "", tail);
		return false;
	}
	if (r->at[PH_WORKLOAD] < 0) {
		error(o, "workload", "%s boot: the kernel stopped before init started the %s", name,
		      strcmp(name, "check") ? "workload" : "check");
		return false;
	}
	return true;
}

/* The dump disk's header, collector log and dump (collect.c made them). */
static void read_disk(struct outcome *o, const char *run_dir)
{
	char path[4096], hdr[DISK_HDR_SIZE + 2] = "", *log, *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/disk-header.txt", run_dir);
	f = fopen(path, "r");
	if (!f) {
		error(o, "judge", "no %s: the dump disk was not collected", path);
		return;
	}
	hdr[0] = '\n';	/* disk_header_value() looks for "\nKEY=" */
	n = fread(hdr + 1, 1, DISK_HDR_SIZE, f);
	hdr[n + 1] = '\0';
	fclose(f);
	o->finished = !strncmp(hdr + 1, DISK_MAGIC "\n", strlen(DISK_MAGIC) + 1) &&
		      strstr(hdr, "\n" DISK_KEY_STATE "=" DISK_STATE_DONE "\n");
	o->collector_rc = o->finished ? (int)disk_header_value(hdr, DISK_KEY_RC) : -1;
	if (o->finished && disk_header_value(hdr, DISK_KEY_END) >= 0)
		o->collect_s = disk_header_value(hdr, DISK_KEY_END) -
			       disk_header_value(hdr, DISK_KEY_START);
	snprintf(path, sizeof(path), "%s/dump.out", run_dir);
	f = fopen(path, "rb");
	if (!f) {
		error(o, "judge", "no %s: the dump disk was not collected", path);
		return;
	}
	fseek(f, 0, SEEK_END);
	o->bytes = ftell(f);
	fclose(f);

	snprintf(path, sizeof(path), "%s/dump-file.txt", run_dir);
	f = fopen(path, "r");
	if (f && fgets(o->dump_file, sizeof(o->dump_file), f))
		o->dump_file[strcspn(o->dump_file, "\n")] = '\0';
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/collector.log", run_dir);
	f = fopen(path, "r");
	log = f ? calloc(1, DISK_LOG_MAX + 1) : NULL;
	if (log && fread(log, 1, DISK_LOG_MAX, f) > 0 && (p = strstr(log, "Hwpoison pages")) &&
	    (p = strchr(p, ':')))
		o->hwpoison_pages = strtol(p + 1, NULL, 0);
	free(log);
	if (f)
		fclose(f);
}

/*
 * Did the capture kernel consume poison before its collector started, in
 * its own start, where no marking can keep it away? The record's clock and
 * the console's are both the host's CLOCK_MONOTONIC.
 */
static bool before_collector(const struct outcome *o)
{
	const struct vm_result *p = &o->prod;

	if (!o->rec.capture_mce || !o->rec.clock || !p->start)
		return false;
	return p->at[PH_COLLECT] < 0 ||
	       o->rec.clock + o->rec.capture_t < p->start + p->at[PH_COLLECT];
}

static bool state_is(const char *st, const char *a, const char *b)
{
	return !strcmp(st, a) || (b && !strcmp(st, b));
}

/*
 * The facts over the pages: poisoned pages out of the dump (absent or
 * zeros), all zeros; control pages (other than poisoned ones) missing from
 * the dump, and those with the wrong data.
 */
static void page_facts(struct outcome *o)
{
	const struct record_facts *r = &o->rec;

	o->poison_out = o->poison_zero = r->npfns > 0;
	for (int i = 0; i < r->npfns; i++) {
		o->poison_out &= state_is(o->dump.pfn_state[i], "absent", "zero");
		o->poison_zero &= state_is(o->dump.pfn_state[i], "zero", NULL);
	}
	o->lost = o->verdict == V_COMPLETE ? 0 : -1;
	for (int i = 0; i < r->ncontrols && o->lost >= 0; i++) {
		bool poisoned = false;

		for (int k = 0; k < r->npfns && !poisoned; k++)
			poisoned = r->pfns[k] == r->controls[i];
		if (poisoned)
			continue;
		if (state_is(o->dump.control_state[i], "absent", NULL))
			o->lost++;
		else if (!o->dump.control_ok[i])
			o->controls_wrong++;
	}
}

/* crash(8) reads the dump by itself; a disagreement is a difference. */
static void ask_oracle(struct outcome *o, const char *run_dir, const struct judge_tools *t)
{
	const struct record_facts *r = &o->rec;
	int n = r->npfns + r->ncontrols;
	struct oracle_page_ask *ask = calloc((size_t)n + 1, sizeof(*ask));

	if (!t->crash) {
		error(o, "oracle", "the crash oracle is unavailable: %s", t->crash_missing);
		free(ask);
		return;
	}
	if (!ask) {
		error(o, "oracle", "out of memory");
		return;
	}
	for (int i = 0; i < r->ncontrols; i++)
		ask[i] = (struct oracle_page_ask){ .pfn = r->controls[i], .control = true,
						   .reader_state = o->dump.control_state[i],
						   .reader_control_ok = o->dump.control_ok[i] };
	for (int i = 0; i < r->npfns; i++)
		ask[r->ncontrols + i] = (struct oracle_page_ask){
			.pfn = r->pfns[i], .reader_state = o->dump.pfn_state[i] };
	o->oracle_ran = true;
	if (oracle_check(t->crash, t->vmlinux, o->log.file, run_dir,
			 !strcmp(o->dump.format, "elf"), o->log.panic, ask, n, &o->oracle))
		error(o, "oracle", "%s", o->oracle.error);
	else if (*o->oracle.disagreement)
		differ(o, "oracle: %s disagrees: %s", o->oracle.version, o->oracle.disagreement);
	free(ask);
}

static const char *tri_name(enum tri v)
{
	return v == T_YES ? "yes" : v == T_NO ? "no" : "any";
}

static const char *check_name(int rc)
{
	return rc == 0 ? "pass" : rc == 4 ? "skip" : rc < 0 ? "none" : "fail";
}

static const char *result_name(enum check_result c)
{
	return c == C_PASS ? "pass" : c == C_FAIL ? "fail" : "skip";
}

static bool rc_matches(enum check_result want, int rc)
{
	return want == C_ANY || !strcmp(check_name(rc), result_name(want));
}

static void tri_fact(struct outcome *o, const char *name, enum tri want, bool got,
		     const char *detail)
{
	if (want != T_ANY && (want == T_YES) != got)
		differ(o, "%s: expected %s, got %s%s%s", name, tri_name(want), got ? "yes" : "no",
		       *detail ? ": " : "", detail);
}

/* Poisoned pages the dump's record does not list; -1 without a readable record. */
static long unrecorded_pages(const struct dump_facts *d)
{
	const char *p = d->unrecorded;
	long n = 0;

	if (d->hwp_dropped < 0)
		return -1;
	for (; *p; p++)
		n += *p != ' ' && (p == d->unrecorded || p[-1] == ' ');
	return n;
}

/* Compare the outcome with the expectation; one difference each. */
static void expectation(struct outcome *o, const struct scenario *s, const struct expect *e)
{
	const struct vm_result *ck = o->checked ? &o->chk : NULL;
	char count[40];

	if (e->verdict == V_DUMP_LOST ? o->verdict != V_NONE && o->verdict != V_INCOMPLETE :
				   e->verdict != o->verdict)
		differ(o, "verdict: expected %s, got %s%s%s%s%s%s", verdict_name(e->verdict),
		       verdict_name(o->verdict), *o->dump.problems ? " (" : "", o->dump.problems,
		       *o->dump.problems ? ")" : "", *o->rec.shutdown ? "; platform shutdown: " : "",
		       o->rec.shutdown);
	tri_fact(o, "capture_mce", e->capture_mce, o->rec.capture_mce, "");
	snprintf(count, sizeof(count), "%d poisoned pages", o->rec.npfns);
	tri_fact(o, "poison_out", e->poison_out, o->poison_out, count);
	tri_fact(o, "poison_zero", e->poison_zero, o->poison_zero, "");
	tri_fact(o, "fault", e->fault, *o->log.fault, o->log.fault);
	snprintf(count, sizeof(count), "collector rc %d%s", o->collector_rc,
		 o->finished ? "" : ", did not finish");
	tri_fact(o, "saved", e->saved, o->finished && o->collector_rc == 0, count);
	tri_fact(o, "dropped", e->dropped, o->dump.hwp_dropped > 0,
		 *o->dump.hwp_record ? o->dump.hwp_record : "no dump");
	if (e->unrecorded >= 0 && unrecorded_pages(&o->dump) != e->unrecorded)
		differ(o, "unrecorded: expected %ld, got %ld (%s)", e->unrecorded,
		       unrecorded_pages(&o->dump),
		       *o->dump.hwp_record ? o->dump.hwp_record : "no dump");
	if (e->lost_max >= 0 && (o->lost < 0 || o->lost > e->lost_max))
		differ(o, "lost: expected at most %ld, got %ld", e->lost_max, o->lost);
	if (e->lost_exact >= 0 && o->lost != e->lost_exact)
		differ(o, "lost: expected %ld, got %ld", e->lost_exact, o->lost);
	if (!rc_matches(e->check, ck ? ck->returned_rc : -1))
		differ(o, "check: expected %s, got %s (rc %d)", result_name(e->check),
		       check_name(ck ? ck->returned_rc : -1), ck ? ck->returned_rc : -1);
	if (!rc_matches(e->workload, o->prod.returned_rc))
		differ(o, "workload: expected %s, got %s (rc %d)", result_name(e->workload),
		       check_name(o->prod.returned_rc), o->prod.returned_rc);
	if (o->verdict != V_COMPLETE)
		return;
	if (s->nexpect_log && (!o->log.found || *o->log.missing))
		differ(o, "log: the dump's kernel log %s '%s'",
		       o->log.found ? "lacks" : "could not be read for",
		       o->log.found ? o->log.missing : s->expect_log[0]);
	if (!o->rec.ncontrols)
		differ(o, "control: a complete dump, but the scenario names no control page "
		       "(mcekd-control) to show that good pages are in it");
	if (o->controls_wrong)
		differ(o, "control: %d control pages hold the wrong data", o->controls_wrong);
}

/*
 * "poison-free: yes": the scenario keeps its poisoned pages free until the
 * crash, and makedumpfile leaves free pages out. A dump whose bitmap lists
 * one shows that the page was in use by then: the premise failed. Where
 * the base's makedumpfile keeps free pages, the scenario says
 * "poison-free@BASE: no" and its verdict stands.
 */
static void premise(struct outcome *o, const struct scenario *s)
{
	if (!s->poison_free || !o->dump.page_list)
		return;
	for (int i = 0; i < o->rec.npfns; i++)
		if (*o->dump.pfn_state[i] && strcmp(o->dump.pfn_state[i], "absent"))
			return error(o, "workload", "the scenario's free page %#" PRIx64
				     " was in use at the crash: the dump lists it (%s)",
				     o->rec.pfns[i], o->dump.pfn_state[i]);
}

void judge_run(const struct scenario *s, int arm, const char *run_dir,
	       const struct judge_tools *t, struct outcome *o)
{
	char path[4096];

	memset(o, 0, sizeof(*o));
	o->hwpoison_pages = o->lost = o->collect_s = -1;
	o->collector_rc = -1;
	o->verdict = V_UNSET;
	snprintf(path, sizeof(path), "%s/record.jsonl", run_dir);
	record_read(path, &o->rec);
	if (!boot_happened(o, run_dir, "production", &o->prod))
		return;
	if (!t->plain && !o->rec.boots)
		return error(o, "start", "no platform record in %s: the plugin did not run", path);
	if (*o->rec.problem)
		return error(o, "record", "%s", o->rec.problem);
	if (o->prod.at[PH_RETURNED] < 0 && o->prod.at[PH_PANIC] < 0 &&
	    o->prod.at[PH_CAPTURE] < 0 && !*o->rec.shutdown)
		return error(o, "panic", "the production kernel stopped without a panic, a "
			     "return from the workload or a platform shutdown");
	o->checked = s->check;
	if (s->check && !boot_happened(o, run_dir, "check", &o->chk))
		return;
	if (s->check && o->chk.at[PH_RETURNED] < 0)
		return error(o, "returned", "check boot: the check never returned");

	read_disk(o, run_dir);
	if (o->result == R_ERROR)
		return;
	if (o->prod.at[PH_DUMPED] >= 0 && !o->finished)
		return error(o, "dumped", "init said the dump was written, but the dump disk's header is not finished");
	snprintf(path, sizeof(path), "%s/dump.out", run_dir);
	if (o->bytes > 0) {
		char out[4096];

		snprintf(out, sizeof(out), "%s/vmcore_info.txt", run_dir);
		if (dump_read(t->reader, path, out, &o->rec, &o->dump))
			return error(o, "judge", "%s", o->dump.error);
	}
	premise(o, s);
	if (o->result == R_ERROR)
		return;
	if (o->prod.at[PH_RETURNED] >= 0)
		o->verdict = V_SURVIVED;
	else if (o->bytes <= 0)
		o->verdict = V_NONE;
	else if (o->dump.complete && o->finished && o->collector_rc == 0)
		o->verdict = V_COMPLETE;
	else
		o->verdict = V_INCOMPLETE;
	page_facts(o);
	o->capture_before_collector = before_collector(o);
	if (o->verdict == V_COMPLETE) {
		/* makedumpfile -R does not stop on a truncated stream: complete only */
		dump_log_read(t->makedumpfile, run_dir, path, o->dump.flattened, s->expect_log,
			      s->nexpect_log, o->rec.first_addr, &o->log);
		ask_oracle(o, run_dir, t);
		if (o->result == R_ERROR)
			return;
	}
	expectation(o, s, &s->expect[arm]);
	o->result = *o->differences ? R_FAIL : R_PASS;
}
