/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal writer of "newc" cpio archives: a scenario's files are packed
 * into one and appended to the guest's base initramfs (Linux unpacks
 * concatenated archives in order).
 */
#ifndef HARNESS_CPIO_H
#define HARNESS_CPIO_H

#include <stddef.h>
#include <stdio.h>

struct cpio {
	FILE *f;
	unsigned int ino;
};

int cpio_open(struct cpio *c, const char *path);
int cpio_dir(struct cpio *c, const char *name);
int cpio_file(struct cpio *c, const char *name, unsigned int mode,
	      const void *data, size_t len);
/* Copy the regular file src as name, with its permissions. */
int cpio_copy(struct cpio *c, const char *name, const char *src);
int cpio_tree(struct cpio *c, const char *name, const char *src);
int cpio_close(struct cpio *c);

#endif
