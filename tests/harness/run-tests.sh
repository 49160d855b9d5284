#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host tests of the harness, no kernel needed:
#  - the judge (vmrun --judge-only) on the recorded runs of runs/: each is
#    the artefacts a run leaves (the boots' accounts, QEMU's messages, the
#    platform's record, the dump disk's header; the dump itself remade
#    small by mkvmcore from dump.args, dump.cut bytes cut off its end; the
#    dump's log and crash's answers as makedumpfile and crash gave them,
#    replayed by fake/), judged on each arm its file "checks" names, which
#    also says the exit status and the result's members it must give;
#  - vmrun whole, with the emulator replaced by fake/qemu-system-x86_64
#    (FAKE_QEMU says how the boot ends): a QEMU that exits at once, dies
#    or shows nothing, or a record that dropped entries or holds more
#    poison than the harness follows, makes an error whatever the
#    scenario expected; and vmrun killed ends its QEMU, or its dump
#    reader, first;
#  - compare's one retry of a run whose production kernel never started the
#    scenario, reported with a RETRY line and its first log kept, and its
#    --arms;
#  - the scenario parser's refusal of a guest it cannot boot, and of an
#    expectation for a base with no base named; an expectation for one
#    base holds there only;
#  - the verdict 'dump-lost' (none or incomplete) met by an incomplete dump and
#    not by a complete one;
#  - "poison-free@BASE: no" leaving the free-page premise unjudged on BASE
#    only, and refused without a base.
# The plan comes first, then one line per check.
#
# usage: run-tests.sh BUILD_DIR    the repository's build/: harness/ (make
#                                  harness) and tests/vmcore/mkvmcore
#        run-tests.sh --plan       how many tests it runs
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
FAKE_RUNS=18

plan() {
	n=$FAKE_RUNS
	for c in "$here"/runs/*/checks; do
		n=$((n + $(grep -c '^[a-z]' "$c")))
	done
	echo $n
}
if [ "${1:-}" = --plan ]; then
	plan
	exit 0
fi
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
B=$build/harness
MK=$build/tests/vmcore/mkvmcore
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

. "$here/../lib/report.sh"
ok() { report "harness $1" ""; }
bad() { report "harness $1" "$2"; }

# A build directory of stand-ins: the reader and jsonget are the real ones,
# crash is the fake, everything vmrun only copies is a dummy file.
fb=$T/build
mkdir -p "$fb/harness" "$fb/userspace/6.1/bin" "$fb/image/6.1" "$fb/platform" \
	"$fb/kernel/6.1/upstream/.out/arch/x86/boot"
ln -s "$B/vmcore_info" "$fb/harness/vmcore_info"
ln -s "$here/fake/crash" "$fb/userspace/6.1/bin/crash"
ln -s "$here/fake/makedumpfile" "$fb/userspace/6.1/bin/makedumpfile"
for f in image/6.1/base.cpio platform/ras.so platform/einj.bin platform/hest.bin \
	kernel/6.1/upstream/.out/arch/x86/boot/bzImage; do
	echo dummy >"$fb/$f"
done
printf '#!/bin/sh\nkill -SEGV $$\n' >"$T/crashing-reader"
chmod +x "$T/crashing-reader"

# expect NAME RESULT.json PATH=VALUE|PATH~TEXT...: the result's members
expect() {
	name=$1 res=$2 why=
	shift 2
	for a in "$@"; do
		case $a in
		*=*) path=${a%%=*} want=${a#*=} ;;
		*~*) path=${a%%~*} want=${a#*~} ;;
		esac
		got=$("$B/jsonget" "$res" "$path" 2>&1)
		case $a in
		*=*) [ "$got" = "$want" ] || why="${why:+$why; }$path is '$got', want '$want'" ;;
		*~*) case $got in *"$want"*) ;; *) why="${why:+$why; }$path is '$got', lacks '$want'" ;; esac ;;
		esac
	done
	if [ -z "$why" ]; then ok "$name"; else bad "$name" "$why"; fi
}

# --- the judge on recorded runs ---
for dir in "$here"/runs/*/; do
	case=$(basename "$dir")
	run=$T/runs/$case
	mkdir -p "$run"
	cp "$dir"/* "$run/"
	: >"$run/dump.out"
	if [ -f "$dir/dump.args" ]; then
		# shellcheck disable=SC2046 # the arguments are words
		"$MK" $(cat "$dir/dump.args") "$run/dump.out" ||
			{ bad "recorded run $case" "mkvmcore $(cat "$dir/dump.args") failed"; continue; }
		if [ -f "$dir/dump.cut" ]; then
			size=$(stat -c %s "$run/dump.out")
			truncate -s $((size - $(cat "$dir/dump.cut"))) "$run/dump.out"
		fi
	fi
	grep -q '^reader crash' "$dir/tools" 2>/dev/null &&
		ln -sf "$T/crashing-reader" "$fb/harness/vmcore_info"
	crash=$here/fake/crash
	grep -q '^crash none' "$dir/tools" 2>/dev/null && rm -f "$fb/userspace/6.1/bin/crash"
	grep '^[a-z]' "$dir/checks" | while read -r arm rc checks; do
		res=$T/result-$case-$arm.json
		# shellcheck disable=SC2086 # checks are words
		PATH=$here/fake:$PATH "$B/vmrun" --judge-only --build "$fb" --base 6.1 --arm "$arm" \
			--run-dir "$run" --result "$res" "$run/scenario.scn" >/dev/null 2>"$res.log"
		got=$?
		if [ $got -ne "$rc" ]; then
			echo "FAIL: harness judge $case on $arm: exit $got, want $rc: $(tail -n1 "$res.log")"
			continue
		fi
		# shellcheck disable=SC2086
		expect "judge $case on $arm" "$res" $checks
	done | tee -a "$T/lines"
	ln -sf "$B/vmcore_info" "$fb/harness/vmcore_info"
	ln -sf "$crash" "$fb/userspace/6.1/bin/crash"
done
pass=$((pass + $(grep -c '^PASS' "$T/lines" 2>/dev/null)))
fail=$((fail + $(grep -c '^FAIL' "$T/lines" 2>/dev/null)))

# --- vmrun whole, with a fake QEMU ---
fake_run() {  # MODE SCENARIO RC PATH=VALUE...
	mode=$1 scn=$2 rc=$3
	shift 3
	res=$T/fake-$mode.json
	FAKE_QEMU=$mode "$B/vmrun" --build "$fb" --base 6.1 --arm upstream \
		--qemu "$here/fake/qemu-system-x86_64" --result "$res" "$scn" >/dev/null 2>"$res.log"
	got=$?
	if [ $got -ne "$rc" ]; then
		bad "vmrun with a QEMU that plays '$mode'" "exit $got, want $rc: $(tail -n1 "$res.log")"
		return
	fi
	expect "vmrun with a QEMU that plays '$mode'" "$res" "$@"
}
fake_run exit1 "$here/none.scn" 2 result=error error.phase=kernel \
	"error.reason~exited 1" "error.reason~cannot load plugin"
fake_run silent "$here/none.scn" 2 result=error error.phase=kernel
fake_run abort "$here/none.scn" 2 result=error error.phase=capture \
	"error.reason~killed by signal 6"
fake_run survive "$repo/scenarios/user-page-sigbus.scn" 0 result=pass verdict=survived
fake_run dropped "$repo/scenarios/user-page-sigbus.scn" 2 result=error error.phase=record \
	"error.reason~dropped 3 record entries"
fake_run flood "$repo/scenarios/user-page-sigbus.scn" 2 result=error error.phase=record \
	"error.reason~more than 4096 pages"

# --- vmrun killed ends the QEMU it started, which has a process group of its own ---
fifo=$T/hang.pid
mkfifo "$fifo"
FAKE_QEMU=hang FAKE_QEMU_PID=$fifo "$B/vmrun" --build "$fb" --base 6.1 --arm upstream \
	--qemu "$here/fake/qemu-system-x86_64" --result "$T/fake-hang.json" "$here/none.scn" \
	>/dev/null 2>"$T/fake-hang.log" &
vm=$!
qemu=$(timeout 10 head -n1 "$fifo")
kill -TERM $vm
{ wait $vm; } 2>/dev/null	# not the shell's "Terminated"
got=$?
if [ -z "$qemu" ]; then
	bad "vmrun killed by SIGTERM ends its QEMU" "the fake QEMU never started: $(tail -n1 "$T/fake-hang.log")"
elif kill -0 "$qemu" 2>/dev/null; then
	bad "vmrun killed by SIGTERM ends its QEMU" "QEMU (pid $qemu) runs on after vmrun exited $got"
	env kill -s KILL -- "-$qemu"	# procps kill: dash's takes no group
elif [ $got -ne 143 ]; then
	bad "vmrun killed by SIGTERM ends its QEMU" "vmrun exited $got, want 143 (SIGTERM)"
else
	ok "vmrun killed by SIGTERM ends its QEMU"
fi

# --- vmrun killed while judging ends its dump reader, in a group of its own too ---
run=$T/hang-run
mkdir -p "$run"
cp "$here"/runs/complete/* "$run/"
# shellcheck disable=SC2046 # the arguments are words
"$MK" $(cat "$run/dump.args") "$run/dump.out"
fifo=$T/reader.pid
mkfifo "$fifo"
printf '#!/bin/sh\necho $$ >"%s"\nexec sleep 600\n' "$fifo" >"$T/hanging-reader"
chmod +x "$T/hanging-reader"
ln -sf "$T/hanging-reader" "$fb/harness/vmcore_info"
PATH=$here/fake:$PATH "$B/vmrun" --judge-only --build "$fb" --base 6.1 --arm upstream \
	--run-dir "$run" --result "$T/hang-reader.json" "$run/scenario.scn" \
	>/dev/null 2>"$T/hang-reader.log" &
vm=$!
reader=$(timeout 10 head -n1 "$fifo")
kill -TERM $vm
{ wait $vm; } 2>/dev/null
got=$?
ln -sf "$B/vmcore_info" "$fb/harness/vmcore_info"
if [ -z "$reader" ]; then
	bad "vmrun killed by SIGTERM ends its dump reader" "the reader never started: $(tail -n1 "$T/hang-reader.log")"
elif kill -0 "$reader" 2>/dev/null; then
	bad "vmrun killed by SIGTERM ends its dump reader" "the reader (pid $reader) runs on after vmrun exited $got"
	kill -KILL "$reader"
elif [ $got -ne 143 ]; then
	bad "vmrun killed by SIGTERM ends its dump reader" "vmrun exited $got, want 143 (SIGTERM)"
else
	ok "vmrun killed by SIGTERM ends its dump reader"
fi

# --- a guest the platform cannot boot is refused before the run ---
sed 's/^description:.*/&\nmemory: 256/' "$repo/scenarios/sysrq.scn" >"$T/small.scn"
out=$("$B/vmrun" --build "$fb" --base 6.1 --arm upstream "$T/small.scn" 2>&1)
got=$?
case $got:$out in
2:*"memory: MiB from 512"*"mailbox"*) ok "scenario with memory: 256 refused, saying why" ;;
*) bad "scenario with memory: 256 refused, saying why" "exit $got: $out" ;;
esac

# --- compare retries, once and saying so, a run that never started its scenario ---
for arm in nofix series; do
	mkdir -p "$fb/kernel/6.1/$arm/.out/arch/x86/boot"
	echo dummy >"$fb/kernel/6.1/$arm/.out/arch/x86/boot/bzImage"
done
ln -sf "$B/vmrun" "$fb/harness/vmrun"
out=$(PATH=$here/fake:$PATH FAKE_QEMU=silent "$B/compare" --check --build "$fb" --base 6.1 \
	"$repo/scenarios/sysrq.scn" 2>"$T/compare.log")
why=
for arm in nofix upstream series; do
	printf '%s\n' "$out" | grep -q "^RETRY: scenario sysrq on 6.1/$arm: the first run did not start" ||
		why="$why no RETRY line for $arm;"
	printf '%s\n' "$out" | grep -q "^ERROR: scenario sysrq on 6.1/$arm: kernel: " ||
		why="$why no ERROR line for $arm;"
	[ -f "$fb/results/6.1-$arm-sysrq.log.first" ] || why="$why no first log for $arm;"
done
[ "$(grep -c '^  \[retry\]' "$T/compare.log")" = 3 ] || why="$why not one retry per arm;"
if [ -z "$why" ]; then
	ok "compare retries once, and reports, a run whose kernel never started"
else
	bad "compare retries once, and reports, a run whose kernel never started" "$why"
fi

# --- compare --arms: only the arms named, in a table of their own; an unknown arm refused ---
out=$(PATH=$here/fake:$PATH FAKE_QEMU=silent "$B/compare" --check --build "$fb" --base 6.1 \
	--arms series,nofix --name two "$repo/scenarios/sysrq.scn" 2>"$T/compare-arms.log")
why=
[ "$(printf '%s\n' "$out" | grep -c '^ERROR: scenario sysrq on 6.1/')" = 2 ] ||
	why="$why not one line per named arm: $out;"
printf '%s\n' "$out" | grep -q '6\.1/upstream' && why="$why upstream ran;"
[ "$(head -n1 "$fb/results/two.md")" = "| scenario | nofix | series |" ] ||
	why="$why table head '$(head -n1 "$fb/results/two.md")';"
bogus=$("$B/compare" --check --build "$fb" --base 6.1 --arms nofix,fixed \
	"$repo/scenarios/sysrq.scn" 2>&1)
got=$?
case $got:$bogus in
2:*"no arm 'fixed'"*"nofix,upstream,series"*) ;;
*) why="$why --arms nofix,fixed gave exit $got: $bogus;" ;;
esac
if [ -z "$why" ]; then
	ok "compare --arms runs the arms named, and refuses one that is not an arm"
else
	bad "compare --arms runs the arms named, and refuses one that is not an arm" "$why"
fi

# --- "expect ARM@BASE:" holds on BASE only ---
grep -v '^expect' "$repo/scenarios/user-page-sigbus.scn" >"$T/based.scn"
printf 'expect all: none\nexpect upstream@6.1: survived\nexpect upstream@6.12: none\n' >>"$T/based.scn"
fake_run survive "$T/based.scn" 0 result=pass verdict=survived
sed 's/^expect upstream@6.1:/expect upstream@:/' "$T/based.scn" >"$T/nobase.scn"
out=$("$B/vmrun" --build "$fb" --base 6.1 --arm upstream "$T/nobase.scn" 2>&1)
got=$?
case $got:$out in
2:*"a base after @"*) ok "scenario with 'expect upstream@:' refused, saying why" ;;
*) bad "scenario with 'expect upstream@:' refused, saying why" "exit $got: $out" ;;
esac

# judge_as TITLE CASE LINE RC PATH=VALUE...: CASE's recorded run judged on
# nofix by its own scenario with LINE (none if empty) added and 'expect all:
# dump-lost' for its expectations
judged=0
judge_as() {
	title=$1 case=$2 line=$3 rc=$4 judged=$((judged + 1))
	scn=$T/as-$judged.scn res=$T/as-$judged.json
	shift 4
	{ grep -v '^expect' "$T/runs/$case/scenario.scn"; [ -z "$line" ] || echo "$line"
	  echo "expect all: dump-lost"; } >"$scn"
	PATH=$here/fake:$PATH "$B/vmrun" --judge-only --build "$fb" --base 6.1 --arm nofix \
		--run-dir "$T/runs/$case" --result "$res" "$scn" >/dev/null 2>"$res.log"
	got=$?
	if [ $got -ne "$rc" ]; then
		bad "$title" "exit $got, want $rc: $(tail -n1 "$res.log")"
		return
	fi
	expect "$title" "$res" "$@"
}

# --- "dump-lost": none saved, or not all of it ---
judge_as "judge expecting dump-lost, run incomplete" incomplete "" 0 result=pass verdict=incomplete
judge_as "judge expecting dump-lost, run complete" complete "" 1 result=fail \
	"differences~verdict: expected dump-lost, got complete"

# --- "poison-free@BASE:": a base whose makedumpfile keeps free pages ---
# free-premise's dump lists its free page: an error under poison-free, a
# verdict where the scenario says the premise cannot be judged on the base.
judge_as "judge free-premise with 'poison-free@6.1: no'" free-premise "poison-free@6.1: no" 0 \
	result=pass verdict=incomplete
judge_as "judge free-premise with 'poison-free@6.12: no'" free-premise "poison-free@6.12: no" 2 \
	result=error error.phase=workload
{ grep -v '^expect' "$T/runs/free-premise/scenario.scn"; echo "poison-free@: no"
  echo "expect all: dump-lost"; } >"$T/free-none.scn"
out=$("$B/vmrun" --build "$fb" --base 6.1 --arm upstream "$T/free-none.scn" 2>&1)
got=$?
case $got:$out in
2:*"poison-free@: a base after @"*) ok "scenario with 'poison-free@:' refused, saying why" ;;
*) bad "scenario with 'poison-free@:' refused, saying why" "exit $got: $out" ;;
esac

ran=$((pass + fail))
if [ $ran -ne "$(plan)" ]; then
	echo "FAIL: harness: ran $ran tests, the plan says $(plan)"
	exit 1
fi
[ $fail -eq 0 ]
