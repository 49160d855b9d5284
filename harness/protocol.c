// SPDX-License-Identifier: GPL-2.0
/*
 * The phase lines of protocol.h as tables, for the console follower and
 * the shell-fragment generator, and the dump disk header's reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

const char *const proto_line_text[PL_COUNT] = {
#define PROTO_TEXT(name, text) text,
	PROTO_LINES(PROTO_TEXT)
#undef PROTO_TEXT
};

const char *const proto_line_name[PL_COUNT] = {
#define PROTO_NAME(name, text) #name,
	PROTO_LINES(PROTO_NAME)
#undef PROTO_NAME
};

long long disk_header_value(const char *hdr, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "\n%s=", key);
	p = strstr(hdr, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}
