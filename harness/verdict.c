// SPDX-License-Identifier: GPL-2.0
/*
 * Read what a run left behind (see verdict.h). The dump disk's layout is
 * image/init's: a text header in the first 4 KiB, the collector's log up to
 * 1 MiB, the dump stream from 1 MiB. A capture kernel that died leaves no
 * finished header; then whatever reached the disk is taken as the dump,
 * found through the disk image's data extents. With the collector
 * kdump-tools, the dump is instead the file Debian's kdump-config left in
 * /var/crash on the /var disk.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "verdict.h"

#define HDR_SIZE	4096
#define LOG_OFF		4096
#define DUMP_OFF	(1 << 20)

static long long header_value(const char *hdr, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "\n%s=", key);
	p = strstr(hdr, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}

/* Where the written part of the dump region ends (0: nothing written). */
static off_t data_end(int fd)
{
	off_t pos = DUMP_OFF, end = 0, hole;

	for (;;) {
		pos = lseek(fd, pos, SEEK_DATA);
		if (pos < 0)
			return end;
		hole = lseek(fd, pos, SEEK_HOLE);
		if (hole <= pos)
			return end;
		end = hole;
		pos = hole;
	}
}

static int copy_range(int fd, off_t off, long long len, const char *path)
{
	char buf[1 << 16];
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc = 0;

	if (out < 0)
		return -errno;
	while (len > 0 && !rc) {
		ssize_t n = pread(fd, buf, len < (long long)sizeof(buf) ? (size_t)len : sizeof(buf), off);

		if (n <= 0 || write(out, buf, (size_t)n) != n)
			rc = -EIO;
		off += n;
		len -= n;
	}
	if (close(out))
		rc = -errno;
	return rc;
}

/*
 * kdump-config savecore names its output dump-incomplete while it writes,
 * dump.<stamp> once it calls the dump saved, and vmcore-incomplete, then
 * vmcore.<stamp>, for its cp fallback. Lower is the later step.
 */
static int kdump_tools_rank(const char *name)
{
	static const char *const steps[] = { "vmcore.", "vmcore-incomplete", "dump.",
					     "dump-incomplete" };

	for (int i = 0; i < 4; i++)
		if (!strncmp(name, steps[i], strlen(steps[i])))
			return i;
	return -1;
}

/*
 * The dump kdump-tools left in /var/crash/<stamp>/ on the /var disk,
 * copied out of the ext2 image with debugfs: the newest stamp, its
 * latest step. Nothing there: no dump.
 */
static int read_var(const char *run_dir, struct analysis *a, char *dump_path, size_t plen)
{
	char img[2100], out[2100], cmd[2200], dir[2400], best[256] = "", stamp[256] = "";
	const char *rm[] = { "rm", "-rf", out, NULL };
	const char *argv[] = { "debugfs", "-R", cmd, img, NULL };
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(img, sizeof(img), "%.2048s/var.img", run_dir);
	snprintf(out, sizeof(out), "%.2048s/var-crash", run_dir);
	snprintf(cmd, sizeof(cmd), "rdump /crash %s", out);
	if (run(rm, NULL, NULL, 60) || mkdir(out, 0755) || run(argv, NULL, NULL, 120))
		return -EIO;
	snprintf(dir, sizeof(dir), "%s/crash", out);
	d = opendir(dir);
	while (d && (e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && strcmp(e->d_name, stamp) > 0)
			snprintf(stamp, sizeof(stamp), "%s", e->d_name);
	if (d)
		closedir(d);
	snprintf(dir, sizeof(dir), "%s/crash/%s", out, stamp);
	d = *stamp ? opendir(dir) : NULL;
	while (d && (e = readdir(d))) {
		int r = kdump_tools_rank(e->d_name);

		if (r >= 0 && (!*best || r < kdump_tools_rank(best)))
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	if (d)
		closedir(d);
	a->bytes = 0;
	if (!*best)
		return 0;
	snprintf(a->dump_file, sizeof(a->dump_file), "/var/crash/%s/%s", stamp, best);
	snprintf(dump_path, plen, "%s/%s", dir, best);
	/* What the guest wrote is untrusted: a regular file, not a link out. */
	if (lstat(dump_path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	a->bytes = st.st_size;
	return 0;
}

/* The disk: header, collector log (for the hwpoison count) and the dump. */
static int read_disk(const char *run_dir, struct analysis *a, char *dump_path, size_t plen)
{
	char path[4096], hdr[HDR_SIZE + 1] = { 0 }, *log, *p;
	long long logbytes;
	off_t end;
	int fd;

	snprintf(path, sizeof(path), "%s/dump.img", run_dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (pread(fd, hdr, HDR_SIZE, 0) < 0)
		hdr[0] = '\0';
	a->finished = !strncmp(hdr, "mcekd-dump 1\n", 13) && strstr(hdr, "\nstate=done\n");
	a->collector_rc = (int)header_value(hdr, "rc");
	a->bytes = a->finished ? header_value(hdr, "bytes") : -1;
	if (a->finished && header_value(hdr, "end") >= 0)
		a->collect_s = header_value(hdr, "end") - header_value(hdr, "start");
	if (a->bytes < 0) {
		end = data_end(fd);
		a->bytes = end > DUMP_OFF ? end - DUMP_OFF : 0;
	}

	logbytes = header_value(hdr, "logbytes");
	if (logbytes > 0 && logbytes <= DUMP_OFF - LOG_OFF && (log = calloc(1, (size_t)logbytes + 1))) {
		if (pread(fd, log, (size_t)logbytes, LOG_OFF) == logbytes &&
		    (p = strstr(log, "Hwpoison pages")) && (p = strchr(p, ':')))
			a->hwpoison_pages = strtol(p + 1, NULL, 0);
		free(log);
	}

	snprintf(dump_path, plen, "%s/dump.out", run_dir);
	unlink(dump_path);
	if (strstr(hdr, "\ncollector=kdump-tools\n")) {
		close(fd);
		return read_var(run_dir, a, dump_path, plen);
	}
	if (a->bytes > 0 && copy_range(fd, DUMP_OFF, a->bytes, dump_path)) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

/* The platform's record: poisoned pages, and poison the capture kernel met. */
static void read_record(const char *run_dir, struct analysis *a)
{
	uint64_t ck_start = 0, ck_end = 0;
	char path[4096], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/record.jsonl", run_dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		bool capture = strstr(line, "\"kind\":\"capture\"");
		const char *addr = strstr(line, "\"addr\":\"");
		const char *len = strstr(line, "\"len\":");
		uint64_t pa = addr ? strtoull(addr + 8, NULL, 16) : 0;
		uint64_t bytes = len ? strtoull(len + 6, NULL, 10) : 64;

		if (strstr(line, "\"ev\":\"plant\"")) {
			if (!a->npfns)
				a->poison_addr = pa;
			for (uint64_t pfn = pa >> 12; pfn <= (pa + bytes - 1) >> 12; pfn++) {
				bool seen = false;

				for (int i = 0; i < a->npfns; i++)
					seen |= a->pfns[i] == pfn;
				if (!seen && a->npfns < MAX_PFNS)
					a->pfns[a->npfns++] = pfn;
			}
		} else if (strstr(line, "\"ev\":\"crashkernel\"")) {
			const char *s = strstr(line, "\"start\":\""), *e = strstr(line, "\"end\":\"");

			ck_start = s ? strtoull(s + 9, NULL, 16) : 0;
			ck_end = e ? strtoull(e + 7, NULL, 16) : 0;
		} else if (capture && strstr(line, "\"ev\":\"consume\"") && !a->capture_mce) {
			a->capture_mce = true;
			snprintf(a->capture_detail, sizeof(a->capture_detail),
				 "capture kernel loaded poison at %#" PRIx64 "%s", pa,
				 pa >= ck_start && pa <= ck_end ?
				 ", inside the crashkernel reservation: no kernel change can protect this" : "");
		} else if (strstr(line, "\"ev\":\"shutdown\"")) {
			const char *r = strstr(line, "\"reason\":\"");

			snprintf(a->shutdown, sizeof(a->shutdown), "%s%.*s",
				 capture ? "capture kernel: " : "production kernel: ",
				 r ? (int)strcspn(r + 10, "\"") : 0, r ? r + 10 : "");
		}
	}
	fclose(f);
}

/* vmcore_info's key: value lines. */
static void read_dump(const char *vmcore_info, const char *dump, const char *out,
		      struct analysis *a)
{
	const char *argv[MAX_PFNS + 3];
	char pfn[MAX_PFNS][24], line[512];
	int n = 0;
	FILE *f;

	argv[n++] = vmcore_info;
	argv[n++] = dump;
	for (int i = 0; i < a->npfns; i++) {
		snprintf(pfn[i], sizeof(pfn[i]), "%#" PRIx64, a->pfns[i]);
		argv[n++] = pfn[i];
	}
	argv[n] = NULL;
	run(argv, NULL, out, 300);
	f = fopen(out, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strstr(line, ": ");
		uint64_t p;

		if (!v)
			continue;
		v[strcspn(v, "\n")] = '\0';
		*v = '\0';
		v += 2;
		if (!strcmp(line, "format")) {
			snprintf(a->format, sizeof(a->format), "%s", v);
		} else if (!strcmp(line, "flattened")) {
			a->flattened = !strcmp(v, "yes");
		} else if (!strcmp(line, "complete")) {
			a->complete = !strcmp(v, "yes");
		} else if (!strcmp(line, "pages")) {
			a->pages = strtoll(v, NULL, 10);
		} else if (!strcmp(line, "osrelease")) {
			snprintf(a->release, sizeof(a->release), "%s", v);
		} else if (!strcmp(line, "problem")) {
			size_t used = strlen(a->problems);

			snprintf(a->problems + used, sizeof(a->problems) - used, "%s%s",
				 used ? "; " : "", v);
		} else if (sscanf(line, "pfn %" SCNx64, &p) == 1) {
			for (int i = 0; i < a->npfns; i++)
				if (a->pfns[i] == p)
					snprintf(a->pfn_state[i], sizeof(a->pfn_state[i]), "%s", v);
		}
	}
	fclose(f);
}

/*
 * The dump's own kernel log, through the base's makedumpfile: the panic
 * line, and whether every expected text is in it ({poison} stands for the
 * first poisoned line's address as Linux prints it, lower-case hex).
 */
static void read_log(const char *run_dir, const char *makedumpfile, const char *dump,
		     const char (*expect)[200], int nexpect, struct analysis *a)
{
	char plain[4096], dmesg[4096], line[1024], want[8][240];
	bool found[8] = { false };
	const char *src = dump;
	FILE *f;

	for (int i = 0; i < nexpect; i++) {
		const char *ph = strstr(expect[i], "{poison}");

		if (ph)
			snprintf(want[i], sizeof(want[i]), "%.*s%" PRIx64 "%s", (int)(ph - expect[i]),
				 expect[i], a->npfns ? a->poison_addr : 0, ph + 8);
		else
			snprintf(want[i], sizeof(want[i]), "%s", expect[i]);
	}

	snprintf(plain, sizeof(plain), "%s/dump.kdump", run_dir);
	snprintf(dmesg, sizeof(dmesg), "%s/dmesg.txt", run_dir);
	unlink(plain);
	unlink(dmesg);
	if (a->flattened) {
		const char *argv[] = { makedumpfile, "-R", plain, NULL };

		if (run(argv, dump, NULL, 120))
			return;
		src = plain;
	}
	{
		const char *argv[] = { makedumpfile, "--dump-dmesg", src, dmesg, NULL };

		if (run(argv, NULL, NULL, 120))
			return;
	}
	if (src == plain)
		unlink(plain);	/* a second copy of dump.out, only for its log */
	f = fopen(dmesg, "r");
	if (!f)
		return;
	a->log_found = true;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "Kernel panic - not syncing: ");

		line[strcspn(line, "\n")] = '\0';
		if (p && !*a->panic)
			snprintf(a->panic, sizeof(a->panic), "%.199s", p);
		if (!*a->fault && (strstr(line, "BUG: unable to handle") || strstr(line, "Oops: ")))
			snprintf(a->fault, sizeof(a->fault), "%.199s", line);
		for (int i = 0; i < nexpect; i++)
			found[i] |= strstr(line, want[i]) != NULL;
	}
	fclose(f);
	for (int i = nexpect - 1; i >= 0; i--)
		if (!found[i])
			snprintf(a->log_missing, sizeof(a->log_missing), "%s", want[i]);
}

int analyse_run(const char *run_dir, const char *vmcore_info, const char *makedumpfile,
		const char (*expect_log)[200], int nexpect, struct analysis *a,
		char *err, size_t errlen)
{
	char dump[4096], info[4096];
	int absent = 0;

	memset(a, 0, sizeof(*a));
	a->hwpoison_pages = a->lost = a->collect_s = -1;
	a->collector_rc = -1;
	read_record(run_dir, a);
	if (read_disk(run_dir, a, dump, sizeof(dump))) {
		snprintf(err, errlen, "cannot read the dump disk in %s", run_dir);
		return -1;
	}
	if (a->bytes > 0) {
		snprintf(info, sizeof(info), "%s/vmcore_info.txt", run_dir);
		read_dump(vmcore_info, dump, info, a);
		/* makedumpfile -R does not stop on a truncated stream */
		if (a->complete)
			read_log(run_dir, makedumpfile, dump, expect_log, nexpect, a);
	}
	for (int i = 0; i < a->npfns; i++)
		absent += !strcmp(a->pfn_state[i], "absent");
	if (a->hwpoison_pages >= 0)
		a->lost = a->hwpoison_pages > absent ? a->hwpoison_pages - absent : 0;
	return 0;
}
