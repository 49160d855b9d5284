/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of QEMU 7.2's ABI the RAS platform uses, declared here because
 * Debian ships no qemu-plugin.h.
 *
 * Two kinds: the public TCG plugin API (version 1), which the plugin links
 * against, and a few internal functions that Debian's qemu-system-x86_64
 * exports dynamically. The plugin API cannot raise an exception in the
 * guest, so the platform calls QEMU's own machine-check injection from the
 * vCPU that consumed poison (see cpu.c); those internals are looked up with
 * dlsym() at load time and checked before use.
 */
#ifndef RAS_QEMU_ABI_H
#define RAS_QEMU_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- public plugin API, version 1 ---- */

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_hwaddr;

typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

enum qemu_plugin_mem_rw {
	QEMU_PLUGIN_MEM_R = 1,
	QEMU_PLUGIN_MEM_W,
	QEMU_PLUGIN_MEM_RW,
};

typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id,
					     unsigned int vcpu_index);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index,
					  qemu_plugin_meminfo_t info,
					  uint64_t vaddr, void *userdata);

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv);

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
				      qemu_plugin_vcpu_mem_cb_t cb,
				      enum qemu_plugin_cb_flags flags,
				      enum qemu_plugin_mem_rw rw,
				      void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
						  uint64_t vaddr);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);

/* ---- QEMU 7.2 internals, resolved at run time (see cpu.c) ---- */

struct CPUState;
struct RAMBlock;

/* target/i386/cpu.h */
#define MCE_INJECT_BROADCAST 1
/* qapi/run-state.json: ShutdownCause "guest-reset" */
#define QEMU_SHUTDOWN_CAUSE_GUEST_RESET 7

/* migration/vmstate.h: enough of the layout to find fields by name */
struct qemu_vmstate_field {
	const char *name;
	const char *err_hint;
	size_t offset;
	size_t size;
	size_t start;
	int num;
	size_t num_offset;
	size_t size_offset;
	const void *info;
	int flags;
	const void *vmsd;
	int version_id;
	int struct_version_id;
	bool (*field_exists)(void *opaque, int version_id);
};

struct qemu_vmstate_description {
	const char *name;
	int unmigratable;
	int version_id;
	int minimum_version_id;
	int priority;
	int (*pre_load)(void *opaque);
	int (*post_load)(void *opaque, int version_id);
	int (*pre_save)(void *opaque);
	int (*post_save)(void *opaque);
	bool (*needed)(void *opaque);
	bool (*dev_unplug_pending)(void *opaque);
	const struct qemu_vmstate_field *fields;
	const struct qemu_vmstate_description **subsections;
};

#endif
