// SPDX-License-Identifier: GPL-2.0
/*
 * The platform's hands on the machine: raise #MC and NMI, read CR4 and
 * MCG_STATUS, request a shutdown, and find guest RAM.
 *
 * QEMU 7.2's plugin API can observe but not act, so this file uses QEMU's
 * own functions, which Debian's qemu-system-x86_64 exports dynamically:
 * cpu_x86_inject_mce() (what the monitor's "mce" command calls), the NMI
 * monitor handler, the reset request, and RAM block lookups. CR4 and
 * MCG_STATUS are read at offsets that QEMU itself publishes in its
 * migration description of the x86 CPU (vmstate_x86_cpu), so no structure
 * layout is guessed. Everything is resolved and checked once, in
 * cpu_setup(); a QEMU that lacks any piece refuses the plugin with a message.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "ras.h"

static struct {
	struct CPUState *(*get_cpu)(int index);
	void (*inject_mce)(void *mon, void *cpu, int bank, uint64_t status,
			   uint64_t mcg_status, uint64_t addr, uint64_t misc,
			   int flags);
	void (*nmi)(int cpu_index, void **errp);
	void (*reset_request)(int cause);
	void (*bql_lock)(const char *file, int line);
	void (*bql_unlock)(void);
	bool (*bql_locked)(void);
	void (*async_run)(struct CPUState *cpu,
			  void (*fn)(struct CPUState *cpu, uintptr_t data),
			  uintptr_t data);
	void (*disable_mem_helpers)(struct CPUState *cpu);
	struct RAMBlock *(*ram_by_name)(const char *name);
	void *(*ram_host_addr)(struct RAMBlock *rb);
	uint64_t (*ram_offset)(struct RAMBlock *rb);
	uint64_t (*ram_used_length)(struct RAMBlock *rb);
	const struct qemu_vmstate_description *vmstate;
} q;

static size_t off_cr4, off_mcg_status;
static int ncpu;

static uint8_t *ram;
static uint64_t ram_len, ram_base;

/* Below the PCI hole only: -M pc keeps up to 3 GiB of RAM there. */
#define RAM_MAX (3ULL << 30)

static int resolve(void **fn, const char *name, char *err, size_t errlen)
{
	*fn = dlsym(RTLD_DEFAULT, name);
	if (!*fn) {
		snprintf(err, errlen,
			 "this QEMU does not export %s; the platform needs Debian 12's qemu-system-x86 7.2",
			 name);
		return -1;
	}
	return 0;
}

static const struct qemu_vmstate_field *vmstate_field(const char *name)
{
	const struct qemu_vmstate_field *f;

	for (f = q.vmstate->fields; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

int cpu_setup(int ncpus, char *err, size_t errlen)
{
	const struct qemu_vmstate_field *cr4, *mcg;
	static const struct {
		size_t off;
		const char *name;
	} syms[] = {
		{ offsetof(typeof(q), get_cpu), "qemu_get_cpu" },
		{ offsetof(typeof(q), inject_mce), "cpu_x86_inject_mce" },
		{ offsetof(typeof(q), nmi), "nmi_monitor_handle" },
		{ offsetof(typeof(q), reset_request), "qemu_system_reset_request" },
		{ offsetof(typeof(q), bql_lock), "qemu_mutex_lock_iothread_impl" },
		{ offsetof(typeof(q), bql_unlock), "qemu_mutex_unlock_iothread" },
		{ offsetof(typeof(q), bql_locked), "qemu_mutex_iothread_locked" },
		{ offsetof(typeof(q), async_run), "async_run_on_cpu" },
		{ offsetof(typeof(q), disable_mem_helpers), "qemu_plugin_disable_mem_helpers" },
		{ offsetof(typeof(q), ram_by_name), "qemu_ram_block_by_name" },
		{ offsetof(typeof(q), ram_host_addr), "qemu_ram_get_host_addr" },
		{ offsetof(typeof(q), ram_offset), "qemu_ram_get_offset" },
		{ offsetof(typeof(q), ram_used_length), "qemu_ram_get_used_length" },
		{ offsetof(typeof(q), vmstate), "vmstate_x86_cpu" },
	};

	if (ncpus < 1 || ncpus > RAS_MAX_CPUS) {
		snprintf(err, errlen, "%d vCPUs: the platform supports 1 to %d",
			 ncpus, RAS_MAX_CPUS);
		return -1;
	}
	ncpu = ncpus;
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if (resolve((void **)((char *)&q + syms[i].off), syms[i].name,
			    err, errlen))
			return -1;

	cr4 = vmstate_field("env.cr[4]");
	mcg = vmstate_field("env.mcg_status");
	if (!cr4 || !mcg || cr4->size != 8 || mcg->size != 8) {
		snprintf(err, errlen,
			 "QEMU's vmstate_x86_cpu lacks 64-bit env.cr[4] and env.mcg_status; unsupported QEMU build");
		return -1;
	}
	off_cr4 = cr4->offset;
	off_mcg_status = mcg->offset;
	return 0;
}

int cpu_count(void)
{
	return ncpu;
}

static uint64_t cpu_u64(int cpu, size_t off)
{
	const volatile uint64_t *p;

	p = (const volatile uint64_t *)((const char *)q.get_cpu(cpu) + off);
	return *p;
}

uint64_t cpu_cr4(int cpu)
{
	return cpu_u64(cpu, off_cr4);
}

uint64_t cpu_mcg_status(int cpu)
{
	return cpu_u64(cpu, off_mcg_status);
}

/*
 * Put one record into a bank of one CPU, the way the monitor's "mce"
 * command does. Called on the target vCPU's own thread the injection is
 * immediate and the #MC is taken at the end of the current translation
 * block; from any other thread it waits until that vCPU has taken it.
 * The caller has checked CR4.MCE and MCIP: QEMU would reset the machine
 * itself otherwise, and expects a monitor to print that to.
 */
void cpu_inject(int cpu, int bank, uint64_t status, uint64_t mcg,
		uint64_t addr, uint64_t misc)
{
	bool locked = q.bql_locked();

	if (!locked)
		q.bql_lock(__FILE__, __LINE__);
	q.inject_mce(NULL, q.get_cpu(cpu), bank, status, mcg, addr, misc, 0);
	if (!locked)
		q.bql_unlock();
}

/* An NMI on every CPU, as the monitor's "nmi" command sends it. */
void cpu_nmi(void)
{
	void *error = NULL;

	q.bql_lock(__FILE__, __LINE__);
	q.nmi(0, &error);
	q.bql_unlock();
}

/*
 * Forget every vCPU's pointer to the memory callbacks of the instruction it
 * last ran (CPUState.plugin_mem_cbs). QEMU 7.2 sets that pointer when an
 * instrumented instruction that calls helpers starts, and clears it when
 * the instruction ends; but its clear before exit_tb/goto_tb/goto_ptr
 * tests a flag that is only set after translation, so a block that exits
 * from inside such an instruction leaves the pointer behind. Any later
 * helper load (an interrupt's IDT read, a string instruction) then calls
 * the callbacks it points to. A tb_flush (every plugin reset, and a full
 * code cache) frees those callbacks, and the next helper load reads freed
 * memory: "qemu_plugin_vcpu_mem_cb: code should not be reached". Only
 * call this while every vCPU is stopped: from the flush callback, which
 * runs in the flush's exclusive section.
 */
void cpu_forget_mem_callbacks(void)
{
	for (int i = 0; i < ncpu; i++)
		q.disable_mem_helpers(q.get_cpu(i));
}

/* What the processor does on a machine check it cannot take: shutdown. */
void cpu_shutdown(void)
{
	q.reset_request(QEMU_SHUTDOWN_CAUSE_GUEST_RESET);
}

struct async_call {
	void (*fn)(void *arg);
	void *arg;
};

static struct async_call async_calls[RAS_MAX_CPUS];

static void async_trampoline(struct CPUState *cs, uintptr_t data)
{
	struct async_call *c = &async_calls[data];

	(void)cs;
	c->fn(c->arg);
}

/*
 * Run fn on the vCPU's thread at its next translation-block boundary. At
 * most one call per vCPU may be outstanding; the firmware thread, the only
 * caller, waits for each to finish.
 */
void cpu_run_async(int cpu, void (*fn)(void *arg), void *arg)
{
	async_calls[cpu].fn = fn;
	async_calls[cpu].arg = arg;
	q.async_run(q.get_cpu(cpu), async_trampoline, (uintptr_t)cpu);
}

/*
 * Find guest RAM. Must run on a vCPU thread (RAM block lists are read
 * under RCU, which vCPU threads hold while they translate).
 */
bool ram_discover(char *err, size_t errlen)
{
	struct RAMBlock *rb;

	if (ram)
		return true;
	rb = q.ram_by_name("pc.ram");
	if (!rb) {
		snprintf(err, errlen, "no RAM block named pc.ram: use -M pc");
		return false;
	}
	ram_len = q.ram_used_length(rb);
	ram_base = q.ram_offset(rb);
	if (ram_len > RAM_MAX) {
		snprintf(err, errlen,
			 "guest RAM is %llu MiB: -M pc puts RAM beyond 3 GiB above the PCI hole, where the platform cannot follow it; use -m 3G or less",
			 (unsigned long long)(ram_len >> 20));
		return false;
	}
	__atomic_store_n(&ram, q.ram_host_addr(rb), __ATOMIC_RELEASE);
	return true;
}

uint8_t *ram_host(void)
{
	return __atomic_load_n(&ram, __ATOMIC_ACQUIRE);
}

uint64_t ram_size(void)
{
	return ram_len;
}

/* The plugin API reports RAM accesses as QEMU ram_addr_t offsets. */
bool ram_addr_to_gpa(uint64_t ram_addr, uint64_t *gpa)
{
	if (ram_addr < ram_base || ram_addr - ram_base >= ram_len)
		return false;
	*gpa = ram_addr - ram_base;
	return true;
}

bool host_to_gpa(const void *host, uint64_t *gpa)
{
	const uint8_t *h = host, *base = ram_host();

	if (!base || h < base || (uint64_t)(h - base) >= ram_len)
		return false;
	*gpa = (uint64_t)(h - base);
	return true;
}
