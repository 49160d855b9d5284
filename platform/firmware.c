// SPDX-License-Identifier: GPL-2.0
/*
 * The platform's firmware thread: everything that is not on a vCPU's path.
 * It serves the control port (QEMU's second serial port, a unix socket that
 * QEMU listens on and this thread connects to), polls the mailbox for EINJ requests every millisecond (the
 * guest rings the doorbell by writing memory, which raises no signal),
 * delivers queued raw machine-check events once every vCPU can take them,
 * writes firmware-first reports and sends their NMIs, and writes the
 * record. vCPU callbacks hand it work through a queue and an eventfd.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mailbox.h"
#include "ras.h"

#define TICK_MS		1
#define LINE_LEN	1024
#define MAX_RECS	16
#define EVENT_WAIT_S	10

struct cper_job {
	uint64_t addr, len;
	bool fatal;
	enum poison_mode mode;
};

struct mce_event {
	unsigned int id;
	int n;
	uint64_t recs[MAX_RECS][6];	/* cpu, bank, status, mcg, addr, misc */
	struct timespec deadline;
};

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int kick_fd = -1, conn_fd = -1;
static bool stopping, ram_ready;
static struct sockaddr_un sock_addr = { .sun_family = AF_UNIX };
static struct timespec next_connect;

static struct cper_job cper_jobs[64];
static size_t ncper;
static bool broadcast_pending[RAS_MAX_CPUS];
static struct mce_event events[8];
static size_t nevents;
static unsigned int next_event_id = 1;

static enum poison_mode einj_mode = MODE_MCE;
static uint64_t ck_start, ck_end;

static char inbuf[LINE_LEN];
static size_t inlen;

void firmware_kick(void)
{
	uint64_t one = 1;

	if (kick_fd >= 0 && write(kick_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		fprintf(stderr, "ras: kick: %s\n", strerror(errno));
}

void firmware_ram_ready(void)
{
	pthread_mutex_lock(&lock);
	ram_ready = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	firmware_kick();
}

void firmware_set_einj_mode(enum poison_mode mode)
{
	__atomic_store_n(&einj_mode, mode, __ATOMIC_RELAXED);
}

enum poison_mode firmware_einj_mode(void)
{
	return __atomic_load_n(&einj_mode, __ATOMIC_RELAXED);
}

void firmware_set_crashkernel(uint64_t start, uint64_t end)
{
	pthread_mutex_lock(&lock);
	ck_start = start;
	ck_end = end;
	pthread_mutex_unlock(&lock);
}

bool firmware_in_crashkernel(uint64_t gpa)
{
	bool in;

	pthread_mutex_lock(&lock);
	in = ck_end && gpa >= ck_start && gpa <= ck_end;
	pthread_mutex_unlock(&lock);
	return in;
}

/*
 * Queue a firmware-first report. Returns false if the same report is
 * already waiting: firmware reports an error once, not once per load.
 */
bool firmware_queue_cper(uint64_t addr, uint64_t len, bool fatal, enum poison_mode mode)
{
	bool queued = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < ncper; i++)
		if (cper_jobs[i].addr == addr && cper_jobs[i].mode == mode)
			goto out;
	if (ncper < sizeof(cper_jobs) / sizeof(cper_jobs[0])) {
		cper_jobs[ncper++] = (struct cper_job){ addr, len, fatal, mode };
		queued = true;
	} else {
		record("refuse", "\"src\":\"cper\",\"addr\":\"%#" PRIx64
		       "\",\"result\":\"firmware report queue full\"", addr);
	}
out:
	pthread_mutex_unlock(&lock);
	firmware_kick();
	return queued;
}

void firmware_queue_broadcast(int except_cpu)
{
	pthread_mutex_lock(&lock);
	for (int c = 0; c < cpu_count(); c++)
		if (c != except_cpu)
			broadcast_pending[c] = true;
	pthread_mutex_unlock(&lock);
	firmware_kick();
}

int firmware_queue_event(const uint64_t (*recs)[6], int n, char *err, size_t errlen)
{
	struct mce_event *e;
	int id;

	pthread_mutex_lock(&lock);
	if (nevents == sizeof(events) / sizeof(events[0])) {
		pthread_mutex_unlock(&lock);
		snprintf(err, errlen, "too many machine-check events queued");
		return -1;
	}
	e = &events[nevents++];
	e->id = id = next_event_id++;
	e->n = n;
	memcpy(e->recs, recs, sizeof(*recs) * n);
	clock_gettime(CLOCK_MONOTONIC, &e->deadline);
	e->deadline.tv_sec += EVENT_WAIT_S;
	pthread_mutex_unlock(&lock);
	firmware_kick();
	return id;
}

/* Can this vCPU take a machine check now? Names why not in *why. */
static bool cpu_ready(int cpu, const char **why)
{
	if (!(cpu_cr4(cpu) & CR4_MCE)) {
		*why = "CR4.MCE clear";
		return false;
	}
	if (cpu_mcg_status(cpu) & MCG_MCIP) {
		*why = "MCIP set";
		return false;
	}
	return true;
}

static void deliver_broadcasts(void)
{
	bool pending[RAS_MAX_CPUS];
	const char *why;

	pthread_mutex_lock(&lock);
	memcpy(pending, broadcast_pending, sizeof(pending));
	memset(broadcast_pending, 0, sizeof(broadcast_pending));
	pthread_mutex_unlock(&lock);

	for (int c = 0; c < cpu_count(); c++) {
		if (!pending[c])
			continue;
		if (!cpu_ready(c, &why)) {
			/* Already in this platform's machine check: nothing to add. */
			if (ras_mce_inflight(c) && (cpu_cr4(c) & CR4_MCE))
				continue;
			/* A broadcast machine check the CPU cannot take. */
			record("shutdown", "\"cpu\":%d,\"reason\":\"broadcast machine check with %s\"",
			       c, why);
			cpu_shutdown();
			continue;
		}
		cpu_inject(c, 1, MCI_VAL | MCI_UC, MCG_MCIP | MCG_RIPV, 0, 0);
		record("mce", "\"cpu\":%d,\"bank\":1,\"status\":\"%#llx\",\"mcg\":\"%#llx\",\"why\":\"broadcast\"",
		       c, (unsigned long long)(MCI_VAL | MCI_UC),
		       (unsigned long long)(MCG_MCIP | MCG_RIPV));
	}
}

/*
 * Deliver a raw event: every listed record into its CPU's bank, and the
 * broadcast filler (what QEMU's "mce -b" gives the other CPUs) to every CPU
 * without a record, so that all of them enter the handler's rendezvous.
 * Waits while any CPU lacks CR4.MCE or still has MCIP set.
 */
static bool deliver_event(struct mce_event *e)
{
	bool listed[RAS_MAX_CPUS] = { false };
	struct timespec now;
	const char *why;

	for (int c = 0; c < cpu_count(); c++) {
		if (!cpu_ready(c, &why)) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec < e->deadline.tv_sec)
				return false;
			record("refuse", "\"src\":\"event\",\"id\":%u,\"cpu\":%d,\"result\":\"waited %ds: %s\"",
			       e->id, c, EVENT_WAIT_S, why);
			return true;
		}
	}
	for (int i = 0; i < e->n; i++) {
		const uint64_t *r = e->recs[i];

		listed[r[0]] = true;
		cpu_inject((int)r[0], (int)r[1], r[2], r[3], r[4], r[5]);
		record("mce", "\"cpu\":%d,\"bank\":%d,\"status\":\"%#" PRIx64 "\",\"mcg\":\"%#" PRIx64
		       "\",\"addr\":\"%#" PRIx64 "\",\"misc\":\"%#" PRIx64 "\",\"why\":\"event\",\"id\":%u",
		       (int)r[0], (int)r[1], r[2], r[3], r[4], r[5], e->id);
	}
	for (int c = 0; c < cpu_count(); c++) {
		if (listed[c])
			continue;
		cpu_inject(c, 1, MCI_VAL | MCI_UC, MCG_MCIP | MCG_RIPV, 0, 0);
		record("mce", "\"cpu\":%d,\"bank\":1,\"status\":\"%#llx\",\"mcg\":\"%#llx\",\"why\":\"broadcast\",\"id\":%u",
		       c, (unsigned long long)(MCI_VAL | MCI_UC),
		       (unsigned long long)(MCG_MCIP | MCG_RIPV), e->id);
	}
	return true;
}

static void deliver_events(void)
{
	struct mce_event e;

	for (;;) {
		pthread_mutex_lock(&lock);
		if (!nevents) {
			pthread_mutex_unlock(&lock);
			return;
		}
		e = events[0];
		pthread_mutex_unlock(&lock);
		if (!deliver_event(&e))
			return;
		pthread_mutex_lock(&lock);
		memmove(events, events + 1, --nevents * sizeof(events[0]));
		pthread_mutex_unlock(&lock);
	}
}

static void deliver_cpers(uint8_t *mb)
{
	size_t i = 0;

	pthread_mutex_lock(&lock);
	while (i < ncper) {
		struct cper_job j = cper_jobs[i];

		if (!cper_write(mb, j.addr, j.len, j.fatal, j.mode)) {
			i++;	/* the guest has not read the previous one yet */
			continue;
		}
		memmove(cper_jobs + i, cper_jobs + i + 1, (--ncper - i) * sizeof(cper_jobs[0]));
		pthread_mutex_unlock(&lock);
		record("cper", "\"addr\":\"%#" PRIx64 "\",\"len\":%" PRIu64
		       ",\"severity\":\"%s\",\"source\":\"%s\"",
		       j.addr, j.len, j.fatal ? "fatal" : "recoverable", mode_name(j.mode));
		if (j.mode == MODE_GHES_NMI) {
			cpu_nmi();
			record("nmi", "\"why\":\"ghes\"");
		}
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
}

/*
 * Turn the poison model on (or off when no poison is left): vCPUs only
 * instrument loads while poison exists. The reset runs on vCPU 0 at its
 * next block boundary; this waits for it, so that when an EINJ request or
 * a control reply says "planted", loads are already being watched.
 */
static void instrument_done(void)
{
	pthread_mutex_lock(&lock);
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

int firmware_instrument(void)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	pthread_mutex_lock(&lock);
	while (!rc && ras_request_instrumentation(instrument_done))
		rc = pthread_cond_timedwait(&cond, &lock, &until);
	pthread_mutex_unlock(&lock);
	return rc ? -1 : 0;
}

static void reply_line(const char *s)
{
	size_t len = strlen(s);

	if (conn_fd >= 0 && send(conn_fd, s, len, MSG_NOSIGNAL) != (ssize_t)len) {
		close(conn_fd);
		conn_fd = -1;
	}
}

static void serve_control(void)
{
	char reply[LINE_LEN + 2];
	ssize_t n;
	char *nl;

	n = recv(conn_fd, inbuf + inlen, sizeof(inbuf) - 1 - inlen, 0);
	if (n <= 0) {
		close(conn_fd);
		conn_fd = -1;
		inlen = 0;
		return;
	}
	inlen += (size_t)n;
	inbuf[inlen] = '\0';
	while ((nl = strchr(inbuf, '\n'))) {
		*nl = '\0';
		if (nl > inbuf && nl[-1] == '\r')
			nl[-1] = '\0';
		control_handle(inbuf, reply, sizeof(reply) - 1);
		strcat(reply, "\n");
		reply_line(reply);
		inlen -= (size_t)(nl + 1 - inbuf);
		memmove(inbuf, nl + 1, inlen + 1);
	}
	if (inlen == sizeof(inbuf) - 1) {
		reply_line("0 err line too long\n");
		inlen = 0;
	}
}

/*
 * (Re)connect to QEMU's end of the control port. QEMU listens from before
 * the plugin loads, so the first attempt normally succeeds; after a hang-up
 * this retries at most every 100 ms.
 */
static void control_connect(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < next_connect.tv_sec ||
	    (now.tv_sec == next_connect.tv_sec && now.tv_nsec < next_connect.tv_nsec))
		return;
	next_connect = now;
	next_connect.tv_nsec += 100 * 1000 * 1000;
	if (next_connect.tv_nsec >= 1000 * 1000 * 1000) {
		next_connect.tv_sec++;
		next_connect.tv_nsec -= 1000 * 1000 * 1000;
	}
	conn_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (conn_fd >= 0 && connect(conn_fd, (struct sockaddr *)&sock_addr, sizeof(sock_addr))) {
		close(conn_fd);
		conn_fd = -1;
	}
}

/*
 * The mailbox lives in guest RAM at MAILBOX_GPA; a guest with less RAM
 * than that has no firmware. Say so once and stop the machine, instead of
 * serving memory that is not there.
 */
static uint8_t *find_mailbox(void)
{
	static bool refused;
	const char *why = "guest RAM ends below the firmware mailbox at 256 MiB: give the guest at least 512 MiB";
	uint8_t *mb;

	if (refused || !__atomic_load_n(&ram_ready, __ATOMIC_ACQUIRE))
		return NULL;
	if (ram_size() < MAILBOX_GPA + MAILBOX_SIZE) {
		refused = true;
		fprintf(stderr, "ras: %s\n", why);
		record("shutdown", "\"cpu\":-1,\"reason\":\"%s\"", why);
		cpu_shutdown();
		return NULL;
	}
	mb = ram_host() + MAILBOX_GPA;
	einj_init_mailbox(mb);
	cper_init_mailbox(mb);
	return mb;
}

static void *firmware_main(void *arg)
{
	uint8_t *mb = NULL;

	(void)arg;
	while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
		struct pollfd fds[2] = {
			{ .fd = kick_fd, .events = POLLIN },
			{ .fd = conn_fd, .events = POLLIN },
		};
		uint64_t drain;

		if (poll(fds, 2, mb || conn_fd < 0 ? TICK_MS : -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents & POLLIN && read(kick_fd, &drain, sizeof(drain)) < 0)
			drain = 0;
		if (conn_fd < 0)
			control_connect();
		else if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
			serve_control();
		if (!mb)
			mb = find_mailbox();
		if (mb) {
			einj_service(mb);
			deliver_cpers(mb);
		}
		deliver_broadcasts();
		deliver_events();
		record_flush();
	}
	return NULL;
}

int firmware_start(const char *path, char *err, size_t errlen)
{
	if (strlen(path) >= sizeof(sock_addr.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s", path);
		return -1;
	}
	strcpy(sock_addr.sun_path, path);
	control_connect();
	if (conn_fd < 0) {
		snprintf(err, errlen,
			 "cannot connect to %s: %s; give QEMU -chardev socket,id=ras,path=%s,server=on,wait=off -serial chardev:ras",
			 path, strerror(errno), path);
		return -1;
	}
	kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (kick_fd < 0 || pthread_create(&thread, NULL, firmware_main, NULL)) {
		snprintf(err, errlen, "cannot start the firmware thread: %s", strerror(errno));
		if (kick_fd >= 0)
			close(kick_fd);
		close(conn_fd);
		kick_fd = conn_fd = -1;
		return -1;
	}
	return 0;
}

void firmware_stop(void)
{
	if (kick_fd < 0)
		return;
	__atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
	firmware_kick();
	pthread_join(thread, NULL);
	if (conn_fd >= 0)
		close(conn_fd);
	close(kick_fd);
	conn_fd = kick_fd = -1;
}
