/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A judged run as the result file DIR/results/BASE/ARM/NAME.json, written
 * atomically: what compare, sweep, the tests and the README read.
 */
#ifndef HARNESS_RESULT_H
#define HARNESS_RESULT_H

#include "judge.h"

struct run_times {
	double verify, total;		/* seconds: judging, the whole run */
};

int result_write(const char *path, const char *base, const char *arm, const struct scenario *s,
		 const struct expect *e, const struct outcome *o, const struct run_times *t);

/* The capture kernel's consumption, in words ("" if none). */
void capture_detail(const struct outcome *o, char *buf, size_t len);

#endif
