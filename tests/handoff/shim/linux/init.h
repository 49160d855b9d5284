/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/init.h>: the parser's functions and
 * constants are __init/__initconst in the kernel, plain on the host.
 */
#ifndef HANDOFF_SHIM_LINUX_INIT_H
#define HANDOFF_SHIM_LINUX_INIT_H

#define __init
#define __initconst

#endif
