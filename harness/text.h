/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text the harness builds up piece by piece: lists of differences,
 * disagreements and problems in fixed buffers, cut short rather than
 * overflowed.
 */
#ifndef HARNESS_TEXT_H
#define HARNESS_TEXT_H

#include <stddef.h>

/* Append to buf (len bytes, NUL-terminated), after sep if buf is not empty. */
void appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
