// SPDX-License-Identifier: GPL-2.0
/*
 * The control port's requests. One request per line, "ID VERB ARGS...";
 * the reply is "ID ok ..." or "ID err REASON". The guest sends them with
 * mcekd-platform on its second serial port; the protocol is in README.md.
 * Every request is validated here and refused with a reason that names
 * the problem; nothing is half applied.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailbox.h"
#include "ras.h"

#define MAX_ARGS	24
#define MAX_EVENT_RECS	16

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || (s[0] == '0' && s[1] && s[1] != 'x' && s[1] != 'X'))
		return false;	/* no sign; hex needs 0x, decimal no leading 0 */
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

static int err(char *reply, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int err(char *reply, size_t len, const char *fmt, ...)
{
	size_t n = (size_t)snprintf(reply, len, "err ");
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reply + n, len - n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_mailbox(uint64_t addr, uint64_t len)
{
	return addr < MAILBOX_GPA + MAILBOX_SIZE && MAILBOX_GPA < addr + len;
}

/* plant ADDR [len=N] [fatal] [mode=mce|ghes-nmi|ghes-poll] */
static int do_plant(int argc, char **argv, char *reply, size_t len)
{
	struct poison p = { .len = LINE_SIZE, .mode = MODE_MCE };
	uint64_t addr;
	char why[160];

	if (argc < 2 || !parse_u64(argv[1], &addr))
		return err(reply, len, "usage: plant ADDR [len=BYTES] [fatal] [mode=mce|ghes-nmi|ghes-poll]");
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "len=", 4)) {
			if (!parse_u64(argv[i] + 4, &p.len))
				return err(reply, len, "bad length '%s'", argv[i] + 4);
		} else if (!strcmp(argv[i], "fatal")) {
			p.fatal = true;
		} else if (!strncmp(argv[i], "mode=", 5)) {
			if (!mode_parse(argv[i] + 5, &p.mode))
				return err(reply, len, "unknown mode '%s' (mce, ghes-nmi, ghes-poll)",
					   argv[i] + 5);
		} else {
			return err(reply, len, "unknown plant option '%s'", argv[i]);
		}
	}
	if (p.len < LINE_SIZE || (p.len & (p.len - 1)))
		return err(reply, len, "len %" PRIu64 " is not a power of two of at least %d",
			   p.len, LINE_SIZE);
	p.addr = addr & ~(p.len - 1);
	if (p.addr >= ram_size() || p.len > ram_size() - p.addr || in_mailbox(p.addr, p.len))
		return err(reply, len, "%#" PRIx64 " is not guest RAM", addr);
	if (poison_plant(&p, why, sizeof(why))) {
		/* the scenario did not get the poison it asked for: say so in the record */
		record("refuse", "\"src\":\"plant\",\"addr\":\"%#" PRIx64 "\",\"result\":\"%s\"",
		       p.addr, why);
		return err(reply, len, "%s", why);
	}
	if (firmware_instrument())
		return err(reply, len, "could not arm the poison model");
	record("plant", "\"addr\":\"%#" PRIx64 "\",\"len\":%" PRIu64
	       ",\"fatal\":%s,\"mode\":\"%s\",\"src\":\"control\"",
	       p.addr, p.len, p.fatal ? "true" : "false", mode_name(p.mode));
	snprintf(reply, len, "ok planted %#" PRIx64 " len %" PRIu64, p.addr, p.len);
	return 0;
}

static int do_clear(int argc, char **argv, char *reply, size_t len)
{
	uint64_t addr;

	if (argc == 2 && !strcmp(argv[1], "all")) {
		poison_clear_all();
		firmware_instrument();
		record("clear", "\"addr\":\"all\"");
		snprintf(reply, len, "ok cleared all");
		return 0;
	}
	if (argc != 2 || !parse_u64(argv[1], &addr))
		return err(reply, len, "usage: clear ADDR|all");
	if (!poison_clear(addr))
		return err(reply, len, "no poison at %#" PRIx64, addr);
	firmware_instrument();
	record("clear", "\"addr\":\"%#" PRIx64 "\"", addr);
	snprintf(reply, len, "ok cleared %#" PRIx64, addr);
	return 0;
}

/* event CPU:BANK:STATUS:MCG:ADDR:MISC ... */
static int do_event(int argc, char **argv, char *reply, size_t len)
{
	uint64_t recs[MAX_EVENT_RECS][6];
	bool seen[RAS_MAX_CPUS] = { false };
	char why[160];
	int n = argc - 1, id;

	if (n < 1 || n > MAX_EVENT_RECS)
		return err(reply, len, "usage: event CPU:BANK:STATUS:MCGSTATUS:ADDR:MISC ... (1 to %d records)",
			   MAX_EVENT_RECS);
	for (int i = 0; i < n; i++) {
		char *field = argv[i + 1], *save = NULL, *tok;
		int k = 0;

		for (tok = strtok_r(field, ":", &save); tok && k < 6;
		     tok = strtok_r(NULL, ":", &save), k++)
			if (!parse_u64(tok, &recs[i][k]))
				return err(reply, len, "record %d: bad number '%s'", i + 1, tok);
		if (k != 6 || tok)
			return err(reply, len, "record %d: want CPU:BANK:STATUS:MCGSTATUS:ADDR:MISC", i + 1);
		if (recs[i][0] >= (uint64_t)cpu_count())
			return err(reply, len, "record %d: no CPU %" PRIu64 " (the guest has %d)",
				   i + 1, recs[i][0], cpu_count());
		if (seen[recs[i][0]])
			return err(reply, len, "record %d: CPU %" PRIu64 " already has a record in this event",
				   i + 1, recs[i][0]);
		seen[recs[i][0]] = true;
		if (recs[i][1] >= 10)
			return err(reply, len, "record %d: bank %" PRIu64 " (the CPU has banks 0-9)",
				   i + 1, recs[i][1]);
		if (!(recs[i][2] & MCI_VAL))
			return err(reply, len, "record %d: status lacks VAL (bit 63)", i + 1);
		if (!(recs[i][3] & MCG_MCIP))
			return err(reply, len, "record %d: MCG_STATUS lacks MCIP (bit 2)", i + 1);
	}
	id = firmware_queue_event((const uint64_t (*)[6])recs, n, why, sizeof(why));
	if (id < 0)
		return err(reply, len, "%s", why);
	record("queue", "\"src\":\"event\",\"id\":%d,\"records\":%d", id, n);
	snprintf(reply, len, "ok queued event %d", id);
	return 0;
}

/* cper ADDR fatal|recoverable [nmi|poll] */
static int do_cper(int argc, char **argv, char *reply, size_t len)
{
	enum poison_mode mode = MODE_GHES_NMI;
	uint64_t addr;
	bool fatal;

	if (argc < 3 || argc > 4 || !parse_u64(argv[1], &addr) ||
	    (strcmp(argv[2], "fatal") && strcmp(argv[2], "recoverable")))
		return err(reply, len, "usage: cper ADDR fatal|recoverable [nmi|poll]");
	fatal = !strcmp(argv[2], "fatal");
	if (argc == 4) {
		if (!strcmp(argv[3], "poll"))
			mode = MODE_GHES_POLL;
		else if (strcmp(argv[3], "nmi"))
			return err(reply, len, "source '%s': want nmi or poll", argv[3]);
	}
	if (addr >= ram_size())
		return err(reply, len, "%#" PRIx64 " is not guest RAM", addr);
	firmware_queue_cper(addr & ~(uint64_t)(LINE_SIZE - 1), LINE_SIZE, fatal, mode);
	snprintf(reply, len, "ok queued report for %#" PRIx64, addr);
	return 0;
}

static int do_list(char *reply, size_t len)
{
	struct poison p[16];
	size_t n = poison_list(p, 16), off;

	off = (size_t)snprintf(reply, len, "ok %zu", poison_count());
	for (size_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(reply + off, len - off, " %#" PRIx64 "+%" PRIu64 ":%s%s",
					p[i].addr, p[i].len, mode_name(p[i].mode),
					p[i].fatal ? ":fatal" : "");
	return 0;
}

/*
 * control ADDR [len=N]: the workload names memory the dump must keep (it
 * filled it with the control pattern, harness/protocol.h); recorded only.
 */
static int do_control(int argc, char **argv, char *reply, size_t len)
{
	uint64_t addr, n = 4096;

	if (argc < 2 || argc > 3 || !parse_u64(argv[1], &addr) ||
	    (argc == 3 && (strncmp(argv[2], "len=", 4) || !parse_u64(argv[2] + 4, &n) || !n)))
		return err(reply, len, "usage: control ADDR [len=BYTES]");
	if (addr >= ram_size() || n > ram_size() - addr)
		return err(reply, len, "%#" PRIx64 "+%#" PRIx64 " is not guest RAM", addr, n);
	record("control", "\"addr\":\"%#" PRIx64 "\",\"len\":%" PRIu64, addr, n);
	snprintf(reply, len, "ok control %#" PRIx64 " len %" PRIu64, addr, n);
	return 0;
}

/* page ADDR FLAGS: the guest reports a page's /proc/kpageflags; recorded only. */
static int do_page(int argc, char **argv, char *reply, size_t len)
{
	uint64_t addr, flags;

	if (argc != 3 || !parse_u64(argv[1], &addr) || !parse_u64(argv[2], &flags))
		return err(reply, len, "usage: page ADDR KPAGEFLAGS");
	record("page", "\"addr\":\"%#" PRIx64 "\",\"kpageflags\":\"%#" PRIx64 "\"", addr, flags);
	snprintf(reply, len, "ok");
	return 0;
}

/* The words of a note, with the characters JSON would need escaped replaced. */
static void note_text(int argc, char **argv, char *text, size_t size)
{
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		for (const char *c = argv[i]; *c && n + 2 < size; c++)
			text[n++] = (*c == '"' || *c == '\\' || (unsigned char)*c < ' ') ? '_' : *c;
		if (i + 1 < argc && n + 2 < size)
			text[n++] = ' ';
	}
	text[n] = '\0';
}

void control_handle(char *line, char *reply, size_t len)
{
	char *argv[MAX_ARGS], *save = NULL, *id, *tok;
	size_t off;
	int argc = 0;

	id = strtok_r(line, " \t", &save);
	if (!id) {
		snprintf(reply, len, "0 err empty request");
		return;
	}
	while ((tok = strtok_r(NULL, " \t", &save)) && argc < MAX_ARGS)
		argv[argc++] = tok;
	off = (size_t)snprintf(reply, len, "%.32s ", id);
	reply += off;
	len -= off;
	if (tok) {
		err(reply, len, "more than %d words", MAX_ARGS);
	} else if (!argc) {
		err(reply, len, "no request");
	} else if (!strcmp(argv[0], "crashkernel")) {
		uint64_t s, e;

		if (argc != 3 || !parse_u64(argv[1], &s) || !parse_u64(argv[2], &e) || e < s) {
			err(reply, len, "usage: crashkernel START END");
			return;
		}
		firmware_set_crashkernel(s, e);
		record("crashkernel", "\"start\":\"%#" PRIx64 "\",\"end\":\"%#" PRIx64 "\"", s, e);
		snprintf(reply, len, "ok");
	} else if (!strcmp(argv[0], "plant")) {
		do_plant(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "clear")) {
		do_clear(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "mode")) {
		enum poison_mode m;

		if (argc != 2 || !mode_parse(argv[1], &m)) {
			err(reply, len, "usage: mode mce|ghes-nmi|ghes-poll");
			return;
		}
		firmware_set_einj_mode(m);
		record("mode", "\"einj\":\"%s\"", mode_name(m));
		snprintf(reply, len, "ok einj plants %s poison", mode_name(m));
	} else if (!strcmp(argv[0], "event")) {
		do_event(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "cper")) {
		do_cper(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "list")) {
		do_list(reply, len);
	} else if (!strcmp(argv[0], "control")) {
		do_control(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "page")) {
		do_page(argc, argv, reply, len);
	} else if (!strcmp(argv[0], "note")) {
		char text[256];

		note_text(argc, argv, text, sizeof(text));
		record("note", "\"text\":\"%s\"", text);
		snprintf(reply, len, "ok");
	} else {
		err(reply, len, "unknown request '%s' (crashkernel, plant, clear, mode, event, cper, list, "
		    "control, page, note)", argv[0]);
	}
}
