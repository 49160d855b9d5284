# SPDX-License-Identifier: GPL-2.0
# Which bases a test run covers, for the groups that source this: make
# check covers 7.3, the base the series is written on first, as upstream
# would take it; make check-full (MCEKD_FULL=1) covers every base of
# kernel/bases. Sets the array bases.
if [ -n "${MCEKD_FULL:-}" ]; then
	mapfile -t bases < <(awk '!/^#/ && NF { print $1 }' kernel/bases)
else
	bases=(7.3)
fi
