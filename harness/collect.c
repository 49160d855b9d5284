// SPDX-License-Identifier: GPL-2.0
/*
 * Take the dump disk apart (see collect.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
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
	snprintf(path, sizeof(path), "%s/dump.out", run_dir);
	if (copy_range(fd, DISK_DUMP_OFF, bytes, path)) {
		snprintf(err, errlen, "cannot write %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
