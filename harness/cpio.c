// SPDX-License-Identifier: GPL-2.0
/*
 * newc cpio writer (see cpio.h). Owner root, time 0, so the same inputs
 * give the same archive.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"

static int header(struct cpio *c, const char *name, unsigned int mode, size_t len)
{
	static const char zeros[4];
	size_t namelen = strlen(name) + 1;

	fprintf(c->f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		++c->ino, mode, 0, 0, 1, 0, len, 0, 0, 0, 0, namelen, 0);
	fwrite(name, 1, namelen, c->f);
	fwrite(zeros, 1, (4 - (110 + namelen) % 4) % 4, c->f);
	return ferror(c->f) ? -EIO : 0;
}

int cpio_open(struct cpio *c, const char *path)
{
	c->ino = 0;
	c->f = fopen(path, "wb");
	return c->f ? 0 : -errno;
}

int cpio_dir(struct cpio *c, const char *name)
{
	return header(c, name, 040755, 0);
}

int cpio_file(struct cpio *c, const char *name, unsigned int mode,
	      const void *data, size_t len)
{
	static const char zeros[4];

	if (header(c, name, 0100000 | mode, len))
		return -EIO;
	fwrite(data, 1, len, c->f);
	fwrite(zeros, 1, (4 - len % 4) % 4, c->f);
	return ferror(c->f) ? -EIO : 0;
}

int cpio_copy(struct cpio *c, const char *name, const char *src)
{
	FILE *f = fopen(src, "rb");
	struct stat st;
	char *buf = NULL;
	int rc = -EIO;

	if (f && !fstat(fileno(f), &st) && (buf = malloc((size_t)st.st_size + 1)) &&
	    fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size)
		rc = cpio_file(c, name, st.st_mode & 0777, buf, (size_t)st.st_size);
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

/* Copy the directory src, recursively, as name. */
int cpio_tree(struct cpio *c, const char *name, const char *src)
{
	struct dirent **ents;
	int n, rc;

	rc = cpio_dir(c, name);
	n = scandir(src, &ents, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char from[4096], to[4096];
		struct stat st;

		if (rc || !strcmp(ents[i]->d_name, ".") || !strcmp(ents[i]->d_name, "..")) {
			free(ents[i]);
			continue;
		}
		snprintf(from, sizeof(from), "%s/%s", src, ents[i]->d_name);
		snprintf(to, sizeof(to), "%s/%s", name, ents[i]->d_name);
		free(ents[i]);
		if (stat(from, &st)) {
			rc = -errno;
		} else if (S_ISDIR(st.st_mode)) {
			rc = cpio_tree(c, to, from);
		} else if (S_ISREG(st.st_mode)) {
			rc = cpio_copy(c, to, from);
		}
	}
	free(ents);
	return rc;
}

int cpio_close(struct cpio *c)
{
	int rc = header(c, "TRAILER!!!", 0, 0);

	if (fclose(c->f))
		rc = -errno;
	return rc;
}
