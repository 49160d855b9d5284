// SPDX-License-Identifier: GPL-2.0
/*
 * Write the RAS platform's ACPI tables for QEMU's -acpitable option:
 *
 *   acpi-tables einj OUT   an EINJ table whose registers live in the mailbox
 *   acpi-tables hest OUT   a HEST with two GHES sources, NMI and polled, whose
 *                          error status blocks live in the mailbox
 *
 * The plugin's firmware thread serves both (see mailbox.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mailbox.h"

#define ACPI_HEADER_LEN	36

struct buf {
	uint8_t data[4096];
	size_t len;
};

static void put(struct buf *b, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b->data[b->len++] = (uint8_t)(v >> (8 * i));
}

static void put_str(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b->data[b->len++] = *s ? (uint8_t)*s++ : ' ';
}

/* The 36-byte header; finish() fills in length and checksum. */
static void header(struct buf *b, const char *sig, uint8_t rev)
{
	put_str(b, sig, 4);
	put(b, 0, 4);			/* length */
	put(b, rev, 1);
	put(b, 0, 1);			/* checksum */
	put_str(b, "MCEKD", 6);
	put_str(b, "RASPLAT", 8);
	put(b, 1, 4);			/* OEM revision */
	put_str(b, "MCKD", 4);
	put(b, 1, 4);			/* creator revision */
}

/* A generic address structure for a 64-bit register in system memory. */
static void gas(struct buf *b, uint64_t addr)
{
	put(b, 0, 1);			/* system memory */
	put(b, 64, 1);			/* bit width */
	put(b, 0, 1);			/* bit offset */
	put(b, 4, 1);			/* qword access */
	put(b, addr, 8);
}

enum { READ_REGISTER = 0, WRITE_REGISTER = 2, WRITE_REGISTER_VALUE = 3 };

static void einj_entry(struct buf *b, int action, int insn, uint64_t off,
		       uint64_t value, uint64_t mask)
{
	put(b, action, 1);
	put(b, insn, 1);
	put(b, 0, 1);			/* flags: no preserve */
	put(b, 0, 1);
	gas(b, MAILBOX_GPA + off);
	put(b, value, 8);
	put(b, mask, 8);
}

static void einj(struct buf *b)
{
	const uint64_t all = ~0ULL;
	size_t count_at;

	header(b, "EINJ", 1);
	put(b, 12, 4);			/* injection header length */
	put(b, 0, 1);			/* flags */
	put(b, 0, 3);
	count_at = b->len;
	put(b, 0, 4);			/* entries, below */

	einj_entry(b, 0, WRITE_REGISTER_VALUE, MB_EINJ_OP, 1, all);	/* BEGIN */
	einj_entry(b, 1, READ_REGISTER, MB_EINJ_TRIGGER, 0, all);	/* GET_TRIGGER_TABLE */
	einj_entry(b, 2, WRITE_REGISTER, MB_EINJ_TYPE, 0, all);	/* SET_ERROR_TYPE */
	einj_entry(b, 3, READ_REGISTER, MB_EINJ_CAPS, 0, all);		/* GET_ERROR_TYPE */
	einj_entry(b, 4, WRITE_REGISTER_VALUE, MB_EINJ_OP, 0, all);	/* END */
	einj_entry(b, 5, WRITE_REGISTER_VALUE, MB_EINJ_DOORBELL, 1, 1);	/* EXECUTE */
	einj_entry(b, 6, READ_REGISTER, MB_EINJ_DOORBELL, 0, 1);	/* CHECK_BUSY */
	einj_entry(b, 7, READ_REGISTER, MB_EINJ_STATUS, 0, all);	/* GET_COMMAND_STATUS */
	einj_entry(b, 8, WRITE_REGISTER, MB_EINJ_SETWA, 0, all);	/* SET_ERROR_TYPE_WITH_ADDRESS */

	b->data[count_at] = (uint8_t)((b->len - ACPI_HEADER_LEN - 12) / 32);
}

enum { NOTIFY_POLLED = 0, NOTIFY_NMI = 4 };

/* A generic hardware error source (HEST type 9), 64 bytes. */
static void ghes(struct buf *b, int id, int notify, uint64_t addr_reg)
{
	put(b, 9, 2);			/* type: generic hardware error source */
	put(b, id, 2);
	put(b, 0xffff, 2);		/* related source: none */
	put(b, 0, 1);			/* flags */
	put(b, 1, 1);			/* enabled */
	put(b, 1, 4);			/* records to preallocate */
	put(b, 1, 4);			/* max sections per record */
	put(b, 0, 4);			/* max raw data length */
	gas(b, MAILBOX_GPA + addr_reg);
	put(b, notify, 1);		/* notification structure */
	put(b, 28, 1);
	put(b, 0, 2);			/* configuration write enable */
	put(b, notify == NOTIFY_POLLED ? GHES_POLL_INTERVAL_MS : 0, 4);
	put(b, 0, 4);			/* vector */
	put(b, 0, 4);			/* polling threshold value */
	put(b, 0, 4);			/* polling threshold window */
	put(b, 0, 4);			/* error threshold value */
	put(b, 0, 4);			/* error threshold window */
	put(b, MB_GHES_BLOCK_LEN, 4);	/* error status block length */
}

static void hest(struct buf *b)
{
	header(b, "HEST", 1);
	put(b, 2, 4);			/* error source count */
	ghes(b, GHES_NMI_SOURCE_ID, NOTIFY_NMI, MB_GHES_NMI_ADDR);
	ghes(b, GHES_POLL_SOURCE_ID, NOTIFY_POLLED, MB_GHES_POLL_ADDR);
}

static void finish(struct buf *b)
{
	uint8_t sum = 0;

	for (int i = 0; i < 4; i++)
		b->data[4 + i] = (uint8_t)(b->len >> (8 * i));
	for (size_t i = 0; i < b->len; i++)
		sum += b->data[i];
	b->data[9] = (uint8_t)-sum;
}

int main(int argc, char **argv)
{
	struct buf b = { .len = 0 };
	char tmp[4096];
	FILE *f;

	if (argc != 3 || (strcmp(argv[1], "einj") && strcmp(argv[1], "hest"))) {
		fprintf(stderr, "usage: %s einj|hest OUT\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "einj"))
		einj(&b);
	else
		hest(&b);
	finish(&b);

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]) >= (int)sizeof(tmp)) {
		fprintf(stderr, "%s: output path too long\n", argv[0]);
		return 1;
	}
	f = fopen(tmp, "wb");
	if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f)) {
		fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], tmp, strerror(errno));
		unlink(tmp);
		return 1;
	}
	if (rename(tmp, argv[2])) {
		fprintf(stderr, "%s: cannot rename %s to %s: %s\n", argv[0], tmp, argv[2],
			strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}
