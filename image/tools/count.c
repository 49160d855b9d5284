// SPDX-License-Identifier: GPL-2.0
/*
 * mcekd-count FILE: copy stdin to stdout and, at end of input, write the
 * number of bytes copied to FILE. It sits between a raw collector and the
 * dd that puts the dump on disk. busybox's wc -c reads its input a byte at
 * a time through stdio: under TCG with the platform's memory model that
 * moved 2-3 MB/s and set the pace of every cat-of-/proc/vmcore dump.
 * Exits 1 with a message if a read or write fails; FILE is then not written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long long total = 0;
	FILE *out;

	if (argc != 2) {
		fprintf(stderr, "usage: mcekd-count FILE <in >out (FILE gets the byte count)\n");
		return 2;
	}
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "mcekd-count: read: %s\n", strerror(errno));
			return 1;
		}
		if (!n)
			break;
		if (write_all(1, buf, (size_t)n)) {
			fprintf(stderr, "mcekd-count: write: %s\n", strerror(errno));
			return 1;
		}
		total += (unsigned long long)n;
	}
	out = fopen(argv[1], "w");
	if (!out || fprintf(out, "%llu\n", total) < 0 || fclose(out)) {
		fprintf(stderr, "mcekd-count: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
