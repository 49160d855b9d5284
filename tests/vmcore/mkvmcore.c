// SPDX-License-Identifier: GPL-2.0
/*
 * mkvmcore - write small synthetic crash dumps, so that the harness's dump
 * reader and judge can be tested and fuzzed without a crashed machine: the
 * seed corpus, the vmcore_info tests and the judge's recorded runs are
 * built from these. It writes the
 * layouts makedumpfile and /proc/vmcore produce (see vmcore.c), with only
 * a few pages, and can break them on purpose.
 *
 * usage: mkvmcore [options] OUT
 *   -f kdump|flat|elf  format (default kdump)
 *   -c none|zlib|lzo|zstd  page compression, kdump only (default zlib)
 *   -p SIZE            page size (default 4096)
 *   -n N               pfns the dump covers (max_mapnr, default 64)
 *   -P LIST            pfns in the dump, e.g. 1-8,12 (default 1-8)
 *   -z LIST            pfns in the dump whose page is all zeros
 *   -x LIST            pfns left out on purpose (excluded)
 *   -C LIST            pfns in the dump holding the control pattern
 *                      (harness/protocol.h) instead
 *   -o RELEASE         OSRELEASE (default 6.1.0-synthetic)
 *   -I                 set the "incomplete" flag of the format
 *   -E                 flat: leave out the end marker
 *   -O                 flat: write a bad header first, fix it last
 *   -R                 flat: write the records in reverse order
 *   -r SIZE            flat: largest record (default 4096)
 *   -H PFN:DROPPED:START+SIZE,...  the series' record of poisoned memory
 *                      (harness/hwprecord.h) at the start of page PFN
 *                      (if in the dump): its ranges (hex), the dropped
 *                      count, and its HWPOISON_RECORD line
 * Page data is a pattern that depends on the pfn, so a reader can tell
 * pages apart; zero pages share one copy, as makedumpfile does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <lzo/lzo1x.h>

#include "protocol.h"
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#define MAX_PFNS	(1 << 20)	/* 4 GiB of 4 KiB pages */
#define DH_LEN		464
#define SH_LEN		104
#define PD_LEN		24

static uint64_t page_size = 4096, max_mapnr = 64;
static unsigned char in_dump[MAX_PFNS], zero[MAX_PFNS], excl[MAX_PFNS], control[MAX_PFNS];
static const char *release = "6.1.0-synthetic";
static int incomplete, no_end, overwrite, reverse;
static uint64_t rec_size = 4096;
/* -H: the record of poisoned memory, at the start of page rec_pfn */
static unsigned char rec[4096];
static size_t rec_len;
static uint64_t rec_pfn;

/* the output image, built in memory */
static unsigned char *img;
static size_t img_len, img_cap;

static void die(const char *msg)
{
	fprintf(stderr, "mkvmcore: %s\n", msg);
	exit(2);
}

static void put(size_t off, const void *p, size_t len)
{
	if (off + len > img_cap) {
		size_t cap = (off + len) * 2;

		img = realloc(img, cap);
		if (!img)
			die("out of memory");
		memset(img + img_cap, 0, cap - img_cap);
		img_cap = cap;
	}
	memcpy(img + off, p, len);
	if (off + len > img_len)
		img_len = off + len;
}

static void put_le(size_t off, uint64_t v, int bytes)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < bytes; i++)
		b[i] = v >> (8 * i);
	put(off, b, bytes);
}

static void le_to(unsigned char *b, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[i] = v >> (8 * i);
}

static void be64(unsigned char *b, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		b[i] = v >> (56 - 8 * i);
}

static void parse_list(const char *s, unsigned char *set)
{
	char *copy = strdup(s), *tok, *save;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		unsigned long a = strtoul(tok, NULL, 0);
		unsigned long b = dash ? strtoul(dash + 1, NULL, 0) : a;

		if (a > b || b >= MAX_PFNS)
			die("bad pfn list");
		for (; a <= b; a++)
			set[a] = 1;
	}
	free(copy);
}

static void page_data(uint64_t pfn, unsigned char *buf)
{
	uint64_t i;

	for (i = 0; i < page_size; i++)
		buf[i] = zero[pfn] ? 0 : (unsigned char)(pfn * 131 + i / 7 + 1);
	for (i = 0; control[pfn] && i + 8 <= page_size; i += 8) {
		uint64_t w = control_word(pfn * page_size + i);

		memcpy(buf + i, &w, 8);
	}
	if (rec_len && pfn == rec_pfn)
		memcpy(buf, rec, rec_len);
}

static char *vmcoreinfo(void)
{
	static char buf[640];
	int n;

	n = snprintf(buf, sizeof(buf),
		     "OSRELEASE=%s\nBUILD-ID=0\nPAGESIZE=%llu\n"
		     "SYMBOL(init_uts_ns)=ffffffff82a15a20\n"
		     "NUMBER(PG_hwpoison)=21\nCRASHTIME=1795000000\n",
		     release, (unsigned long long)page_size);
	if (rec_len)
		snprintf(buf + n, sizeof(buf) - n, "HWPOISON_RECORD=%llx+%zx\n",
			 (unsigned long long)(rec_pfn * page_size), rec_len);
	return buf;
}

/* -H PFN:DROPPED:START+SIZE,...: the record's bytes, kept for page_data */
static void parse_record(const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *tok, *p;
	uint32_t n = 0;

	rec_pfn = strtoull(copy, &p, 0);
	if (*p != ':')
		die("-H PFN:DROPPED:START+SIZE,...");
	le_to(rec + 16, strtoull(p + 1, &p, 0), 8);
	if (*p != ':')
		die("-H PFN:DROPPED:START+SIZE,...");
	for (tok = strtok_r(p + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *plus = strchr(tok, '+');

		if (!plus || 24 + 16 * (n + 1) > sizeof(rec))
			die("-H: bad range, or too many");
		le_to(rec + 24 + 16 * n, strtoull(tok, NULL, 16), 8);
		le_to(rec + 32 + 16 * n, strtoull(plus + 1, NULL, 16), 8);
		n++;
	}
	le_to(rec, 0x52505748, 4);
	le_to(rec + 4, 1, 4);
	le_to(rec + 8, n, 4);
	le_to(rec + 12, n, 4);
	rec_len = 24 + 16 * n;
	free(copy);
}

/* compress one page; returns the size and sets *flag, or 0 to store raw */
static size_t compress_page(const char *how, const unsigned char *in,
			    unsigned char *out, uint32_t *flag)
{
	if (!strcmp(how, "zlib")) {
		uLongf len = page_size * 2;

		*flag = 0x1;
		if (compress2(out, &len, in, page_size, 6) != Z_OK)
			die("zlib failed");
		return len < page_size ? len : 0;
	}
	if (!strcmp(how, "lzo")) {
		static unsigned char wrk[LZO1X_1_MEM_COMPRESS];
		lzo_uint len = page_size * 2;

		*flag = 0x2;
		if (lzo_init() != LZO_E_OK ||
		    lzo1x_1_compress(in, page_size, out, &len, wrk) != LZO_E_OK)
			die("lzo failed");
		return len < page_size ? len : 0;
	}
#ifdef HAVE_ZSTD
	if (!strcmp(how, "zstd")) {
		size_t len = ZSTD_compress(out, page_size * 2, in, page_size, 3);

		*flag = 0x20;
		if (ZSTD_isError(len))
			die("zstd failed");
		return len < page_size ? len : 0;
	}
#endif
	if (strcmp(how, "none"))
		die("unknown compression");
	return 0;
}

static void make_kdump(const char *how)
{
	uint64_t bs = page_size, pfn, npresent = 0, i, zero_off = 0;
	const char *vi = vmcoreinfo();
	uint64_t vi_len = strlen(vi);
	uint64_t sub_blocks = (SH_LEN + vi_len + bs - 1) / bs;
	uint64_t bm_bytes = ((max_mapnr + 7) / 8 + bs - 1) / bs * bs;
	uint64_t bm_off = bs * (1 + sub_blocks);
	uint64_t desc_off = bm_off + 2 * bm_bytes, data_off;
	unsigned char *page = malloc(page_size), *cbuf = malloc(page_size * 2);
	uint32_t status = 0, flag = 0;
	int have_zero = 0;

	if (!page || !cbuf)
		die("out of memory");
	/* the header names the compression the pages use */
	if (!strcmp(how, "zlib"))
		status = 0x1;
	else if (!strcmp(how, "lzo"))
		status = 0x2;
	else if (!strcmp(how, "zstd"))
		status = 0x20;
	if (incomplete)
		status |= 0x8;

	put(0, "KDUMP   ", 8);
	put_le(8, 6, 4);				/* header_version */
	put(12, "Linux", 5);				/* utsname.sysname */
	put(12 + 65, "synthetic", 9);			/* nodename */
	put(12 + 130, release, strlen(release));	/* release */
	put(12 + 260, "x86_64", 6);			/* machine */
	put_le(408, 1795000000, 8);			/* timestamp */
	put_le(424, status, 4);
	put_le(428, bs, 4);
	put_le(432, sub_blocks, 4);
	put_le(436, 2 * bm_bytes / bs, 4);
	put_le(440, max_mapnr, 4);
	put_le(460, 1, 4);				/* nr_cpus */

	put_le(bs + 8, 31, 4);				/* dump_level */
	put_le(bs + 32, bs + SH_LEN, 8);		/* offset_vmcoreinfo */
	put_le(bs + 40, vi_len, 8);
	put_le(bs + 96, max_mapnr, 8);			/* max_mapnr_64 */
	put(bs + SH_LEN, vi, vi_len);

	/* both bitmaps in full, even where they are zero */
	put_le(desc_off - 1, 0, 1);
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		if (in_dump[pfn] || excl[pfn])
			img[bm_off + pfn / 8] |= 1 << (pfn % 8);
		if (in_dump[pfn]) {
			img[bm_off + bm_bytes + pfn / 8] |= 1 << (pfn % 8);
			npresent++;
		}
	}

	data_off = desc_off + npresent * PD_LEN;
	for (pfn = 0, i = 0; pfn < max_mapnr; pfn++) {
		size_t len;
		uint64_t off;

		if (!in_dump[pfn])
			continue;
		page_data(pfn, page);
		if (zero[pfn] && have_zero) {
			off = zero_off;
			len = page_size;
			flag = 0;
		} else {
			len = compress_page(how, page, cbuf, &flag);
			if (!len) {
				len = page_size;
				flag = 0;
				memcpy(cbuf, page, page_size);
			}
			off = data_off;
			put(data_off, cbuf, len);
			data_off += len;
			if (zero[pfn] && !flag) {
				have_zero = 1;
				zero_off = off;
			}
		}
		put_le(desc_off + i * PD_LEN, off, 8);
		put_le(desc_off + i * PD_LEN + 8, len, 4);
		put_le(desc_off + i * PD_LEN + 12, flag, 4);
		i++;
	}
	free(page);
	free(cbuf);
}

static void make_elf(void)
{
	const char *vi = vmcoreinfo();
	uint64_t vi_len = strlen(vi), pfn, nph = 1, ph, note_off, note_len;
	uint64_t off, prstatus_len = 336;
	unsigned char *page = malloc(page_size);

	if (!page)
		die("out of memory");
	/* one PT_LOAD per run of dumped pfns, one per run of excluded ones */
	for (pfn = 0; pfn < max_mapnr; pfn++)
		if ((in_dump[pfn] || excl[pfn]) &&
		    (!pfn || in_dump[pfn - 1] != in_dump[pfn] ||
		     excl[pfn - 1] != excl[pfn]))
			nph++;
	put(0, "\177ELF\2\1\1", 7);
	put_le(16, 4, 2);			/* ET_CORE */
	put_le(18, 62, 2);			/* EM_X86_64 */
	put_le(20, 1, 4);
	put_le(32, 64, 8);			/* e_phoff */
	put_le(48, incomplete ? 1 : 0, 4);	/* e_flags */
	put_le(52, 64, 2);
	put_le(54, 56, 2);
	put_le(56, nph, 2);

	/* notes: a CORE prstatus, then VMCOREINFO */
	note_off = 64 + nph * 56;
	/* at least one byte of padding: the last byte is zeroed to size the image */
	note_len = 12 + 8 + prstatus_len + 12 + 12 + (vi_len + 4) / 4 * 4;
	put_le(note_off, 5, 4);
	put_le(note_off + 4, prstatus_len, 4);
	put_le(note_off + 8, 1, 4);		/* NT_PRSTATUS */
	put(note_off + 12, "CORE", 5);
	put_le(note_off + 20 + prstatus_len - 1, 0, 1);
	off = note_off + 20 + prstatus_len;
	put_le(off, 11, 4);
	put_le(off + 4, vi_len, 4);
	put_le(off + 8, 0, 4);
	put(off + 12, "VMCOREINFO", 11);
	put(off + 24, vi, vi_len);
	put_le(note_off + note_len - 1, 0, 1);

	put_le(64, 4, 4);			/* PT_NOTE */
	put_le(64 + 8, note_off, 8);
	put_le(64 + 32, note_len, 8);
	put_le(64 + 40, note_len, 8);

	off = note_off + note_len;
	ph = 1;
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		uint64_t start = pfn, run, p = 64 + ph * 56, i;

		if (!in_dump[pfn] && !excl[pfn])
			continue;
		while (pfn + 1 < max_mapnr && in_dump[pfn + 1] == in_dump[start] &&
		       excl[pfn + 1] == excl[start])
			pfn++;
		run = pfn - start + 1;
		put_le(p, 1, 4);			/* PT_LOAD */
		put_le(p + 4, 7, 4);
		put_le(p + 8, in_dump[start] ? off : 0, 8);
		put_le(p + 16, 0xffff888000000000ULL + start * page_size, 8);
		put_le(p + 24, start * page_size, 8);
		put_le(p + 32, in_dump[start] ? run * page_size : 0, 8);
		put_le(p + 40, run * page_size, 8);
		ph++;
		if (!in_dump[start])
			continue;
		for (i = start; i <= pfn; i++) {
			page_data(i, page);
			put(off, page, page_size);
			off += page_size;
		}
	}
	free(page);
}

/* Write img as a makedumpfile -F stream. */
static void write_flat(FILE *f)
{
	unsigned char hdr[4096] = "makedumpfile", rh[16];
	uint64_t nrec = (img_len + rec_size - 1) / rec_size, r;

	be64(hdr + 16, 1);
	be64(hdr + 24, 1);
	fwrite(hdr, 1, sizeof(hdr), f);
	if (overwrite) {
		/* a first header with a bad signature; the last record fixes it */
		be64(rh, 0);
		be64(rh + 8, 8);
		fwrite(rh, 1, 16, f);
		fwrite("XXXXXXXX", 1, 8, f);
	}
	for (r = 0; r < nrec; r++) {
		uint64_t i = reverse ? nrec - 1 - r : r;
		uint64_t off = i * rec_size;
		uint64_t len = img_len - off < rec_size ? img_len - off : rec_size;

		if (overwrite && !off) {
			off = 8;
			len -= 8;
		}
		be64(rh, off);
		be64(rh + 8, len);
		fwrite(rh, 1, 16, f);
		fwrite(img + off, 1, len, f);
	}
	if (overwrite) {
		be64(rh, 0);
		be64(rh + 8, 8);
		fwrite(rh, 1, 16, f);
		fwrite(img, 1, 8, f);
	}
	if (!no_end) {
		memset(rh, 0xff, sizeof(rh));
		fwrite(rh, 1, 16, f);
	}
}

int main(int argc, char **argv)
{
	const char *fmt = "kdump", *how = "zlib";
	int c, set_present = 0;
	FILE *f;

	while ((c = getopt(argc, argv, "f:c:p:n:P:z:x:C:o:IEORr:H:")) != -1) {
		switch (c) {
		case 'f':
			fmt = optarg;
			break;
		case 'c':
			how = optarg;
			break;
		case 'p':
			page_size = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			max_mapnr = strtoull(optarg, NULL, 0);
			break;
		case 'P':
			parse_list(optarg, in_dump);
			set_present = 1;
			break;
		case 'z':
			parse_list(optarg, zero);
			break;
		case 'x':
			parse_list(optarg, excl);
			break;
		case 'C':
			parse_list(optarg, control);
			break;
		case 'o':
			release = optarg;
			break;
		case 'I':
			incomplete = 1;
			break;
		case 'E':
			no_end = 1;
			break;
		case 'O':
			overwrite = 1;
			break;
		case 'R':
			reverse = 1;
			break;
		case 'r':
			rec_size = strtoull(optarg, NULL, 0);
			break;
		case 'H':
			parse_record(optarg);
			break;
		default:
			die("bad option (see the comment at the top of mkvmcore.c)");
		}
	}
	if (optind + 1 != argc)
		die("usage: mkvmcore [options] OUT");
	if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)))
		die("page size must be a power of two in 512..65536");
	if (!max_mapnr || max_mapnr > MAX_PFNS || !rec_size)
		die("bad -n or -r");
	if (!set_present)
		parse_list("1-8", in_dump);
	if (rec_len && (rec_pfn >= max_mapnr || rec_len > page_size))
		die("-H: the record's page must be below -n and hold it");
	for (c = 0; c < MAX_PFNS; c++) {
		if (zero[c])
			in_dump[c] = 1;
		if (c >= (int)max_mapnr && (in_dump[c] || excl[c]))
			die("pfn beyond -n");
		if (in_dump[c] && excl[c])
			die("a pfn cannot be both dumped and excluded");
	}
	if (!strcmp(fmt, "elf"))
		make_elf();
	else if (!strcmp(fmt, "kdump") || !strcmp(fmt, "flat"))
		make_kdump(how);
	else
		die("unknown format");

	f = fopen(argv[optind], "wb");
	if (!f)
		die("cannot create the output file");
	if (!strcmp(fmt, "flat"))
		write_flat(f);
	else
		fwrite(img, 1, img_len, f);
	if (fclose(f))
		die("write failed");
	return 0;
}
