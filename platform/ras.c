// SPDX-License-Identifier: GPL-2.0
/*
 * ras.so: a QEMU 7.2 TCG plugin that turns -M pc into an Intel server with
 * poisoned memory, APEI EINJ firmware and firmware-first (GHES) reporting.
 *
 * A guest load from a poisoned line raises a data-load SRAR machine check
 * on the vCPU that made it, at the end of the translation block, in
 * whichever kernel is running: poison survives kexec, and reboots when a
 * state file is given. Stores do not consume poison. A firmware-first
 * error is reported through a GHES source instead. Loads are only watched
 * while poison exists, so a guest without poison runs at full speed.
 *
 * Arguments (-plugin ras.so,key=value,...):
 *   sock=PATH     the control port: QEMU's second serial port, listening
 *                 on PATH (-chardev socket,id=ras,path=PATH,server=on,
 *                 wait=off -serial chardev:ras). Required.
 *   record=PATH   JSON-lines record to append to. Required.
 *   state=PATH    poison and boot count, loaded at start, saved at exit.
 *   boot=KIND     what the first boot of this QEMU is: production (the
 *                 default) or check. Entering the crashkernel region
 *                 makes the next boot "capture".
 *   bench=ADDR    measure delivery: ADDR is the guest's #MC entry
 *                 (asm_exc_machine_check); after each injection, count the
 *                 blocks the vCPU runs before it gets there.
 * README.md in this directory documents the control requests and record.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ras.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define KERNEL_HALF	0xffff800000000000ULL

static qemu_plugin_id_t plugin_id;
static const char *state_path;
static bool mem_on, mem_want, reset_busy;
static void (*reset_done)(void);
static uint64_t tb_serial;
static bool shutting_down;
static uint64_t bench_entry;

/*
 * What a load callback knows of its instruction: the block's serial
 * number, and the instruction's index in the block and the block's length.
 */
#define LOAD_INFO(serial, idx, n)	((serial) << 32 | (uint64_t)(idx) << 16 | (n))
#define LOAD_TB(info)			((info) >> 32)
#define LOAD_LEFT(info)			(((info) & 0xffff) - (((info) >> 16) & 0xffff) - 1)

/* Blocks each vCPU ran since the platform's last injection, for bench=. */
static struct bench {
	bool counting;
	uint64_t blocks;
} bench[RAS_MAX_CPUS];

/* The last machine check this platform raised on each vCPU. */
static struct inflight {
	bool active;
	unsigned int boot;
	uint64_t tb;
} inflight[RAS_MAX_CPUS];

const char *mode_name(enum poison_mode mode)
{
	return mode == MODE_GHES_NMI ? "ghes-nmi" : mode == MODE_GHES_POLL ? "ghes-poll" : "mce";
}

bool mode_parse(const char *s, enum poison_mode *mode)
{
	if (!strcmp(s, "mce"))
		*mode = MODE_MCE;
	else if (!strcmp(s, "ghes-nmi"))
		*mode = MODE_GHES_NMI;
	else if (!strcmp(s, "ghes-poll"))
		*mode = MODE_GHES_POLL;
	else
		return false;
	return true;
}

unsigned int ilog2_u64(uint64_t v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

bool ras_mce_inflight(int cpu)
{
	return inflight[cpu].active && inflight[cpu].boot == record_boot_index();
}

static void shutdown_machine(int cpu, const char *why)
{
	if (__atomic_exchange_n(&shutting_down, true, __ATOMIC_ACQ_REL))
		return;
	record("shutdown", "\"cpu\":%d,\"reason\":\"%s\"", cpu, why);
	cpu_shutdown();
}

/* A load consumed poison: report it the way the poison's mode says. */
static void consumed(int cpu, uint64_t vaddr, uint64_t gpa, const struct poison *p,
		     uint64_t info)
{
	uint64_t tb = LOAD_TB(info);
	struct inflight *f = &inflight[cpu];
	uint64_t mcg = cpu_mcg_status(cpu), addr = gpa & ~(p->len - 1), status, misc;

	if (__atomic_load_n(&shutting_down, __ATOMIC_ACQUIRE))
		return;
	/* Later loads of the block that raised the #MC: it is not taken yet. */
	if (ras_mce_inflight(cpu) && f->tb == tb && (mcg & MCG_MCIP))
		return;
	/* Firmware-first: one report per error, however many loads meet it. */
	if (p->mode != MODE_MCE && !firmware_queue_cper(addr, p->len, p->fatal, p->mode))
		return;
	record("consume", "\"cpu\":%d,\"addr\":\"%#" PRIx64 "\",\"vaddr\":\"%#" PRIx64
	       "\",\"context\":\"%s\",\"mode\":\"%s\",\"fatal\":%s",
	       cpu, gpa, vaddr, vaddr >= KERNEL_HALF ? "kernel" : "user",
	       mode_name(p->mode), p->fatal ? "true" : "false");

	if (p->mode != MODE_MCE)
		return;
	if (!(cpu_cr4(cpu) & CR4_MCE)) {
		shutdown_machine(cpu, "machine check with CR4.MCE clear");
		return;
	}
	if (mcg & MCG_MCIP) {
		shutdown_machine(cpu, "machine check while MCIP is set");
		return;
	}
	status = MCI_VAL | MCI_UC | MCI_EN | MCI_MISCV | MCI_ADDRV | MCI_S | MCI_AR |
		 MCACOD_DATA_LOAD | (p->fatal ? MCI_PCC : 0);
	misc = MISC_ADDR_PHYS | ilog2_u64(p->len);
	f->active = true;
	f->boot = record_boot_index();
	f->tb = tb;
	cpu_inject(cpu, 1, status, MCG_RIPV | MCG_EIPV | MCG_MCIP, addr, misc);
	record("mce", "\"cpu\":%d,\"bank\":1,\"status\":\"%#" PRIx64 "\",\"mcg\":\"%#llx\""
	       ",\"addr\":\"%#" PRIx64 "\",\"misc\":\"%#" PRIx64 "\",\"why\":\"consume\""
	       ",\"insns_left_in_block\":%" PRIu64,
	       cpu, status, (unsigned long long)(MCG_RIPV | MCG_EIPV | MCG_MCIP), addr, misc,
	       LOAD_LEFT(info));
	if (bench_entry)
		bench[cpu] = (struct bench){ .counting = true };
	firmware_queue_broadcast(cpu);
}

static void vcpu_mem(unsigned int cpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
		     void *udata)
{
	struct qemu_plugin_hwaddr *hw;
	struct poison p;
	uint64_t gpa;

	if (qemu_plugin_mem_is_store(info))
		return;
	hw = qemu_plugin_get_hwaddr(info, vaddr);
	if (!hw || qemu_plugin_hwaddr_is_io(hw) ||
	    !ram_addr_to_gpa(qemu_plugin_hwaddr_phys_addr(hw), &gpa))
		return;
	if (poison_hit(gpa, 1U << qemu_plugin_mem_size_shift(info), &p))
		consumed((int)cpu, vaddr, gpa, &p, (uintptr_t)udata);
}

/* Entering the crashkernel region is the kexec into the capture kernel. */
static void check_kexec(struct qemu_plugin_tb *tb)
{
	void *host = qemu_plugin_insn_haddr(qemu_plugin_tb_get_insn(tb, 0));
	static bool in_capture;
	bool no = false;
	uint64_t gpa;

	if (__atomic_load_n(&in_capture, __ATOMIC_ACQUIRE) || !host ||
	    !host_to_gpa(host, &gpa) || !firmware_in_crashkernel(gpa) ||
	    !__atomic_compare_exchange_n(&in_capture, &no, true, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	record_boot(record_boot_index() + 1, "capture");
	record("boot", "\"entry\":\"%#" PRIx64 "\"", gpa);
}

static void tb_exec(unsigned int cpu, void *udata)
{
	struct bench *b = &bench[cpu];

	if (!b->counting)
		return;
	if ((uintptr_t)udata != bench_entry) {
		b->blocks++;
		return;
	}
	b->counting = false;
	record("bench", "\"cpu\":%u,\"blocks_before_handler\":%" PRIu64, cpu, b->blocks);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	char err[200];
	uint64_t serial;

	(void)id;
	if (!ram_host()) {
		if (!ram_discover(err, sizeof(err))) {
			fprintf(stderr, "ras: %s\n", err);
			shutdown_machine(0, err);
			return;
		}
		firmware_ram_ready();
	}
	if (n)
		check_kexec(tb);
	if (!__atomic_load_n(&mem_on, __ATOMIC_ACQUIRE))
		return;
	if (bench_entry)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)qemu_plugin_tb_vaddr(tb));
	serial = __atomic_add_fetch(&tb_serial, 1, __ATOMIC_RELAXED) & 0xffffffff;
	for (size_t i = 0; i < n; i++)
		qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i), vcpu_mem,
						 QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
						 (void *)(uintptr_t)LOAD_INFO(serial, i, n));
}

static void at_exit(qemu_plugin_id_t id, void *udata);

/*
 * The translation cache was flushed, and with it the memory callbacks of
 * every block: no vCPU may keep a pointer to them (see cpu.c). QEMU runs
 * this with every vCPU stopped, for a plugin reset and a full cache alike.
 */
static void on_flush(qemu_plugin_id_t id)
{
	(void)id;
	cpu_forget_mem_callbacks();
}

static void register_callbacks(void)
{
	qemu_plugin_register_vcpu_tb_trans_cb(plugin_id, tb_trans);
	qemu_plugin_register_flush_cb(plugin_id, on_flush);
	qemu_plugin_register_atexit_cb(plugin_id, at_exit, NULL);
}

/* After a reset, the translation cache is empty and no callback is left. */
static void on_reset(qemu_plugin_id_t id)
{
	void (*done)(void) = reset_done;

	(void)id;
	register_callbacks();
	__atomic_store_n(&mem_on, mem_want, __ATOMIC_RELEASE);
	__atomic_store_n(&reset_busy, false, __ATOMIC_RELEASE);
	if (done)
		done();
}

static void reset_on_vcpu(void *arg)
{
	(void)arg;
	qemu_plugin_reset(plugin_id, on_reset);
}

/*
 * Make vCPUs watch loads exactly while poison exists: flush the
 * translation cache with a plugin reset, from vCPU 0's own thread. Returns
 * false once nothing has to change; otherwise a reset is running or was
 * started, and done() runs when it finishes. Firmware thread only.
 */
bool ras_request_instrumentation(void (*done)(void))
{
	if (ras_instrumentation_settled())
		return false;
	if (__atomic_load_n(&reset_busy, __ATOMIC_ACQUIRE))
		return true;
	mem_want = poison_count() > 0;
	reset_done = done;
	__atomic_store_n(&reset_busy, true, __ATOMIC_RELEASE);
	cpu_run_async(0, reset_on_vcpu, NULL);
	return true;
}

bool ras_instrumentation_settled(void)
{
	return !__atomic_load_n(&reset_busy, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&mem_on, __ATOMIC_ACQUIRE) == (poison_count() > 0);
}

/* state file: "boot N" and "poison ADDR LEN MODE fatal|recoverable" lines */
static int load_state(const char *path, unsigned int *boot, char *err, size_t errlen)
{
	char line[200], mode[16], sev[16];
	struct poison p;
	FILE *f = fopen(path, "r");
	int n = 0;

	*boot = 0;
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (sscanf(line, "boot %u", boot) == 1)
			continue;
		if (sscanf(line, "poison %" SCNx64 " %" SCNu64 " %15s %15s",
			   &p.addr, &p.len, mode, sev) == 4 && mode_parse(mode, &p.mode)) {
			p.fatal = !strcmp(sev, "fatal");
			if (poison_plant(&p, err, errlen) == 0)
				continue;
		}
		snprintf(err, errlen, "%s:%d: bad line (want 'boot N' or 'poison ADDR LEN MODE fatal|recoverable')",
			 path, n);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static void save_state(const char *path)
{
	size_t max = poison_count() + 1, n;
	struct poison *p = calloc(max, sizeof(*p));
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = p ? fopen(tmp, "w") : NULL;
	if (!f) {
		fprintf(stderr, "ras: cannot write %s: %s\n", tmp, strerror(errno));
		free(p);
		return;
	}
	n = poison_list(p, max);
	fprintf(f, "boot %u\n", record_boot_index());
	for (size_t i = 0; i < n; i++)
		fprintf(f, "poison %#" PRIx64 " %" PRIu64 " %s %s\n", p[i].addr, p[i].len,
			mode_name(p[i].mode), p[i].fatal ? "fatal" : "recoverable");
	free(p);
	if (fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "ras: cannot save %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	record("exit", "\"poisoned\":%zu", poison_count());
	firmware_stop();
	if (state_path)
		save_state(state_path);
	record_close();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *sock = NULL, *rec = NULL, *kind = "production";
	unsigned int boot;
	char err[300];

	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "ras: argument '%s' is not key=value\n", argv[i]);
			return -1;
		}
		*eq = '\0';
		if (!strcmp(argv[i], "sock")) {
			sock = eq + 1;
		} else if (!strcmp(argv[i], "record")) {
			rec = eq + 1;
		} else if (!strcmp(argv[i], "state")) {
			state_path = eq + 1;
		} else if (!strcmp(argv[i], "bench")) {
			char *end;

			bench_entry = strtoull(eq + 1, &end, 0);
			if (*end || !bench_entry) {
				fprintf(stderr, "ras: bench=%s: want the #MC entry address\n", eq + 1);
				return -1;
			}
		} else if (!strcmp(argv[i], "boot")) {
			kind = eq + 1;
			if (strcmp(kind, "production") && strcmp(kind, "check")) {
				fprintf(stderr, "ras: boot=%s: want production or check\n", kind);
				return -1;
			}
		} else {
			fprintf(stderr, "ras: unknown argument '%s' (sock, record, state, boot, bench)\n",
				argv[i]);
			return -1;
		}
	}
	if (!sock || !rec) {
		fprintf(stderr, "ras: sock=PATH and record=PATH are required\n");
		return -1;
	}
	if (!info->system_emulation || strcmp(info->target_name, "x86_64")) {
		fprintf(stderr, "ras: needs qemu-system-x86_64, not %s\n", info->target_name);
		return -1;
	}
	plugin_id = id;
	if (cpu_setup(info->system.smp_vcpus, err, sizeof(err)) ||
	    poison_init(3ULL << 30) ||
	    (state_path && load_state(state_path, &boot, err, sizeof(err)))) {
		fprintf(stderr, "ras: %s\n", err);
		return -1;
	}
	if (!state_path)
		boot = 0;
	if (record_open(rec)) {
		fprintf(stderr, "ras: cannot open record %s: %s\n", rec, strerror(errno));
		return -1;
	}
	record_boot(boot + 1, kind);
	record("boot", "\"poisoned\":%zu,\"clock\":%.6f", poison_count(), record_clock_origin());
	mem_on = mem_want = poison_count() > 0;
	if (firmware_start(sock, err, sizeof(err))) {
		fprintf(stderr, "ras: %s\n", err);
		record_close();
		return -1;
	}
	register_callbacks();
	return 0;
}
