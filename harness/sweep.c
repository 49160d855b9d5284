// SPDX-License-Identifier: GPL-2.0
/*
 * sweep: poison pages chosen at random, of every kind the guest has, and
 * report how often each arm still saves a complete dump.
 *
 *   sweep [--build DIR] [--base BASE] [--jobs N] SEED COUNT
 *
 * Page i is of kind i modulo the kinds of image/tools/kinds.h, and a seeded
 * generator gives it a number; in the boot that poisons it, the workload
 * takes that number modulo the count of such pages in the guest's own
 * /proc/kpageflags (mcekd-kpage), reports the page's flags to the platform
 * and plants a fatal machine check on it. So the same seed picks the same
 * pages as far as the boots allow, and what each page was is read from the
 * boot where it was poisoned, not from another boot. Each page becomes a
 * scenario, run on the three arms by compare; the rates per arm and per
 * kind go to DIR/results/sweep-BASE-SEED-rates.md, with the pages no kernel
 * change can protect (the capture kernel read the poison inside its own
 * reservation, or before its collector started) and the runs that did not
 * happen counted apart.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../image/tools/kinds.h"
#include "files.h"
#include "jsonread.h"
#include "proc.h"
#include "scenario.h"

#define MAX_PAGES	100
#define KIND_OTHER	NR_PAGE_KINDS	/* flags of none of the kinds */
#define KIND_UNKNOWN	(NR_PAGE_KINDS + 1)	/* no flags reported */
#define NKINDS		(NR_PAGE_KINDS + 2)

/* Runs take minutes; a whole sweep is bounded by the harness's own waits. */
#define RUN_LIMIT_S	(6 * 3600)

static const char *build = "build", *base = "6.1";

/* xorshift64*: small, and the same on every host. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static const char *kind_name(size_t k)
{
	return k < NR_PAGE_KINDS ? page_kinds[k].name : k == KIND_OTHER ? "other" : "unknown";
}

/* The kind of a page from the kpageflags its boot reported. */
static size_t kind_of(const struct jnode *result)
{
	const char *flags = jstr(result, "poisoned_pfns.0.kpageflags", NULL);
	uint64_t f;

	if (!flags)
		return KIND_UNKNOWN;
	f = strtoull(flags, NULL, 16);
	for (size_t k = 0; k < NR_PAGE_KINDS; k++)
		if (page_kind_matches(&page_kinds[k], f))
			return k;
	return KIND_OTHER;
}

static int write_scenario(const char *path, uint64_t seed, int i, size_t kind, uint64_t pick)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "# Random sweep, seed %" PRIu64 ", page %d: a fatal error in a %s page, the\n"
		 "# %" PRIu64 "-th modulo their count in the boot that poisons it.\n"
		 "description: sweep seed %" PRIu64 ", page %d, a %s page\n"
		 "expect all: complete\n"
		 "workload:\n"
		 "\t. /usr/lib/mcekd.sh\n"
		 "\tcontrol_page\n"
		 "\ta=$(mcekd-kpage %s %" PRIu64 ")\n"
		 "\tmcekd-platform page $a $(mcekd-kpage --flags $a)\n"
		 "\tmcekd-platform plant $a\n"
		 "\tmcekd-platform event 0:1:0xbf80000000000134:0x7:$a:0x86\n"
		 "\tsleep 30\n"
		 "\techo \"FAIL: the fatal event did not panic the machine\"\n",
		 seed, i, page_kinds[kind].name, pick, seed, i, page_kinds[kind].name,
		 page_kinds[kind].name, pick);
	return write_file(path, text);
}

struct tally {
	int runs, complete, unprotectable, errors;
};

static void cell(FILE *f, const struct tally *t)
{
	fprintf(f, " %d of %d", t->complete, t->runs - t->errors);
	if (t->unprotectable)
		fprintf(f, " (%d unprotectable)", t->unprotectable);
	if (t->errors)
		fprintf(f, " (%d errors)", t->errors);
	fprintf(f, " |");
}

static int write_rates(const char *path, const struct jnode *rows, uint64_t seed, int n)
{
	struct tally arm[ARMS] = { 0 }, kind[NKINDS][ARMS] = { 0 };
	const struct jnode *row;
	FILE *f;

	for (row = rows->child; row; row = row->next)
		for (int a = 0; a < ARMS; a++) {
			char key[64];
			const struct jnode *r;
			struct tally *t[2];

			snprintf(key, sizeof(key), "arms.%s.result", arm_names[a]);
			r = jget(row, key);
			t[0] = &arm[a];
			t[1] = &kind[kind_of(r)][a];
			for (int i = 0; i < 2; i++) {
				t[i]->runs++;
				t[i]->errors += !r || !strcmp(jstr(r, "result", "error"), "error");
				t[i]->complete += !strcmp(jstr(r, "verdict", ""), "complete");
				t[i]->unprotectable += jbool(r, "unprotectable");
			}
		}
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "Random sweep, seed %" PRIu64 ", %d pages of %zu kinds, base %s (a fatal machine "
		"check naming a poisoned page; a page's kind is what its own boot's "
		"/proc/kpageflags said):\n\n", seed, n, NR_PAGE_KINDS, base);
	fprintf(f, "| arm | complete dumps | of the others: no kernel change can protect | "
		"complete where a kernel can protect | runs that did not happen |\n"
		"|---|---|---|---|---|\n");
	for (int a = 0; a < ARMS; a++) {
		const struct tally *t = &arm[a];
		int judged = t->runs - t->errors, protectable = judged - t->unprotectable;

		fprintf(f, "| %s | %d of %d (%.0f%%) | %d | %d of %d (%.0f%%) | %d |\n", arm_names[a],
			t->complete, judged, judged ? 100.0 * t->complete / judged : 0,
			t->unprotectable, t->complete, protectable,
			protectable ? 100.0 * t->complete / protectable : 0, t->errors);
	}
	fprintf(f, "\n| kind | nofix | upstream | series |\n|---|---|---|---|\n");
	for (size_t k = 0; k < NKINDS; k++) {
		if (!kind[k][0].runs && !kind[k][1].runs && !kind[k][2].runs)
			continue;
		fprintf(f, "| %s |", kind_name(k));
		for (int a = 0; a < ARMS; a++)
			cell(f, &kind[k][a]);
		fputc('\n', f);
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	char sdir[4096], path[4200], cmp[4096], name[64], jobs[16] = "2";
	static char scn_paths[MAX_PAGES][4200];
	const char *cargv[MAX_PAGES + 12];
	uint64_t seed, state;
	int o, count, c = 0;
	struct jnode *res;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'b')
			build = optarg;
		else if (o == 'B')
			base = optarg;
		else if (o == 'j')
			snprintf(jobs, sizeof(jobs), "%s", optarg);
		else
			return fprintf(stderr, "usage: sweep [--build DIR] [--base BASE] [--jobs N] SEED COUNT\n"), 2;
	}
	if (argc - optind != 2)
		return fprintf(stderr, "usage: sweep [--build DIR] [--base BASE] [--jobs N] SEED COUNT\n"), 2;
	seed = strtoull(argv[optind], NULL, 0);
	count = atoi(argv[optind + 1]);
	if (count < 1 || count > MAX_PAGES)
		return fprintf(stderr, "sweep: COUNT must be 1 to %d\n", MAX_PAGES), 2;
	if (strlen(build) > 1024 || strlen(base) > 64)
		return fprintf(stderr, "sweep: build directory path too long\n"), 2;
	proc_end_child_on_signal();
	snprintf(sdir, sizeof(sdir), "%s/sweep/%s/%" PRIu64, build, base, seed);
	{
		const char *mk[] = { "mkdir", "-p", sdir, NULL };

		if (run(mk, NULL, NULL, 10))
			return fprintf(stderr, "sweep: cannot create %s\n", sdir), 2;
	}

	snprintf(cmp, sizeof(cmp), "%s/harness/compare", build);
	snprintf(name, sizeof(name), "sweep-%.16s-%" PRIu64, base, seed);
	cargv[c++] = cmp;
	cargv[c++] = "--build";
	cargv[c++] = build;
	cargv[c++] = "--base";
	cargv[c++] = base;
	cargv[c++] = "--jobs";
	cargv[c++] = jobs;
	cargv[c++] = "--name";
	cargv[c++] = name;
	state = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (int i = 0; i < count; i++) {
		size_t kind = (size_t)i % NR_PAGE_KINDS;
		uint64_t pick = next_random(&state) >> 32;

		snprintf(scn_paths[i], sizeof(scn_paths[i]), "%s/sweep-%" PRIu64 "-%02d-%s.scn", sdir,
			 seed, i, page_kinds[kind].name);
		if (write_scenario(scn_paths[i], seed, i, kind, pick))
			return fprintf(stderr, "sweep: cannot write %s\n", scn_paths[i]), 2;
		cargv[c++] = scn_paths[i];
	}
	cargv[c] = NULL;
	fprintf(stderr, "==> sweep seed %" PRIu64 ": %d pages on the three arms of %s\n", seed, count,
		base);
	run(cargv, NULL, "-", RUN_LIMIT_S);

	snprintf(path, sizeof(path), "%s/results/%s.json", build, name);
	res = jparse_file(path);
	if (!jget(res, "scenarios"))
		return fprintf(stderr, "sweep: no results in %s\n", path), 2;
	snprintf(path, sizeof(path), "%s/results/%s-rates.md", build, name);
	if (write_rates(path, jget(res, "scenarios"), seed, count))
		return fprintf(stderr, "sweep: cannot write %s: %s\n", path, strerror(errno)), 2;
	jfree(res);
	print_file(path);
	return 0;
}
