# SPDX-License-Identifier: GPL-2.0
# Which bases a test run covers, and how deeply, for the groups that source
# this. Both make check and make check-full (MCEKD_FULL=1) cover every base
# of kernel/bases: the series applied with git am, checkpatch, the arms
# built and booted. make check runs all its scenarios and the platform
# tests on the primary base, 7.3, where the series is written first as
# upstream would take it, and on the backports only the scenarios that
# separate the arms (backport_scenarios); its scenarios run on nofix and
# series. make check-full runs everything everywhere, on the three arms.
# MCEKD_BASES (make check-full BASES="6.1 6.12") narrows the run to some
# of the bases, for a check-full too long for one sitting.
# Sets the arrays bases, backport_scenarios and scenario_arms, and primary.
mapfile -t bases < <(awk '!/^#/ && NF { print $1 }' kernel/bases)
if [ -n "${MCEKD_BASES:-}" ]; then
	for b in $MCEKD_BASES; do
		printf '%s\n' "${bases[@]}" | grep -qxF -- "$b" || {
			echo "tests: no base '$b' in kernel/bases; BASES takes some of: ${bases[*]}" >&2
			exit 2
		}
	done
	read -ra bases <<<"$MCEKD_BASES"
fi
primary=7.3
backport_scenarios=(
	scenarios/kselftest-tail.scn		# the kselftest's compound tail
						# case, a fatal error through EINJ:
						# nofix and upstream lose the dump
	scenarios/srao-compound-tail-d31.scn	# poison found before the crash
	scenarios/srao-before-kexec.scn		# found before kexec -p: on 7.3
						# makedumpfile finds no compound
						# tail, and every arm keeps it
)

# thorough BASE: whether this run gives BASE everything (the primary base,
# or every base under make check-full).
thorough() { [ -n "${MCEKD_FULL:-}" ] || [ "$1" = "$primary" ]; }

# built_arms BASE: sets arms, the kernels 00-build builds for BASE: all
# three where the platform tests run (they boot upstream), else nofix and
# series.
built_arms() {
	if thorough "$1"; then arms=(upstream nofix series); else arms=(nofix series); fi
}

# The arms the scenarios run on: nofix and series, the pair a claim
# separates, under make check; all three under make check-full.
scenario_arms=(nofix series)
[ -z "${MCEKD_FULL:-}" ] || scenario_arms=(nofix upstream series)
