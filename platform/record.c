// SPDX-License-Identifier: GPL-2.0
/*
 * The platform's record: one JSON object per line for every injection,
 * consumption, machine check, firmware report, refusal and boot. Scenarios
 * read it to tell, for example, whether the capture kernel touched poison.
 *
 * Any thread may add an entry; entries are formatted into a queue and only
 * the firmware thread (and the exit path) write the file, so a vCPU thread
 * never does I/O. Every entry carries seq, t (seconds since the plugin
 * loaded), boot (counted across kexec and across QEMU runs that share a
 * state file) and kind (production, capture or check). The first entry of
 * each QEMU run says where t starts on the host's CLOCK_MONOTONIC, so that
 * a host program can put entries beside its own observations.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ras.h"

#define QUEUE_LEN	1024
#define LINE_MAX_LEN	512

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char queue[QUEUE_LEN][LINE_MAX_LEN];
static size_t head, count, dropped;
static unsigned long long seq;
static FILE *out;
static struct timespec start;
static unsigned int boot_index;
static char boot_kind[16] = "production";

int record_open(const char *path)
{
	out = fopen(path, "a");
	if (!out)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &start);
	return 0;
}

void record_boot(unsigned int boot, const char *kind)
{
	pthread_mutex_lock(&lock);
	boot_index = boot;
	snprintf(boot_kind, sizeof(boot_kind), "%s", kind);
	pthread_mutex_unlock(&lock);
}

double record_clock_origin(void)
{
	return (double)start.tv_sec + start.tv_nsec / 1e9;
}

unsigned int record_boot_index(void)
{
	unsigned int b;

	pthread_mutex_lock(&lock);
	b = boot_index;
	pthread_mutex_unlock(&lock);
	return b;
}

void record(const char *ev, const char *fmt, ...)
{
	struct timespec now;
	char fields[LINE_MAX_LEN - 128];
	va_list ap;
	double t;
	int n;

	va_start(ap, fmt);
	vsnprintf(fields, sizeof(fields), fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;

	pthread_mutex_lock(&lock);
	if (count == QUEUE_LEN) {
		dropped++;
	} else {
		char *line = queue[(head + count) % QUEUE_LEN];

		n = snprintf(line, LINE_MAX_LEN,
			     "{\"seq\":%llu,\"t\":%.6f,\"boot\":%u,\"kind\":\"%s\",\"ev\":\"%s\"%s%s}\n",
			     seq, t, boot_index, boot_kind, ev, *fields ? "," : "", fields);
		if (n >= LINE_MAX_LEN)	/* never write half an object */
			snprintf(line, LINE_MAX_LEN,
				 "{\"seq\":%llu,\"boot\":%u,\"ev\":\"truncated\"}\n",
				 seq, boot_index);
		seq++;
		count++;
	}
	pthread_mutex_unlock(&lock);
	firmware_kick();
}

void record_flush(void)
{
	pthread_mutex_lock(&lock);
	while (count) {
		if (out)
			fputs(queue[head], out);
		head = (head + 1) % QUEUE_LEN;
		count--;
	}
	if (dropped && out) {
		fprintf(out, "{\"seq\":%llu,\"boot\":%u,\"kind\":\"%s\",\"ev\":\"dropped\",\"entries\":%zu}\n",
			seq++, boot_index, boot_kind, dropped);
		dropped = 0;
	}
	if (out)
		fflush(out);
	pthread_mutex_unlock(&lock);
}

void record_close(void)
{
	record_flush();
	if (out)
		fclose(out);
	out = NULL;
}
