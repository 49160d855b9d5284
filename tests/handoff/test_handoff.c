// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the capture kernel's parser of the hwpoison hand-off, the
 * HWPOISON_RANGE and HWPOISON_END lines of VMCOREINFO, built on the host
 * from the series' fs/proc/vmcore_hwpoison.c. The crashed kernel writes
 * those lines while dying, so the parser must take good lists, void bad
 * ones as a whole, and never hide a page it was not asked to hide.
 *
 * usage: test_handoff [VMCOREINFO-FILE...]
 * Prints "PASS: name" or "FAIL: name: why" per unit test, then one line per
 * file given; exits 1 on a failure. Each file is the text of a real
 * VMCOREINFO note, from a dump. One without a list gets the unit tests
 * again, their lists appended to it, so that the parser also sees real
 * keys: one line for all of them. One with a list must parse to what the
 * file FILE.expect beside it says (see check_real_list()).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore_hwpoison.h"

static int failed;
/*
 * Quiet: the unit tests run again on a real VMCOREINFO; count them and keep
 * the first failure instead of printing a line each.
 */
static bool quiet;
static unsigned int quiet_runs, quiet_failed;
static char quiet_first[300];

static void result(const char *name, const char *fmt, ...)
{
	va_list ap;
	int n;

	quiet_runs++;
	if (!fmt) {
		if (!quiet)
			printf("PASS: %s\n", name);
		return;
	}
	failed = 1;
	if (quiet) {
		if (!quiet_failed++) {
			n = snprintf(quiet_first, sizeof(quiet_first), "%s: ", name);
			va_start(ap, fmt);
			vsnprintf(quiet_first + n, sizeof(quiet_first) - n, fmt, ap);
			va_end(ap);
		}
		return;
	}
	printf("FAIL: %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* A plain VMCOREINFO like a 6.1 x86_64 kernel's, shortened. */
static const char base_info[] =
	"OSRELEASE=6.1.192-series\n"
	"BUILD-ID=0123456789abcdef0123456789abcdef01234567\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_uts_ns)=ffffffff81a13600\n"
	"NUMBER(PG_hwpoison)=22\n"
	"NUMBER(PG_head_mask)=65536\n"
	"KERNELOFFSET=0\n"
	"NUMBER(sme_mask)=0\n"
	"CRASHTIME=1795569016\n";

static const char *real_info;	/* a VMCOREINFO file, or base_info */
static char buf[1 << 16];

/* real_info followed by @tail. */
static size_t with_n(const char *tail, size_t t)
{
	size_t n = strlen(real_info);

	if (n + t > sizeof(buf)) {
		fprintf(stderr, "test input too long\n");
		exit(2);
	}
	memcpy(buf, real_info, n);
	memcpy(buf + n, tail, t);
	return n + t;
}

static size_t with(const char *tail)
{
	return with_n(tail, strlen(tail));
}

static const char *status_name(enum vmcore_hwpoison_status st)
{
	switch (st) {
	case VMCORE_HWPOISON_NONE: return "NONE";
	case VMCORE_HWPOISON_OK: return "OK";
	case VMCORE_HWPOISON_BAD: return "BAD";
	}
	return "?";
}

static int all_zero(const struct vmcore_hwpoison *hp)
{
	static const struct vmcore_hwpoison zero;

	return !memcmp(hp, &zero, sizeof(zero));
}

/*
 * Parse real_info + the @tail_len bytes of @tail with @shift and check the
 * status; for OK also the number of hidden pages and of listed and dropped
 * ranges.
 */
static void expect_n(const char *name, const char *tail, size_t tail_len,
		     unsigned int shift, enum vmcore_hwpoison_status want,
		     uint64_t pages, unsigned int listed, unsigned int dropped)
{
	struct vmcore_hwpoison hp;
	enum vmcore_hwpoison_status st;
	const char *why;
	size_t n = with_n(tail, tail_len);

	memset(&hp, 0xa5, sizeof(hp));
	st = vmcore_hwpoison_parse(buf, n, shift, &hp, &why);
	if (st != want)
		return result(name, "status %s, want %s (%s)", status_name(st),
			      status_name(want), why ? why : "no reason");
	if (st == VMCORE_HWPOISON_BAD && !why)
		return result(name, "BAD without a reason");
	if (st != VMCORE_HWPOISON_OK) {
		if (!all_zero(&hp))
			return result(name, "list not cleared on %s", status_name(st));
		return result(name, NULL);
	}
	if (hp.nr_pages != pages || hp.nr_listed != listed || hp.nr_dropped != dropped)
		return result(name, "pages %llu listed %u dropped %u, want %" PRIu64 " %u %u",
			      hp.nr_pages, hp.nr_listed, hp.nr_dropped, pages, listed, dropped);
	result(name, NULL);
}

/* expect_n() for a tail without NUL bytes. */
static void expect(const char *name, const char *tail, unsigned int shift,
		   enum vmcore_hwpoison_status want, uint64_t pages,
		   unsigned int listed, unsigned int dropped)
{
	expect_n(name, tail, strlen(tail), shift, want, pages, listed, dropped);
}

/* Parse real_info + @tail (must be OK) and check pfns in and out. */
static void expect_pfns(const char *name, const char *tail, unsigned int shift,
			const uint64_t *in, size_t nin, const uint64_t *out, size_t nout)
{
	struct vmcore_hwpoison hp;
	const char *why;
	size_t i, n = with(tail);

	if (vmcore_hwpoison_parse(buf, n, shift, &hp, &why) != VMCORE_HWPOISON_OK)
		return result(name, "not OK: %s", why ? why : "no list");
	for (i = 0; i < nin; i++)
		if (!vmcore_hwpoison_has_pfn(&hp, in[i]))
			return result(name, "pfn %#" PRIx64 " not hidden", in[i]);
	for (i = 0; i < nout; i++)
		if (vmcore_hwpoison_has_pfn(&hp, out[i]))
			return result(name, "pfn %#" PRIx64 " hidden", out[i]);
	result(name, NULL);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_good(void)
{
	static const uint64_t in1[] = { 0x12345 };
	static const uint64_t out1[] = { 0, 0x12344, 0x12346, ~0ULL };
	static const uint64_t in2[] = { 0x40000, 0x400ff, 0x401ff };
	static const uint64_t out2[] = { 0x3ffff, 0x40200 };
	static const uint64_t in64k[] = { 0x1234 };
	static const uint64_t out64k[] = { 0x1233, 0x1235 };

	expect("empty input", "", 12, VMCORE_HWPOISON_NONE, 0, 0, 0);
	expect("vmcoreinfo without a list", "OSRELEASE=x\n", 12, VMCORE_HWPOISON_NONE, 0, 0, 0);
	expect("one page", "HWPOISON_RANGE=12345000+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect_pfns("one page: only that page hidden",
		    "HWPOISON_RANGE=12345000+1000\nHWPOISON_END=1,0\n", 12,
		    in1, N(in1), out1, N(out1));
	expect("one 2 MiB block", "HWPOISON_RANGE=40000000+200000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_OK, 512, 1, 0);
	expect_pfns("one 2 MiB block: its pages hidden",
		    "HWPOISON_RANGE=40000000+200000\nHWPOISON_END=1,0\n", 12,
		    in2, N(in2), out2, N(out2));
	expect("4 KiB page in a 64 KiB-page kernel",
	       "HWPOISON_RANGE=12345000+1000\nHWPOISON_END=1,0\n", 16, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect_pfns("64 KiB-page kernel hides the page around it",
		    "HWPOISON_RANGE=12345000+1000\nHWPOISON_END=1,0\n", 16,
		    in64k, N(in64k), out64k, N(out64k));
	expect("2 MiB in a 64 KiB-page kernel",
	       "HWPOISON_RANGE=40000000+200000\nHWPOISON_END=1,0\n", 16, VMCORE_HWPOISON_OK, 32, 1, 0);
	expect("all dropped", "HWPOISON_END=0,3\n", 12, VMCORE_HWPOISON_OK, 0, 0, 3);
	expect("dropped count at its maximum", "HWPOISON_END=0,4294967295\n", 12,
	       VMCORE_HWPOISON_OK, 0, 0, 4294967295u);
	expect("leading zeros", "HWPOISON_RANGE=0000000012345000+01000\nHWPOISON_END=01,00\n",
	       12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("16 hex digits", "HWPOISON_RANGE=000fffffffffe000+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("page zero", "HWPOISON_RANGE=0+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("last page of the address space",
	       "HWPOISON_RANGE=fffffffffffff000+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("unknown HWPOISON_ keys are ignored",
	       "HWPOISON_FUTURE=whatever\nHWPOISON_RANGE=1000+1000\nHWPOISON_END=1,0\n"
	       "HWPOISON_RANGES_FOO=1\n", 12, VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("lines after the list are ignored",
	       "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1,0\nFOO=bar\nunterminated", 12,
	       VMCORE_HWPOISON_OK, 1, 1, 0);
	expect("list in the middle of the note",
	       "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1,0\nCRASHTIME=1\n", 12,
	       VMCORE_HWPOISON_OK, 1, 1, 0);
}

static void test_cap(void)
{
	char tail[4096];
	int i, n;

	for (n = 0, i = 0; i < 16; i++)
		n += sprintf(tail + n, "HWPOISON_RANGE=%x+1000\n", (i + 1) * 0x10000);
	sprintf(tail + n, "HWPOISON_END=16,5\n");
	expect("16 ranges, the cap", tail, 12, VMCORE_HWPOISON_OK, 16, 16, 5);

	for (n = 0, i = 0; i < 17; i++)
		n += sprintf(tail + n, "HWPOISON_RANGE=%x+1000\n", (i + 1) * 0x10000);
	sprintf(tail + n, "HWPOISON_END=17,0\n");
	expect("17 ranges, above the cap", tail, 12, VMCORE_HWPOISON_BAD, 0, 0, 0);

	for (n = 0, i = 0; i < 16; i++)
		n += sprintf(tail + n, "HWPOISON_RANGE=%x+200000\n", (i + 1) * 0x400000);
	sprintf(tail + n, "HWPOISON_END=16,0\n");
	expect("16 ranges of 2 MiB", tail, 12, VMCORE_HWPOISON_OK, 16 * 512, 16, 0);
}

static void test_duplicates(void)
{
	static const uint64_t in[] = { 0x1000, 0x1001, 0x1002, 0x1003, 0x1200 };
	static const uint64_t out[] = { 0xfff, 0x1004, 0x11ff, 0x1201 };
	char tail[1024];
	int i, n;

	expect("the same page twice",
	       "HWPOISON_RANGE=1000000+1000\nHWPOISON_RANGE=1000000+1000\nHWPOISON_END=2,0\n",
	       12, VMCORE_HWPOISON_OK, 1, 2, 0);
	for (i = 0, n = 0; i < 16; i++)
		n += sprintf(tail + n, "HWPOISON_RANGE=5000+1000\n");
	sprintf(tail + n, "HWPOISON_END=16,0\n");
	expect("16 times the same page", tail, 12, VMCORE_HWPOISON_OK, 1, 16, 0);
	expect("a page inside a block",
	       "HWPOISON_RANGE=40000000+200000\nHWPOISON_RANGE=40123000+1000\nHWPOISON_END=2,0\n",
	       12, VMCORE_HWPOISON_OK, 512, 2, 0);
	expect("overlapping ranges",
	       "HWPOISON_RANGE=100000+3000\nHWPOISON_RANGE=102000+3000\nHWPOISON_END=2,0\n",
	       12, VMCORE_HWPOISON_OK, 5, 2, 0);
	expect("adjacent ranges, out of order",
	       "HWPOISON_RANGE=1002000+2000\nHWPOISON_RANGE=1000000+2000\nHWPOISON_END=2,0\n",
	       12, VMCORE_HWPOISON_OK, 4, 2, 0);
	expect_pfns("merged ranges hide exactly their pages",
		    "HWPOISON_RANGE=1200000+1000\nHWPOISON_RANGE=1002000+2000\n"
		    "HWPOISON_RANGE=1000000+2000\nHWPOISON_RANGE=1001000+1000\nHWPOISON_END=4,0\n",
		    12, in, N(in), out, N(out));
}

static void test_garbage(void)
{
	static const struct { const char *name, *tail; } bad[] = {
		{ "not hex", "HWPOISON_RANGE=xyz+1000\nHWPOISON_END=1,0\n" },
		{ "upper-case hex", "HWPOISON_RANGE=ABC000+1000\nHWPOISON_END=1,0\n" },
		{ "0x prefix", "HWPOISON_RANGE=0x1000+1000\nHWPOISON_END=1,0\n" },
		{ "space", "HWPOISON_RANGE= 1000+1000\nHWPOISON_END=1,0\n" },
		{ "trailing space", "HWPOISON_RANGE=1000+1000 \nHWPOISON_END=1,0\n" },
		{ "CRLF", "HWPOISON_RANGE=1000+1000\r\nHWPOISON_END=1,0\n" },
		{ "missing size", "HWPOISON_RANGE=1000\nHWPOISON_END=1,0\n" },
		{ "empty size", "HWPOISON_RANGE=1000+\nHWPOISON_END=1,0\n" },
		{ "empty start", "HWPOISON_RANGE=+1000\nHWPOISON_END=1,0\n" },
		{ "empty value", "HWPOISON_RANGE=\nHWPOISON_END=1,0\n" },
		{ "start-end form", "HWPOISON_RANGE=1000-1fff\nHWPOISON_END=1,0\n" },
		{ "minus sign", "HWPOISON_RANGE=-1000+1000\nHWPOISON_END=1,0\n" },
		{ "two sizes", "HWPOISON_RANGE=1000+1000+1000\nHWPOISON_END=1,0\n" },
		{ "NUL in a range", "HWPOISON_RANGE=1000\0+1000\nHWPOISON_END=1,0\n" },
		{ "size 0", "HWPOISON_RANGE=1000+0\nHWPOISON_END=1,0\n" },
		{ "size above 2 MiB", "HWPOISON_RANGE=0+201000\nHWPOISON_END=1,0\n" },
		{ "size 4 GiB", "HWPOISON_RANGE=0+100000000\nHWPOISON_END=1,0\n" },
		{ "start not aligned", "HWPOISON_RANGE=1234+1000\nHWPOISON_END=1,0\n" },
		{ "size not aligned", "HWPOISON_RANGE=1000+fff\nHWPOISON_END=1,0\n" },
		{ "END not decimal", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=a,0\n" },
		{ "END without dropped", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1\n" },
		{ "END with empty dropped", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1,\n" },
		{ "END with three numbers", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1,0,0\n" },
		{ "END counts too many", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=2,0\n" },
		{ "END counts too few", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=0,0\n" },
		{ "range after END", "HWPOISON_END=0,0\nHWPOISON_RANGE=1000+1000\n" },
		{ "two ENDs", "HWPOISON_RANGE=1000+1000\nHWPOISON_END=1,0\nHWPOISON_END=1,0\n" },
		{ "ranges without END", "HWPOISON_RANGE=1000+1000\nHWPOISON_RANGE=2000+1000\n" },
		{ "a good list, then a bad range",
		  "HWPOISON_RANGE=1000+1000\nHWPOISON_RANGE=zz+1000\nHWPOISON_END=2,0\n" },
	};
	size_t i;

	for (i = 0; i < N(bad); i++) {
		char name[128];
		size_t t;

		snprintf(name, sizeof(name), "garbage: %s", bad[i].name);
		/* Explicit length: one tail has a NUL in it. */
		t = strlen(bad[i].tail);
		if (!strcmp(bad[i].name, "NUL in a range"))
			t = sizeof("HWPOISON_RANGE=1000\0+1000\nHWPOISON_END=1,0\n") - 1;
		expect_n(name, bad[i].tail, t, 12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	}
}

static void test_overflow(void)
{
	expect("17 hex digits", "HWPOISON_RANGE=00000000012345000+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("start above 2^64", "HWPOISON_RANGE=10000000000000000+1000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("range wraps around 2^64",
	       "HWPOISON_RANGE=fffffffffffff000+2000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("size with 17 hex digits", "HWPOISON_RANGE=1000+00000000000001000\nHWPOISON_END=1,0\n",
	       12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("dropped above 2^32", "HWPOISON_END=0,4294967296\n", 12, VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("dropped with 11 digits", "HWPOISON_END=0,00000000001\n", 12,
	       VMCORE_HWPOISON_BAD, 0, 0, 0);
	expect("listed above 2^32 wrapping to 1",
	       "HWPOISON_RANGE=1000+1000\nHWPOISON_END=4294967297,0\n", 12,
	       VMCORE_HWPOISON_BAD, 0, 0, 0);
}

/*
 * vmcoreinfo_append_str() cuts what does not fit in its page. Cut a
 * complete hand-off at every byte: before the list starts the note has no
 * list (NONE); from its first byte up to the last newline it is void
 * (BAD); only whole is it OK.
 */
static void test_truncation(void)
{
	static const char tail[] =
		"HWPOISON_RANGE=12345000+1000\nHWPOISON_RANGE=40000000+200000\n"
		"HWPOISON_END=2,1\n";
	size_t n = with(tail), start = strlen(real_info), cut;
	struct vmcore_hwpoison hp;
	const char *why;
	enum vmcore_hwpoison_status st, want;

	for (cut = 0; cut <= n; cut++) {
		st = vmcore_hwpoison_parse(buf, cut, 12, &hp, &why);
		want = cut <= start ? VMCORE_HWPOISON_NONE :
		       cut < n ? VMCORE_HWPOISON_BAD : VMCORE_HWPOISON_OK;
		if (st != want) {
			result("truncation at every byte", "cut at %zu of %zu: %s, want %s",
			       cut, n, status_name(st), status_name(want));
			return;
		}
	}
	result("truncation at every byte", NULL);
}

/* Notes as the capture kernel has them: 4-byte aligned, native order. */
static size_t put_note(unsigned char *p, const char *name, uint32_t namesz,
		       const void *desc, uint32_t descsz, uint32_t type)
{
	uint32_t h[3] = { namesz, descsz, type };
	size_t n = 12;

	memcpy(p, h, 12);
	memset(p + n, 0, (namesz + 3) & ~3u);
	memcpy(p + n, name, namesz);
	n += (namesz + 3) & ~3u;
	memset(p + n, 0, (descsz + 3) & ~3u);
	memcpy(p + n, desc, descsz);
	return n + ((descsz + 3) & ~3u);
}

static void test_notes(void)
{
	static uint32_t notes[4096];
	unsigned char *p = (unsigned char *)notes;
	static const char prstatus[336];
	const char *info;
	size_t n, info_size, vi;
	uint32_t bad[3];

	n = put_note(p, "CORE", 5, prstatus, sizeof(prstatus), 1);
	n += put_note(p + n, "CORE", 5, prstatus, sizeof(prstatus), 1);
	n += put_note(p + n, "VMCOREINFO_XEN", 15, "X=1\n", 4, 0);
	vi = n;
	n += put_note(p + n, "VMCOREINFO", 11, base_info, strlen(base_info), 0);
	memset(p + n, 0, 12);
	n += 12;

	if (!vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: VMCOREINFO found after CORE notes", "not found");
	else if (info != (const char *)p + vi + 12 + 12 || info_size != strlen(base_info) ||
		 memcmp(info, base_info, info_size))
		result("notes: VMCOREINFO found after CORE notes", "wrong contents");
	else
		result("notes: VMCOREINFO found after CORE notes", NULL);

	if (vmcore_hwpoison_find_info(notes, 0, &info, &info_size) ||
	    vmcore_hwpoison_find_info(notes, 11, &info, &info_size))
		result("notes: empty or short buffer", "found something");
	else
		result("notes: empty or short buffer", NULL);

	/* The VMCOREINFO note cut short: its description does not fit. */
	if (vmcore_hwpoison_find_info(notes, vi + 12 + 12 + 8, &info, &info_size))
		result("notes: truncated VMCOREINFO note", "found");
	else
		result("notes: truncated VMCOREINFO note", NULL);

	/* A terminator (empty name) before it ends the walk. */
	memcpy(bad, p, 12);
	memset(p, 0, 12);
	if (vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: walk stops at an empty name", "found");
	else
		result("notes: walk stops at an empty name", NULL);
	memcpy(p, bad, 12);

	/* Sizes that overflow when aligned, or point far past the end. */
	bad[0] = 0xffffffffu;
	memcpy(p, bad, 4);
	if (vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: name size 2^32-1", "found");
	else
		result("notes: name size 2^32-1", NULL);
	bad[0] = 5;
	bad[1] = 0xfffffffdu;
	memcpy(p, bad, 8);
	if (vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: description size 2^32-3", "found");
	else
		result("notes: description size 2^32-3", NULL);

	/* A name of the right length that is not VMCOREINFO. */
	n = put_note(p, "VMCOREINFX", 11, base_info, strlen(base_info), 0);
	if (vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: similar name", "found");
	else
		result("notes: similar name", NULL);
	/* The name without its NUL. */
	n = put_note(p, "VMCOREINFO", 10, base_info, strlen(base_info), 0);
	if (vmcore_hwpoison_find_info(notes, n, &info, &info_size))
		result("notes: name without NUL", "found");
	else
		result("notes: name without NUL", NULL);
}

/*
 * Random lists as crash_core.c writes them (its format string), against
 * a brute-force membership test of the page frames around every range.
 */
static void test_random(void)
{
	char tail[4096];
	unsigned int round, i, nr, shift;
	uint64_t start[16], size[16];
	struct vmcore_hwpoison hp;
	const char *why;
	size_t n;

	srand(1);
	for (round = 0; round < 20000; round++) {
		int t = 0;

		nr = rand() % 17;
		shift = (rand() & 1) ? 12 : 16;
		for (i = 0; i < nr; i++) {
			start[i] = ((uint64_t)rand() % 4096) << (12 + rand() % 20);
			size[i] = (uint64_t)(1 + rand() % 512) << 12;
			if (size[i] > 0x200000)
				size[i] = 0x200000;
			t += sprintf(tail + t, "HWPOISON_RANGE=%llx+%llx\n",
				     (unsigned long long)start[i], (unsigned long long)size[i]);
		}
		sprintf(tail + t, "HWPOISON_END=%u,%u\n", nr, round % 3);
		n = with(tail);
		if (vmcore_hwpoison_parse(buf, n, shift, &hp, &why) != VMCORE_HWPOISON_OK)
			return result("random lists against brute force", "round %u: %s",
				      round, why ? why : "NONE");
		for (i = 0; i < nr; i++) {
			int64_t d;

			for (d = -2; d <= 2; d++) {
				uint64_t pfns[2] = { (start[i] >> shift) + d,
						     ((start[i] + size[i] - 1) >> shift) + d };
				int k;

				for (k = 0; k < 2; k++) {
					uint64_t pfn = pfns[k];
					int want = 0;
					unsigned int j;

					for (j = 0; j < nr; j++)
						if (pfn >= start[j] >> shift &&
						    pfn <= (start[j] + size[j] - 1) >> shift)
							want = 1;
					if (vmcore_hwpoison_has_pfn(&hp, pfn) != want)
						return result("random lists against brute force",
							      "round %u: pfn %#llx %s", round,
							      (unsigned long long)pfn,
							      want ? "not hidden" : "hidden");
				}
			}
		}
	}
	result("random lists against brute force", NULL);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (!f) {
		perror(path);
		exit(2);
	}
	s = calloc(1, sizeof(buf) / 2 + 1);
	n = fread(s, 1, sizeof(buf) / 2, f);
	s[n] = 0;
	fclose(f);
	return s;
}

static void run_all(void)
{
	test_good();
	test_cap();
	test_duplicates();
	test_garbage();
	test_overflow();
	test_truncation();
}

/*
 * A note a series kernel wrote with a list: it must parse to exactly what
 * PATH.expect says, lines "pages N", "listed N", "dropped N", "hidden PFN"
 * (a page the list hides) and "kept PFN" (one it must not hide).
 */
static void check_real_list(const char *path, const struct vmcore_hwpoison *hp)
{
	char epath[4096], line[200], name[300], key[20];
	unsigned long long v;
	unsigned int checks = 0;
	FILE *f;

	snprintf(name, sizeof(name), "the real list of %s", path);
	snprintf(epath, sizeof(epath), "%s.expect", path);
	f = fopen(epath, "r");
	if (!f)
		return result(name, "no %s saying what it holds", epath);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%19s %lli", key, &v) != 2) {
			fclose(f);
			return result(name, "%s: bad line '%s'", epath, line);
		}
		checks++;
		if ((!strcmp(key, "pages") && hp->nr_pages != v) ||
		    (!strcmp(key, "listed") && hp->nr_listed != v) ||
		    (!strcmp(key, "dropped") && hp->nr_dropped != v) ||
		    (!strcmp(key, "hidden") && !vmcore_hwpoison_has_pfn(hp, v)) ||
		    (!strcmp(key, "kept") && vmcore_hwpoison_has_pfn(hp, v))) {
			fclose(f);
			return result(name, "%s %#llx does not hold (pages %llu, listed %u, dropped %u)",
				      key, v, (unsigned long long)hp->nr_pages, hp->nr_listed,
				      hp->nr_dropped);
		}
		if (strcmp(key, "pages") && strcmp(key, "listed") && strcmp(key, "dropped") &&
		    strcmp(key, "hidden") && strcmp(key, "kept")) {
			fclose(f);
			return result(name, "%s: unknown key '%s'", epath, key);
		}
	}
	fclose(f);
	if (!checks)
		return result(name, "%s checks nothing", epath);
	result(name, NULL);
}

int main(int argc, char **argv)
{
	int i;

	real_info = base_info;
	run_all();
	test_notes();
	test_random();
	for (i = 1; i < argc; i++) {
		struct vmcore_hwpoison hp;
		const char *why;
		char name[300], *text;

		text = slurp(argv[i]);
		real_info = text;
		switch (vmcore_hwpoison_parse(real_info, strlen(real_info), 12, &hp, &why)) {
		case VMCORE_HWPOISON_NONE:
			/* A note without a list: the tests append theirs. */
			quiet = true;
			quiet_runs = quiet_failed = 0;
			run_all();
			quiet = false;
			snprintf(name, sizeof(name), "the unit tests after the keys of %s", argv[i]);
			if (quiet_failed)
				result(name, "%u of %u fail, first %s", quiet_failed, quiet_runs,
				       quiet_first);
			else
				result(name, NULL);
			break;
		case VMCORE_HWPOISON_OK:
			check_real_list(argv[i], &hp);
			break;
		case VMCORE_HWPOISON_BAD:
			snprintf(name, sizeof(name), "%s parses", argv[i]);
			result(name, "%s", why);
			break;
		}
		free(text);
	}
	return failed;
}
