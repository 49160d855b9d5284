/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader, enough to read vmrun's result files and the
 * platform's record back: parse a document into a tree and look members up
 * by dotted path.
 */
#ifndef HARNESS_JSONREAD_H
#define HARNESS_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	char *key;			/* member name inside an object */
	char *str;			/* J_STR */
	double num;			/* J_NUM, J_BOOL (0 or 1) */
	struct jnode *child, *next;	/* J_ARR, J_OBJ: first member; siblings */
};

/* The document in text (NUL-terminated) or in a file; NULL if malformed. */
struct jnode *jparse_text(const char *text);
struct jnode *jparse_file(const char *path);
void jfree(struct jnode *n);
/* A member by dotted path; a number picks an array's element (pfns.0.pfn). */
const struct jnode *jget(const struct jnode *n, const char *path);
const char *jstr(const struct jnode *n, const char *path, const char *dflt);
double jnum(const struct jnode *n, const char *path, double dflt);
bool jbool(const struct jnode *n, const char *path);

#endif
