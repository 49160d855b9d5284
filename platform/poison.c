// SPDX-License-Identifier: GPL-2.0
/*
 * The set of poisoned guest-physical ranges. vCPU memory callbacks test
 * every load against it, so the common answer ("this page holds no
 * poison") comes from one bit of a page bitmap read without a lock; only
 * loads from a page that holds poison look at the ranges, under a mutex.
 * Writers (the firmware thread) hold the mutex.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ras.h"

#define MAX_POISON	4096
#define PAGE_SHIFT	12

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct poison set[MAX_POISON];
static size_t nset;
static uint64_t *page_bits;
static uint64_t npages;

int poison_init(uint64_t ram_size)
{
	npages = ram_size >> PAGE_SHIFT;
	page_bits = calloc((npages + 63) / 64, sizeof(*page_bits));
	return page_bits ? 0 : -ENOMEM;
}

/* Recompute the page bits of [addr, addr + len) from the ranges. */
static void refresh_pages(uint64_t addr, uint64_t len)
{
	for (uint64_t pg = addr >> PAGE_SHIFT; pg <= (addr + len - 1) >> PAGE_SHIFT; pg++) {
		bool any = false;

		for (size_t i = 0; i < nset && !any; i++)
			any = set[i].addr >> PAGE_SHIFT <= pg &&
			      (set[i].addr + set[i].len - 1) >> PAGE_SHIFT >= pg;
		if (any)
			__atomic_or_fetch(&page_bits[pg / 64], 1ULL << (pg % 64),
					  __ATOMIC_RELEASE);
		else
			__atomic_and_fetch(&page_bits[pg / 64], ~(1ULL << (pg % 64)),
					   __ATOMIC_RELEASE);
	}
}

int poison_plant(const struct poison *p, char *err, size_t errlen)
{
	size_t i;

	if (p->len < LINE_SIZE || (p->len & (p->len - 1)) || (p->addr & (p->len - 1))) {
		snprintf(err, errlen, "granule %#" PRIx64 " at %#" PRIx64
			 " must be a power of two of at least 64 bytes, aligned",
			 p->len, p->addr);
		return -EINVAL;
	}
	if (p->addr >= npages << PAGE_SHIFT ||
	    p->len > (npages << PAGE_SHIFT) - p->addr) {
		snprintf(err, errlen, "%#" PRIx64 "+%#" PRIx64 " is not guest RAM",
			 p->addr, p->len);
		return -ERANGE;
	}
	pthread_mutex_lock(&lock);
	for (i = 0; i < nset; i++)
		if (set[i].addr == p->addr && set[i].len == p->len)
			break;
	if (i == nset) {
		if (nset == MAX_POISON) {
			pthread_mutex_unlock(&lock);
			snprintf(err, errlen, "already %d poisoned ranges; clear some first",
				 MAX_POISON);
			return -ENOSPC;
		}
		nset++;
	}
	set[i] = *p;
	refresh_pages(p->addr, p->len);
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Clear every range that contains addr; true if there was one. */
bool poison_clear(uint64_t addr)
{
	bool found = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nset;) {
		if (addr >= set[i].addr && addr - set[i].addr < set[i].len) {
			struct poison gone = set[i];

			set[i] = set[--nset];
			refresh_pages(gone.addr, gone.len);
			found = true;
		} else {
			i++;
		}
	}
	pthread_mutex_unlock(&lock);
	return found;
}

void poison_clear_all(void)
{
	pthread_mutex_lock(&lock);
	nset = 0;
	memset(page_bits, 0, (npages + 63) / 64 * sizeof(*page_bits));
	pthread_mutex_unlock(&lock);
}

/* Does the load [gpa, gpa + size) touch poison? If so, which range. */
bool poison_hit(uint64_t gpa, unsigned int size, struct poison *out)
{
	uint64_t first = gpa >> PAGE_SHIFT, last = (gpa + size - 1) >> PAGE_SHIFT;
	bool hit = false;

	if (last >= npages)
		return false;
	if (!(__atomic_load_n(&page_bits[first / 64], __ATOMIC_ACQUIRE) & (1ULL << (first % 64))) &&
	    !(__atomic_load_n(&page_bits[last / 64], __ATOMIC_ACQUIRE) & (1ULL << (last % 64))))
		return false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nset && !hit; i++) {
		if (gpa < set[i].addr + set[i].len && set[i].addr < gpa + size) {
			*out = set[i];
			hit = true;
		}
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

size_t poison_list(struct poison *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = nset < max ? nset : max;
	memcpy(out, set, n * sizeof(*out));
	pthread_mutex_unlock(&lock);
	return n;
}

size_t poison_count(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = nset;
	pthread_mutex_unlock(&lock);
	return n;
}
