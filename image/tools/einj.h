/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest tools share: find the physical address behind a virtual
 * address through /proc/self/pagemap, read a page's /proc/kpageflags word,
 * and inject a memory error through the APEI EINJ debugfs interface
 * (ACPI 5 mode).
 */
#ifndef MCEKD_EINJ_H
#define MCEKD_EINJ_H

#include <stdint.h>

/* Physical address of the byte at vaddr (mapped and present), or 0. */
uint64_t virt_to_phys(const void *vaddr);

/* The /proc/kpageflags word of page frame pfn in *flags; 0 or -1. */
int page_flags(uint64_t pfn, uint64_t *flags);

/* Inject EINJ error type (0x10, 0x20, ...) at paddr; 0 or -errno. */
int einj_inject(unsigned int type, uint64_t paddr);

#endif
