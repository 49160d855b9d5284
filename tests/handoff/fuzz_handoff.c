// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the capture kernel's parser of the hwpoison
 * hand-off (the series' fs/proc/vmcore_hwpoison.c). Its input comes from a
 * crashed kernel, so any bytes must be safe: each input is parsed as the
 * text of a VMCOREINFO note (with 4 KiB and 64 KiB pages) and walked as a
 * buffer of ELF notes. Beyond what ASan and UBSan catch, a list that
 * parses must keep the parser's promises: at most 16 ranges, sorted and
 * disjoint, each hidden page inside a range that an HWPOISON_RANGE line of
 * the input names (checked with a separate, naive reading of the lines).
 * Build and run: make -C tests/handoff fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore_hwpoison.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Is [first, last] inside one HWPOISON_RANGE of @text, naively read? */
static int named(const char *text, size_t size, unsigned int shift,
		 uint64_t first, uint64_t last)
{
	static const char key[] = "HWPOISON_RANGE=";
	const char *s = text, *end = text + size;

	while (s < end) {
		const char *eol = memchr(s, '\n', end - s);
		unsigned long long start, len;
		char line[80];
		size_t n;

		if (!eol)
			break;
		n = eol - s;
		if (n < sizeof(line) && n > sizeof(key) - 1 &&
		    !memcmp(s, key, sizeof(key) - 1)) {
			memcpy(line, s, n);
			line[n] = 0;
			if (sscanf(line + sizeof(key) - 1, "%llx+%llx", &start, &len) == 2 &&
			    len && first >= start >> shift &&
			    last <= (start + len - 1) >> shift)
				return 1;
		}
		s = eol + 1;
	}
	return 0;
}

static void check(const char *text, size_t size, unsigned int shift)
{
	struct vmcore_hwpoison hp;
	enum vmcore_hwpoison_status st;
	const char *why;
	uint64_t pages = 0;
	unsigned int i;

	st = vmcore_hwpoison_parse(text, size, shift, &hp, &why);
	if (st == VMCORE_HWPOISON_BAD && !why)
		abort();
	if (st != VMCORE_HWPOISON_OK) {
		if (hp.nr_ranges || hp.nr_pages || vmcore_hwpoison_has_pfn(&hp, 0))
			abort();
		return;
	}
	if (hp.nr_ranges > VMCORE_HWPOISON_MAX_RANGES || hp.nr_ranges > hp.nr_listed ||
	    hp.nr_listed > VMCORE_HWPOISON_MAX_RANGES)
		abort();
	for (i = 0; i < hp.nr_ranges; i++) {
		uint64_t a = hp.ranges[i].start, b = hp.ranges[i].end;

		if (a >= b || (i && a <= hp.ranges[i - 1].end))
			abort();
		/* 2 MiB per listed range, in 4 KiB pages at most. */
		if (b - a > 512ULL * hp.nr_listed)
			abort();
		if (!vmcore_hwpoison_has_pfn(&hp, a) || !vmcore_hwpoison_has_pfn(&hp, b - 1) ||
		    vmcore_hwpoison_has_pfn(&hp, b) || (a && vmcore_hwpoison_has_pfn(&hp, a - 1)))
			abort();
		/* Merged ranges may span several lines; check their ends. */
		if (!named(text, size, shift, a, a) || !named(text, size, shift, b - 1, b - 1))
			abort();
		pages += b - a;
	}
	if (pages != hp.nr_pages)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *info;
	size_t info_size;
	uint32_t *notes;

	check((const char *)data, size, 12);
	check((const char *)data, size, 16);

	/* As notes: the kernel's buffer is 4-byte aligned, libFuzzer's may not be. */
	notes = malloc(size ? size : 1);
	if (!notes)
		return 0;
	memcpy(notes, data, size);
	if (vmcore_hwpoison_find_info(notes, size, &info, &info_size)) {
		if (info < (const char *)notes ||
		    info_size > size - (size_t)(info - (const char *)notes))
			abort();
		check(info, info_size, 12);
	}
	free(notes);
	return 0;
}
