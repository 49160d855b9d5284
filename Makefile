# SPDX-License-Identifier: GPL-2.0
# The front door. `make demo` builds the three kernels of BASE (default
# 7.3), its guest image and the RAS platform, then runs the mce-kdump
# kselftest scenario on each arm; `make check` runs the tests and ends with
# "N passed, N failed".
# Everything generated goes to build/; `make clean` removes it.

# Sub-makes (the kernel's too) need not announce their directories.
MAKEFLAGS += --no-print-directory

BASE ?= 7.3
ARM ?= series
ARMS := nofix upstream series
BUILD := build
CC := gcc
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes

PLATFORM_SRC := $(addprefix platform/,ras.c cpu.c poison.c record.c firmware.c control.c einj.c cper.c)
HARNESS_SRC := $(addprefix harness/,vmrun.c scenario.c prepare.c vm.c collect.c judge.c \
	recordread.c dumpread.c dumplog.c oracle.c result.c proc.c json.c jsonread.c cpio.c \
	files.c protocol.c text.c)
COMPARE_SRC := $(addprefix harness/,compare.c scenario.c jsonread.c files.c proc.c)
SWEEP_SRC := $(addprefix harness/,sweep.c scenario.c jsonread.c files.c proc.c)
# The dump reader; deps.sh installs the libraries of the codecs it reads.
READER_SRC := harness/vmcore.c
READER_CFLAGS := -DHAVE_ZSTD
READER_LIBS := -lz -llzo2 -lzstd
GUEST_TOOLS := user-sigbus copyout page ring huge kpage count
GUEST_BINS := $(GUEST_TOOLS:%=$(BUILD)/image/mcekd-%)

.PHONY: all deps demo check check-full compare scenario kernel kernels image userspace platform harness \
	kselftest apply export verify matrix bench readme sweep soak clean

all: platform harness image kernels kselftest

# What Debian 12 must provide; installs what is missing (as root).
deps:
	./deps.sh

# ---- the RAS platform (QEMU plugin and ACPI tables) ----
platform: $(BUILD)/platform/ras.so $(BUILD)/platform/einj.bin $(BUILD)/platform/hest.bin

$(BUILD)/platform/ras.so: $(PLATFORM_SRC) $(wildcard platform/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -shared -pthread -o $@ $(PLATFORM_SRC) -ldl

$(BUILD)/platform/acpi-tables: platform/acpi-tables.c platform/mailbox.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

$(BUILD)/platform/%.bin: $(BUILD)/platform/acpi-tables
	$< $* $@

# ---- the host harness ----
harness: $(BUILD)/harness/vmrun $(BUILD)/harness/compare $(BUILD)/harness/sweep \
	$(BUILD)/harness/vmcore_info $(BUILD)/harness/jsonget

$(BUILD)/harness/vmrun: $(HARNESS_SRC) $(wildcard harness/*.h) platform/mailbox.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iplatform -o $@ $(HARNESS_SRC)

# The dump reader on its own: what a dump holds, for people and scripts.
$(BUILD)/harness/vmcore_info: harness/vmcore_info.c harness/hwprecord.c $(READER_SRC) \
		harness/vmcore.h harness/hwprecord.h harness/protocol.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(READER_CFLAGS) -o $@ harness/vmcore_info.c harness/hwprecord.c \
		$(READER_SRC) $(READER_LIBS)

$(BUILD)/harness/jsonget: harness/jsonget.c harness/jsonread.c harness/jsonread.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ harness/jsonget.c harness/jsonread.c

$(BUILD)/harness/compare: $(COMPARE_SRC) $(wildcard harness/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $(COMPARE_SRC)

$(BUILD)/harness/sweep: $(SWEEP_SRC) $(wildcard harness/*.h) image/tools/kinds.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $(SWEEP_SRC)

# ---- the dump tools of BASE's Debian release, and the guest image ----
# image/userspace.sh fetches them once (pinned in image/packages) and
# touches its stamp when they are already there.
USERSPACE := $(BUILD)/userspace/$(BASE)/stamp
IMAGE := $(BUILD)/image/$(BASE)/base.cpio

userspace: $(USERSPACE)

$(USERSPACE): image/packages image/userspace.sh kernel/apt.sh
	image/userspace.sh $(BASE)

image: $(IMAGE)

$(BUILD)/image/mcekd-%: image/tools/%.c image/tools/einj.c $(wildcard image/tools/*.h) harness/protocol.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iharness -static -o $@ $< image/tools/einj.c

# protocol.h as a shell fragment for init
$(BUILD)/harness/protocol-sh: harness/protocol-sh.c harness/protocol.c harness/protocol.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ harness/protocol-sh.c harness/protocol.c

$(BUILD)/image/mcekd-protocol.sh: $(BUILD)/harness/protocol-sh
	@mkdir -p $(@D)
	$< >$@.tmp && mv $@.tmp $@

$(IMAGE): image/init image/mkimage.sh $(wildcard image/lib/*) $(wildcard image/bin/*) \
		$(GUEST_BINS) $(BUILD)/image/mcekd-protocol.sh $(USERSPACE)
	image/mkimage.sh $(BASE) $@ $(BUILD)/image/mcekd-protocol.sh $(GUEST_BINS)

# ---- kernels: build.sh is incremental, so it always runs ----
kernel:
	kernel/build.sh $(BASE) $(ARM)

kernels:
	@for arm in $(ARMS); do \
		kernel/build.sh $(BASE) $$arm && image/mkmodule.sh $(BASE) $$arm || exit 1; \
	done

# The kselftest, from the series tree, installed (static) for host and guest.
kselftest:
	kernel/kselftest.sh $(BASE)

# ---- the series ----
apply export verify:
	kernel/series.sh $@ $(BASE)

matrix:
	kernel/matrix.sh $(BASE)

# ---- running scenarios ----
scenario: platform harness image kernel kselftest
	@test -n "$(SCENARIO)" || { echo "usage: make scenario SCENARIO=FILE [ARM=$(ARM)] [BASE=$(BASE)]"; exit 2; }
	$(BUILD)/harness/vmrun --build $(BUILD) --base $(BASE) --arm $(ARM) $(SCENARIO)

# Every scenario on the three arms of BASE; the table lands in
# build/results/compare-BASE.md (and, with `make readme`, in README.md).
compare: platform harness image kernels kselftest
	$(BUILD)/harness/compare --build $(BUILD) --base $(BASE) --name compare-$(BASE) scenarios/*.scn

# Random pages of every kind, SEED picks them: rates of complete dumps.
SEED ?= 1
N ?= 21
sweep: platform harness image kernels kselftest
	$(BUILD)/harness/sweep --build $(BUILD) --base $(BASE) $(SEED) $(N)

# The whole matrix ROUNDS times in a row (not in CI): build/results/soak-BASE.md
ROUNDS ?= 5
soak: platform harness image kernels kselftest
	tests/soak.sh $(BASE) $(ROUNDS)

demo: deps
	$(MAKE) platform harness image kernels kselftest BASE=$(BASE)
	tests/demo.sh $(BASE)

# make check (what CI runs, under 75 minutes cold): on every base the series
# applied, checkpatch, nofix and series built and booted (upstream too on
# 7.3, for the platform tests); every claim's scenario on 7.3, the
# separating ones on the backports. check-full: also every commit built,
# the config matrix, the platform tests and every scenario on every base,
# on the three arms (tests/lib/bases.sh). BASES="6.1 6.12" narrows either
# to some bases.
check: deps
	MCEKD_BASES="$(BASES)" tests/run.sh

check-full: deps
	MCEKD_FULL=1 MCEKD_BASES="$(BASES)" tests/run.sh

# The README's tables and figures, from the latest runs of compare (one
# table per base that has one), demo and bench.
readme:
	for b in $$(awk '!/^#/ && NF { print $$1 }' kernel/bases); do \
		f=$(BUILD)/results/compare-$$b.md; \
		[ ! -s $$f ] || harness/readme.sh compare-$$b $$f || exit 1; done
	harness/readme.sh demo $(BUILD)/results/$(BASE)/demo.txt
	harness/readme.sh bench $(BUILD)/bench/platform.txt
	harness/readme.sh bench-handoff $(BUILD)/bench/handoff.txt
	harness/readme.sh bench-record $(BUILD)/bench/record.txt
	harness/readme.sh sweep $(BUILD)/results/sweep-$(BASE)-$(SEED)-rates.md

# Recorded figures, not tests: build/bench/*.txt
bench: platform harness image kernels kselftest $(BUILD)/bench/insn-range.so
	bench/platform.sh $(BASE)
	bench/handoff.sh $(BASE)
	bench/filter.sh $(BASE)
	bench/record.sh $(BASE)

# The benchmarks' instruction counter (a TCG plugin beside the platform).
$(BUILD)/bench/insn-range.so: bench/insn-range.c platform/qemu-abi.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -shared -o $@ $<

clean:
	rm -rf $(BUILD)
