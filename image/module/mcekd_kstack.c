// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd_kstack: tell a scenario where a task's kernel stack lives, so that
 * it can poison it; user space has no way to find a kernel stack's frames.
 * Write a PID to /sys/kernel/debug/mcekd_kstack, read back the physical
 * address of the lowest page of that task's kernel stack. The task must
 * stay alive meanwhile (scenarios use a sleeping process): on 6.1 modules
 * cannot pin a stack (put_task_stack() is not exported).
 */
#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/task_stack.h>
#include <linux/vmalloc.h>

static struct dentry *file;
static pid_t target;

static int kstack_get(void *data, u64 *val)
{
	struct task_struct *t = get_pid_task(find_vpid(target), PIDTYPE_PID);
	void *stack;

	if (!t)
		return -ESRCH;
	stack = task_stack_page(t);
	if (stack)
		*val = is_vmalloc_addr(stack) ? PFN_PHYS(vmalloc_to_pfn(stack)) :
						virt_to_phys(stack);
	put_task_struct(t);
	return stack ? 0 : -ESRCH;
}

static int kstack_set(void *data, u64 val)
{
	target = (pid_t)val;
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(kstack_fops, kstack_get, kstack_set, "%#llx\n");

static int __init mcekd_kstack_init(void)
{
	file = debugfs_create_file_unsafe("mcekd_kstack", 0600, NULL, NULL, &kstack_fops);
	return 0;
}

static void __exit mcekd_kstack_exit(void)
{
	debugfs_remove(file);
}

module_init(mcekd_kstack_init);
module_exit(mcekd_kstack_exit);
MODULE_DESCRIPTION("Report a task's kernel stack page for mce-kdump scenarios");
MODULE_LICENSE("GPL");
