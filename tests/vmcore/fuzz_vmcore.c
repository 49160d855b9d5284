// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the harness's dump reader. The reader parses dumps
 * written by a dying machine, so it must survive any input: this feeds
 * arbitrary bytes to vmcore_open_mem() and asks every question the
 * harness asks (completeness, problems, PFN states, VMCOREINFO keys, the
 * series' record of poisoned memory that VMCOREINFO locates).
 * Build and run: make -C tests/vmcore fuzz.
 */
#include <stddef.h>
#include <stdint.h>

#include "hwprecord.h"
#include "vmcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t pfns[] = {
		0, 1, 3, 8, 63, 64, 0x1000, 0x12345, ~0ULL, ~0ULL / 4096,
	};
	char err[256], val[64];
	struct vmcore *vc;
	unsigned int i;
	size_t len;

	vc = vmcore_open_mem(data, size, err, sizeof(err));
	if (!vc)
		return 0;
	vmcore_format_name(vc);
	vmcore_osrelease(vc);
	vmcore_vmcoreinfo(vc, &len);
	vmcore_vmcoreinfo_get(vc, "OSRELEASE", val, sizeof(val));
	vmcore_vmcoreinfo_get(vc, "PAGESIZE", val, 1);
	vmcore_pages(vc);
	vmcore_pages_excluded(vc);
	vmcore_pages_unverified(vc);
	vmcore_complete(vc);
	for (i = 0; i < vmcore_nr_problems(vc); i++)
		vmcore_problem(vc, i);
	for (i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++)
		vmcore_pfn_state(vc, pfns[i]);
	{
		static struct hwp_record rec;

		hwp_record_read(vc, &rec);
		hwp_record_has(&rec, pfns[5], vmcore_page_size(vc));
	}
	/* and one pfn the input chooses */
	if (size >= 2)
		vmcore_pfn_state(vc, data[size - 1] | data[size - 2] << 8);
	vmcore_close(vc);
	return 0;
}
