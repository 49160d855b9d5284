// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd_hwprecord: fill the series' record of poisoned memory, so that a
 * benchmark can crash with the record full and a scenario can overflow it
 * with a few real errors. Write N to /sys/kernel/debug/mcekd_hwprecord to
 * leave N slots free; read it back for the free slots. Each slot it takes
 * names one page that this module allocated and keeps (never freed: the
 * record names it), the first of an order-1 block, so that no two recorded
 * pages touch and each cuts its own hole in the capture kernel's vmcore.
 * The pages hold no poison: they are good memory the dump loses.
 *
 * The record is found as a dump tool finds it, through the documented
 * layout (HWPOISON_RECORD in vmcoreinfo.rst): the HWPOISON_RECORD=ADDR+SIZE
 * line of the VMCOREINFO note. A kernel without the series has no such
 * line, and both files answer -ENOENT.
 */
#include <linux/debugfs.h>
#include <linux/elf.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/string.h>
/* paddr_vmcoreinfo_note(): in <linux/crash_core.h> before Linux 6.9 */
#if __has_include(<linux/vmcore_info.h>)
#include <linux/vmcore_info.h>
#else
#include <linux/crash_core.h>
#endif

#define RECORD_MAGIC	0x52505748	/* "HWPR" */
#define RECORD_VERSION	1

struct record_header {
	u32 magic, version, nr_slots, nr_used;
	u64 dropped_pages;
};

struct record_range {
	u64 start, size;
};

static struct dentry *file;

/* The record the VMCOREINFO note locates, checked against its size. */
static struct record_header *record_find(void)
{
	const char key[] = "HWPOISON_RECORD=";
	struct elf_note *note = phys_to_virt(paddr_vmcoreinfo_note());
	const char *desc = (const char *)(note + 1) + ALIGN(note->n_namesz, 4);
	const char *line;
	unsigned long long addr, size;
	struct record_header *h;

	if (note->n_descsz > VMCOREINFO_NOTE_SIZE)
		return NULL;
	line = strnstr(desc, key, note->n_descsz);
	if (!line || sscanf(line + sizeof(key) - 1, "%llx+%llx", &addr, &size) != 2 ||
	    size < sizeof(*h))
		return NULL;
	h = phys_to_virt(addr);
	if (h->magic != RECORD_MAGIC || h->version != RECORD_VERSION ||
	    size < sizeof(*h) + (u64)h->nr_slots * sizeof(struct record_range))
		return NULL;
	return h;
}

static int hwprecord_get(void *data, u64 *val)
{
	struct record_header *h = record_find();

	if (!h)
		return -ENOENT;
	*val = h->nr_slots - min(READ_ONCE(h->nr_used), h->nr_slots);
	return 0;
}

/* Take slots, as the kernel does, until @val are left. */
static int hwprecord_set(void *data, u64 val)
{
	struct record_header *h = record_find();
	struct record_range *r;
	struct page *page;
	u32 used;

	if (!h)
		return -ENOENT;
	r = (struct record_range *)(h + 1);
	for (;;) {
		used = READ_ONCE(h->nr_used);
		if (used >= h->nr_slots || h->nr_slots - used <= val)
			return 0;
		page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
		if (!page)
			return -ENOMEM;
		if (!try_cmpxchg(&h->nr_used, &used, used + 1)) {
			__free_pages(page, 1);
			continue;
		}
		WRITE_ONCE(r[used].start, PFN_PHYS(page_to_pfn(page)));
		/* The size last: it publishes the slot. */
		smp_store_release(&r[used].size, PAGE_SIZE);
	}
}

DEFINE_DEBUGFS_ATTRIBUTE(hwprecord_fops, hwprecord_get, hwprecord_set, "%llu\n");

static int __init mcekd_hwprecord_init(void)
{
	file = debugfs_create_file_unsafe("mcekd_hwprecord", 0600, NULL, NULL, &hwprecord_fops);
	return 0;
}

/* No exit: the pages it recorded must stay allocated until the crash. */
module_init(mcekd_hwprecord_init);
MODULE_DESCRIPTION("Fill the record of poisoned memory for mce-kdump benchmarks and scenarios");
MODULE_LICENSE("GPL");
