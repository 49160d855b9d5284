# SPDX-License-Identifier: GPL-2.0
# Shared by the benchmark scripts, which source it.

# median: the median of the numbers on stdin, one per line.
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
