/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the kernel's <linux/sort.h>: sort() is libc's qsort(). */
#ifndef HANDOFF_SHIM_LINUX_SORT_H
#define HANDOFF_SHIM_LINUX_SORT_H

#include <stdlib.h>

static inline void sort(void *base, size_t num, size_t size,
			int (*cmp)(const void *, const void *), void *swap)
{
	(void)swap;
	qsort(base, num, size, cmp);
}

#endif
