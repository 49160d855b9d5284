// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware-first error reports: a UEFI CPER generic error status block with
 * one platform memory error section, written into the error status block of
 * a GHES source in the mailbox (layout: ACPI 6.x 18.3.2.7, UEFI 2.x N.2.5).
 * The caller signals the guest afterwards: an NMI for the NMI source; the
 * polled source is found by the guest's timer.
 */
#include <string.h>

#include "mailbox.h"
#include "ras.h"

#define ESTATUS_LEN	20
#define GDATA_LEN	72	/* generic error data entry, revision 3 (64 + timestamp) */
#define MEMERR_LEN	80

#define BLOCK_UE_VALID		(1U << 0)
#define BLOCK_ENTRY_COUNT(n)	((uint32_t)(n) << 4)
#define SEV_RECOVERABLE		0
#define SEV_FATAL		1
#define MEM_VALID_PA		(1ULL << 1)
#define MEM_VALID_PA_MASK	(1ULL << 2)
#define MEM_VALID_ERROR_TYPE	(1ULL << 14)
#define MEM_ERROR_MULTI_BIT_ECC	3

/* CPER_SEC_PLATFORM_MEM, A5BC1114-6F64-4EDE-B863-3E83ED7C83B1 */
static const uint8_t sec_platform_mem[16] = {
	0x14, 0x11, 0xbc, 0xa5, 0x64, 0x6f, 0xde, 0x4e,
	0xb8, 0x63, 0x3e, 0x83, 0xed, 0x7c, 0x83, 0xb1,
};

static void put(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void cper_init_mailbox(uint8_t *mb)
{
	put(mb + MB_GHES_NMI_ADDR, MAILBOX_GPA + MB_GHES_NMI_BLOCK, 8);
	put(mb + MB_GHES_POLL_ADDR, MAILBOX_GPA + MB_GHES_POLL_BLOCK, 8);
	memset(mb + MB_GHES_NMI_BLOCK, 0, MB_GHES_BLOCK_LEN);
	memset(mb + MB_GHES_POLL_BLOCK, 0, MB_GHES_BLOCK_LEN);
}

/*
 * Write one memory error into the mode's source. Returns false while the
 * guest has not yet consumed the previous report (block status non-zero).
 */
bool cper_write(uint8_t *mb, uint64_t addr, uint64_t len, bool fatal,
		enum poison_mode mode)
{
	uint8_t *blk = mb + (mode == MODE_GHES_NMI ? MB_GHES_NMI_BLOCK : MB_GHES_POLL_BLOCK);
	uint8_t *gdata = blk + ESTATUS_LEN, *mem = gdata + GDATA_LEN;
	uint32_t sev = fatal ? SEV_FATAL : SEV_RECOVERABLE;

	if (__atomic_load_n((uint32_t *)blk, __ATOMIC_ACQUIRE))
		return false;
	memset(blk + 4, 0, ESTATUS_LEN + GDATA_LEN + MEMERR_LEN - 4);

	put(blk + 4, 0, 4);				/* raw data offset */
	put(blk + 8, 0, 4);				/* raw data length */
	put(blk + 12, GDATA_LEN + MEMERR_LEN, 4);	/* data length */
	put(blk + 16, sev, 4);

	memcpy(gdata, sec_platform_mem, 16);
	put(gdata + 16, sev, 4);
	put(gdata + 20, 0x300, 2);			/* revision 3.0 */
	put(gdata + 22, 0, 1);				/* validation bits */
	put(gdata + 23, 0, 1);				/* flags */
	put(gdata + 24, MEMERR_LEN, 4);

	put(mem + 0, MEM_VALID_PA | MEM_VALID_PA_MASK | MEM_VALID_ERROR_TYPE, 8);
	put(mem + 16, addr, 8);
	put(mem + 24, ~(len - 1), 8);			/* physical address mask */
	put(mem + 72, MEM_ERROR_MULTI_BIT_ECC, 1);

	/* The block status goes last: it is what the guest looks at. */
	__atomic_store_n((uint32_t *)blk, BLOCK_UE_VALID | BLOCK_ENTRY_COUNT(1),
			 __ATOMIC_RELEASE);
	return true;
}
