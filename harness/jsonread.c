// SPDX-License-Identifier: GPL-2.0
/*
 * JSON reader (see jsonread.h). Recursive descent with a depth limit;
 * \uXXXX escapes other than ASCII are kept as '?'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

#define MAX_DEPTH	32
#define MAX_FILE	(4 << 20)

struct parser {
	const char *p;
	int depth;
};

static void ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r')
		ps->p++;
}

static char *string(struct parser *ps)
{
	size_t cap = 16, n = 0;
	char *s = malloc(cap);

	if (!s || *ps->p != '"')
		return free(s), NULL;
	ps->p++;
	while (*ps->p && *ps->p != '"') {
		char c = *ps->p++;

		if (c == '\\') {
			c = *ps->p++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u') {
				unsigned int u = 0;

				if (sscanf(ps->p, "%4x", &u) != 1)
					return free(s), NULL;
				ps->p += 4;
				c = u < 0x80 ? (char)u : '?';
			} else if (!c) {
				return free(s), NULL;
			}
		}
		if (n + 2 > cap) {
			char *t = realloc(s, cap *= 2);

			if (!t)
				return free(s), NULL;
			s = t;
		}
		s[n++] = c;
	}
	if (*ps->p != '"')
		return free(s), NULL;
	ps->p++;
	s[n] = '\0';
	return s;
}

static struct jnode *value(struct parser *ps);

static struct jnode *container(struct parser *ps, struct jnode *n, char close)
{
	struct jnode **tail = &n->child;

	ps->p++;
	ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return n;
	}
	for (;;) {
		char *key = NULL;
		struct jnode *c;

		ws(ps);
		if (close == '}') {
			key = string(ps);
			ws(ps);
			if (!key || *ps->p != ':')
				return free(key), jfree(n), NULL;
			ps->p++;
		}
		c = value(ps);
		if (!c)
			return free(key), jfree(n), NULL;
		c->key = key;
		*tail = c;
		tail = &c->next;
		ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != close)
			return jfree(n), NULL;
		ps->p++;
		return n;
	}
}

static struct jnode *value(struct parser *ps)
{
	struct jnode *n;

	if (++ps->depth > MAX_DEPTH)
		return NULL;
	ws(ps);
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	if (*ps->p == '{') {
		n->type = J_OBJ;
		n = container(ps, n, '}');
	} else if (*ps->p == '[') {
		n->type = J_ARR;
		n = container(ps, n, ']');
	} else if (*ps->p == '"') {
		n->type = J_STR;
		n->str = string(ps);
		if (!n->str)
			n = (jfree(n), NULL);
	} else if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5)) {
		n->type = J_BOOL;
		n->num = *ps->p == 't';
		ps->p += n->num ? 4 : 5;
	} else if (!strncmp(ps->p, "null", 4)) {
		ps->p += 4;
	} else {
		char *end;

		n->type = J_NUM;
		n->num = strtod(ps->p, &end);
		if (end == ps->p)
			n = (jfree(n), NULL);
		else
			ps->p = end;
	}
	ps->depth--;
	return n;
}

struct jnode *jparse_text(const char *text)
{
	struct parser ps = { .p = text, .depth = 0 };
	struct jnode *n = value(&ps);

	ws(&ps);
	if (n && *ps.p)
		n = (jfree(n), NULL);
	return n;
}

struct jnode *jparse_file(const char *path)
{
	struct jnode *n = NULL;
	FILE *f = fopen(path, "r");
	char *text;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = len >= 0 && len < MAX_FILE ? calloc(1, (size_t)len + 1) : NULL;
	if (text && fread(text, 1, (size_t)len, f) == (size_t)len)
		n = jparse_text(text);
	free(text);
	fclose(f);
	return n;
}

void jfree(struct jnode *n)
{
	while (n) {
		struct jnode *next = n->next;

		jfree(n->child);
		free(n->key);
		free(n->str);
		free(n);
		n = next;
	}
}

const struct jnode *jget(const struct jnode *n, const char *path)
{
	while (n && *path) {
		size_t len = strcspn(path, ".");
		const struct jnode *c = NULL;

		if (n->type == J_ARR && len && strspn(path, "0123456789") == len) {
			unsigned long i = strtoul(path, NULL, 10);

			for (c = n->child; c && i; c = c->next)
				i--;
		} else if (n->type == J_OBJ) {
			for (c = n->child; c; c = c->next)
				if (c->key && strlen(c->key) == len && !strncmp(c->key, path, len))
					break;
		}
		n = c;
		path += len + (path[len] == '.');
	}
	return n;
}

const char *jstr(const struct jnode *n, const char *path, const char *dflt)
{
	n = jget(n, path);
	return n && n->type == J_STR ? n->str : dflt;
}

double jnum(const struct jnode *n, const char *path, double dflt)
{
	n = jget(n, path);
	return n && (n->type == J_NUM || n->type == J_BOOL) ? n->num : dflt;
}

bool jbool(const struct jnode *n, const char *path)
{
	n = jget(n, path);
	return n && n->type == J_BOOL && n->num;
}
