// SPDX-License-Identifier: GPL-2.0
/*
 * Take the dump disk apart (see collect.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "proc.h"
#include "protocol.h"

/* Where the written part of the dump region ends (0: nothing written). */
static off_t data_end(int fd)
{
	off_t pos = DISK_DUMP_OFF, end = 0, hole;

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

/* Copy len bytes at off of fd into path (written whole or not at all). */
static int copy_range(int fd, off_t off, long long len, const char *path)
{
	char buf[1 << 16], tmp[4200];
	int out, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		return -errno;
	while (len > 0 && !rc) {
		ssize_t n = pread(fd, buf, len < (long long)sizeof(buf) ? (size_t)len : sizeof(buf), off);

		if (n <= 0 || write(out, buf, (size_t)n) != n)
			rc = -EIO;
		off += n;
		len -= n;
	}
	if (close(out) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
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
 * copied out of the ext2 image with debugfs: the newest stamp, its latest
 * step, as dump.out; its name in dump-file.txt. No dump there: dump.out
 * is empty.
 */
static int collect_var(const char *run_dir, char *err, size_t errlen)
{
	char img[2100], out[2100], cmd[2200], dir[2400], file[2700], best[256] = "";
	char stamp[256] = "", dump[2100], name[2100];
	const char *rm[] = { "rm", "-rf", out, NULL };
	const char *argv[] = { "debugfs", "-R", cmd, img, NULL };
	struct dirent *e;
	struct stat st;
	FILE *f;
	int fd;
	DIR *d;

	snprintf(img, sizeof(img), "%.2048s/var.img", run_dir);
	snprintf(out, sizeof(out), "%.2048s/var-crash", run_dir);
	snprintf(cmd, sizeof(cmd), "rdump /crash %s", out);
	snprintf(dump, sizeof(dump), "%.2048s/dump.out", run_dir);
	snprintf(name, sizeof(name), "%.2048s/dump-file.txt", run_dir);
	if (run(rm, NULL, NULL, 60) || mkdir(out, 0755) || run(argv, NULL, NULL, 120)) {
		snprintf(err, errlen, "cannot copy /crash out of %s with debugfs", img);
		return -1;
	}
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
	f = fopen(name, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s", name);
		return -1;
	}
	if (*best)
		fprintf(f, "/var/crash/%s/%s\n", stamp, best);
	if (fclose(f)) {
		snprintf(err, errlen, "cannot write %s", name);
		return -1;
	}
	if (!*best) {
		fd = open(dump, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		return fd < 0 || close(fd) ? -1 : 0;
	}
	snprintf(file, sizeof(file), "%s/%s", dir, best);
	/* What the guest wrote is untrusted: a regular file, not a link out. */
	if (lstat(file, &st) || !S_ISREG(st.st_mode) || rename(file, dump)) {
		snprintf(err, errlen, "%s is not a regular file kdump-tools left", file);
		return -1;
	}
	return 0;
}

int collect_disk(const char *run_dir, char *err, size_t errlen)
{
	char path[4096], hdr[DISK_HDR_SIZE + 1] = { 0 };
	long long bytes, logbytes;
	bool finished;
	int fd;

	snprintf(path, sizeof(path), "%s/dump.img", run_dir);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (pread(fd, hdr, DISK_HDR_SIZE, 0) < 0)
		hdr[0] = '\0';
	hdr[strnlen(hdr, DISK_HDR_SIZE)] = '\0';
	finished = !strncmp(hdr, DISK_MAGIC "\n", strlen(DISK_MAGIC) + 1) &&
		   strstr(hdr, "\n" DISK_KEY_STATE "=" DISK_STATE_DONE "\n");
	bytes = finished ? disk_header_value(hdr, DISK_KEY_BYTES) : -1;
	if (bytes < 0) {
		off_t end = data_end(fd);

		bytes = end > DISK_DUMP_OFF ? end - DISK_DUMP_OFF : 0;
	}
	logbytes = finished ? disk_header_value(hdr, DISK_KEY_LOGBYTES) : 0;
	if (logbytes < 0 || logbytes > DISK_LOG_MAX)
		logbytes = 0;
	snprintf(path, sizeof(path), "%s/disk-header.txt", run_dir);
	if (copy_range(fd, 0, (long long)strlen(hdr), path)) {
		snprintf(err, errlen, "cannot write %s", path);
		close(fd);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/collector.log", run_dir);
	if (copy_range(fd, DISK_LOG_OFF, logbytes, path)) {
		snprintf(err, errlen, "cannot write %s", path);
		close(fd);
		return -1;
	}
	if (strstr(hdr, "\n" DISK_KEY_COLLECTOR "=kdump-tools\n")) {
		close(fd);
		return collect_var(run_dir, err, errlen);
	}
	snprintf(path, sizeof(path), "%s/dump.out", run_dir);
	if (copy_range(fd, DISK_DUMP_OFF, bytes, path)) {
		snprintf(err, errlen, "cannot write %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	/* Everything on it is in the files above: do not keep the dump twice. */
	snprintf(path, sizeof(path), "%s/dump.img", run_dir);
	unlink(path);
	return 0;
}
