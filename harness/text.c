// SPDX-License-Identifier: GPL-2.0
/*
 * Text built up piece by piece (see text.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

void appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s", sep);
	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}
