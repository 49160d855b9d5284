// SPDX-License-Identifier: GPL-2.0
/*
 * sweep: poison pages chosen at random, of every kind the guest has, and
 * report how often each arm still saves a complete dump.
 *
 *   sweep [--build DIR] [--base BASE] [--jobs N] SEED COUNT
 *
 * The pages come from the guest's own /proc/kpageflags: a survey boot of
 * the upstream kernel copies it to the host once per base (kept in
 * DIR/sweep/BASE/kpageflags, so that the same seed always gives the same
 * pages). COUNT pages are picked round-robin over the kinds of
 * image/tools/kinds.h, a seeded generator choosing within each kind. Each
 * becomes a scenario (plant poison on the page, then a fatal machine check
 * naming it), run on the three arms by compare; the rates go to
 * DIR/results/sweep-BASE-SEED-rates.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../image/tools/kinds.h"
#include "files.h"
#include "jsonread.h"
#include "proc.h"
#include "scenario.h"

#define MAX_PAGES	100
#define SNAP_OFF	(1 << 20)
#define PAGE_SIZE	4096ULL

static const char *build = "build", *base = "6.1";

/* Runs take minutes; a whole sweep is bounded by the harness's own waits. */
#define RUN_LIMIT_S	(6 * 3600)

/*
 * The survey: boot the upstream kernel once and copy /proc/kpageflags to
 * the dump disk (its size in the first line, the data from 1 MiB on).
 */
static int survey(const char *dir, const char *snap)
{
	char scn[4096], vmrun[4096], disk[4096], hdr[64];
	const char *argv[] = { vmrun, "--build", build, "--base", base, "--arm", "upstream",
			       scn, NULL };
	unsigned long long bytes;
	char *buf;
	FILE *f;
	int rc;

	snprintf(scn, sizeof(scn), "%.1100s/survey.scn", dir);
	snprintf(vmrun, sizeof(vmrun), "%.1024s/harness/vmrun", build);
	snprintf(disk, sizeof(disk), "%.1024s/runs/%.64s-upstream-survey/dump.img", build, base);
	if (write_file(scn,
		       "# The sweep's survey: the guest's /proc/kpageflags onto the dump disk.\n"
		       "description: copy /proc/kpageflags to the host\n"
		       "expect all: survived workload=pass\n"
		       "workload:\n"
		       "\tdd if=/proc/kpageflags of=/tmp/kpf bs=1M 2>/dev/null\n"
		       "\tdd if=/tmp/kpf of=/dev/vda bs=1M seek=1 conv=notrunc,fsync 2>/dev/null\n"
		       "\techo \"kpageflags $(wc -c </tmp/kpf)\" | dd of=/dev/vda conv=notrunc,fsync 2>/dev/null\n"))
		return fprintf(stderr, "sweep: cannot write %s\n", scn), -1;
	fprintf(stderr, "==> surveying the pages of %s (one boot)\n", base);
	if (run(argv, NULL, "-", RUN_LIMIT_S) != 0)
		return fprintf(stderr, "sweep: the survey boot failed; see %s/runs/%s-upstream-survey\n",
			       build, base), -1;
	f = fopen(disk, "rb");
	if (!f || !fgets(hdr, sizeof(hdr), f) || sscanf(hdr, "kpageflags %llu", &bytes) != 1 ||
	    !bytes || bytes % 8 || bytes > (64ULL << 20)) {
		if (f)
			fclose(f);
		return fprintf(stderr, "sweep: the survey left no kpageflags on %s\n", disk), -1;
	}
	buf = malloc(bytes);
	rc = buf && !fseek(f, SNAP_OFF, SEEK_SET) && fread(buf, 1, bytes, f) == bytes ? 0 : -1;
	fclose(f);
	if (!rc) {
		char tmp[4096];
		FILE *o;

		snprintf(tmp, sizeof(tmp), "%.1200s.tmp", snap);
		o = fopen(tmp, "wb");
		rc = o && fwrite(buf, 1, bytes, o) == bytes && !fclose(o) && !rename(tmp, snap) ? 0 : -1;
	}
	free(buf);
	return rc ? fprintf(stderr, "sweep: cannot keep the survey in %s\n", snap), -1 : 0;
}

/* xorshift64*: small, and the same on every host. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

struct pick {
	const char *kind;
	uint64_t pfn;
};

static int pick_pages(const char *snap, uint64_t seed, int count, struct pick *out)
{
	long nkind[NR_PAGE_KINDS] = { 0 };
	uint64_t *flags, n, state = seed * 0x9e3779b97f4a7c15ULL + 1;
	int picked = 0;
	struct stat st;
	FILE *f;

	f = fopen(snap, "rb");
	if (!f || fstat(fileno(f), &st) || !(flags = malloc((size_t)st.st_size)) ||
	    fread(flags, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		if (f)
			fclose(f);
		return fprintf(stderr, "sweep: cannot read %s\n", snap), -1;
	}
	fclose(f);
	n = (uint64_t)st.st_size / 8;
	for (uint64_t p = 0; p < n; p++)
		for (size_t k = 0; k < NR_PAGE_KINDS; k++)
			nkind[k] += page_kind_matches(&page_kinds[k], flags[p]);
	for (int i = 0, tries = 0; picked < count && tries < count * (int)NR_PAGE_KINDS; i++, tries++) {
		size_t k = (size_t)i % NR_PAGE_KINDS;
		long want, seen = 0;

		if (!nkind[k])
			continue;
		want = (long)(next_random(&state) % (uint64_t)nkind[k]);
		for (uint64_t p = 0; p < n; p++) {
			if (page_kind_matches(&page_kinds[k], flags[p]) && seen++ == want) {
				out[picked++] = (struct pick){ page_kinds[k].name, p };
				break;
			}
		}
	}
	free(flags);
	return picked;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[4096], snap[4096], sdir[4096], cmp[4096], name[64], jobs[16] = "2";
	const char *cargv[MAX_PAGES + 12];
	char scn_paths[MAX_PAGES][4200];
	struct pick picks[MAX_PAGES];
	const struct jnode *rows, *row;
	int o, count, n, c = 0;
	struct jnode *res;
	uint64_t seed;
	FILE *f;

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
	snprintf(dir, sizeof(dir), "%.1024s/sweep/%.64s", build, base);
	snprintf(sdir, sizeof(sdir), "%.1100s/%" PRIu64, dir, seed);
	snprintf(snap, sizeof(snap), "%.1100s/kpageflags", dir);
	{
		const char *mk[] = { "mkdir", "-p", sdir, NULL };

		if (run(mk, NULL, NULL, 10))
			return fprintf(stderr, "sweep: cannot create %s\n", sdir), 2;
	}
	if (access(snap, R_OK) && survey(dir, snap))
		return 2;
	n = pick_pages(snap, seed, count, picks);
	if (n <= 0)
		return fprintf(stderr, "sweep: no pages to pick from %s\n", snap), 2;

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
	for (int i = 0; i < n; i++) {
		char text[1024];
		uint64_t addr = picks[i].pfn * PAGE_SIZE;

		snprintf(scn_paths[i], sizeof(scn_paths[i]), "%.1200s/sweep-%" PRIu64 "-%02d-%s.scn",
			 sdir, seed, i, picks[i].kind);
		snprintf(text, sizeof(text),
			 "# Random sweep, seed %" PRIu64 ": a fatal error in a %s page.\n"
			 "description: sweep seed %" PRIu64 ", %s page at pfn %#" PRIx64 "\n"
			 "expect all: complete\n"
			 "workload:\n"
			 "\tmcekd-platform plant %#" PRIx64 "\n"
			 "\tmcekd-platform event 0:1:0xbf80000000000134:0x7:%#" PRIx64 ":0x86\n"
			 "\tsleep 30\n"
			 "\techo \"FAIL: the fatal event did not panic the machine\"\n",
			 seed, picks[i].kind, seed, picks[i].kind, picks[i].pfn, addr, addr);
		if (write_file(scn_paths[i], text))
			return fprintf(stderr, "sweep: cannot write %s\n", scn_paths[i]), 2;
		cargv[c++] = scn_paths[i];
	}
	cargv[c] = NULL;
	fprintf(stderr, "==> sweep seed %" PRIu64 ": %d pages on the three arms of %s\n", seed, n, base);
	run(cargv, NULL, "-", RUN_LIMIT_S);

	snprintf(cmp, sizeof(cmp), "%.1024s/results/%s.json", build, name);
	res = jparse_file(cmp);
	rows = jget(res, "scenarios");
	if (!rows)
		return fprintf(stderr, "sweep: no results in %s\n", cmp), 2;
	snprintf(cmp, sizeof(cmp), "%.1024s/results/%s-rates.md", build, name);
	f = fopen(cmp, "w");
	if (!f)
		return fprintf(stderr, "sweep: cannot write %s\n", cmp), 2;
	fprintf(f, "Random sweep, seed %" PRIu64 ", %d pages of %zu kinds, base %s "
		"(a fatal machine check naming a poisoned page):\n\n| arm | complete dumps |\n|---|---|\n",
		seed, n, NR_PAGE_KINDS, base);
	for (int a = 0; a < ARMS; a++) {
		int complete = 0, total = 0;

		for (row = rows->child; row; row = row->next) {
			char path[64];

			snprintf(path, sizeof(path), "arms.%s.result.verdict", arm_names[a]);
			total++;
			complete += !strcmp(jstr(row, path, ""), "complete");
		}
		fprintf(f, "| %s | %d of %d (%.0f%%) |\n", arm_names[a], complete, total,
			total ? 100.0 * complete / total : 0);
	}
	fclose(f);
	jfree(res);
	snprintf(cmp, sizeof(cmp), "%.1024s/results/%s-rates.md", build, name);
	print_file(cmp);
	return 0;
}
