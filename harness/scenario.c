// SPDX-License-Identifier: GPL-2.0
/*
 * Parse a scenario file (format: scenarios/README.md). Every mistake is
 * reported as FILE:LINE and what is wrong, and the file is rejected whole.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

const char *const arm_names[ARMS] = { "nofix", "upstream", "series" };

#define MAX_FILE	(256 * 1024)

int arm_index(const char *arm)
{
	for (int i = 0; i < ARMS; i++)
		if (!strcmp(arm, arm_names[i]))
			return i;
	return -1;
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = { "unset", "complete", "incomplete", "none", "survived",
					     "dump-lost" };

	return names[v];
}

static void vfail(char *err, size_t errlen, const char *path, int line, const char *fmt,
		  va_list ap)
{
	size_t n = (size_t)snprintf(err, errlen, "%s:%d: ", path, line);

	if (n < errlen)
		vsnprintf(err + n, errlen - n, fmt, ap);
}

static int fail(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int fail(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, errlen, path, line, fmt, ap);
	va_end(ap);
	return -1;
}

/* fail() for an error found in text, which it frees once the message is written. */
static int fail_in(char *text, char *err, size_t errlen, const char *path, int line,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int fail_in(char *text, char *err, size_t errlen, const char *path, int line,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, errlen, path, line, fmt, ap);
	va_end(ap);
	free(text);
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static bool parse_tri(const char *v, enum tri *t)
{
	if (!strcmp(v, "yes"))
		*t = T_YES;
	else if (!strcmp(v, "no"))
		*t = T_NO;
	else
		return false;
	return true;
}

/* "VERDICT [fact=value ...]" */
static int parse_expect(char *text, struct expect *e, const char **bad)
{
	char *save = NULL, *tok = strtok_r(text, " \t", &save);

	*e = (struct expect){ .set = true, .lost_max = -1, .lost_exact = -1,
			      .unrecorded = -1 };
	if (!tok)
		return *bad = "an expectation needs a verdict", -1;
	if (!strcmp(tok, "complete"))
		e->verdict = V_COMPLETE;
	else if (!strcmp(tok, "incomplete"))
		e->verdict = V_INCOMPLETE;
	else if (!strcmp(tok, "none"))
		e->verdict = V_NONE;
	else if (!strcmp(tok, "survived"))
		e->verdict = V_SURVIVED;
	else if (!strcmp(tok, "dump-lost"))
		e->verdict = V_DUMP_LOST;
	else
		return *bad = "verdict must be complete, incomplete, none, dump-lost or survived", -1;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *v = strchr(tok, '=');

		if (!strncmp(tok, "lost<=", 6) || !strncmp(tok, "lost=", 5)) {
			bool most = tok[4] == '<';
			long *n = most ? &e->lost_max : &e->lost_exact;
			char *end;

			*n = strtol(tok + (most ? 6 : 5), &end, 10);
			if (*end || *n < 0 || end == tok + (most ? 6 : 5))
				return *bad = "lost<= and lost= need a count", -1;
			continue;
		}
		if (!v)
			return *bad = "a fact is NAME=VALUE", -1;
		*v++ = '\0';
		if (!strcmp(tok, "unrecorded")) {
			char *end;

			e->unrecorded = strtol(v, &end, 10);
			if (*end || end == v || e->unrecorded < 0)
				return *bad = "unrecorded= needs a count", -1;
			continue;
		}
		if (!strcmp(tok, "capture_mce") && parse_tri(v, &e->capture_mce))
			continue;
		if (!strcmp(tok, "poison_out") && parse_tri(v, &e->poison_out))
			continue;
		if (!strcmp(tok, "poison_zero") && parse_tri(v, &e->poison_zero))
			continue;
		if (!strcmp(tok, "fault") && parse_tri(v, &e->fault))
			continue;
		if (!strcmp(tok, "saved") && parse_tri(v, &e->saved))
			continue;
		if (!strcmp(tok, "dropped") && parse_tri(v, &e->dropped))
			continue;
		if (!strcmp(tok, "check") || !strcmp(tok, "workload")) {
			enum check_result *r = !strcmp(tok, "check") ? &e->check : &e->workload;

			if (!strcmp(v, "pass"))
				*r = C_PASS;
			else if (!strcmp(v, "fail"))
				*r = C_FAIL;
			else if (!strcmp(v, "skip"))
				*r = C_SKIP;
			else
				return *bad = "check= and workload= take pass, fail or skip", -1;
			continue;
		}
		return *bad = "unknown fact (capture_mce, poison_out, poison_zero, fault, saved, dropped, unrecorded, lost<=, lost=, check, workload)", -1;
	}
	return 0;
}

static bool copy(char *dst, size_t size, const char *src)
{
	return (size_t)snprintf(dst, size, "%s", src) < size;
}

int scenario_load(const char *path, const char *on_base, struct scenario *s, char *err,
		  size_t errlen)
{
	char *text, *line, *next, **block = NULL, *base;
	struct expect all = { .set = false }, based[ARMS] = { { .set = false } };
	int free_based = -1;	/* "poison-free@BASE:" on this base, over "poison-free:" */
	size_t blen = 0, bcap = 0;
	const char *bad;
	int lineno = 0;
	FILE *f;
	long size;

	memset(s, 0, sizeof(*s));
	s->memory_mb = 1024;
	f = fopen(path, "r");
	if (!f)
		return fail(err, errlen, path, 0, "cannot open: %s", strerror(errno));
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	if (size < 0 || size > MAX_FILE) {
		fclose(f);
		return fail(err, errlen, path, 0, "not a scenario (larger than %d bytes)", MAX_FILE);
	}
	text = calloc(1, (size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		return fail_in(text, err, errlen, path, 0, "cannot read");
	}
	fclose(f);

	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : (char *)path;
	snprintf(s->name, sizeof(s->name), "%.*s",
		 (int)(strstr(base, ".scn") ? (size_t)(strstr(base, ".scn") - base) : strlen(base)), base);

	for (line = text; line; line = next) {
		char *colon, *key, *val;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (block && (line[0] == '\t' || !strncmp(line, "    ", 4) || !*trim(line))) {
			char *body = line[0] == '\t' ? line + 1 : !strncmp(line, "    ", 4) ? line + 4 : "";
			size_t add = strlen(body) + 1;

			if (blen + add + 1 > bcap) {
				bcap = (blen + add + 1) * 2;
				*block = realloc(*block, bcap);
				if (!*block)
					return fail_in(text, err, errlen, path, lineno, "out of memory");
			}
			memcpy(*block + blen, body, add - 1);
			blen += add;
			(*block)[blen - 1] = '\n';
			(*block)[blen] = '\0';
			continue;
		}
		block = NULL;
		if (line[0] == '#' || !*trim(line))
			continue;
		colon = strchr(line, ':');
		if (!colon)
			return fail_in(text, err, errlen, path, lineno, "expected 'key: value'");
		*colon = '\0';
		key = trim(line);
		val = trim(colon + 1);

		if (!strcmp(key, "workload") || !strcmp(key, "check")) {
			if (*val)
				return fail_in(text, err, errlen, path, lineno, "%s: opens a block; put the script on the indented lines below", key);
			block = !strcmp(key, "workload") ? &s->workload : &s->check;
			if (*block)
				return fail_in(text, err, errlen, path, lineno, "%s: given twice", key);
			*block = calloc(1, 1);
			blen = 0;
			bcap = 1;
		} else if (!strcmp(key, "description")) {
			copy(s->description, sizeof(s->description), val);
		} else if (!strcmp(key, "collector")) {
			copy(s->collector, sizeof(s->collector), val);
		} else if (!strcmp(key, "cmdline")) {
			copy(s->cmdline, sizeof(s->cmdline), val);
		} else if (!strcmp(key, "capture-cmdline")) {
			copy(s->capture_cmdline, sizeof(s->capture_cmdline), val);
		} else if (!strcmp(key, "expect-log")) {
			if (s->nexpect_log == 8 || !*val)
				return fail_in(text, err, errlen, path, lineno, "expect-log: 1 to 8 non-empty lines");
			copy(s->expect_log[s->nexpect_log++], sizeof(s->expect_log[0]), val);
		} else if (!strcmp(key, "memory")) {
			char *end;
			long mb = strtol(val, &end, 10);

			/*
			 * Below 512 MiB the platform's firmware mailbox (at 256 MiB)
			 * is not RAM and crashkernel=192M leaves the production
			 * kernel too little; above 3 GiB RAM crosses the PCI hole.
			 */
			if (*end || end == val || mb < 512 || mb > 3072)
				return fail_in(text, err, errlen, path, lineno,
					       "memory: MiB from 512 to 3072 (the platform's mailbox sits at 256 MiB and the capture kernel reserves 192 MiB; -M pc puts RAM above 3 GiB beyond the PCI hole)");
			s->memory_mb = (unsigned int)mb;
		} else if (!strcmp(key, "check-poison")) {
			if (strcmp(val, "clear") && strcmp(val, "keep"))
				return fail_in(text, err, errlen, path, lineno, "check-poison: clear or keep");
			s->check_clears_poison = !strcmp(val, "clear");
		} else if (!strcmp(key, "poison-free") || !strncmp(key, "poison-free@", 12)) {
			/* "poison-free@BASE:" holds on BASE only, over "poison-free:" */
			if (strcmp(val, "yes") && strcmp(val, "no"))
				return fail_in(text, err, errlen, path, lineno, "%s: yes or no", key);
			if (key[11] && !key[12])
				return fail_in(text, err, errlen, path, lineno,
					       "poison-free@: a base after @, as in poison-free@6.12");
			if (!key[11])
				s->poison_free = !strcmp(val, "yes");
			else if (!strcmp(key + 12, on_base))
				free_based = !strcmp(val, "yes");
		} else if (!strcmp(key, "kselftest")) {
			if (strcmp(val, "yes") && strcmp(val, "no") && strcmp(val, "tar"))
				return fail_in(text, err, errlen, path, lineno, "kselftest: yes, tar or no");
			s->kselftest = !strcmp(val, "yes") ? KST_TREE :
				       !strcmp(val, "tar") ? KST_TAR : KST_NO;
		} else if (!strncmp(key, "expect ", 7)) {
			char arm[40];
			const char *at;
			struct expect e;
			int i;

			/* "expect ARM@BASE:" holds on BASE only, over "expect ARM:" */
			snprintf(arm, sizeof(arm), "%s", trim(key + 7));
			at = strchr(arm, '@');
			if (at)
				arm[at - arm] = '\0';
			i = arm_index(arm);
			if (i < 0 && (at || strcmp(arm, "all")))
				return fail_in(text, err, errlen, path, lineno, "expect %s: arm must be nofix, upstream, series or all (ARM@BASE: nofix, upstream or series)", key + 7);
			if (at && !at[1])
				return fail_in(text, err, errlen, path, lineno, "expect %s: a base after @, as in series@6.1", key + 7);
			if (parse_expect(val, &e, &bad))
				return fail_in(text, err, errlen, path, lineno, "%s", bad);
			if (at && strcmp(at + 1, on_base))
				continue;
			if (i < 0)
				all = e;
			else if (at)
				based[i] = e;
			else
				s->expect[i] = e;
		} else {
			return fail_in(text, err, errlen, path, lineno, "unknown key '%s'", key);
		}
	}
	free(text);
	if (free_based >= 0)
		s->poison_free = free_based;
	for (int i = 0; i < ARMS; i++)
		if (based[i].set)
			s->expect[i] = based[i];
		else if (!s->expect[i].set)
			s->expect[i] = all;
	if (!*s->description)
		return fail(err, errlen, path, lineno, "description: is required");
	if (!s->workload || !*s->workload)
		return fail(err, errlen, path, lineno, "workload: is required");
	for (int i = 0; i < ARMS; i++)
		if (!s->expect[i].set)
			return fail(err, errlen, path, lineno, "no expectation for arm %s (add 'expect %s:' or 'expect all:')",
				    arm_names[i], arm_names[i]);
	return 0;
}

void scenario_free(struct scenario *s)
{
	free(s->workload);
	free(s->check);
	s->workload = s->check = NULL;
}
