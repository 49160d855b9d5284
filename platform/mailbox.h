/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RAS platform's firmware mailbox: a reserved range of guest physical
 * memory (the guest gets memmap=16K$0x10000000) that holds the EINJ
 * registers and the GHES error status blocks. acpi-tables.c points the ACPI
 * tables at these offsets; the plugin's firmware thread serves them.
 */
#ifndef RAS_MAILBOX_H
#define RAS_MAILBOX_H

#define MAILBOX_GPA		0x10000000ULL
#define MAILBOX_SIZE		0x4000ULL
#define MAILBOX_CMDLINE		"memmap=16K$0x10000000"

/* EINJ registers, each a little-endian u64 */
#define MB_EINJ_DOORBELL	0x000	/* EXECUTE writes 1; bit 0 reads busy */
#define MB_EINJ_STATUS		0x008	/* GET_COMMAND_STATUS */
#define MB_EINJ_TYPE		0x010	/* SET_ERROR_TYPE (ACPI 4 drivers) */
#define MB_EINJ_CAPS		0x018	/* GET_ERROR_TYPE */
#define MB_EINJ_TRIGGER		0x020	/* GET_TRIGGER_TABLE */
#define MB_EINJ_OP		0x028	/* BEGIN and END operation marker */
#define MB_EINJ_SETWA		0x040	/* SET_ERROR_TYPE_WITH_ADDRESS data */
#define MB_EINJ_TRIGGER_TABLE	0x100	/* an empty trigger action table */

/* struct set_error_type_with_address (ACPI 6.x, 18.6.4) field offsets */
#define SETWA_TYPE		0x00
#define SETWA_VENDOR_EXT	0x04
#define SETWA_FLAGS		0x08
#define SETWA_APICID		0x0c
#define SETWA_MEM_ADDR		0x10
#define SETWA_MEM_RANGE		0x18
#define SETWA_PCIE_SBDF		0x20
#define SETWA_SIZE		0x28
#define SETWA_FLAGS_MEM		0x2

#define EINJ_TYPE_MEM_CE	0x08
#define EINJ_TYPE_MEM_UC	0x10
#define EINJ_TYPE_MEM_FATAL	0x20
#define EINJ_CAPS		(EINJ_TYPE_MEM_CE | EINJ_TYPE_MEM_UC | EINJ_TYPE_MEM_FATAL)

/* ACPI EINJ command status codes */
#define EINJ_STATUS_SUCCESS	0
#define EINJ_STATUS_FAIL	1
#define EINJ_STATUS_INVALID	2

/* GHES: one error status address register and one block per source */
#define MB_GHES_NMI_ADDR	0x1000	/* u64: address of the NMI source's block */
#define MB_GHES_POLL_ADDR	0x1008	/* u64: address of the polled source's block */
#define MB_GHES_NMI_BLOCK	0x1100
#define MB_GHES_POLL_BLOCK	0x1900
#define MB_GHES_BLOCK_LEN	0x800

#define GHES_NMI_SOURCE_ID	1
#define GHES_POLL_SOURCE_ID	2
#define GHES_POLL_INTERVAL_MS	100

#endif
