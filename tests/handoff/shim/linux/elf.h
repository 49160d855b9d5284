/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/elf.h>: the one structure and the
 * program header types the reader uses, laid out as the ELF64 ABI says.
 */
#ifndef HANDOFF_SHIM_LINUX_ELF_H
#define HANDOFF_SHIM_LINUX_ELF_H

#include <linux/types.h>

#define PT_LOAD	1
#define PT_NOTE	4

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

#endif
