// SPDX-License-Identifier: GPL-2.0
/*
 * Crash dump reader for the harness (moved here from the mce-kdump
 * selftest, which now reads only what it needs). The harness has to tell
 * which pages a dump holds and that the rest of the dump is whole, so this
 * reads kdump-compressed, flattened and ELF dumps and checks every page the
 * dump claims to hold. The dump is untrusted input (it was written
 * by a dying machine): every offset and size is bounds-checked, every count
 * and allocation is capped, and nothing recurses on the input.
 *
 * Layouts: kdump-compressed and flattened as written by makedumpfile (see
 * its diskdump_mod.h), 64-bit little-endian dumps only; ELF64 little-endian
 * core files as /proc/vmcore exports them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>
#include <lzo/lzo1x.h>
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef HAVE_SNAPPY
#include <snappy-c.h>
#endif

#include "vmcore.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* Caps on what an untrusted dump can make us do. */
#define MAX_PROBLEMS		16
#define PROBLEM_LEN		240
#define MIN_PAGE_SIZE		512ULL
#define MAX_PAGE_SIZE		0x100000ULL
#define MAX_VMCOREINFO		0x100000ULL
#define MAX_NOTE_BYTES		0x1000000ULL
#define MAX_PHDRS		0x100000U
#define MAX_FLAT_RECORDS	0x400000U
#define MAX_OFFSET		0x4000000000000000ULL
/* a flattened stream may describe a file at most this much larger */
#define FLAT_GROWTH		4
#define FLAT_SLACK		0x100000ULL
#define BITMAP_CHUNK		65536
#define DESC_BATCH		1024

/* kdump-compressed: struct disk_dump_header, LP64 layout */
#define KDUMP_SIG		"KDUMP   "
#define DH_VERSION		8
#define DH_RELEASE		142	/* utsname.release, 65 bytes */
#define DH_STATUS		424
#define DH_BLOCK_SIZE		428
#define DH_SUB_HDR_SIZE		432
#define DH_BITMAP_BLOCKS	436
#define DH_MAX_MAPNR		440
#define DH_LEN			464

/* struct kdump_sub_header, LP64 layout */
#define SH_SPLIT		12
#define SH_OFF_VMCOREINFO	32
#define SH_SIZE_VMCOREINFO	40
#define SH_START_PFN_64		80
#define SH_END_PFN_64		88
#define SH_MAX_MAPNR_64		96
#define SH_LEN			104

/* header status and page descriptor flags */
#define DH_ZLIB			0x01
#define DH_LZO			0x02
#define DH_SNAPPY		0x04
#define DH_INCOMPLETE		0x08
#define DH_ZSTD			0x20
#define DH_COMPRESSION		(DH_ZLIB | DH_LZO | DH_SNAPPY | DH_ZSTD)

/* struct page_desc: off_t offset, u32 size, u32 flags, u64 page_flags */
#define PD_LEN			24

/* makedumpfile -F: 4096-byte header, then {be64 offset, be64 size} + data */
#define FLAT_SIG		"makedumpfile"
#define FLAT_HDR_LEN		4096
#define FLAT_TYPE		1

/* ELF64 */
#define EH_LEN			64
#define PH_LEN			56
#define SHDR_LEN		64
#define ELF_PT_LOAD		1
#define ELF_PT_NOTE		4
#define ELF_ET_CORE		4
#define ELF_PN_XNUM		0xffff
#define ELF_DUMP_INCOMPLETE	0x1	/* e_flags bit makedumpfile sets */

struct seg {			/* flattened: logical range -> file offset */
	uint64_t loff;
	uint64_t len;
	uint64_t foff;
};

struct frec {			/* flattened record, seq = order in stream */
	uint64_t loff;
	uint64_t len;
	uint64_t foff;
	uint32_t seq;
};

struct load {			/* ELF PT_LOAD */
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t off;
	uint64_t avail;		/* bytes of filesz actually in the file */
};

struct vmcore {
	/* physical source */
	int fd;
	const unsigned char *mem;
	uint64_t psize;
	const char *compression;

	/* logical view: the file itself, or a flattened stream */
	int flattened;
	struct seg *segs;
	size_t nsegs;
	uint64_t size;

	enum vmcore_format fmt;
	uint64_t page_size;
	char osrelease[66];
	char *vmcoreinfo;
	size_t vmcoreinfo_len;
	uint64_t pages;
	int64_t excluded;
	uint64_t unverified;

	char problems[MAX_PROBLEMS][PROBLEM_LEN];
	unsigned int nproblems;
	unsigned long long lost_problems;

	/* kdump-compressed */
	int kd_ok;
	uint64_t max_mapnr;
	uint64_t bitmap_off;	/* first bitmap; the second follows */
	uint64_t bitmap_len;	/* bytes per bitmap */
	uint64_t desc_off;
	unsigned char *pagebuf;
	unsigned char *cbuf;

	/* ELF */
	int elf_ok;
	struct load *loads;
	size_t nloads;
};

static void problem(struct vmcore *vc, const char *fmt, ...)
{
	va_list ap;

	if (vc->nproblems >= MAX_PROBLEMS) {
		vc->lost_problems++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(vc->problems[vc->nproblems++], PROBLEM_LEN, fmt, ap);
	va_end(ap);
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static int is_pow2_page(uint64_t v)
{
	return v >= MIN_PAGE_SIZE && v <= MAX_PAGE_SIZE && !(v & (v - 1));
}

static int all_zero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Read len bytes at off from the file or buffer; 0 only if all were read. */
static int phys_read(struct vmcore *vc, uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;

	if (off > vc->psize || len > vc->psize - off)
		return -1;
	if (vc->mem) {
		memcpy(buf, vc->mem + off, len);
		return 0;
	}
	while (len) {
		ssize_t n = pread(vc->fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* index of the first segment that ends after off */
static size_t seg_find(const struct vmcore *vc, uint64_t off)
{
	size_t lo = 0, hi = vc->nsegs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct seg *s = &vc->segs[mid];

		if (s->loff + s->len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Read from the logical file: the file itself, or the file a flattened
 * stream describes (holes read as zeros, as after makedumpfile -R).
 */
static int vread(struct vmcore *vc, uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t i;

	if (!vc->flattened)
		return phys_read(vc, off, buf, len);
	if (off > vc->size || len > vc->size - off)
		return -1;
	i = seg_find(vc, off);
	while (len) {
		const struct seg *s = i < vc->nsegs ? &vc->segs[i] : NULL;
		uint64_t n;

		if (s && s->loff <= off) {
			n = s->loff + s->len - off;
			if (n > len)
				n = len;
			if (phys_read(vc, s->foff + (off - s->loff), p, n))
				return -1;
			i++;
		} else {
			n = s ? s->loff - off : len;
			if (n > len)
				n = len;
			memset(p, 0, n);
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* ---- flattened streams ---- */

static int frec_cmp(const void *a, const void *b)
{
	const struct frec *x = a, *y = b;

	if (x->loff != y->loff)
		return x->loff < y->loff ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* max-heap of record indices, keyed by seq: the latest write wins */
static void heap_push(uint32_t *h, size_t *n, const struct frec *r, uint32_t v)
{
	size_t i = (*n)++;

	while (i) {
		size_t parent = (i - 1) / 2;

		if (r[h[parent]].seq >= r[v].seq)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = v;
}

static void heap_pop(uint32_t *h, size_t *n, const struct frec *r)
{
	uint32_t v = h[--(*n)];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && r[h[c + 1]].seq > r[h[c]].seq)
			c++;
		if (r[h[c]].seq <= r[v].seq)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = v;
}

static int seg_add(struct vmcore *vc, size_t *cap, uint64_t loff, uint64_t len,
		   uint64_t foff)
{
	struct seg *s;

	if (vc->nsegs) {
		s = &vc->segs[vc->nsegs - 1];
		if (s->loff + s->len == loff && s->foff + s->len == foff) {
			s->len += len;
			return 0;
		}
	}
	if (vc->nsegs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;

		s = realloc(vc->segs, ncap * sizeof(*s));
		if (!s)
			return -1;
		vc->segs = s;
		*cap = ncap;
	}
	s = &vc->segs[vc->nsegs++];
	s->loff = loff;
	s->len = len;
	s->foff = foff;
	return 0;
}

/*
 * Turn the records into sorted, non-overlapping segments where each byte
 * comes from the last record that wrote it: a sweep over record starts and
 * ends with a heap of the records covering the current position.
 */
static int flat_resolve(struct vmcore *vc, struct frec *r, size_t n)
{
	uint64_t cur = 0;
	size_t i = 0, hn = 0, cap = 0;
	uint32_t *heap;

	if (!n)
		return 0;
	qsort(r, n, sizeof(*r), frec_cmp);
	heap = malloc(n * sizeof(*heap));
	if (!heap)
		return -1;
	while (i < n || hn) {
		const struct frec *t;
		uint64_t next;

		if (!hn && cur < r[i].loff)
			cur = r[i].loff;
		while (i < n && r[i].loff <= cur)
			heap_push(heap, &hn, r, i++);
		while (hn && r[heap[0]].loff + r[heap[0]].len <= cur)
			heap_pop(heap, &hn, r);
		if (!hn)
			continue;
		t = &r[heap[0]];
		next = t->loff + t->len;
		if (i < n && r[i].loff < next)
			next = r[i].loff;
		if (seg_add(vc, &cap, cur, next - cur, t->foff + (cur - t->loff))) {
			free(heap);
			return -1;
		}
		cur = next;
	}
	free(heap);
	return 0;
}

static int flat_index(struct vmcore *vc, char *err, size_t errlen)
{
	uint64_t pos = FLAT_HDR_LEN;
	struct frec *r = NULL, *nr;
	size_t n = 0, cap = 0;
	unsigned char h[16];
	int ret = -1, ended = 0;
	uint64_t type;

	if (phys_read(vc, 16, h, 16)) {
		seterr(err, errlen, "flattened header is truncated");
		return -1;
	}
	type = be64(h);
	if (type != FLAT_TYPE) {
		seterr(err, errlen, "flattened header has unknown type %llu",
		       (unsigned long long)type);
		return -1;
	}
	if (vc->psize < FLAT_HDR_LEN)
		problem(vc, "flattened stream truncated inside its %u-byte header",
			FLAT_HDR_LEN);
	for (;;) {
		uint64_t off, len;

		if (phys_read(vc, pos, h, sizeof(h)))
			break;
		off = be64(h);
		len = be64(h + 8);
		if (off == ~0ULL && len == ~0ULL) {
			ended = 1;
			break;
		}
		pos += sizeof(h);
		if (off >= MAX_OFFSET || len > MAX_OFFSET - off) {
			problem(vc, "flattened record %zu has a bad offset 0x%llx or size 0x%llx",
				n, (unsigned long long)off,
				(unsigned long long)len);
			break;
		}
		if (len > vc->psize - pos) {
			problem(vc,
				"flattened stream truncated: record %zu at byte %llu needs %llu bytes, %llu left",
				n, (unsigned long long)pos,
				(unsigned long long)len,
				(unsigned long long)(vc->psize - pos));
			break;
		}
		if (n >= MAX_FLAT_RECORDS) {
			problem(vc, "more than %u flattened records; rest ignored",
				MAX_FLAT_RECORDS);
			break;
		}
		if (len) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 256;

				nr = realloc(r, ncap * sizeof(*r));
				if (!nr)
					goto oom;
				r = nr;
				cap = ncap;
			}
			r[n].loff = off;
			r[n].len = len;
			r[n].foff = pos;
			r[n].seq = n;
			n++;
			if (off + len > vc->size)
				vc->size = off + len;
		}
		pos += len;
	}
	if (!ended && vc->psize >= FLAT_HDR_LEN)
		problem(vc, "flattened stream has no end marker (truncated after %zu records)",
			n);
	if (vc->size / FLAT_GROWTH > vc->psize + FLAT_SLACK) {
		seterr(err, errlen,
		       "flattened records describe a %llu-byte file from a %llu-byte stream",
		       (unsigned long long)vc->size,
		       (unsigned long long)vc->psize);
		goto out;
	}
	if (flat_resolve(vc, r, n))
		goto oom;
	ret = 0;
	goto out;
oom:
	seterr(err, errlen, "out of memory indexing the flattened stream");
out:
	free(r);
	return ret;
}

/* ---- VMCOREINFO ---- */

int vmcore_vmcoreinfo_get(const struct vmcore *vc, const char *key,
			  char *buf, size_t len)
{
	const char *p = vc->vmcoreinfo;
	const char *end = p ? p + vc->vmcoreinfo_len : NULL;
	size_t klen = strlen(key);

	if (!p || !len)
		return -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > klen && !memcmp(p, key, klen) &&
		    p[klen] == '=') {
			size_t vlen = eol - p - klen - 1;

			if (vlen >= len)
				vlen = len - 1;
			memcpy(buf, p + klen + 1, vlen);
			buf[vlen] = '\0';
			if (memchr(buf, '\0', vlen))
				return -1;
			return 0;
		}
		p = eol + 1;
	}
	return -1;
}

static int set_vmcoreinfo(struct vmcore *vc, const unsigned char *data,
			  uint64_t len)
{
	char *p;

	if (vc->vmcoreinfo)
		return 0;
	p = malloc(len + 1);
	if (!p)
		return -1;
	memcpy(p, data, len);
	p[len] = '\0';
	vc->vmcoreinfo = p;
	vc->vmcoreinfo_len = len;
	return 0;
}

static void take_vmcoreinfo(struct vmcore *vc)
{
	char val[64];

	if (!vc->vmcoreinfo) {
		problem(vc, "no VMCOREINFO in the dump");
		return;
	}
	if (!vmcore_vmcoreinfo_get(vc, "OSRELEASE", val, sizeof(val)))
		snprintf(vc->osrelease, sizeof(vc->osrelease), "%s", val);
	if (!vmcore_vmcoreinfo_get(vc, "PAGESIZE", val, sizeof(val))) {
		char *end;
		unsigned long long ps;

		errno = 0;
		ps = strtoull(val, &end, 10);
		if (errno || end == val || *end || !is_pow2_page(ps))
			problem(vc, "VMCOREINFO has a bad PAGESIZE '%s'", val);
		else if (vc->fmt == VMCORE_FMT_ELF)
			vc->page_size = ps;
		else if (ps != vc->page_size)
			problem(vc, "VMCOREINFO PAGESIZE %llu differs from the block size %llu",
				ps, (unsigned long long)vc->page_size);
	}
}

/* ---- kdump-compressed ---- */

static const char reason_eof[] = "page data lies beyond the end of the file";

/*
 * Read and decompress one page given its descriptor; NULL on success,
 * else why not. *unverified is set when this build cannot decompress it.
 */
static const char *kd_page(struct vmcore *vc, const unsigned char *pd,
			   int *unverified)
{
	uint64_t off = le64(pd);
	uint32_t size = le32(pd + 8);
	uint32_t flags = le32(pd + 12);
	uint32_t comp = flags & DH_COMPRESSION;
	uint64_t bs = vc->page_size;

	*unverified = 0;
	if (off >= MAX_OFFSET || !size || size > bs)
		return "bad page descriptor";
	if (off > vc->size || size > vc->size - off)
		return reason_eof;
	if (comp & (comp - 1))
		return "page descriptor has several compression flags";
	if (vread(vc, off, vc->cbuf, size))
		return "page data cannot be read";
	if (!comp) {
		if (size != bs)
			return "uncompressed page has the wrong size";
		memcpy(vc->pagebuf, vc->cbuf, bs);
		return NULL;
	}
	if (comp == DH_ZLIB) {
		unsigned long dlen = bs;

		if (uncompress(vc->pagebuf, &dlen, vc->cbuf, size) != Z_OK ||
		    dlen != bs)
			return "zlib page does not decompress to a page";
		return NULL;
	}
	if (comp == DH_LZO) {
		lzo_uint dlen = bs;

		if (lzo1x_decompress_safe(vc->cbuf, size, vc->pagebuf, &dlen,
					  NULL) != LZO_E_OK || dlen != bs)
			return "lzo page does not decompress to a page";
		return NULL;
	}
#ifdef HAVE_ZSTD
	if (comp == DH_ZSTD) {
		/* error codes are huge: they never equal a page size */
		if (ZSTD_decompress(vc->pagebuf, bs, vc->cbuf, size) != bs)
			return "zstd page does not decompress to a page";
		return NULL;
	}
#endif
#ifdef HAVE_SNAPPY
	if (comp == DH_SNAPPY) {
		size_t dlen = 0;

		if (snappy_uncompressed_length((const char *)vc->cbuf, size,
					       &dlen) != SNAPPY_OK ||
		    dlen != bs ||
		    snappy_uncompress((const char *)vc->cbuf, size,
				      (char *)vc->pagebuf, &dlen) != SNAPPY_OK ||
		    dlen != bs)
			return "snappy page does not decompress to a page";
		return NULL;
	}
#endif
	*unverified = 1;
	return NULL;
}

/* state of the walk over the page descriptors */
struct kd_walk {
	unsigned char *pd;	/* DESC_BATCH descriptors from pd_base */
	uint64_t idx, pd_base, pd_n, pd_avail;
	uint64_t bad, first_bad, missing, first_missing;
	const char *bad_reason;
	uint64_t last_off, last_szfl;	/* last descriptor that was fine */
};

/* Check the page of the next descriptor, which belongs to pfn. */
static void kd_walk_page(struct vmcore *vc, struct kd_walk *w, uint64_t pfn)
{
	const unsigned char *d;
	const char *why;
	int unv;

	if (w->idx >= w->pd_avail) {
		if (!w->missing++)
			w->first_missing = pfn;
		return;
	}
	if (w->idx >= w->pd_base + w->pd_n) {
		w->pd_base = w->idx;
		w->pd_n = w->pd_avail - w->idx;
		if (w->pd_n > DESC_BATCH)
			w->pd_n = DESC_BATCH;
		if (vread(vc, vc->desc_off + w->pd_base * PD_LEN, w->pd,
			  w->pd_n * PD_LEN)) {
			w->pd_avail = w->idx;
			w->pd_n = 0;
			if (!w->missing++)
				w->first_missing = pfn;
			return;
		}
	}
	d = w->pd + (w->idx - w->pd_base) * PD_LEN;
	w->idx++;
	/* zero pages share one descriptor: check it once */
	if (le64(d) == w->last_off && le64(d + 8) == w->last_szfl)
		return;
	why = kd_page(vc, d, &unv);
	if (why) {
		if (!w->bad++) {
			w->first_bad = pfn;
			w->bad_reason = why;
		}
		return;
	}
	vc->unverified += unv;
	if (!unv) {
		w->last_off = le64(d);
		w->last_szfl = le64(d + 8);
	}
}

/* Walk both bitmaps and every page descriptor the second one implies. */
static int kd_walk(struct vmcore *vc)
{
	uint64_t nbytes = (vc->max_mapnr + 7) / 8, excluded = 0, i;
	struct kd_walk w = { .last_off = ~0ULL };
	unsigned char *b1, *b2;
	int ret = -1;

	b1 = malloc(BITMAP_CHUNK);
	b2 = malloc(BITMAP_CHUNK);
	w.pd = malloc(DESC_BATCH * PD_LEN);
	if (!b1 || !b2 || !w.pd)
		goto out;
	if (vc->size > vc->desc_off)
		w.pd_avail = (vc->size - vc->desc_off) / PD_LEN;

	for (i = 0; i < nbytes; i += BITMAP_CHUNK) {
		size_t len = nbytes - i;
		size_t j;

		if (len > BITMAP_CHUNK)
			len = BITMAP_CHUNK;
		/* the caller checked that both bitmaps lie inside the file */
		if (vread(vc, vc->bitmap_off + i, b1, len) ||
		    vread(vc, vc->bitmap_off + vc->bitmap_len + i, b2, len))
			break;
		for (j = 0; j < len; j++) {
			unsigned int m1 = b1[j], m2 = b2[j];
			uint64_t base = (i + j) * 8;

			if (base + 8 > vc->max_mapnr) {
				m1 &= (1U << (vc->max_mapnr - base)) - 1;
				m2 &= (1U << (vc->max_mapnr - base)) - 1;
			}
			excluded += __builtin_popcount(m1 & ~m2);
			vc->pages += __builtin_popcount(m2);
			for (; m2; m2 &= m2 - 1)
				kd_walk_page(vc, &w, base + __builtin_ctz(m2));
		}
	}
	vc->excluded = excluded;
	if (w.missing)
		problem(vc,
			"truncated: %llu of %llu pages in the bitmap have no page descriptor (first pfn 0x%llx)",
			w.missing, vc->pages, w.first_missing);
	if (w.bad)
		problem(vc,
			"%s%llu pages listed in the bitmap cannot be read (first pfn 0x%llx: %s)",
			w.bad_reason == reason_eof ? "truncated: " : "",
			w.bad, w.first_bad, w.bad_reason);
	ret = 0;
out:
	free(b1);
	free(b2);
	free(w.pd);
	return ret;
}

static int kd_load(struct vmcore *vc)
{
	unsigned char h[DH_LEN], sh[SH_LEN];
	uint64_t bs, sub_blocks, bm_blocks, end;
	uint32_t status;
	__s32 version;

	if (vread(vc, 0, h, sizeof(h))) {
		problem(vc, "truncated inside the kdump header (%llu bytes)",
			(unsigned long long)vc->size);
		return 0;
	}
	memcpy(vc->osrelease, h + DH_RELEASE, 65);
	vc->osrelease[65] = '\0';
	version = (__s32)le32(h + DH_VERSION);
	status = le32(h + DH_STATUS);
	bs = le32(h + DH_BLOCK_SIZE);
	sub_blocks = le32(h + DH_SUB_HDR_SIZE);
	bm_blocks = le32(h + DH_BITMAP_BLOCKS);
	vc->max_mapnr = le32(h + DH_MAX_MAPNR);

	if (status & DH_INCOMPLETE)
		problem(vc,
			"header status has DUMP_DH_COMPRESSED_INCOMPLETE: the collector stopped early");
	if (version < 1) {
		problem(vc, "unsupported kdump header_version %d", version);
		return 0;
	}
	if (!is_pow2_page(bs)) {
		problem(vc, "bad kdump block_size %llu", (unsigned long long)bs);
		return 0;
	}
	vc->page_size = bs;
	if (sub_blocks < 1 || sub_blocks > INT_MAX || !bm_blocks) {
		problem(vc, "bad kdump header: sub_hdr_size %llu, bitmap_blocks %llu",
			(unsigned long long)sub_blocks,
			(unsigned long long)bm_blocks);
		return 0;
	}
	/*
	 * bs <= 2^20 and the block counts are < 2^32: no overflow. The second
	 * bitmap starts halfway, as crash reads it.
	 */
	vc->bitmap_off = bs * (1 + sub_blocks);
	vc->bitmap_len = bs * bm_blocks / 2;
	vc->desc_off = vc->bitmap_off + bs * bm_blocks;

	if (vread(vc, bs, sh, sizeof(sh))) {
		problem(vc, "truncated inside the kdump sub-header");
		return 0;
	}
	if (version >= 6)
		vc->max_mapnr = le64(sh + SH_MAX_MAPNR_64);
	if (version >= 2 && le32(sh + SH_SPLIT))
		problem(vc, "split dump: this file holds only pfns 0x%llx-0x%llx of a set",
			(unsigned long long)le64(sh + SH_START_PFN_64),
			(unsigned long long)le64(sh + SH_END_PFN_64));
	if (version >= 3) {
		uint64_t off = le64(sh + SH_OFF_VMCOREINFO);
		uint64_t len = le64(sh + SH_SIZE_VMCOREINFO);

		if (len > MAX_VMCOREINFO || off > vc->size ||
		    len > vc->size - off) {
			problem(vc, "VMCOREINFO (offset %llu, size %llu) lies outside the file",
				(unsigned long long)off,
				(unsigned long long)len);
		} else if (len) {
			unsigned char *buf = malloc(len);

			if (!buf)
				return -1;
			if (vread(vc, off, buf, len) ||
			    set_vmcoreinfo(vc, buf, len)) {
				free(buf);
				return -1;
			}
			free(buf);
		}
	}
	take_vmcoreinfo(vc);

	if (vc->max_mapnr > vc->bitmap_len * 8) {
		problem(vc, "max_mapnr %llu does not fit the %llu-bit bitmaps",
			(unsigned long long)vc->max_mapnr,
			(unsigned long long)(vc->bitmap_len * 8));
		vc->max_mapnr = vc->bitmap_len * 8;
	}
	end = vc->bitmap_off + vc->bitmap_len + (vc->max_mapnr + 7) / 8;
	if (end > vc->size) {
		problem(vc, "truncated inside the bitmaps (need %llu bytes, file has %llu)",
			(unsigned long long)end, (unsigned long long)vc->size);
		return 0;
	}
	vc->pagebuf = malloc(bs);
	vc->cbuf = malloc(bs);
	if (!vc->pagebuf || !vc->cbuf || lzo_init() != LZO_E_OK)
		return -1;
	vc->kd_ok = 1;
	return kd_walk(vc);
}

static int bit_at(struct vmcore *vc, uint64_t off, uint64_t bit, int *val)
{
	unsigned char c;

	if (vread(vc, off + bit / 8, &c, 1))
		return -1;
	*val = (c >> (bit % 8)) & 1;
	return 0;
}

/* The state of pfn; its bytes in buf (if not NULL) when *have is set. */
static enum vmcore_pfn_state kd_pfn(struct vmcore *vc, uint64_t pfn, void *data, int *have)
{
	uint64_t rank = 0, i, full = pfn / 8;
	unsigned char buf[4096], pd[PD_LEN];
	int set, unv;

	if (!vc->kd_ok)
		return VMCORE_PFN_UNREADABLE;
	if (pfn >= vc->max_mapnr)
		return VMCORE_PFN_ABSENT;
	if (bit_at(vc, vc->bitmap_off + vc->bitmap_len, pfn, &set))
		return VMCORE_PFN_UNREADABLE;
	if (!set)
		return VMCORE_PFN_ABSENT;
	/* descriptor index = set bits before pfn in the second bitmap */
	for (i = 0; i < full; i += sizeof(buf)) {
		size_t len = full - i < sizeof(buf) ? full - i : sizeof(buf);
		size_t j;

		if (vread(vc, vc->bitmap_off + vc->bitmap_len + i, buf, len))
			return VMCORE_PFN_UNREADABLE;
		for (j = 0; j < len; j++)
			rank += __builtin_popcount(buf[j]);
	}
	if (vread(vc, vc->bitmap_off + vc->bitmap_len + full, buf, 1))
		return VMCORE_PFN_UNREADABLE;
	rank += __builtin_popcount(buf[0] & ((1U << (pfn % 8)) - 1));

	if (vc->size < vc->desc_off ||
	    rank >= (vc->size - vc->desc_off) / PD_LEN ||
	    vread(vc, vc->desc_off + rank * PD_LEN, pd, PD_LEN) ||
	    kd_page(vc, pd, &unv))
		return VMCORE_PFN_UNREADABLE;
	if (unv)
		return VMCORE_PFN_PRESENT;
	if (data) {
		memcpy(data, vc->pagebuf, vc->page_size);
		*have = 1;
	}
	return all_zero(vc->pagebuf, vc->page_size) ?
	       VMCORE_PFN_ZERO : VMCORE_PFN_PRESENT;
}

/* ---- ELF ---- */

static int elf_notes(struct vmcore *vc, unsigned int idx, uint64_t off,
		     uint64_t len, uint64_t *budget)
{
	unsigned char *buf;
	uint64_t pos = 0;

	if (off > vc->size || len > vc->size - off) {
		problem(vc, "truncated: PT_NOTE #%u lies beyond the end of the file",
			idx);
		return 0;
	}
	if (len > *budget) {
		problem(vc, "PT_NOTE segments exceed %llu bytes; rest ignored",
			MAX_NOTE_BYTES);
		return 0;
	}
	*budget -= len;
	buf = malloc(len ? len : 1);
	if (!buf)
		return -1;
	if (vread(vc, off, buf, len)) {
		free(buf);
		problem(vc, "PT_NOTE #%u cannot be read", idx);
		return 0;
	}
	while (len - pos >= 12) {
		uint64_t namesz = le32(buf + pos);
		uint64_t descsz = le32(buf + pos + 4);
		uint64_t name = pos + 12;
		uint64_t desc = name + ((namesz + 3) & ~3ULL);

		if (desc > len || descsz > len - desc) {
			problem(vc, "PT_NOTE #%u is malformed at byte %llu",
				idx, (unsigned long long)pos);
			break;
		}
		if (namesz == 11 && !memcmp(buf + name, "VMCOREINFO", 11) &&
		    descsz <= MAX_VMCOREINFO &&
		    set_vmcoreinfo(vc, buf + desc, descsz)) {
			free(buf);
			return -1;
		}
		pos = desc + ((descsz + 3) & ~3ULL);
		if (pos > len)
			break;
	}
	free(buf);
	return 0;
}

struct range {
	uint64_t lo;
	uint64_t hi;
};

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* pages in the union of [paddr, paddr + size) over all loads */
static int64_t elf_union_pages(struct vmcore *vc, int use_memsz)
{
	struct range *r = malloc((vc->nloads ? vc->nloads : 1) * sizeof(*r));
	uint64_t ps = vc->page_size, total = 0, lo = 0, hi = 0;
	size_t i, n = 0;

	if (!r)
		return -1;
	for (i = 0; i < vc->nloads; i++) {
		const struct load *l = &vc->loads[i];
		uint64_t sz = use_memsz ? l->memsz : l->filesz;

		if (!sz)
			continue;
		r[n].lo = l->paddr / ps;
		r[n].hi = (l->paddr + sz - 1) / ps + 1;
		n++;
	}
	qsort(r, n, sizeof(*r), range_cmp);
	for (i = 0; i < n; i++) {
		if (i && r[i].lo <= hi) {
			if (r[i].hi > hi)
				hi = r[i].hi;
			continue;
		}
		total += hi - lo;
		lo = r[i].lo;
		hi = r[i].hi;
	}
	total += hi - lo;
	free(r);
	return total;
}

static int elf_load(struct vmcore *vc)
{
	unsigned char eh[EH_LEN], ph[PH_LEN];
	uint64_t phoff, phnum, budget = MAX_NOTE_BYTES;
	int64_t mem;
	unsigned int i;

	vc->page_size = 4096;
	if (vread(vc, 0, eh, sizeof(eh))) {
		problem(vc, "truncated inside the ELF header");
		return 0;
	}
	if (eh[4] != 2 || eh[5] != 1 || le16(eh + 16) != ELF_ET_CORE) {
		problem(vc, "not a little-endian ELF64 core file");
		return 0;
	}
	if (le32(eh + 48) & ELF_DUMP_INCOMPLETE)
		problem(vc, "ELF e_flags has the incomplete bit: the collector stopped early");
	phoff = le64(eh + 32);
	phnum = le16(eh + 56);
	if (le16(eh + 54) != PH_LEN) {
		problem(vc, "bad ELF e_phentsize %u", le16(eh + 54));
		return 0;
	}
	if (phnum == ELF_PN_XNUM) {
		uint64_t shoff = le64(eh + 40);
		unsigned char sh[SHDR_LEN];

		if (le16(eh + 58) != SHDR_LEN || shoff > vc->size ||
		    vread(vc, shoff, sh, sizeof(sh))) {
			problem(vc, "ELF e_phnum is PN_XNUM but section 0 cannot be read");
			return 0;
		}
		phnum = le32(sh + 44);
	}
	if (!phnum || phnum > MAX_PHDRS) {
		problem(vc, "ELF has %llu program headers", (unsigned long long)phnum);
		return 0;
	}
	if (phoff > vc->size || phnum * PH_LEN > vc->size - phoff) {
		problem(vc, "truncated inside the ELF program headers");
		return 0;
	}
	vc->loads = calloc(phnum, sizeof(*vc->loads));
	if (!vc->loads)
		return -1;
	for (i = 0; i < phnum; i++) {
		uint64_t type, off, paddr, filesz, memsz;
		struct load *l;

		if (vread(vc, phoff + (uint64_t)i * PH_LEN, ph, sizeof(ph)))
			return -1;
		type = le32(ph);
		off = le64(ph + 8);
		paddr = le64(ph + 24);
		filesz = le64(ph + 32);
		memsz = le64(ph + 40);
		if (type == ELF_PT_NOTE) {
			if (elf_notes(vc, i, off, filesz, &budget))
				return -1;
			continue;
		}
		if (type != ELF_PT_LOAD)
			continue;
		if (filesz > memsz || paddr >= MAX_OFFSET ||
		    memsz > MAX_OFFSET - paddr) {
			problem(vc,
				"malformed PT_LOAD #%u (paddr 0x%llx, filesz 0x%llx, memsz 0x%llx)",
				i, (unsigned long long)paddr,
				(unsigned long long)filesz,
				(unsigned long long)memsz);
			continue;
		}
		l = &vc->loads[vc->nloads++];
		l->paddr = paddr;
		l->filesz = filesz;
		l->memsz = memsz;
		l->off = off;
		l->avail = filesz;
		if (filesz && (off > vc->size || filesz > vc->size - off)) {
			l->avail = off < vc->size ? vc->size - off : 0;
			problem(vc,
				"truncated: PT_LOAD #%u (paddr 0x%llx) needs bytes up to %llu, file has %llu",
				i, (unsigned long long)paddr,
				(unsigned long long)off + filesz,
				(unsigned long long)vc->size);
		}
	}
	take_vmcoreinfo(vc);
	vc->elf_ok = 1;
	mem = elf_union_pages(vc, 1);
	vc->pages = elf_union_pages(vc, 0);
	if (mem < 0 || (int64_t)vc->pages < 0)
		return -1;
	vc->excluded = mem > (int64_t)vc->pages ? mem - (int64_t)vc->pages : 0;
	return 0;
}

/* The state of pfn; its bytes in buf (if not NULL) when *have is set. */
static enum vmcore_pfn_state elf_pfn(struct vmcore *vc, uint64_t pfn, void *buf, int *have)
{
	uint64_t ps = vc->page_size, a, b;
	int found = 0, nonzero = 0, unreadable = 0;
	size_t i;

	if (!vc->elf_ok)
		return VMCORE_PFN_UNREADABLE;
	if (pfn > (MAX_OFFSET - ps) / ps)
		return VMCORE_PFN_ABSENT;
	a = pfn * ps;
	b = a + ps;
	if (!vc->pagebuf) {
		vc->pagebuf = malloc(ps);
		if (!vc->pagebuf)
			return VMCORE_PFN_UNREADABLE;
	}
	if (buf)
		memset(buf, 0, ps);
	for (i = 0; i < vc->nloads; i++) {
		const struct load *l = &vc->loads[i];
		uint64_t lo, hi;

		if (!l->filesz || l->paddr >= b || l->paddr + l->filesz <= a)
			continue;
		found = 1;
		lo = l->paddr > a ? l->paddr : a;
		hi = l->paddr + l->filesz < b ? l->paddr + l->filesz : b;
		if (hi - l->paddr > l->avail ||
		    vread(vc, l->off + (lo - l->paddr), vc->pagebuf, hi - lo)) {
			unreadable = 1;
			continue;
		}
		if (!all_zero(vc->pagebuf, hi - lo))
			nonzero = 1;
		if (buf)
			memcpy((unsigned char *)buf + (lo - a), vc->pagebuf, hi - lo);
	}
	if (!found)
		return VMCORE_PFN_ABSENT;
	*have = buf && !unreadable;
	if (nonzero)
		return VMCORE_PFN_PRESENT;
	return unreadable ? VMCORE_PFN_UNREADABLE : VMCORE_PFN_ZERO;
}

/* ---- opening ---- */

static const struct {
	const char *name;
	unsigned char magic[6];
	size_t len;
} wholefile[] = {
	{ "gzip",  { 0x1f, 0x8b }, 2 },
	{ "xz",    { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ "zstd",  { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ "bzip2", { 'B', 'Z', 'h' }, 3 },
	{ "lz4",   { 0x04, 0x22, 0x4d, 0x18 }, 4 },
};

static struct vmcore *vc_new(void)
{
	struct vmcore *vc = calloc(1, sizeof(*vc));

	if (!vc)
		return NULL;
	vc->fd = -1;
	vc->compression = "none";
	vc->excluded = -1;
	return vc;
}

static int vc_load(struct vmcore *vc, char *err, size_t errlen)
{
	unsigned char m[16] = { 0 };
	size_t i;
	int ret;

	if (phys_read(vc, 0, m, vc->psize < 16 ? vc->psize : 16)) {
		seterr(err, errlen, "cannot read the start of the file");
		return -1;
	}
	if (vc->psize < 8) {
		seterr(err, errlen, "not a crash dump: only %llu bytes",
		       (unsigned long long)vc->psize);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(wholefile); i++) {
		if (vc->psize >= wholefile[i].len &&
		    !memcmp(m, wholefile[i].magic, wholefile[i].len)) {
			seterr(err, errlen, "%s-compressed %s",
			       wholefile[i].name,
			       strcmp(vc->compression, "none") ?
			       "inside a compressed file" :
			       "data can only be read from a file");
			return -1;
		}
	}
	vc->size = vc->psize;
	if (vc->psize >= 16 && !memcmp(m, FLAT_SIG "\0\0\0", 16)) {
		vc->flattened = 1;
		vc->size = 0;
		if (flat_index(vc, err, errlen))
			return -1;
		memset(m, 0, sizeof(m));
		if (vc->size >= 8 && vread(vc, 0, m, 8)) {
			seterr(err, errlen, "cannot read the flattened data");
			return -1;
		}
		if (vc->size < 8 && vc->nproblems) {
			/* truncated before any data: say what we know */
			problem(vc, "the flattened stream holds no dump data");
			return 0;
		}
	}
	if (!memcmp(m, KDUMP_SIG, 8)) {
		vc->fmt = VMCORE_FMT_KDUMP;
		ret = kd_load(vc);
	} else if (!memcmp(m, "\177ELF", 4)) {
		vc->fmt = VMCORE_FMT_ELF;
		ret = elf_load(vc);
	} else {
		seterr(err, errlen, "%s", !memcmp(m, "DISKDUMP", 8) ?
		       "old diskdump format is not supported" :
		       "not a crash dump (unknown signature)");
		return -1;
	}
	if (ret) {
		seterr(err, errlen, "out of memory reading the dump");
		return -1;
	}
	if (vc->lost_problems)
		snprintf(vc->problems[MAX_PROBLEMS - 1], PROBLEM_LEN,
			 "... and %llu more problems", vc->lost_problems + 1);
	return 0;
}

struct vmcore *vmcore_open_mem(const void *buf, size_t len, char *err,
			       size_t errlen)
{
	struct vmcore *vc = vc_new();

	if (!vc) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	vc->mem = buf;
	vc->psize = len;
	if (!buf && len) {
		vmcore_close(vc);
		seterr(err, errlen, "no buffer");
		return NULL;
	}
	if (vc_load(vc, err, errlen)) {
		vmcore_close(vc);
		return NULL;
	}
	return vc;
}

const char *vmcore_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");
	struct stat st;

	if (dir && *dir)
		return dir;
	if (!stat("/var/tmp", &st) && S_ISDIR(st.st_mode))
		return "/var/tmp";
	return "/tmp";
}

/*
 * Run "tool -dc" from in to an unlinked temporary file; returns its fd.
 * A failing tool (truncated or corrupt stream) is a problem, not an error:
 * whatever it wrote is still read.
 */
static int decompress(int in, const char *tool, char *msg, size_t msglen,
		      char *err, size_t errlen)
{
	const char *dir = vmcore_tmpdir();
	char path[4096];
	int fd, status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/mce-kdump-vmcore.XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, "cannot create a temporary file in %s: %s",
		       dir, strerror(errno));
		return -1;
	}
	unlink(path);
	pid = fork();
	if (pid < 0) {
		seterr(err, errlen, "fork: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		if (lseek(in, 0, SEEK_SET) || dup2(in, 0) < 0 ||
		    dup2(fd, 1) < 0 || null < 0 || dup2(null, 2) < 0)
			_exit(126);
		execlp(tool, tool, "-dc", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			seterr(err, errlen, "waitpid: %s", strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		seterr(err, errlen, "the dump is %s-compressed and %s was not found",
		       tool, tool);
		close(fd);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		snprintf(msg, msglen,
			 "%s -dc failed (status 0x%x): the %s stream is truncated or corrupt, or %s is full",
			 tool, status, tool, dir);
	return fd;
}

struct vmcore *vmcore_open_path(const char *path, char *err, size_t errlen)
{
	char msg[PROBLEM_LEN] = "";
	unsigned char m[6];
	struct vmcore *vc;
	struct stat st;
	size_t i;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		seterr(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
		seterr(err, errlen, "%s is not a regular file or block device",
		       path);
		close(fd);
		return NULL;
	}
	vc = vc_new();
	if (!vc) {
		seterr(err, errlen, "out of memory");
		close(fd);
		return NULL;
	}
	vc->fd = fd;
	memset(m, 0, sizeof(m));
	if (pread(fd, m, sizeof(m), 0) < 0) {
		seterr(err, errlen, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	for (i = 0; i < ARRAY_SIZE(wholefile); i++) {
		if (memcmp(m, wholefile[i].magic, wholefile[i].len))
			continue;
		vc->compression = wholefile[i].name;
		vc->fd = decompress(fd, wholefile[i].name, msg, sizeof(msg),
				    err, errlen);
		close(fd);
		if (vc->fd < 0)
			goto fail;
		if (fstat(vc->fd, &st)) {
			seterr(err, errlen, "fstat: %s", strerror(errno));
			goto fail;
		}
		break;
	}
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(vc->fd, 0, SEEK_END);

		if (end < 0) {
			seterr(err, errlen, "cannot size %s: %s", path,
			       strerror(errno));
			goto fail;
		}
		vc->psize = end;
	} else {
		vc->psize = st.st_size;
	}
	if (msg[0])
		problem(vc, "%s", msg);
	if (vc_load(vc, err, errlen))
		goto fail;
	return vc;
fail:
	vmcore_close(vc);
	return NULL;
}

void vmcore_close(struct vmcore *vc)
{
	if (!vc)
		return;
	if (vc->fd >= 0)
		close(vc->fd);
	free(vc->segs);
	free(vc->vmcoreinfo);
	free(vc->pagebuf);
	free(vc->cbuf);
	free(vc->loads);
	free(vc);
}

/* ---- queries ---- */

enum vmcore_format vmcore_format(const struct vmcore *vc)
{
	return vc->fmt;
}

const char *vmcore_format_name(const struct vmcore *vc)
{
	return vc->fmt == VMCORE_FMT_ELF ? "elf" : "kdump";
}

int vmcore_flattened(const struct vmcore *vc)
{
	return vc->flattened;
}

const char *vmcore_compression(const struct vmcore *vc)
{
	return vc->compression;
}

int vmcore_data_fd(const struct vmcore *vc)
{
	return vc->fd;
}

uint64_t vmcore_page_size(const struct vmcore *vc)
{
	return vc->page_size;
}

const char *vmcore_osrelease(const struct vmcore *vc)
{
	return vc->osrelease;
}

const char *vmcore_vmcoreinfo(const struct vmcore *vc, size_t *len)
{
	if (len)
		*len = vc->vmcoreinfo_len;
	return vc->vmcoreinfo;
}

uint64_t vmcore_pages(const struct vmcore *vc)
{
	return vc->pages;
}

int64_t vmcore_pages_excluded(const struct vmcore *vc)
{
	return vc->excluded;
}

uint64_t vmcore_pages_unverified(const struct vmcore *vc)
{
	return vc->unverified;
}

int vmcore_page_list(const struct vmcore *vc)
{
	return vc->kd_ok || vc->elf_ok;
}

int vmcore_complete(const struct vmcore *vc)
{
	return vc->nproblems == 0;
}

unsigned int vmcore_nr_problems(const struct vmcore *vc)
{
	return vc->nproblems;
}

const char *vmcore_problem(const struct vmcore *vc, unsigned int i)
{
	return i < vc->nproblems ? vc->problems[i] : NULL;
}

enum vmcore_pfn_state vmcore_pfn_state(struct vmcore *vc, uint64_t pfn)
{
	return vmcore_pfn_data(vc, pfn, NULL, NULL);
}

enum vmcore_pfn_state vmcore_pfn_data(struct vmcore *vc, uint64_t pfn, void *buf, int *have)
{
	int got = 0;
	enum vmcore_pfn_state st = vc->fmt == VMCORE_FMT_ELF ? elf_pfn(vc, pfn, buf, &got) :
							      kd_pfn(vc, pfn, buf, &got);

	if (have)
		*have = got;
	return st;
}

const char *vmcore_pfn_state_name(enum vmcore_pfn_state state)
{
	switch (state) {
	case VMCORE_PFN_ABSENT:
		return "absent";
	case VMCORE_PFN_PRESENT:
		return "present";
	case VMCORE_PFN_ZERO:
		return "zero";
	default:
		return "unreadable";
	}
}
