#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host tests of tests/run.sh, the tally of make check: groups written here
# that plan too much, plan nothing, fail silently, skip, or report a run
# that did not happen, and the real scenario group without a compare
# binary and with one that exits 2 after reporting every run, and BASES
# (tests/lib/bases.sh) naming a base, or one there is not, and make check
# on a disk too small for it. Each must
# come out of run.sh with the count and the exit status it deserves. The
# plan comes first, then one line per check.
#
# usage: run-tests.sh          run-tests.sh --plan
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ "${1:-}" = --plan ]; then
	echo 11
	exit 0
fi
. "$here/../lib/report.sh"
# Each check runs run.sh as make check does, whatever run started these
# tests: make check-full's narrowing and depth are not the groups'.
unset MCEKD_BASES MCEKD_FULL
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

# A tree with run.sh in it, so that its build/tests logs stay in $T.
mkdir -p "$T/tree/tests/groups" "$T/tree/scenarios"
cp "$repo/tests/run.sh" "$T/tree/tests/"

# check NAME EXIT LAST-LINE TEXT < GROUP: run GROUP alone through run.sh
check() {
	name=$1 rc=$2 last=$3 text=$4
	cat >"$T/tree/tests/groups/g.sh"
	out=$(cd "$T/tree" && bash tests/run.sh tests/groups/g.sh 2>&1)
	got=$?
	why=
	[ $got -eq "$rc" ] || why="exit $got, want $rc"
	[ "$(printf '%s\n' "$out" | tail -n1)" = "$last" ] ||
		why="${why:+$why; }last line '$(printf '%s\n' "$out" | tail -n1)', want '$last'"
	printf '%s\n' "$out" | grep -qF -- "$text" || why="${why:+$why; }no '$text'"
	report "run.sh $name" "$why" "$out"
}

check "a whole group passes" 0 "2 passed, 0 failed" "0 skipped" <<'EOF'
echo 1..2; echo "PASS: a"; echo "PASS: b"
EOF
check "a step that fails early and silently" 1 "1 passed, 1 failed" "planned 2 tests, ran 1" <<'EOF'
echo 1..2; false; echo "PASS: a"
EOF
check "a group without a plan" 1 "1 passed, 1 failed" "declared 0 plans" <<'EOF'
echo "PASS: a"
EOF
check "a non-zero exit without a failure line" 1 "1 passed, 1 failed" "exited 3 without naming a failure" <<'EOF'
echo 1..1; echo "PASS: a"; exit 3
EOF
check "skips apart from passes" 0 "1 passed, 0 failed" "1 skipped" <<'EOF'
echo 1..2; echo "PASS: a"; echo "SKIP: b: no zstd"
EOF
check "a run that did not happen is a failure, counted apart" 1 "1 passed, 1 failed" \
	"1 of the failed were runs that did not happen" <<'EOF'
echo 1..2; echo "PASS: a"; echo "ERROR: b: QEMU killed by signal 6"; exit 1
EOF
# The scenario group with no compare binary: once '0 passed, 0 failed'.
cp "$repo/scenarios/"*.scn "$T/tree/scenarios/"
mkdir -p "$T/tree/tests/lib" "$T/tree/kernel"
cp "$repo/tests/lib/bases.sh" "$T/tree/tests/lib/"
cp "$repo/kernel/bases" "$T/tree/kernel/"
check "the scenario matrix without compare" 1 "0 passed, 1 failed" \
	"tests, ran 0" <"$repo/tests/groups/60-scenarios.sh"
# A compare that reports every run as expected, then exits 2: its exit
# status counts as well as its lines.
mkdir -p "$T/tree/build/harness"
cat >"$T/tree/build/harness/compare" <<'EOF2'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in
	--base) base=$2; shift ;;
	--arms) arms=$(echo "$2" | tr , ' '); shift ;;
	--build | --name) shift ;;
	--*) ;;
	*) for arm in $arms; do echo "PASS: scenario $(basename "$1" .scn) on $base/$arm"; done ;;
	esac
	shift
done
echo "compare: cannot write the table" >&2
exit 2
EOF2
chmod +x "$T/tree/build/harness/compare"
cp "$repo/tests/groups/60-scenarios.sh" "$T/tree/tests/groups/g.sh"
n=$(cd "$T/tree" && bash tests/groups/g.sh 2>/dev/null | head -n1 | cut -c4-)
check "the scenario matrix with a compare that exits 2" 1 "$n passed, 1 failed" \
	"exited 2 without naming a failure" <"$repo/tests/groups/60-scenarios.sh"

# make check-full BASES=...: some of the bases, or a clear error.
check "BASES narrows the run to a base" 0 "1 passed, 0 failed" "PASS: bases 6.12" <<'EOF'
MCEKD_BASES=6.12; . tests/lib/bases.sh; echo "1..${#bases[@]}"; echo "PASS: bases ${bases[*]}"
EOF
check "BASES naming a base that is not there" 1 "0 passed, 1 failed" \
	"no base '9.9' in kernel/bases; BASES takes some of: 6.1 6.12 7.3" <<'EOF'
MCEKD_BASES="6.1 9.9"; . tests/lib/bases.sh; echo "1..${#bases[@]}"; echo "PASS: bases ${bases[*]}"
EOF

# Plain make check (no groups named) where build/ cannot hold its peak:
# refused before any group runs, the figure and the way out named.
out=$(cd "$T/tree" && MCEKD_CHECK_GIB=1000000 bash tests/run.sh 2>&1)
got=$?
why=
[ $got -eq 1 ] || why="exit $got, want 1"
[ "$(printf '%s\n' "$out" | tail -n1)" = "0 passed, 1 failed" ] || why="${why:+$why; }last line not '0 passed, 1 failed'"
printf '%s\n' "$out" | grep -qF "FAIL: disk: make check needs about 1000000 GiB on build/" ||
	why="${why:+$why; }no 'FAIL: disk: make check needs about 1000000 GiB on build/'"
printf '%s\n' "$out" | grep -q '^==> ' && why="${why:+$why; }a group ran"
report "run.sh refuses make check on a disk too small for it" "$why" "$out"

[ $((pass + fail)) -eq 11 ] || { echo "FAIL: run.sh: ran $((pass + fail)) tests, the plan says 11"; exit 1; }
[ $fail -eq 0 ]
