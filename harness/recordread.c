// SPDX-License-Identifier: GPL-2.0
/*
 * Read the platform's record (see recordread.h). Each line is parsed as a
 * JSON object; a line that does not parse makes the record untrusted.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"
#include "recordread.h"

#define PAGE_SHIFT	12

static uint64_t hex(const struct jnode *e, const char *key)
{
	return strtoull(jstr(e, key, "0"), NULL, 16);
}

static void problem(struct record_facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct record_facts *f, const char *fmt, ...)
{
	va_list ap;

	if (*f->problem)
		return;
	va_start(ap, fmt);
	vsnprintf(f->problem, sizeof(f->problem), fmt, ap);
	va_end(ap);
}

/* Add the pages of [addr, addr + len) to a list; false once it is full. */
static bool add_pages(uint64_t *list, int *n, uint64_t addr, uint64_t len)
{
	uint64_t first = addr >> PAGE_SHIFT, last = (addr + (len ? len : 1) - 1) >> PAGE_SHIFT;

	for (uint64_t pfn = first; pfn <= last; pfn++) {
		bool seen = false;

		for (int i = 0; i < *n && !seen; i++)
			seen = list[i] == pfn;
		if (seen)
			continue;
		if (*n == MAX_PFNS)
			return false;
		list[(*n)++] = pfn;
	}
	return true;
}

static void entry(struct record_facts *f, const struct jnode *e)
{
	const char *ev = jstr(e, "ev", "");
	bool capture = !strcmp(jstr(e, "kind", ""), "capture");
	uint64_t addr = hex(e, "addr"), len = (uint64_t)jnum(e, "len", 64);

	if (!strcmp(ev, "boot")) {
		if (!f->boots++)
			f->clock = jnum(e, "clock", 0);
	} else if (!strcmp(ev, "plant")) {
		if (!f->npfns)
			f->first_addr = addr;
		if (!add_pages(f->pfns, &f->npfns, addr, len))
			problem(f, "the scenario poisons more than %d pages, the most the harness follows",
				MAX_PFNS);
	} else if (!strcmp(ev, "control")) {
		if (!add_pages(f->controls, &f->ncontrols, addr, len))
			problem(f, "the scenario names more than %d control pages, the most the harness follows",
				MAX_PFNS);
	} else if (!strcmp(ev, "page")) {
		if (f->nkinds < MAX_KINDS)
			f->kinds[f->nkinds++] = (struct page_report){
				addr >> PAGE_SHIFT, hex(e, "kpageflags") };
		else
			problem(f, "the scenario reports more than %d pages' flags, the most the harness follows",
				MAX_KINDS);
	} else if (!strcmp(ev, "crashkernel")) {
		f->ck_start = hex(e, "start");
		f->ck_end = hex(e, "end");
	} else if (!strcmp(ev, "consume") && capture && !f->capture_mce) {
		f->capture_mce = true;
		f->capture_addr = addr;
		f->capture_t = jnum(e, "t", 0);
		f->capture_in_crashkernel = f->ck_end && addr >= f->ck_start && addr <= f->ck_end;
	} else if (!strcmp(ev, "shutdown") && !*f->shutdown) {
		snprintf(f->shutdown, sizeof(f->shutdown), "%s kernel: %s",
			 jstr(e, "kind", "?"), jstr(e, "reason", "?"));
	} else if (!strcmp(ev, "dropped")) {
		problem(f, "the platform dropped %.0f record entries", jnum(e, "entries", 0));
	} else if (!strcmp(ev, "truncated")) {
		problem(f, "the platform truncated record entry %.0f", jnum(e, "seq", 0));
	} else if (!strcmp(ev, "refuse") && strcmp(jstr(e, "src", ""), "einj")) {
		/* EINJ refusals answer the guest; the others undo the scenario */
		problem(f, "the platform refused a %s request: %s", jstr(e, "src", "?"),
			jstr(e, "result", "?"));
	}
}

int record_read(const char *path, struct record_facts *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *in;

	memset(f, 0, sizeof(*f));
	in = fopen(path, "r");
	if (!in)
		return 0;
	while ((n = getline(&line, &cap, in)) > 0) {
		struct jnode *e;

		if (line[n - 1] != '\n') {
			problem(f, "the record's last line is cut short (entry %d)", f->entries + 1);
			break;
		}
		e = jparse_text(line);
		f->entries++;
		if (!e || e->type != J_OBJ) {
			problem(f, "record line %d is not a JSON object", f->entries);
		} else {
			entry(f, e);
		}
		jfree(e);
	}
	free(line);
	fclose(in);
	return 0;
}
