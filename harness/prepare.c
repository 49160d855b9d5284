// SPDX-License-Identifier: GPL-2.0
/*
 * Prepare a run (see prepare.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio.h"
#include "files.h"
#include "prepare.h"
#include "proc.h"

#define DUMP_DISK	(4ULL << 30)

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Format a path into a PATH_LEN buffer; non-zero if it did not fit. */
static int path(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int path(char *dst, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, PATH_LEN, fmt, ap);
	va_end(ap);
	return n < 0 || n >= PATH_LEN;
}

static bool exists(const char *p)
{
	return access(p, R_OK) == 0;
}

int paths_init(struct run_paths *p, const char *build, const char *base, const char *arm,
	       const struct scenario *s, const char *run_dir, char *err, size_t errlen)
{
	char abs[PATH_MAX];

	if (!realpath(build, abs))
		return fail(err, errlen, "no build directory %s: run make first", build);
	if (path(p->build, "%s", abs) ||
	    (run_dir ? path(p->run, "%s", run_dir) :
		       path(p->run, "%s/runs/%s-%s-%s", p->build, base, arm, s->name)) ||
	    path(p->kernel, "%s/kernel/%s/%s/.out/arch/x86/boot/bzImage", p->build, base, arm) ||
	    path(p->vmlinux, "%s/kernel/%s/%s/.out/vmlinux", p->build, base, arm) ||
	    path(p->image, "%s/image/%s/base.cpio", p->build, base) ||
	    path(p->plugin, "%s/platform/ras.so", p->build) ||
	    path(p->einj, "%s/platform/einj.bin", p->build) ||
	    path(p->hest, "%s/platform/hest.bin", p->build) ||
	    path(p->reader, "%s/harness/vmcore_info", p->build) ||
	    path(p->kselftest, "%s/kselftest/%s/mce-kdump", p->build, base) ||
	    path(p->kselftest_tar, "%s/kselftest/%s/kselftest.tar.gz", p->build, base) ||
	    path(p->modules, "%s/module/%s/%s", p->build, base, arm) ||
	    path(p->crash, "%s/userspace/%s/bin/crash", p->build, base) ||
	    path(p->makedumpfile, "%s/userspace/%s/bin/makedumpfile", p->build, base) ||
	    path(p->results, "%s/results/%s/%s", p->build, base, arm) ||
	    path(p->result, "%s/%s.json", p->results, s->name) ||
	    path(p->initrd, "%s/var/boot/initrd", p->run))
		return fail(err, errlen, "build directory path %s is too long", p->build);
	if (strlen(p->run) + sizeof("/ras.sock") > 107)
		return fail(err, errlen, "run directory %s is too deep for a unix socket path", p->run);
	return 0;
}

int paths_check(const struct run_paths *p, const struct scenario *s, char *err, size_t errlen)
{
	const char *need[] = { p->kernel, p->image, p->plugin, p->einj, p->hest, p->reader,
			       p->makedumpfile,
			       s->kselftest == KST_TAR ? p->kselftest_tar : p->kselftest };
	const char *what[] = { "the kernel (make kernels)", "the guest image (make image)",
			       "the platform (make platform)", "the EINJ table (make platform)",
			       "the HEST table (make platform)", "the dump reader (make harness)",
			       "the base's makedumpfile (make userspace)",
			       "the kselftest (make kselftest)" };
	size_t n = sizeof(need) / sizeof(need[0]) - !s->kselftest;

	for (size_t i = 0; i < n; i++)
		if (!exists(need[i]))
			return fail(err, errlen, "%s is missing: build %s", need[i], what[i]);
	return 0;
}

static int concat(const char *out, const char *a, const char *b)
{
	char buf[1 << 16];
	FILE *o = fopen(out, "wb");
	const char *in[2] = { a, b };
	int rc = o ? 0 : -1;

	for (int i = 0; i < 2 && !rc && in[i]; i++) {
		FILE *f = fopen(in[i], "rb");
		size_t n;

		if (!f) {
			rc = -1;
			break;
		}
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			if (fwrite(buf, 1, n, o) != n)
				rc = -1;
		fclose(f);
	}
	if (o && fclose(o))
		rc = -1;
	return rc;
}

/* The test modules of image/module that were built, at /lib/mcekd. */
static int pack_modules(struct cpio *c, const char *dir)
{
	static const char *const names[] = { "mcekd_kstack.ko", "mcekd_hwprecord.ko" };
	char src[PATH_LEN + 32], dst[64];
	bool any = false;
	int rc = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !rc; i++) {
		snprintf(src, sizeof(src), "%s/%s", dir, names[i]);
		if (!exists(src))
			continue;
		if (!any)
			rc = cpio_dir(c, "lib") || cpio_dir(c, "lib/mcekd");
		any = true;
		snprintf(dst, sizeof(dst), "lib/mcekd/%s", names[i]);
		rc = rc || cpio_copy(c, dst, src);
	}
	return rc;
}

/*
 * The scenario's own archive: its scripts, the arm's test module (see
 * image/module) when it was built, and the kselftest if asked: installed
 * at /usr/lib/kselftest/mce-kdump, or only its gen_tar archive, as
 * /usr/lib/kselftest.tar.gz.
 */
static int pack_scenario(const struct scenario *s, const struct run_paths *p, const char *out)
{
	struct cpio c;
	int rc;

	if (cpio_open(&c, out))
		return -1;
	rc = cpio_dir(&c, "scenario") ||
	     cpio_file(&c, "scenario/workload", 0755, s->workload, strlen(s->workload)) ||
	     cpio_file(&c, "scenario/collector", 0644, s->collector, strlen(s->collector));
	if (!rc && s->check)
		rc = cpio_file(&c, "scenario/check", 0755, s->check, strlen(s->check));
	if (!rc)
		rc = pack_modules(&c, p->modules);
	if (!rc && s->kselftest)
		rc = cpio_dir(&c, "usr") || cpio_dir(&c, "usr/lib");
	if (!rc && s->kselftest == KST_TREE)
		rc = cpio_dir(&c, "usr/lib/kselftest") ||
		     cpio_tree(&c, "usr/lib/kselftest/mce-kdump", p->kselftest);
	if (!rc && s->kselftest == KST_TAR)
		rc = cpio_copy(&c, "usr/lib/kselftest.tar.gz", p->kselftest_tar);
	return cpio_close(&c) || rc ? -1 : 0;
}

int prepare_run(const struct scenario *s, const struct run_paths *p, const char *capture_args,
		char *err, size_t errlen)
{
	char dir[PATH_LEN + 16], file[PATH_LEN + 32], img[PATH_LEN + 16], cmdline[1200];
	const char *rm[] = { "rm", "-rf", p->run, NULL };
	const char *mk[] = { "mkdir", "-p", p->run, NULL };
	const char *mke2fs[] = { "mke2fs", "-q", "-F", "-t", "ext2", "-L", "var", "-d", dir,
				 img, "2G", NULL };

	if (run(rm, NULL, NULL, 60) || run(mk, NULL, NULL, 10))
		return fail(err, errlen, "cannot recreate %s", p->run);
	snprintf(dir, sizeof(dir), "%s/var", p->run);
	snprintf(file, sizeof(file), "%s/var/boot", p->run);
	if (mkdir(dir, 0755) || mkdir(file, 0755))
		return fail(err, errlen, "cannot create %s", file);
	snprintf(file, sizeof(file), "%s/scenario.cpio", p->run);
	if (pack_scenario(s, p, file))
		return fail(err, errlen, "cannot pack the scenario into %s", file);
	if (concat(p->initrd, p->image, file))
		return fail(err, errlen, "cannot write %s", p->initrd);
	snprintf(file, sizeof(file), "%s/var/boot/vmlinuz", p->run);
	if (concat(file, p->kernel, NULL))
		return fail(err, errlen, "cannot copy %s", p->kernel);
	snprintf(file, sizeof(file), "%s/var/boot/cmdline", p->run);
	snprintf(cmdline, sizeof(cmdline), "%s %s\n", capture_args, s->capture_cmdline);
	if (write_file(file, cmdline))
		return fail(err, errlen, "cannot write %s", file);
	snprintf(img, sizeof(img), "%s/var.img", p->run);
	if (run(mke2fs, NULL, NULL, 120))
		return fail(err, errlen, "mke2fs failed to make %s (is e2fsprogs installed?)", img);
	snprintf(file, sizeof(file), "%s/dump.img", p->run);
	if (write_file(file, "") || truncate(file, (off_t)DUMP_DISK))
		return fail(err, errlen, "cannot create %s", file);
	return 0;
}

int clear_poison(const struct run_paths *p)
{
	char file[PATH_LEN + 16], line[256], keep[256] = "";
	FILE *f;

	snprintf(file, sizeof(file), "%s/ras.state", p->run);
	f = fopen(file, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "boot ", 5))
			snprintf(keep, sizeof(keep), "%s", line);
	fclose(f);
	return write_file(file, keep);
}
