/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole-file helpers the harness tools share.
 */
#ifndef HARNESS_FILES_H
#define HARNESS_FILES_H

/* Write text to path (created or truncated); 0 or -1. */
int write_file(const char *path, const char *text);

/* Copy a file to standard output, if it exists. */
void print_file(const char *path);

#endif
