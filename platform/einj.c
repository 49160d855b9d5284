// SPDX-License-Identifier: GPL-2.0
/*
 * The EINJ firmware. The guest's einj driver fills the ACPI 5 "set error
 * type with address" structure in the mailbox, writes 1 to the doorbell
 * (EXECUTE), polls the doorbell's busy bit (CHECK_BUSY), then reads the
 * command status (GET_COMMAND_STATUS). Here a memory UC error plants poison
 * on one line; nothing is raised until something loads that line. A memory
 * CE puts a corrected record into a bank.
 *
 * The address mask (param2) says which address bits the firmware must
 * keep; it may plant anywhere in the granule the clear bits leave. This
 * firmware plants at the granule's base, param1 & param2, as firmware that
 * rounds down does: a page mask (0x...f000) poisons the page's first line,
 * and only a cache-line mask (0x...ffc0) selects the line of param1.
 * Requests the platform cannot honour get the spec's "invalid access"
 * status (Linux 6.1 reports any non-zero status as -EBUSY).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mailbox.h"
#include "ras.h"

/* A corrected memory-controller read error, as a patrol would log it. */
#define MCE_CE_STATUS	(MCI_VAL | MCI_EN | MCI_MISCV | MCI_ADDRV | 0x9f)
#define MCE_CE_BANK	2

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put64(uint8_t *p, uint64_t v)
{
	__atomic_store_n((uint64_t *)p, v, __ATOMIC_RELEASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

void einj_init_mailbox(uint8_t *mb)
{
	uint8_t *tt = mb + MB_EINJ_TRIGGER_TABLE;

	put64(mb + MB_EINJ_CAPS, EINJ_CAPS);
	put64(mb + MB_EINJ_TRIGGER, MAILBOX_GPA + MB_EINJ_TRIGGER_TABLE);
	put32(tt + 0, 16);	/* header size */
	put32(tt + 4, 1);	/* revision */
	put32(tt + 8, 16);	/* table size: no entries */
	put32(tt + 12, 0);	/* entry count */
	put64(mb + MB_EINJ_STATUS, EINJ_STATUS_SUCCESS);
	put64(mb + MB_EINJ_DOORBELL, 0);
}

static int inject(uint32_t type, uint32_t flags, uint64_t addr, uint64_t range,
		  const uint8_t *setwa, char *why, size_t whylen)
{
	struct poison p;

	if (get32(setwa + SETWA_VENDOR_EXT)) {
		snprintf(why, whylen, "vendor extension not supported");
		return EINJ_STATUS_INVALID;
	}
	if (type != EINJ_TYPE_MEM_CE && type != EINJ_TYPE_MEM_UC &&
	    type != EINJ_TYPE_MEM_FATAL) {
		snprintf(why, whylen, "error type %#x not offered (available %#x)",
			 type, EINJ_CAPS);
		return EINJ_STATUS_INVALID;
	}
	if (!(flags & SETWA_FLAGS_MEM)) {
		snprintf(why, whylen, "flags %#x lack 'memory address valid'", flags);
		return EINJ_STATUS_INVALID;
	}
	if (!range) {
		snprintf(why, whylen, "zero address mask");
		return EINJ_STATUS_INVALID;
	}
	addr &= range & ~(uint64_t)(LINE_SIZE - 1);
	if (addr >= ram_size() ||
	    (addr >= MAILBOX_GPA && addr < MAILBOX_GPA + MAILBOX_SIZE)) {
		snprintf(why, whylen, "address is not guest RAM");
		return EINJ_STATUS_INVALID;
	}

	if (type == EINJ_TYPE_MEM_CE) {
		cpu_inject(0, MCE_CE_BANK, MCE_CE_STATUS, 0, addr, MISC_ADDR_PHYS | 6);
		snprintf(why, whylen, "corrected record in bank %d", MCE_CE_BANK);
		return EINJ_STATUS_SUCCESS;
	}

	p.addr = addr;
	p.len = LINE_SIZE;
	p.fatal = type == EINJ_TYPE_MEM_FATAL;
	p.mode = firmware_einj_mode();
	if (poison_plant(&p, why, whylen))
		return EINJ_STATUS_FAIL;
	if (firmware_instrument()) {
		snprintf(why, whylen, "could not arm the poison model");
		return EINJ_STATUS_FAIL;
	}
	record("plant", "\"addr\":\"%#" PRIx64 "\",\"len\":%" PRIu64
	       ",\"fatal\":%s,\"mode\":\"%s\",\"src\":\"einj\"",
	       p.addr, p.len, p.fatal ? "true" : "false", mode_name(p.mode));
	snprintf(why, whylen, "planted");
	return EINJ_STATUS_SUCCESS;
}

/* Serve one EXECUTE if the guest rang the doorbell. */
bool einj_service(uint8_t *mb)
{
	const uint8_t *setwa = mb + MB_EINJ_SETWA;
	uint32_t type, flags;
	uint64_t addr, range;
	char why[160];
	int status;

	if (!(__atomic_load_n((uint64_t *)(mb + MB_EINJ_DOORBELL), __ATOMIC_ACQUIRE) & 1))
		return false;
	type = get32(setwa + SETWA_TYPE);
	flags = get32(setwa + SETWA_FLAGS);
	addr = get64(setwa + SETWA_MEM_ADDR);
	range = get64(setwa + SETWA_MEM_RANGE);
	status = inject(type, flags, addr, range, setwa, why, sizeof(why));
	record(status == EINJ_STATUS_SUCCESS ? "einj" : "refuse",
	       "\"src\":\"einj\",\"type\":\"%#x\",\"flags\":\"%#x\",\"addr\":\"%#" PRIx64
	       "\",\"range\":\"%#" PRIx64 "\",\"status\":%d,\"result\":\"%s\"",
	       type, flags, addr, range, status, why);
	put64(mb + MB_EINJ_STATUS, (uint64_t)status);
	put64(mb + MB_EINJ_DOORBELL, 0);
	return true;
}
