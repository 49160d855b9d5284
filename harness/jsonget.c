// SPDX-License-Identifier: GPL-2.0
/*
 * jsonget: print members of a JSON file (a vmrun result, a compare table)
 * or of a line of a JSON-lines file (the platform's record), so that
 * scripts read results without scraping JSON text.
 *
 *   jsonget FILE PATH...
 *   jsonget --where KEY=VALUE... FILE PATH...
 *
 * Each PATH is dotted (wall_s.boot, oracle.tool); one line per PATH: a
 * string as it is, a number, true, false or null. With --where, FILE has
 * one object per line and the first line whose members KEY equal VALUE
 * (as strings) is read. Exits 1 if a PATH (or a matching line) is not
 * there or is an object or array, 2 if FILE is not JSON.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

#define MAX_WHERE	8

static int print(const struct jnode *doc, const char *file, const char *path)
{
	const struct jnode *n = jget(doc, path);

	if (!n || n->type == J_OBJ || n->type == J_ARR) {
		fprintf(stderr, "jsonget: %s has no value %s\n", file, path);
		return 1;
	}
	if (n->type == J_STR)
		printf("%s\n", n->str);
	else if (n->type == J_NUM)
		printf("%.15g\n", n->num);
	else if (n->type == J_BOOL)
		printf("%s\n", n->num ? "true" : "false");
	else
		printf("null\n");
	return 0;
}

static bool matches(const struct jnode *doc, char **where, int nwhere)
{
	for (int i = 0; i < nwhere; i++) {
		const char *eq = strchr(where[i], '=');
		char key[128];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - where[i]), where[i]);
		if (strcmp(jstr(doc, key, ""), eq + 1))
			return false;
	}
	return true;
}

/* The first line of a JSON-lines file that matches every KEY=VALUE. */
static struct jnode *find_line(const char *file, char **where, int nwhere)
{
	struct jnode *doc = NULL;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(file, "r");

	while (f && getline(&line, &cap, f) > 0) {
		doc = jparse_text(line);
		if (doc && matches(doc, where, nwhere))
			break;
		jfree(doc);
		doc = NULL;
	}
	free(line);
	if (f)
		fclose(f);
	return doc;
}

int main(int argc, char **argv)
{
	char *where[MAX_WHERE];
	int a = 1, nwhere = 0, rc = 0;
	struct jnode *doc;

	while (a + 1 < argc && !strcmp(argv[a], "--where") && nwhere < MAX_WHERE &&
	       strchr(argv[a + 1], '=')) {
		where[nwhere++] = argv[a + 1];
		a += 2;
	}
	if (argc - a < 2)
		return fprintf(stderr, "usage: jsonget [--where KEY=VALUE]... FILE PATH...\n"), 2;
	doc = nwhere ? find_line(argv[a], where, nwhere) : jparse_file(argv[a]);
	if (!doc)
		return fprintf(stderr, "jsonget: %s: %s\n", argv[a],
			       nwhere ? "no such line" : "not a JSON document"), nwhere ? 1 : 2;
	for (int i = a + 1; i < argc; i++)
		rc |= print(doc, argv[a], argv[i]);
	jfree(doc);
	return rc;
}
