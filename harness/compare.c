// SPDX-License-Identifier: GPL-2.0
/*
 * compare: run every scenario on the three arms of a base and show, at a
 * glance, what each kernel survives.
 *
 *   compare [--build DIR] [--base BASE] [--jobs N] [--name NAME] [--check]
 *           [--arms ARM,...] SCENARIO.scn...
 *
 * Runs vmrun for each scenario and arm (every arm, or those --arms names,
 * in the order nofix, upstream, series), N at a time (default 2: one per
 * core), then writes DIR/results/NAME.json and NAME.md (NAME defaults to
 * "compare"): one row per scenario, one column per arm, each cell the
 * verdict and its key facts, or the error of a run that did not happen
 * (counted apart from the kernels' verdicts), and a footer with the
 * oracle's confirmations, the wall time of each scenario, the whole run,
 * and the mean split of a run into its phases. Prints the table, or with
 * --check one line per cell for tests/run.sh: "PASS: scenario NAME on
 * BASE/ARM", "FAIL: ...: differences" or "ERROR: ...: phase: reason".
 * Exits 0 if every cell met its scenario's expectation, 1 if not, 2 if it
 * could not run at all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "jsonread.h"
#include "proc.h"
#include "scenario.h"

#define MAX_SCN 128

struct cell {
	int rc;				/* vmrun's exit status: 0 met, 1 not, 2 error */
	struct jnode *res;
	char why[240];			/* no result: the last line of vmrun's log */
	char retried[300];		/* the first attempt's error, if it was retried */
};

static const char *build = "build", *base = "6.1", *name = "compare";
static bool check_lines;
static struct cell cells[MAX_SCN][ARMS];
/* The arms this run covers, by index into arm_names, in that order. */
static int arm_of[ARMS], narms;
static char *scn_path[MAX_SCN];
static char scn_name[MAX_SCN][64];
static int nscn;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t start(int s, int a)
{
	char log[4096], vmrun[4096];
	pid_t pid;

	snprintf(vmrun, sizeof(vmrun), "%s/harness/vmrun", build);
	snprintf(log, sizeof(log), "%s/results/%s-%s-%s.log", build, base, arm_names[a], scn_name[s]);
	/* never read a result an earlier run left */
	snprintf(vmrun, sizeof(vmrun), "%s/results/%s/%s/%s.json", build, base, arm_names[a],
		 scn_name[s]);
	unlink(vmrun);
	snprintf(vmrun, sizeof(vmrun), "%s/harness/vmrun", build);
	pid = fork();
	if (pid == 0) {
		if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(2);
		execl(vmrun, vmrun, "--build", build, "--base", base, "--arm", arm_names[a],
		      scn_path[s], (char *)NULL);
		fprintf(stderr, "compare: cannot run %s: %s\n", vmrun, strerror(errno));
		_exit(2);
	}
	return pid;
}

/* The last line of a run's log, for a run that left no result. */
static void log_tail(int s, int a, char *buf, size_t len)
{
	char log[4096], line[512];
	FILE *f;

	snprintf(buf, len, "no result");
	snprintf(log, sizeof(log), "%s/results/%s-%s-%s.log", build, base, arm_names[a], scn_name[s]);
	f = fopen(log, "r");
	while (f && fgets(line, sizeof(line), f))
		if (*line != '\n')
			snprintf(buf, len, "no result: %.*s", (int)strcspn(line, "\n"), line);
	if (f)
		fclose(f);
}

/*
 * A run whose production kernel never reached the workload did not start
 * the scenario: no poison, no injection, nothing a kernel could be judged
 * on (an emulator that hangs in early boot, as TCG has done here). Such a
 * run is retried once, and the first attempt is reported (RETRY lines).
 */
static bool retry_first(int s, int a)
{
	char path[4096];
	struct jnode *r;
	const char *phase, *reason;
	bool again;

	if (cells[s][a].retried[0])
		return false;
	snprintf(path, sizeof(path), "%s/results/%s/%s/%s.json", build, base, arm_names[a],
		 scn_name[s]);
	r = jparse_file(path);
	phase = jstr(r, "error.phase", "");
	reason = jstr(r, "error.reason", "");
	again = (!strcmp(phase, "kernel") || !strcmp(phase, "workload")) &&
		!strncmp(reason, "production boot: ", 17);
	if (again) {
		char from[4096], to[4200];

		snprintf(cells[s][a].retried, sizeof(cells[s][a].retried), "%s: %s", phase,
			 reason);
		/* keep the first attempt's log and run directory */
		snprintf(from, sizeof(from), "%s/results/%s-%s-%s.log", build, base,
			 arm_names[a], scn_name[s]);
		snprintf(to, sizeof(to), "%s.first", from);
		rename(from, to);
		snprintf(from, sizeof(from), "%s/runs/%s-%s-%s", build, base, arm_names[a],
			 scn_name[s]);
		snprintf(to, sizeof(to), "%s.first", from);
		{
			const char *rm[] = { "rm", "-rf", to, NULL };

			if (!run(rm, NULL, NULL, 60))
				rename(from, to);
		}
	}
	jfree(r);
	return again;
}

/* Run every (scenario, arm), at most jobs at once. */
static void run_all(int jobs)
{
	pid_t pids[MAX_SCN * ARMS];
	int next = 0, running = 0, total = nscn * narms, done = 0;

	while (done < total) {
		while (running < jobs && next < total) {
			pids[next] = start(next / narms, arm_of[next % narms]);
			next++;
			running++;
		}
		{
			int status;
			pid_t pid = wait(&status);

			if (pid < 0)
				break;
			for (int i = 0; i < next; i++) {
				int s = i / narms, a = arm_of[i % narms];
				struct cell *c = &cells[s][a];

				if (pids[i] != pid)
					continue;
				c->rc = WIFEXITED(status) && WEXITSTATUS(status) <= 2 ?
					WEXITSTATUS(status) : 2;
				if (c->rc == 2 && retry_first(s, a)) {
					fprintf(stderr, "  [retry] %-32s %-8s did not start: %s\n",
						scn_name[s], arm_names[a], c->retried);
					pids[i] = start(s, a);
					running++;
					break;
				}
				fprintf(stderr, "  [%d/%d] %-32s %-8s %s\n", ++done, total,
					scn_name[s], arm_names[a],
					c->rc == 0 ? "as expected" :
					c->rc == 1 ? "NOT AS EXPECTED" : "ERROR");
			}
			running--;
		}
	}
}

static const char *verdict_text(const char *v)
{
	if (!strcmp(v, "complete"))
		return "complete dump";
	if (!strcmp(v, "incomplete"))
		return "incomplete dump";
	if (!strcmp(v, "none"))
		return "no dump";
	return v;
}

/* The poisoned pages: each one when there are two at most, else a count. */
static size_t pfn_text(const struct jnode *pfns, bool dump, char *out, size_t len)
{
	static const char *const states[] = { "absent", "zero", "present", "unreadable" };
	const struct jnode *p;
	size_t n = 0;
	int count = 0;

	for (p = pfns ? pfns->child : NULL; p; p = p->next)
		count++;
	if (!count)
		return 0;
	if (count <= 2) {
		for (p = pfns->child; p && n < len; p = p->next)
			n += (size_t)snprintf(out + n, len - n, "; %s %s", jstr(p, "pfn", "?"),
					      dump ? jstr(p, "in_dump", "?") : "poisoned");
		return n;
	}
	n = (size_t)snprintf(out, len, "; %d poisoned pages from %s", count,
			     jstr(pfns->child, "pfn", "?"));
	for (size_t s = 0; dump && s < sizeof(states) / sizeof(states[0]) && n < len; s++) {
		int k = 0;

		for (p = pfns->child; p; p = p->next)
			k += !strcmp(jstr(p, "in_dump", ""), states[s]);
		if (k)
			n += (size_t)snprintf(out + n, len - n, ", %d %s", k, states[s]);
	}
	return n;
}

/* One table cell: verdict, then the facts, separated by "; ". */
static void cell_text(const struct cell *c, char *out, size_t len)
{
	const struct jnode *r = c->res;
	bool dump;
	size_t n;

	if (!r || c->rc == 2) {
		snprintf(out, len, "⚠ error: %s: %s", jstr(r, "error.phase", "vmrun"),
			 jstr(r, "error.reason", c->why));
		return;
	}
	dump = jnum(r, "dump_bytes", 0) > 0;
	n = (size_t)snprintf(out, len, "%s %s; capture #MC: %s", c->rc ? "✗" : "✓",
			     verdict_text(jstr(r, "verdict", "?")),
			     jbool(r, "capture_mce") ? "yes" : "no");
	if (n < len)
		n += pfn_text(jget(r, "poisoned_pfns"), dump, out + n, len - n);
	if (n < len && dump && jnum(r, "pages_lost", -1) >= 0)
		n += (size_t)snprintf(out + n, len - n, "; lost %.0f", jnum(r, "pages_lost", 0));
	if (n < len && jget(r, "oracle.tool"))
		n += (size_t)snprintf(out + n, len - n, "; crash %s", jbool(r, "oracle.agrees") ?
				      "agrees" : "DISAGREES");
	if (n < len && *jstr(r, "fault", ""))
		n += (size_t)snprintf(out + n, len - n, "; fault in panic path");
	if (n < len && c->rc == 1)
		snprintf(out + n, len - n, "; expected %s", jstr(r, "expected", "?"));
}

/* One line per cell, in the form tests/run.sh counts. */
static void print_lines(void)
{
	for (int s = 0; s < nscn; s++)
		for (int k = 0; k < narms; k++) {
			int a = arm_of[k];
			const struct cell *c = &cells[s][a];

			if (*c->retried)
				printf("RETRY: scenario %s on %s/%s: the first run did not start the "
				       "scenario (%s)\n", scn_name[s], base, arm_names[a], c->retried);
			if (c->rc == 0)
				printf("PASS: scenario %s on %s/%s\n", scn_name[s], base, arm_names[a]);
			else if (c->rc == 1)
				printf("FAIL: scenario %s on %s/%s: %s\n", scn_name[s], base,
				       arm_names[a], jstr(c->res, "differences", "no result"));
			else
				printf("ERROR: scenario %s on %s/%s: %s: %s (log %s/results/%s-%s-%s.log)\n",
				       scn_name[s], base, arm_names[a],
				       jstr(c->res, "error.phase", "vmrun"),
				       jstr(c->res, "error.reason", c->why), build, base,
				       arm_names[a], scn_name[s]);
		}
	fflush(stdout);
}

static void md_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static double wall(const struct jnode *r, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "wall_s.%s", key);
	return jnum(r, path, 0);
}

/* The oracle's part: complete dumps crash read as the reader did, its time. */
static void oracle_footer(FILE *f)
{
	int complete = 0, agreed = 0;
	const char *tool = "crash";
	double secs = 0;

	for (int s = 0; s < nscn; s++)
		for (int k = 0; k < narms; k++) {
			const struct jnode *r = cells[s][arm_of[k]].res;

			if (!r || strcmp(jstr(r, "verdict", ""), "complete"))
				continue;
			complete++;
			agreed += jbool(r, "oracle.agrees");
			secs += jnum(r, "oracle.seconds", 0);
			tool = jstr(r, "oracle.tool", tool);
		}
	if (complete)
		fprintf(f, "Oracle: %s read %d of %d complete dumps as the harness's reader did "
			"(%.0f s in all).\n\n", tool, agreed, complete, secs);
}

static int write_outputs(double elapsed, int *met, int *cellsn)
{
	static const char *const split[] = { "boot", "workload_to_capture", "capture_boot",
					     "collector", "verify" };
	char md[4096], js[4096], tmp[4200], text[600];
	double sum[5] = { 0 };
	int runs = 0, errors = 0;
	FILE *f;

	*met = *cellsn = 0;
	snprintf(md, sizeof(md), "%s/results/%s.md", build, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", md);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fputs("| scenario |", f);
	for (int k = 0; k < narms; k++)
		fprintf(f, " %s |", arm_names[arm_of[k]]);
	fputs("\n|---|", f);
	for (int k = 0; k < narms; k++)
		fputs("---|", f);
	fputc('\n', f);
	for (int s = 0; s < nscn; s++) {
		fprintf(f, "| %s | ", scn_name[s]);
		for (int k = 0; k < narms; k++) {
			int a = arm_of[k];

			cell_text(&cells[s][a], text, sizeof(text));
			md_escape(f, text);
			fputs(k < narms - 1 ? " | " : " |\n", f);
			(*cellsn)++;
			*met += cells[s][a].rc == 0;
			errors += cells[s][a].rc == 2;
			if (cells[s][a].res) {
				runs++;
				for (int j = 0; j < 5; j++)
					sum[j] += wall(cells[s][a].res, split[j]);
			}
		}
	}
	fprintf(f, "\n%d of %d runs met their scenario's expectation (%s, base %s); "
		"%d did not happen (⚠ error, not a kernel verdict).\n\n",
		*met, *cellsn, "✓ met, ✗ not met", base, errors);
	oracle_footer(f);
	fputs("| scenario | wall time, s (", f);
	for (int k = 0; k < narms; k++)
		fprintf(f, "%s%s", k ? " + " : "", arm_names[arm_of[k]]);
	fputs(") |\n|---|---|\n", f);
	for (int s = 0; s < nscn; s++) {
		double all = 0;

		fprintf(f, "| %s | ", scn_name[s]);
		for (int k = 0; k < narms; k++) {
			const struct jnode *r = cells[s][arm_of[k]].res;
			double t = r ? wall(r, "total") : 0;

			fprintf(f, "%s%.0f", k ? " + " : "", t);
			all += t;
		}
		fprintf(f, " = %.0f |\n", all);
	}
	fprintf(f, "| **whole run** | %.0f (two runs at a time) |\n\n", elapsed);
	if (runs)
		fprintf(f, "Mean split of a run, s: boot %.1f, panic to capture kernel %.1f, "
			"capture boot %.1f, collector %.1f, verify %.2f.\n",
			sum[0] / runs, sum[1] / runs, sum[2] / runs, sum[3] / runs, sum[4] / runs);
	if (fclose(f) || rename(tmp, md))
		return -1;

	snprintf(js, sizeof(js), "%s/results/%s.json", build, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", js);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "{\n  \"base\": \"%s\",\n  \"wall_s\": %.1f,\n  \"scenarios\": [", base, elapsed);
	for (int s = 0; s < nscn; s++) {
		fprintf(f, "%s\n    {\"scenario\": \"%s\", \"arms\": {", s ? "," : "", scn_name[s]);
		for (int k = 0; k < narms; k++) {
			int a = arm_of[k];
			char res[12400];
			FILE *r;
			size_t n;

			fprintf(f, "%s\"%s\": {\"rc\": %d, \"result\": ", k ? ", " : "", arm_names[a],
				cells[s][a].rc);
			snprintf(res, sizeof(res), "%s/results/%s/%s/%s.json", build, base,
				 arm_names[a], scn_name[s]);
			r = cells[s][a].res ? fopen(res, "r") : NULL;
			if (!r) {
				fputs("null", f);
			} else {
				while ((n = fread(text, 1, sizeof(text), r)) > 0)
					fwrite(text, 1, n, f);
				fclose(r);
			}
			fputc('}', f);
		}
		fputs("}}", f);
	}
	fputs("\n  ]\n}\n", f);
	if (fclose(f) || rename(tmp, js))
		return -1;
	return 0;
}

static bool runs_arm(int a)
{
	for (int k = 0; k < narms; k++)
		if (arm_of[k] == a)
			return true;
	return false;
}

/* --arms: a comma-separated list of arm names, kept in arm_names' order. */
static int parse_arms(const char *list)
{
	bool want[ARMS] = { false };
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		int a;

		for (a = 0; a < ARMS; a++)
			if (strlen(arm_names[a]) == len && !strncmp(p, arm_names[a], len))
				break;
		if (a == ARMS) {
			fprintf(stderr, "compare: no arm '%.*s' in --arms %s; it takes some of "
				"nofix,upstream,series\n", (int)len, p, list);
			return -1;
		}
		want[a] = true;
		p += len + (p[len] == ',');
	}
	for (int a = 0; a < ARMS; a++)
		if (want[a])
			arm_of[narms++] = a;
	if (!narms) {
		fprintf(stderr, "compare: --arms names no arm; it takes some of nofix,upstream,series\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "name", required_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'c' },
		{ "arms", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	double t0 = now_s();
	int o, jobs = 2, met, total;
	const char *arms = "nofix,upstream,series";
	char path[4096];

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'b')
			build = optarg;
		else if (o == 'B')
			base = optarg;
		else if (o == 'j')
			jobs = atoi(optarg);
		else if (o == 'n')
			name = optarg;
		else if (o == 'c')
			check_lines = true;
		else if (o == 'a')
			arms = optarg;
		else
			return fprintf(stderr, "usage: compare [--build DIR] [--base BASE] [--jobs N] [--name NAME] [--check] [--arms ARM,...] SCENARIO...\n"), 2;
	}
	if (parse_arms(arms))
		return 2;
	if (optind == argc || jobs < 1 || argc - optind > MAX_SCN)
		return fprintf(stderr, "usage: compare [--build DIR] [--base BASE] [--jobs N] SCENARIO... (at most %d)\n",
			       MAX_SCN), 2;
	for (int i = optind; i < argc; i++) {
		const char *b = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		scn_path[nscn] = argv[i];
		snprintf(scn_name[nscn], sizeof(scn_name[0]), "%.*s", (int)strcspn(b, "."), b);
		nscn++;
	}
	snprintf(path, sizeof(path), "%s/results", build);
	if (mkdir(path, 0755) && errno != EEXIST)
		return fprintf(stderr, "compare: cannot create %s: %s\n", path, strerror(errno)), 2;

	fprintf(stderr, "==> %d scenarios x %d arms (%s) on %s, %d at a time\n", nscn, narms, arms,
		base, jobs);
	run_all(jobs);
	for (int s = 0; s < nscn; s++)
		for (int a = 0; a < ARMS; a++) {
			if (!runs_arm(a))
				continue;
			snprintf(path, sizeof(path), "%s/results/%s/%s/%s.json", build, base,
				 arm_names[a], scn_name[s]);
			cells[s][a].res = jparse_file(path);
			if (!cells[s][a].res)
				log_tail(s, a, cells[s][a].why, sizeof(cells[s][a].why));
		}
	/* the verdicts first: a full disk must not hide them */
	if (check_lines)
		print_lines();
	if (write_outputs(now_s() - t0, &met, &total))
		return fprintf(stderr, "compare: cannot write %s/results/%s.md and .json: %s\n",
			       build, name, strerror(errno)), 2;
	if (!check_lines) {
		snprintf(path, sizeof(path), "%s/results/%s.md", build, name);
		print_file(path);
	}
	for (int s = 0; s < nscn; s++)
		for (int a = 0; a < ARMS; a++)
			jfree(cells[s][a].res);
	return met == total ? 0 : 1;
}
