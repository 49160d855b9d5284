// SPDX-License-Identifier: GPL-2.0
/*
 * Ask crash(8) about a dump and compare (see oracle.h). crash prints
 * "rd -p" output as "ADDR:  WORD WORD  ASCII" lines, 64-bit words in
 * hexadecimal without 0x, and a page it cannot read as a line starting
 * "rd: " that names the physical address. crash 9.0.2 prints nothing at
 * all for some pages a dump left out; an "eval" after each "rd", whose
 * "hexadecimal: " line names the page, shows that crash went past the page
 * without a word. crash runs --minimal (log, rd and eval are all it needs):
 * a dump that leaves out pages its task table needs then still opens.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oracle.h"
#include "proc.h"
#include "protocol.h"
#include "text.h"

#define CRASH_LIMIT_S	300
#define PAGE_SHIFT	12
#define PAGE_WORDS	512
#define PEEK_WORDS	4

static const char *const page_names[] = {
	[OP_UNASKED] = "no answer", [OP_UNREADABLE] = "not readable",
	[OP_SILENT] = "nothing, without an error", [OP_ZERO] = "zeros",
	[OP_CONTROL] = "the control pattern", [OP_DATA] = "data",
};

const char *oracle_page_name(enum oracle_page p)
{
	return page_names[p];
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(struct oracle *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct oracle *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->error, sizeof(o->error), fmt, ap);
	va_end(ap);
}

#define disagree(o, ...) appendf((o)->disagreement, sizeof((o)->disagreement), "; ", __VA_ARGS__)

/* What crash read of each page, from the words it printed. */
struct seen {
	bool error, words, nonzero, not_control, passed;
};

/* The value of the "eval" after page i's "rd": 0x6d636b64 in the top half. */
#define MARK(i)		(0x6d636b6400000000ULL | (uint64_t)(i))

static struct oracle_page_ask *find(struct oracle_page_ask *pages, int n, uint64_t pfn)
{
	for (int i = 0; i < n; i++)
		if (pages[i].pfn == pfn)
			return &pages[i];
	return NULL;
}

static void read_output(FILE *f, const char *panic, struct oracle_page_ask *pages, int n,
			struct seen *seen, struct oracle *o)
{
	char line[1024];

	while (fgets(line, sizeof(line), f)) {
		uint64_t addr, w[2];
		const char *pa;
		int k;

		if (*panic && strstr(line, panic))
			o->log_has_panic = true;
		if (!strncmp(line, "hexadecimal: ", 13)) {
			uint64_t v = strtoull(line + 13, NULL, 16);

			if ((v & ~0xffffffffULL) == MARK(0) && (v & 0xffffffff) < (uint64_t)n)
				seen[v & 0xffffffff].passed = true;
			continue;
		}
		if (!strncmp(line, "rd: ", 4) && (pa = strstr(line, "physical address: "))) {
			struct oracle_page_ask *p = find(pages, n, strtoull(pa + 18, NULL, 16) >> PAGE_SHIFT);

			if (p)
				seen[p - pages].error = true;
			continue;
		}
		k = sscanf(line, "%" SCNx64 ":  %" SCNx64 " %" SCNx64, &addr, &w[0], &w[1]);
		if (k < 2 || line[0] == '[')
			continue;
		for (int i = 0; i < k - 1; i++) {
			uint64_t a = addr + 8 * (uint64_t)i;
			struct oracle_page_ask *p = find(pages, n, a >> PAGE_SHIFT);
			struct seen *s;

			if (!p)
				continue;
			s = &seen[p - pages];
			s->words = true;
			s->nonzero |= w[i] != 0;
			s->not_control |= w[i] != control_word(a);
		}
	}
}

/* Compare crash's reading of a page with the reader's state. */
static void judge_page(struct oracle_page_ask *p, bool whole, bool elf, struct oracle *o)
{
	const char *st = p->reader_state;
	bool ok;

	if (p->crash == OP_UNASKED) {
		disagree(o, "pfn %#" PRIx64 ": crash gave no answer, the reader says %s", p->pfn, st);
		return;
	}
	if (!strcmp(st, "absent") || !strcmp(st, "unreadable"))
		ok = p->crash == OP_UNREADABLE || p->crash == OP_SILENT ||
		     (elf && !strcmp(st, "absent") && p->crash == OP_ZERO);
	else if (!strcmp(st, "zero"))
		ok = p->crash == OP_ZERO ||
		     (!whole && p->crash != OP_UNREADABLE && p->crash != OP_SILENT);
	else if (p->control && p->reader_control_ok)
		ok = p->crash == OP_CONTROL;
	else
		ok = p->crash != OP_UNREADABLE && p->crash != OP_SILENT &&
		     (!whole || p->crash != OP_ZERO);
	if (!ok)
		disagree(o, "%s %#" PRIx64 ": crash reads %s, the reader says %s%s",
			 p->control ? "control page" : "pfn", p->pfn, oracle_page_name(p->crash), st,
			 p->control && p->reader_control_ok ? " with the control pattern" : "");
}

int oracle_check(const char *crash, const char *vmlinux, const char *dump, const char *run_dir,
		 bool elf, const char *panic, struct oracle_page_ask *pages, int npages,
		 struct oracle *o)
{
	char cmds[4096], out[4096], version[4096];
	const char *argv[] = { crash, "-s", "--minimal", vmlinux, dump, NULL };
	const char *vargv[] = { crash, "--version", NULL };
	struct seen *seen = calloc((size_t)npages + 1, sizeof(*seen));
	double t0 = now_s();
	FILE *f;
	int rc;

	memset(o, 0, sizeof(*o));
	o->pages = npages;
	snprintf(cmds, sizeof(cmds), "%s/crash.cmd", run_dir);
	snprintf(out, sizeof(out), "%s/crash.out", run_dir);
	snprintf(version, sizeof(version), "%s/crash.version", run_dir);
	f = seen ? fopen(cmds, "w") : NULL;
	if (!f) {
		free(seen);
		fail(o, "cannot write %s", cmds);
		return -1;
	}
	fprintf(f, "log\n");
	for (int i = 0; i < npages; i++) {
		bool whole = i < ORACLE_FULL_PAGES;

		o->full_pages += whole;
		fprintf(f, "rd -p %" PRIx64 " %d\neval %#llx\n", pages[i].pfn << PAGE_SHIFT,
			whole ? PAGE_WORDS : PEEK_WORDS, (unsigned long long)MARK(i));
	}
	fprintf(f, "q\n");
	if (fclose(f)) {
		free(seen);
		fail(o, "cannot write %s", cmds);
		return -1;
	}
	rc = run(vargv, NULL, version, 30);
	f = rc ? NULL : fopen(version, "r");
	while (f && !*o->version && fgets(o->version, sizeof(o->version), f))
		o->version[strcspn(o->version, "\n")] = '\0';
	if (f)
		fclose(f);
	if (!*o->version) {
		free(seen);
		fail(o, "%s --version failed (%d): is crash installed there?", crash, rc);
		return -1;
	}
	rc = run(argv, cmds, out, CRASH_LIMIT_S);
	o->seconds = now_s() - t0;
	f = fopen(out, "r");
	if (!f) {
		free(seen);
		fail(o, "crash left no output (%d)", rc);
		return -1;
	}
	read_output(f, panic, pages, npages, seen, o);
	fclose(f);
	for (int i = 0; i < npages; i++) {
		struct seen *s = &seen[i];

		pages[i].crash = s->error ? OP_UNREADABLE :
				 !s->words ? (s->passed ? OP_SILENT : OP_UNASKED) :
				 !s->nonzero ? OP_ZERO : !s->not_control ? OP_CONTROL : OP_DATA;
	}
	free(seen);
	if (rc || (npages && pages[0].crash == OP_UNASKED && !o->log_has_panic)) {
		fail(o, "crash could not read the dump with %s (exit %d; see %s)", vmlinux, rc, out);
		return -1;
	}
	if (*panic && !o->log_has_panic)
		disagree(o, "crash's log lacks '%s', which the reader's log has", panic);
	for (int i = 0; i < npages; i++)
		judge_page(&pages[i], i < ORACLE_FULL_PAGES, elf, o);
	return 0;
}
