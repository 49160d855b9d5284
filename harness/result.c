// SPDX-License-Identifier: GPL-2.0
/*
 * Write a judged run as JSON (see result.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "result.h"
#include "text.h"

static const char *tri(enum tri t)
{
	return t == T_YES ? "yes" : "no";
}

static const char *check(enum check_result c)
{
	return c == C_PASS ? "pass" : c == C_FAIL ? "fail" : "skip";
}

static void expected_text(const struct expect *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s", verdict_name(e->verdict));
	if (e->capture_mce != T_ANY)
		appendf(buf, len, "", " capture_mce=%s", tri(e->capture_mce));
	if (e->poison_out != T_ANY)
		appendf(buf, len, "", " poison_out=%s", tri(e->poison_out));
	if (e->poison_zero != T_ANY)
		appendf(buf, len, "", " poison_zero=%s", tri(e->poison_zero));
	if (e->fault != T_ANY)
		appendf(buf, len, "", " fault=%s", tri(e->fault));
	if (e->saved != T_ANY)
		appendf(buf, len, "", " saved=%s", tri(e->saved));
	if (e->dropped != T_ANY)
		appendf(buf, len, "", " dropped=%s", tri(e->dropped));
	if (e->unrecorded >= 0)
		appendf(buf, len, "", " unrecorded=%ld", e->unrecorded);
	if (e->lost_max >= 0)
		appendf(buf, len, "", " lost<=%ld", e->lost_max);
	if (e->lost_exact >= 0)
		appendf(buf, len, "", " lost=%ld", e->lost_exact);
	if (e->check != C_ANY)
		appendf(buf, len, "", " check=%s", check(e->check));
	if (e->workload != C_ANY)
		appendf(buf, len, "", " workload=%s", check(e->workload));
}

void capture_detail(const struct outcome *o, char *buf, size_t len)
{
	const struct record_facts *r = &o->rec;

	*buf = '\0';
	if (!r->capture_mce)
		return;
	snprintf(buf, len, "capture kernel loaded poison at %#" PRIx64 "%s", r->capture_addr,
		 r->capture_in_crashkernel ?
		 ", inside the crashkernel reservation: no kernel change can protect this" :
		 o->capture_before_collector ?
		 ", before its collector started: no marking can protect this" : "");
}

static double span(const struct vm_result *r, enum phase from, enum phase to)
{
	return r->at[from] >= 0 && r->at[to] >= 0 ? r->at[to] - r->at[from] : -1;
}

static void num_or_null(struct json *j, const char *key, double v)
{
	if (v >= 0)
		json_num(j, key, v);
	else
		json_null(j, key);
}

static void hex(struct json *j, const char *key, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%#" PRIx64, v);
	json_str(j, key, s);
}

static void pages(struct json *j, const struct outcome *o, bool dump)
{
	const struct record_facts *r = &o->rec;

	json_open(j, "poisoned_pfns", '[');
	for (int i = 0; i < r->npfns; i++) {
		json_open(j, NULL, '{');
		hex(j, "pfn", r->pfns[i]);
		json_str(j, "in_dump", !dump ? "no dump" :
			 *o->dump.pfn_state[i] ? o->dump.pfn_state[i] : "unknown");
		for (int k = 0; k < r->nkinds; k++)
			if (r->kinds[k].pfn == r->pfns[i]) {
				hex(j, "kpageflags", r->kinds[k].kpageflags);
				break;
			}
		json_close(j, '}');
	}
	json_close(j, ']');
	json_open(j, "control_pfns", '[');
	for (int i = 0; i < r->ncontrols; i++) {
		json_open(j, NULL, '{');
		hex(j, "pfn", r->controls[i]);
		json_str(j, "in_dump", !dump ? "no dump" :
			 *o->dump.control_state[i] ? o->dump.control_state[i] : "unknown");
		json_bool(j, "pattern", o->dump.control_ok[i]);
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void oracle(struct json *j, const struct outcome *o)
{
	if (!o->oracle_ran) {
		json_null(j, "oracle");
		return;
	}
	json_open(j, "oracle", '{');
	json_str(j, "tool", o->oracle.version);
	json_num(j, "seconds", o->oracle.seconds);
	json_int(j, "pages", o->oracle.pages);
	json_int(j, "pages_read_whole", o->oracle.full_pages);
	json_bool(j, "agrees", !*o->oracle.error && !*o->oracle.disagreement);
	json_str(j, "disagreement", o->oracle.disagreement);
	json_str(j, "error", o->oracle.error);
	json_close(j, '}');
}

static void body(struct json *j, const char *base, const char *arm, const struct scenario *s,
		 const struct expect *e, const struct outcome *o, const struct run_times *t)
{
	const struct vm_result *p = &o->prod;
	bool dump = o->bytes > 0, err = o->result == R_ERROR;
	char text[400];

	json_str(j, "base", base);
	json_str(j, "arm", arm);
	json_str(j, "release", o->dump.release);
	json_str(j, "scenario", s->name);
	json_str(j, "description", s->description);
	json_str(j, "result", run_result_name(o->result));
	if (err) {
		json_open(j, "error", '{');
		json_str(j, "phase", o->error_phase);
		json_str(j, "reason", o->error);
		json_close(j, '}');
		json_null(j, "verdict");
	} else {
		json_null(j, "error");
		json_str(j, "verdict", verdict_name(o->verdict));
	}
	expected_text(e, text, sizeof(text));
	json_str(j, "expected", text);
	json_bool(j, "ok", o->result == R_PASS);
	json_str(j, "differences", o->differences);
	json_open(j, "phases", '[');
	for (int ph = 0; ph < PH_COUNT; ph++)
		if (p->at[ph] >= 0)
			json_str(j, NULL, phase_names[ph]);
	json_close(j, ']');
	if (p->stalled >= 0)
		json_str(j, "stalled_in", phase_names[p->stalled]);
	else
		json_null(j, "stalled_in");
	vm_exit_text(p, text, sizeof(text));
	json_str(j, "qemu", text);
	json_str(j, "panic", *o->log.panic ? o->log.panic : p->panic);
	json_str(j, "fault", o->log.fault);
	json_bool(j, "dump_complete", !err && o->verdict == V_COMPLETE);
	json_str(j, "dump_format", o->dump.format);
	json_int(j, "dump_bytes", o->bytes);
	json_int(j, "dump_pages", o->dump.pages);
	json_str(j, "dump_problems", o->dump.problems);
	json_int(j, "collector_rc", o->collector_rc);
	json_bool(j, "collector_saved", o->finished && o->collector_rc == 0);
	json_str(j, "dump_file", o->dump_file);
	json_str(j, "hwpoison_record", o->dump.hwp_record);
	json_int(j, "record_dropped", o->dump.hwp_dropped);
	json_str(j, "unrecorded", o->dump.unrecorded);
	json_bool(j, "capture_panicked", *p->capture_panic);
	json_str(j, "capture_panic", p->capture_panic);
	json_bool(j, "capture_mce", o->rec.capture_mce);
	capture_detail(o, text, sizeof(text));
	json_str(j, "capture_detail", text);
	json_bool(j, "unprotectable", o->rec.capture_mce &&
		  (o->rec.capture_in_crashkernel || o->capture_before_collector));
	json_str(j, "shutdown", o->rec.shutdown);
	pages(j, o, dump);
	if (o->rec.npfns && dump) {
		json_bool(j, "poison_out", o->poison_out);
		json_bool(j, "poison_zero", o->poison_zero);
	} else {
		json_null(j, "poison_out");
		json_null(j, "poison_zero");
	}
	json_int(j, "hwpoison_pages", o->hwpoison_pages);
	json_int(j, "pages_lost", o->lost);
	oracle(j, o);
	json_int(j, "workload_rc", p->returned_rc);
	if (o->checked)
		json_int(j, "check_rc", o->chk.returned_rc);
	else
		json_null(j, "check_rc");
	json_open(j, "wall_s", '{');
	num_or_null(j, "boot", span(p, PH_START, PH_WORKLOAD));
	num_or_null(j, "workload_to_capture", span(p, PH_WORKLOAD, PH_CAPTURE));
	num_or_null(j, "capture_boot", span(p, PH_CAPTURE, PH_COLLECT));
	num_or_null(j, "collector", span(p, PH_COLLECT, PH_DUMPED));
	num_or_null(j, "poweroff", p->at[PH_DUMPED] >= 0 ? span(p, PH_DUMPED, PH_EXIT) :
			span(p, PH_RETURNED, PH_EXIT));
	num_or_null(j, "verify", t->verify);
	num_or_null(j, "oracle", o->oracle_ran ? o->oracle.seconds : -1);
	num_or_null(j, "check", o->checked ? o->chk.at[PH_EXIT] : -1);
	num_or_null(j, "total", t->total);
	json_close(j, '}');
}

int result_write(const char *path, const char *base, const char *arm, const struct scenario *s,
		 const struct expect *e, const struct outcome *o, const struct run_times *t)
{
	char tmp[4200];
	struct json j;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	json_init(&j, f);
	json_open(&j, NULL, '{');
	body(&j, base, arm, s, e, o, t);
	json_close(&j, '}');
	fputc('\n', f);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
