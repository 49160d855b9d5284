/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest's init (image/init) and the harness agree on, defined once:
 * the lines init prints on the console to mark the phases of a run, the
 * layout of the raw dump disk the capture kernel writes, and the pattern of
 * the control pages a workload fills. image/init reads the same values from
 * a shell fragment that protocol-sh generates from this file.
 */
#ifndef HARNESS_PROTOCOL_H
#define HARNESS_PROTOCOL_H

#include <stdint.h>

/* Every line init prints for the host starts with this. */
#define PROTO_PREFIX		"mcekd: "

/*
 * The phase lines, after PROTO_PREFIX: X(NAME, text). "boot" and "returned"
 * are followed by more words ("boot capture 6.1.0", "workload returned
 * rc=0"); "returned" lines end in PROTO_RC and the exit status.
 */
#define PROTO_LINES(X)					\
	X(BOOT, "boot")					\
	X(KDUMP_READY, "kdump ready")			\
	X(WORKLOAD, "workload start")			\
	X(WORKLOAD_RETURNED, "workload returned")	\
	X(COLLECT, "collector start")			\
	X(DUMPED, "dump written")			\
	X(CHECK, "check start")				\
	X(CHECK_RETURNED, "check returned")		\
	X(ERROR, "error:")
#define PROTO_RC		"rc="

enum proto_line {
#define PROTO_ENUM(name, text) PL_##name,
	PROTO_LINES(PROTO_ENUM)
#undef PROTO_ENUM
	PL_COUNT
};

extern const char *const proto_line_text[PL_COUNT];
extern const char *const proto_line_name[PL_COUNT];

/*
 * The raw dump disk (/dev/vda in the guest): a text header of "key=value"
 * lines after DISK_MAGIC in the first DISK_HDR_SIZE bytes, the collector's
 * messages from DISK_LOG_OFF (at most DISK_LOG_MAX bytes), and the dump
 * stream from DISK_DUMP_OFF. The header's state is "running" while the
 * collector runs and "done" once its results are on the disk.
 */
#define DISK_MAGIC		"mcekd-dump 1"
#define DISK_HDR_SIZE		4096
#define DISK_LOG_OFF		4096
#define DISK_DUMP_OFF		(1 << 20)
#define DISK_LOG_MAX		(DISK_DUMP_OFF - DISK_LOG_OFF)
#define DISK_STATE_DONE		"done"

/* The header's keys: the collector's state, start and end (seconds since
 * the epoch, guest clock), dump bytes, exit status, log bytes, command. */
#define DISK_KEY_STATE		"state"
#define DISK_KEY_START		"start"
#define DISK_KEY_END		"end"
#define DISK_KEY_BYTES		"bytes"
#define DISK_KEY_RC		"rc"
#define DISK_KEY_LOGBYTES	"logbytes"
#define DISK_KEY_COLLECTOR	"collector"
#define DISK_KEYS(X) X(STATE) X(START) X(END) X(BYTES) X(RC) X(LOGBYTES) X(COLLECTOR)

/* The number after "\nKEY=" in a header's text, or -1. */
long long disk_header_value(const char *hdr, const char *key);

/*
 * A control page is a page the dump must keep, which the workload fills so
 * that a reader can tell it is the right page with the right data: every
 * 64-bit word holds CONTROL_MAGIC xor its own physical address.
 */
#define CONTROL_MAGIC		0x6d63656b642d6f6bULL	/* "mcekd-ok" */

static inline uint64_t control_word(uint64_t paddr)
{
	return CONTROL_MAGIC ^ paddr;
}

#endif
