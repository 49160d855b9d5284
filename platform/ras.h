/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the RAS platform plugin. Each file
 * has one job: ras.c the plugin entry and vCPU callbacks, cpu.c QEMU's
 * machine-check and NMI internals, poison.c the poisoned-memory set,
 * record.c the JSON-lines record, firmware.c the firmware thread and its
 * queue, control.c the control port, einj.c and cper.c the two firmware
 * interfaces.
 */
#ifndef RAS_H
#define RAS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qemu-abi.h"

#define RAS_MAX_CPUS	8
#define LINE_SIZE	64

/* MCi_STATUS, MCG_STATUS and MCi_MISC bits (Intel SDM vol. 3B, 16.3) */
#define MCI_VAL		(1ULL << 63)
#define MCI_OVER	(1ULL << 62)
#define MCI_UC		(1ULL << 61)
#define MCI_EN		(1ULL << 60)
#define MCI_MISCV	(1ULL << 59)
#define MCI_ADDRV	(1ULL << 58)
#define MCI_PCC		(1ULL << 57)
#define MCI_S		(1ULL << 56)
#define MCI_AR		(1ULL << 55)
#define MCACOD_DATA_LOAD 0x134
#define MCG_RIPV	(1ULL << 0)
#define MCG_EIPV	(1ULL << 1)
#define MCG_MCIP	(1ULL << 2)
#define MISC_ADDR_PHYS	(2ULL << 6)
#define CR4_MCE		(1ULL << 6)

enum poison_mode { MODE_MCE, MODE_GHES_NMI, MODE_GHES_POLL };

struct poison {
	uint64_t addr;		/* first byte, aligned to len */
	uint64_t len;		/* a power of two, at least LINE_SIZE */
	bool fatal;		/* #MC gets PCC; CPER severity is fatal */
	enum poison_mode mode;
};

const char *mode_name(enum poison_mode mode);
bool mode_parse(const char *s, enum poison_mode *mode);
unsigned int ilog2_u64(uint64_t v);

/* poison.c */
int poison_init(uint64_t ram_size);
int poison_plant(const struct poison *p, char *err, size_t errlen);
bool poison_clear(uint64_t addr);
void poison_clear_all(void);
bool poison_hit(uint64_t gpa, unsigned int size, struct poison *out);
size_t poison_list(struct poison *out, size_t max);
size_t poison_count(void);

/* record.c */
int record_open(const char *path);
void record_boot(unsigned int boot, const char *kind);
unsigned int record_boot_index(void);
double record_clock_origin(void);
void record(const char *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void record_flush(void);
void record_close(void);

/* cpu.c */
int cpu_setup(int ncpus, char *err, size_t errlen);
int cpu_count(void);
uint64_t cpu_cr4(int cpu);
uint64_t cpu_mcg_status(int cpu);
void cpu_inject(int cpu, int bank, uint64_t status, uint64_t mcg,
		uint64_t addr, uint64_t misc);
void cpu_nmi(void);
void cpu_shutdown(void);
void cpu_run_async(int cpu, void (*fn)(void *arg), void *arg);
void cpu_forget_mem_callbacks(void);
bool ram_discover(char *err, size_t errlen);
uint8_t *ram_host(void);
uint64_t ram_size(void);
bool ram_addr_to_gpa(uint64_t ram_addr, uint64_t *gpa);
bool host_to_gpa(const void *host, uint64_t *gpa);

/* firmware.c */
int firmware_start(const char *sock_path, char *err, size_t errlen);
void firmware_stop(void);
void firmware_ram_ready(void);
void firmware_kick(void);
bool firmware_queue_cper(uint64_t addr, uint64_t len, bool fatal, enum poison_mode mode);
void firmware_queue_broadcast(int except_cpu);
int firmware_queue_event(const uint64_t (*recs)[6], int n, char *err, size_t errlen);
int firmware_instrument(void);
void firmware_set_einj_mode(enum poison_mode mode);
enum poison_mode firmware_einj_mode(void);
void firmware_set_crashkernel(uint64_t start, uint64_t end);
bool firmware_in_crashkernel(uint64_t gpa);

/* control.c */
void control_handle(char *line, char *reply, size_t replylen);

/* einj.c */
void einj_init_mailbox(uint8_t *mb);
bool einj_service(uint8_t *mb);

/* cper.c */
void cper_init_mailbox(uint8_t *mb);
bool cper_write(uint8_t *mb, uint64_t addr, uint64_t len, bool fatal,
		enum poison_mode mode);

/* ras.c */
bool ras_request_instrumentation(void (*done)(void));
bool ras_instrumentation_settled(void);
bool ras_mce_inflight(int cpu);

#endif
