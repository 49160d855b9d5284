#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The mce-kdump kselftest on the host: its dump reader against synthetic
# dumps, a short fuzz run of the reader, and every skip and fail path of
# both phases with faked roots; the capture kernel's parser of the
# hwpoison hand-off (the series' fs/proc/vmcore_hwpoison.c), its unit
# tests and a short fuzz run.
set -u
cd "$(dirname "$0")/../.."
make -s -C tests/vmcore check
make -s -C tests/vmcore fuzz-check
make -s -C tests/kselftest check
make -s -C tests/handoff check
