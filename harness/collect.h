/* SPDX-License-Identifier: GPL-2.0 */
/*
 * After the boots: what the capture kernel left on the raw dump disk
 * (layout in protocol.h), as plain files in the run directory for the
 * judge: disk-header.txt, collector.log and dump.out. A capture kernel that
 * died leaves no finished header; then whatever reached the disk's dump
 * region, found through the disk image's data extents, is the dump.
 * The raw disk image then goes: those files hold all of it. With the
 * collector kdump-tools, the dump is instead the file Debian's kdump-config
 * left in /var/crash on the /var disk; its name goes to dump-file.txt.
 */
#ifndef HARNESS_COLLECT_H
#define HARNESS_COLLECT_H

#include <stddef.h>

int collect_disk(const char *run_dir, char *err, size_t errlen);

#endif
