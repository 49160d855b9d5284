/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest tools share: find the physical address behind a virtual
 * address through /proc/self/pagemap, and inject a memory error there
 * through the APEI EINJ debugfs interface (ACPI 5 mode).
 */
#ifndef MCEKD_EINJ_H
#define MCEKD_EINJ_H

#include <stdint.h>

/* Physical address of the byte at vaddr (mapped and present), or 0. */
uint64_t virt_to_phys(const void *vaddr);

/* Inject EINJ error type (0x10, 0x20, ...) at paddr; 0 or -errno. */
int einj_inject(unsigned int type, uint64_t paddr);

#endif
