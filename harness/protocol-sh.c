// SPDX-License-Identifier: GPL-2.0
/*
 * protocol-sh: print protocol.h as a shell fragment for the guest's init,
 * so that the phase lines, the dump disk layout and the control pattern
 * are written down once. The image build puts the output in the initramfs
 * as /usr/lib/mcekd-protocol.sh.
 */
#include <inttypes.h>
#include <stdio.h>

#include "protocol.h"

int main(void)
{
	printf("# Generated from harness/protocol.h by protocol-sh; do not edit.\n");
	printf("MCEKD_PREFIX='%s'\n", PROTO_PREFIX);
	for (int i = 0; i < PL_COUNT; i++)
		printf("MCEKD_%s='%s'\n", proto_line_name[i], proto_line_text[i]);
	printf("MCEKD_RC='%s'\n", PROTO_RC);
	printf("DISK_MAGIC='%s'\n", DISK_MAGIC);
	printf("DISK_HDR_SIZE=%d\n", DISK_HDR_SIZE);
	printf("DISK_LOG_OFF=%d\n", DISK_LOG_OFF);
	printf("DISK_LOG_MAX=%d\n", DISK_LOG_MAX);
	printf("DISK_DUMP_OFF=%d\n", DISK_DUMP_OFF);
	printf("DISK_STATE_DONE='%s'\n", DISK_STATE_DONE);
#define DISK_KEY(name) printf("DISK_KEY_%s='%s'\n", #name, DISK_KEY_##name);
	DISK_KEYS(DISK_KEY)
#undef DISK_KEY
	printf("CONTROL_MAGIC=%#" PRIx64 "\n", (uint64_t)CONTROL_MAGIC);
	return ferror(stdout) ? 1 : 0;
}
