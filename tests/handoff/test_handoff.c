// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of how the dump-capture kernel reads the record of poisoned
 * memory a crashed kernel leaves (HWPOISON_RECORD in VMCOREINFO), built on
 * the host from the series' fs/proc/vmcore_hwpoison.c: finding the note and
 * the line, checking the record, and cutting the memory out of PT_LOAD
 * program headers. All of it is untrusted input: good records must give
 * exactly their memory, bad ones nothing, and the cut must keep every page
 * that is not recorded.
 *
 * usage: test_handoff [NAME.vmcoreinfo...]
 * Prints "PASS: name" or "FAIL: name: why" per test; exits 1 on a failure.
 * Each NAME.vmcoreinfo is the VMCOREINFO text of a real dump. A note with
 * a HWPOISON_RECORD line must come with NAME.record, the record's bytes
 * read from that dump, and NAME.expect, what the record holds: "range
 * START END" (page frames, END excluded) and "dropped N" lines; a note
 * without the line passes as it is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcore_hwpoison.h"

static int failed;

__attribute__((format(printf, 2, 3)))
static void result(const char *name, const char *fmt, ...)
{
	va_list ap;

	if (!fmt) {
		printf("PASS: %s\n", name);
		return;
	}
	printf("FAIL: %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed = 1;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the VMCOREINFO note among the ELF notes ---- */

static size_t put_note(unsigned char *b, size_t off, const char *name,
		       const char *desc, u32 descsz)
{
	u32 nhdr[3] = { (u32)strlen(name) + 1, descsz, 0 };

	memcpy(b + off, nhdr, sizeof(nhdr));
	off += sizeof(nhdr);
	memcpy(b + off, name, nhdr[0]);
	off += (nhdr[0] + 3) & ~3u;
	memcpy(b + off, desc, descsz);
	return off + ((descsz + 3) & ~3u);
}

static void test_find_info(void)
{
	static const char text[] = "OSRELEASE=7.3\nHWPOISON_RECORD=1000+18\n";
	unsigned char b[512] = { 0 };
	const char *info;
	size_t size, off, end;
	u32 *nhdr;

	off = put_note(b, 0, "CORE", "0123456789abcdef", 16);
	end = put_note(b, off, "VMCOREINFO", text, sizeof(text) - 1);
	if (!vmcore_hwpoison_find_info(b, end, &info, &size) ||
	    size != sizeof(text) - 1 || memcmp(info, text, size))
		result("find_info: after a CORE note", "not found");
	else
		result("find_info: after a CORE note", NULL);

	if (vmcore_hwpoison_find_info(b, end - 4, &info, &size))
		result("find_info: note cut short", "found");
	else
		result("find_info: note cut short", NULL);

	nhdr = (u32 *)(b + off);
	nhdr[1] = 0xfffffff0;
	if (vmcore_hwpoison_find_info(b, sizeof(b), &info, &size))
		result("find_info: descsz past the buffer", "found");
	else
		result("find_info: descsz past the buffer", NULL);

	memset(b, 0, sizeof(b));
	off = put_note(b, 0, "VMCOREINF", text, sizeof(text) - 1);
	if (vmcore_hwpoison_find_info(b, sizeof(b), &info, &size))
		result("find_info: a name that is not VMCOREINFO", "found");
	else
		result("find_info: a name that is not VMCOREINFO", NULL);
}

/* ---- the HWPOISON_RECORD line ---- */

static const char *status_name(enum vmcore_hwpoison_status st)
{
	return st == VMCORE_HWPOISON_OK ? "OK" : st == VMCORE_HWPOISON_BAD ? "BAD" : "NONE";
}

static void expect_line(const char *name, const char *info,
			enum vmcore_hwpoison_status want, u64 paddr,
			u64 len)
{
	enum vmcore_hwpoison_status st;
	u64 p = 0, l = 0;
	const char *why;

	st = vmcore_hwpoison_find_record(info, strlen(info), &p, &l, &why);
	if (st != want)
		return result(name, "status %s, want %s (%s)", status_name(st),
			      status_name(want), why ? why : "no reason");
	if (st == VMCORE_HWPOISON_BAD && !why)
		return result(name, "BAD without a reason");
	if (st == VMCORE_HWPOISON_OK && (p != paddr || l != len))
		return result(name, "record %#llx+%#llx, want %#llx+%#llx", p, l, paddr,
			      len);
	result(name, NULL);
}

static const char base_info[] =
	"OSRELEASE=7.3.4-series\n"
	"BUILD-ID=0123456789abcdef0123456789abcdef01234567\n"
	"PAGESIZE=4096\n"
	"HWPOISON_RECORD=2a1c000+2018\n"
	"SYMBOL(init_uts_ns)=ffffffff82a13600\n"
	"NUMBER(PG_hwpoison)=22\n"
	"CRASHTIME=1795569016\n";

static void test_find_record(void)
{
	static const struct {
		const char *name, *info;
	} bad[] = {
		{ "line: no newline", "HWPOISON_RECORD=1000+18" },
		{ "line: key cut short", "A=1\nHWPOISON_REC" },
		{ "line: upper-case hex", "HWPOISON_RECORD=1A000+18\n" },
		{ "line: 0x prefix", "HWPOISON_RECORD=0x1000+18\n" },
		{ "line: no size", "HWPOISON_RECORD=1000\n" },
		{ "line: empty size", "HWPOISON_RECORD=1000+\n" },
		{ "line: trailing byte", "HWPOISON_RECORD=1000+18 \n" },
		{ "line: 17 digits", "HWPOISON_RECORD=00000000000001000+18\n" },
		{ "line: size shorter than a header", "HWPOISON_RECORD=1000+17\n" },
		{ "line: size not whole slots", "HWPOISON_RECORD=1000+19\n" },
		{ "line: more than 64 Ki slots", "HWPOISON_RECORD=1000+100028\n" },
		{ "line: past the address space", "HWPOISON_RECORD=ffffffffffffffff+18\n" },
		{ "line: twice", "HWPOISON_RECORD=1000+18\nHWPOISON_RECORD=1000+18\n" },
	};
	char text[sizeof(base_info)];
	enum vmcore_hwpoison_status st;
	u64 p, l;
	const char *why;
	size_t i, cut, bad_cut = 0;

	expect_line("line: in a real note", base_info, VMCORE_HWPOISON_OK,
		    0x2a1c000, 0x2018);
	expect_line("line: none", "OSRELEASE=7.3\nPAGESIZE=4096\n",
		    VMCORE_HWPOISON_NONE, 0, 0);
	expect_line("line: empty note", "", VMCORE_HWPOISON_NONE, 0, 0);
	expect_line("line: one slot, leading zeros", "HWPOISON_RECORD=0001000+028\n",
		    VMCORE_HWPOISON_OK, 0x1000, 0x28);
	expect_line("line: 64 Ki slots", "HWPOISON_RECORD=1000+100018\n",
		    VMCORE_HWPOISON_OK, 0x1000, 0x100018);
	expect_line("line: other HWPOISON_ keys ignored",
		    "HWPOISON_RANGE=1000+1000\nHWPOISON_RECORDS=1\nHWPOISON_RECORD=1000+18\n",
		    VMCORE_HWPOISON_OK, 0x1000, 0x18);
	for (i = 0; i < N(bad); i++)
		expect_line(bad[i].name, bad[i].info, VMCORE_HWPOISON_BAD, 0, 0);

	/* Cut at every byte, as a full VMCOREINFO page cuts: never a wrong record. */
	for (cut = 0; cut < sizeof(base_info) - 1; cut++) {
		memcpy(text, base_info, cut);
		p = l = 0;
		st = vmcore_hwpoison_find_record(text, cut, &p, &l, &why);
		if (st == VMCORE_HWPOISON_OK && (p != 0x2a1c000 || l != 0x2018))
			bad_cut = cut + 1;
	}
	result("line: cut at every byte never gives another record",
	       bad_cut ? "wrong record at cut %zu" : NULL, bad_cut - 1);
}

/* ---- the record ---- */

struct rec {
	struct vmcore_hwpoison_header hdr;
	struct vmcore_hwpoison_range r[8];
};

static struct rec good_rec(void)
{
	struct rec t = {
		{ VMCORE_HWPOISON_MAGIC, VMCORE_HWPOISON_VERSION, 8, 5, 3 },
		{
			{ 0x7000, 0x1000 },
			{ 0x200000, 0x200000 },
			{ 0, 0 },		/* being written */
			{ 0x201000, 0x1000 },	/* inside the block */
			{ 0x6000, 0x1000 },	/* touches the first */
			{ 0xdead000, 0x1000 },	/* not used: past nr_used */
		},
	};

	return t;
}

static void expect_parse(const char *name, const struct rec *t, u64 len,
			 unsigned int shift, enum vmcore_hwpoison_status want,
			 const struct vmcore_hwpoison_pfns *pfns, u32 n,
			 u64 dropped)
{
	struct vmcore_hwpoison_pfns got[8];
	enum vmcore_hwpoison_status st;
	u64 d = 0;
	const char *why;
	u32 nr = 99, i;

	st = vmcore_hwpoison_parse(t, len, shift, got, &nr, &d, &why);
	if (st != want)
		return result(name, "status %s, want %s (%s)", status_name(st),
			      status_name(want), why ? why : "no reason");
	if (st == VMCORE_HWPOISON_BAD)
		return result(name, !why ? "BAD without a reason" :
			      nr ? "ranges left on BAD" : NULL);
	if (nr != n || d != dropped)
		return result(name, "%u ranges, %llu dropped; want %u, %llu",
			      nr, d, n, dropped);
	for (i = 0; i < n; i++)
		if (got[i].start != pfns[i].start || got[i].end != pfns[i].end)
			return result(name, "range %u is %#llx-%#llx, want %#llx-%#llx", i,
				      got[i].start, got[i].end, pfns[i].start, pfns[i].end);
	result(name, NULL);
}

static void test_parse(void)
{
	static const struct vmcore_hwpoison_pfns want12[] = {
		{ 0x6, 0x8 }, { 0x200, 0x400 },
	};
	static const struct vmcore_hwpoison_pfns want16[] = {
		{ 0x0, 0x1 }, { 0x20, 0x40 },
	};
	static const struct vmcore_hwpoison_pfns want14[] = {
		{ 0x1, 0x2 }, { 0x80, 0x100 },
	};
	struct rec t = good_rec();
	size_t len = sizeof(t);
	int i;

	expect_parse("record: good, merged, 4 KiB pages", &t, len, 12,
		     VMCORE_HWPOISON_OK, want12, 2, 3);
	expect_parse("record: good, 16 KiB pages", &t, len, 14,
		     VMCORE_HWPOISON_OK, want14, 2, 3);
	expect_parse("record: good, 64 KiB pages", &t, len, 16,
		     VMCORE_HWPOISON_OK, want16, 2, 3);
	t.hdr.nr_used = 0;
	expect_parse("record: empty", &t, len, 12, VMCORE_HWPOISON_OK, NULL, 0, 3);
	t = good_rec();
	t.hdr.nr_used = 8;
	t.r[5].size = 0;
	expect_parse("record: all slots used", &t, len, 12, VMCORE_HWPOISON_OK,
		     want12, 2, 3);
	t = good_rec();
	t.r[0].start = 0xfffffffffffff000ULL;
	t.r[0].size = 0x1000;
	t.r[1].size = 0;
	t.r[3].size = 0;
	t.r[4].size = 0;
	{
		static const struct vmcore_hwpoison_pfns last[] = {
			{ 0xfffffffffffffULL, 0x10000000000000ULL },
		};
		expect_parse("record: the last page of the address space", &t, len,
			     12, VMCORE_HWPOISON_OK, last, 1, 3);
	}

	for (i = 0; i < 11; i++) {
		static const char *const names[] = {
			"record: bad magic", "record: version 2",
			"record: fewer slots than its size", "record: more slots than its size",
			"record: used past the slots", "record: start not 4 KiB aligned",
			"record: size not 4 KiB aligned", "record: range above 2 MiB",
			"record: range past the address space", "record: shorter than a header",
			"record: 64 Ki + 1 slots",
		};
		t = good_rec();
		len = sizeof(t);
		switch (i) {
		case 0: t.hdr.magic = 0x52505749; break;
		case 1: t.hdr.version = 2; break;
		case 2: t.hdr.nr_slots = 7; break;
		case 3: t.hdr.nr_slots = 9; break;
		case 4: t.hdr.nr_used = 9; break;
		case 5: t.r[1].start = 0x200800; break;
		case 6: t.r[3].size = 0x1800; break;
		case 7: t.r[1].size = 0x201000; break;
		case 8: t.r[4].start = 0xffffffffffffe000ULL; t.r[4].size = 0x3000; break;
		case 9: len = sizeof(t.hdr) - 1; break;
		case 10: t.hdr.nr_slots = 65537; break;
		}
		expect_parse(names[i], &t, len, 12, VMCORE_HWPOISON_BAD, NULL, 0, 0);
	}
}

/* ---- random records against a plain reading of them ---- */

static u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Is page frame @pfn (of 1 << @shift bytes) in a used slot of @t? */
static int in_slots(const struct rec *t, unsigned int shift, u64 pfn)
{
	u32 i;

	for (i = 0; i < t->hdr.nr_used; i++)
		if (t->r[i].size && pfn >= t->r[i].start >> shift &&
		    pfn <= (t->r[i].start + t->r[i].size - 1) >> shift)
			return 1;
	return 0;
}

static void test_random(void)
{
	struct vmcore_hwpoison_pfns pfns[8];
	struct elf64_phdr in[4], out[64];
	const char *why = NULL, *bad = NULL;
	u64 d, pfn, page;
	u32 nr, n, i, j, k;
	unsigned int shift;
	struct rec t;
	int round;

	for (round = 0; round < 20000 && !bad; round++) {
		t = good_rec();
		shift = (rnd() & 1) ? 12 : 16;
		t.hdr.nr_used = rnd() % 9;
		for (i = 0; i < 8; i++) {
			t.r[i].start = (rnd() % 64) << 12;
			t.r[i].size = ((rnd() % 4) << 12) * (rnd() % 2 ? 1 : 32);
		}
		if (vmcore_hwpoison_parse(&t, sizeof(t), shift, pfns, &nr, &d,
					  &why) != VMCORE_HWPOISON_OK) {
			bad = "a random good record did not parse";
			break;
		}
		for (i = 1; i < nr; i++)
			if (pfns[i].start <= pfns[i - 1].end)
				bad = "ranges not sorted and merged";
		for (pfn = 0; pfn < (1ULL << 20) >> shift; pfn++) {
			int hidden = 0;

			for (i = 0; i < nr; i++)
				hidden |= pfn >= pfns[i].start && pfn < pfns[i].end;
			if (hidden != in_slots(&t, shift, pfn))
				bad = "a page the record does not name is left out, or the reverse";
		}

		/* Cut segments at random and check page by page. */
		k = 1 + rnd() % 4;
		for (i = 0; i < k; i++) {
			memset(&in[i], 0, sizeof(in[i]));
			in[i].p_type = i == 0 && k > 1 ? 4 : 1;
			in[i].p_offset = (rnd() % 300) << 10;
			in[i].p_paddr = in[i].p_offset;
			in[i].p_vaddr = in[i].p_offset + 0xffff888000000000ULL;
			in[i].p_memsz = in[i].p_filesz = (rnd() % 400) << 10;
		}
		n = vmcore_hwpoison_cut_elf64(in, k, pfns, nr, shift, NULL);
		if (n > N(out) || n != vmcore_hwpoison_cut_elf64(in, k, pfns, nr, shift,
								   out)) {
			bad = "counting and cutting disagree";
			break;
		}
		for (i = 0; i < n; i++) {
			if (out[i].p_type != 1 || !out[i].p_memsz)
				continue;
			if (out[i].p_vaddr - out[i].p_offset != 0xffff888000000000ULL ||
			    out[i].p_paddr != out[i].p_offset || !out[i].p_memsz)
				bad = "a piece lost its offsets";
			for (page = out[i].p_offset >> shift;
			     page <= (out[i].p_offset + out[i].p_memsz - 1) >> shift; page++)
				for (j = 0; j < nr; j++)
					if (page >= pfns[j].start && page < pfns[j].end)
						bad = "a recorded page is still in a PT_LOAD";
		}
		for (i = 0; i < k; i++) {
			u64 a;

			if (in[i].p_type != 1)
				continue;
			for (a = in[i].p_offset; a < in[i].p_offset + in[i].p_memsz; a += 1024) {
				int kept = 0, hidden = 0;

				for (j = 0; j < nr; j++)
					hidden |= a >> shift >= pfns[j].start &&
						  a >> shift < pfns[j].end;
				for (j = 0; j < n; j++)
					kept |= out[j].p_type == 1 && a >= out[j].p_offset &&
						a < out[j].p_offset + out[j].p_memsz;
				if (kept == hidden)
					bad = "memory that is not recorded was cut, or the reverse";
			}
		}
	}
	result("random records: exactly the recorded pages, cut page by page",
	       bad ? "round %d: %s (%s)" : NULL, round, bad, why ? why : "");
}

static void test_cut(void)
{
	static const struct vmcore_hwpoison_pfns pfns[] = {
		{ 0x100, 0x101 }, { 0x180, 0x182 }, { 0x1ff, 0x200 }, { 0x300, 0x400 },
	};
	struct elf64_phdr in[3] = {
		{ .p_type = PT_NOTE, .p_offset = 0x40, .p_memsz = 0x100 },
		{ .p_type = PT_LOAD, .p_offset = 0x100000, .p_paddr = 0x100000,
		  .p_vaddr = 0xffff888000100000ULL, .p_filesz = 0x100000, .p_memsz = 0x100000 },
		{ .p_type = PT_LOAD, .p_offset = 0x300000, .p_paddr = 0x300000,
		  .p_vaddr = 0xffff888000300000ULL, .p_filesz = 0x100000, .p_memsz = 0x100000 },
	};
	struct elf64_phdr out[8];
	u32 n;

	n = vmcore_hwpoison_cut_elf64(in, 3, pfns, 4, 12, out);
	if (n != 3 || out[0].p_type != PT_NOTE || out[1].p_offset != 0x101000 ||
	    out[1].p_memsz != 0x7f000 || out[2].p_offset != 0x182000 ||
	    out[2].p_vaddr != 0xffff888000182000ULL || out[2].p_memsz != 0x7d000)
		result("cut: split, trimmed and gone", "got %u headers", n);
	else
		result("cut: split, trimmed and gone", NULL);

	if (vmcore_hwpoison_in_ptload(in, 3, 0x100000, 0x2018) &&
	    vmcore_hwpoison_in_ptload(in, 3, 0x3fe000, 0x2000) &&
	    !vmcore_hwpoison_in_ptload(in, 3, 0x1ff000, 0x2000) &&
	    !vmcore_hwpoison_in_ptload(in, 3, 0x40, 0x18) &&
	    !vmcore_hwpoison_in_ptload(in, 3, 0xffffffffffffff00ULL, 0x200))
		result("record inside one PT_LOAD only", NULL);
	else
		result("record inside one PT_LOAD only", "wrong answer");
}

/* ---- the notes of real dumps ---- */

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		b = malloc(n + 1);
		if (b && fread(b, 1, n, f) == (size_t)n)
			*size = n;
		else {
			free(b);
			b = NULL;
		}
	}
	fclose(f);
	return b;
}

/* A real VMCOREINFO, its record and what the record holds. */
static void test_real(const char *path)
{
	struct vmcore_hwpoison_pfns pfns[VMCORE_HWPOISON_MAX_SLOTS / 64];
	char name[600], other[600], line[128], *info, *record;
	size_t size, rsize = 0, stem = strlen(path) - strlen(".vmcoreinfo");
	unsigned long long a, b;
	u64 paddr, len, d;
	u32 nr, i = 0;
	enum vmcore_hwpoison_status st;
	const char *why;
	FILE *f;

	snprintf(name, sizeof(name), "real note %s", path);
	info = slurp(path, &size);
	if (!info)
		return result(name, "cannot read it");
	snprintf(other, sizeof(other), "%.*s.record", (int)stem, path);
	record = slurp(other, &rsize);
	st = vmcore_hwpoison_find_record(info, size, &paddr, &len, &why);
	if (st == VMCORE_HWPOISON_BAD)
		result(name, "line does not parse: %s", why);
	else if (st == VMCORE_HWPOISON_NONE)
		result(name, record ? "a .record beside it, but no HWPOISON_RECORD line" : NULL);
	else if (!record)
		result(name, "a HWPOISON_RECORD line, but no %s to check it against", other);
	else if (len != rsize || len > sizeof(struct vmcore_hwpoison_header) +
		 N(pfns) * sizeof(struct vmcore_hwpoison_range))
		result(name, "record of %zu bytes, the line says %llu", rsize, len);
	else if (vmcore_hwpoison_parse(record, len, 12, pfns, &nr, &d, &why) !=
		 VMCORE_HWPOISON_OK)
		result(name, "record does not parse: %s", why);
	else {
		snprintf(other, sizeof(other), "%.*s.expect", (int)stem, path);
		f = fopen(other, "r");
		why = f ? NULL : "no .expect file";
		while (f && !why && fgets(line, sizeof(line), f)) {
			if (sscanf(line, "range %llx %llx", &a, &b) == 2) {
				if (i >= nr || pfns[i].start != a || pfns[i].end != b)
					why = "ranges differ from .expect";
				i++;
			} else if (sscanf(line, "dropped %llu", &a) == 1 && a != d) {
				why = "dropped count differs from .expect";
			}
		}
		if (f)
			fclose(f);
		if (!why && i != nr)
			why = "more ranges than .expect";
		result(name, why ? "%s" : NULL, why);
	}
	free(record);
	free(info);
}

int main(int argc, char **argv)
{
	int i;

	test_find_info();
	test_find_record();
	test_parse();
	test_cut();
	test_random();
	for (i = 1; i < argc; i++)
		test_real(argv[i]);
	return failed;
}
