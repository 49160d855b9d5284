/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/types.h>, so that the kernel's
 * fs/proc/vmcore_hwpoison.c builds as a host program: the reader uses only
 * these types. It shadows the libc-dev header of the same name, which has
 * no u32/u64, and is only on the include path of this directory's builds.
 */
#ifndef HANDOFF_SHIM_LINUX_TYPES_H
#define HANDOFF_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;

#endif
