/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for the crash dumps that kdump collectors write, so that the
 * harness can tell whether a page made it into a dump without trusting the
 * dump: kdump-compressed (makedumpfile), its flattened
 * stream form (makedumpfile -F), ELF (/proc/vmcore copies, makedumpfile
 * -E), each optionally compressed as a whole file.
 */
#ifndef HARNESS_VMCORE_H
#define HARNESS_VMCORE_H

#include <stddef.h>
#include <stdint.h>

enum vmcore_format {
	VMCORE_FMT_KDUMP,	/* "KDUMP   " disk_dump_header */
	VMCORE_FMT_ELF,		/* ELF64 core file */
};

enum vmcore_pfn_state {
	VMCORE_PFN_ABSENT,	/* not in the dump */
	VMCORE_PFN_PRESENT,	/* in the dump with non-zero data */
	VMCORE_PFN_ZERO,	/* in the dump, all bytes zero */
	VMCORE_PFN_UNREADABLE,	/* listed, but its data cannot be read */
};

struct vmcore;

/*
 * Open a dump file. A whole-file compressed dump (gzip, xz, zstd, bzip2,
 * lz4) is decompressed by running the tool into an unlinked temporary
 * file in vmcore_tmpdir(), so nothing is left behind on
 * any exit path. Returns NULL, with a reason in err, if the file cannot
 * be read or is not a dump; otherwise the whole dump has been checked
 * and vmcore_problem() lists what is wrong with it.
 */
struct vmcore *vmcore_open_path(const char *path, char *err, size_t errlen);

/*
 * Same, from memory (for fuzzing): no subprocesses, no temporary files;
 * whole-file compressed input is refused. buf must outlive the handle.
 */
struct vmcore *vmcore_open_mem(const void *buf, size_t len,
			       char *err, size_t errlen);

void vmcore_close(struct vmcore *vc);

/* scratch space for big files: $TMPDIR, else /var/tmp, else /tmp */
const char *vmcore_tmpdir(void);

enum vmcore_format vmcore_format(const struct vmcore *vc);
const char *vmcore_format_name(const struct vmcore *vc);
/* 1 if the file is a makedumpfile -F stream */
int vmcore_flattened(const struct vmcore *vc);
/* "none", "gzip", "xz", "zstd", "bzip2" or "lz4" */
const char *vmcore_compression(const struct vmcore *vc);
/*
 * fd of the data vmcore_format() describes (the decompressed temporary
 * file, or the file itself), for handing to other tools; -1 from memory.
 */
int vmcore_data_fd(const struct vmcore *vc);

uint64_t vmcore_page_size(const struct vmcore *vc);
/* OSRELEASE from VMCOREINFO (or the kdump header); "" if unknown */
const char *vmcore_osrelease(const struct vmcore *vc);
/* raw VMCOREINFO text (not NUL-terminated inside, but NUL after len) */
const char *vmcore_vmcoreinfo(const struct vmcore *vc, size_t *len);
/* copy the value of KEY=value from VMCOREINFO; -1 if absent */
int vmcore_vmcoreinfo_get(const struct vmcore *vc, const char *key,
			  char *buf, size_t len);

/* pages the dump holds data for */
uint64_t vmcore_pages(const struct vmcore *vc);
/* pages the collector left out on purpose; -1 if the format cannot say */
int64_t vmcore_pages_excluded(const struct vmcore *vc);
/* pages whose compression this build cannot decode (zstd, snappy) */
uint64_t vmcore_pages_unverified(const struct vmcore *vc);

/*
 * 1 if the dump's list of pages (kdump: the bitmaps; ELF: the program
 * headers) could be read whole, so that "absent" and the other states say
 * what the collector meant to write, even where its data is missing
 */
int vmcore_page_list(const struct vmcore *vc);
/* 1 if no problem was found */
int vmcore_complete(const struct vmcore *vc);
unsigned int vmcore_nr_problems(const struct vmcore *vc);
const char *vmcore_problem(const struct vmcore *vc, unsigned int i);

enum vmcore_pfn_state vmcore_pfn_state(struct vmcore *vc, uint64_t pfn);
/*
 * The same, and the page's bytes in buf (vmcore_page_size() of them) with
 * *have set, when the dump holds them whole and this build can decode them.
 */
enum vmcore_pfn_state vmcore_pfn_data(struct vmcore *vc, uint64_t pfn, void *buf, int *have);
const char *vmcore_pfn_state_name(enum vmcore_pfn_state state);

#endif /* HARNESS_VMCORE_H */
