/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* Counters, rates, trial statistics and latency histograms. */

#include <stdlib.h>
#include <string.h>

#include "lo_perf.h"

void
lo_perf_counters_delta(const struct lo_perf_counters *after,
	const struct lo_perf_counters *before, struct lo_perf_counters *out)
{
	out->rx_pkts = after->rx_pkts - before->rx_pkts;
	out->rx_bytes = after->rx_bytes - before->rx_bytes;
	out->tx_pkts = after->tx_pkts - before->tx_pkts;
	out->tx_bytes = after->tx_bytes - before->tx_bytes;
	out->drops = after->drops - before->drops;
}

void
lo_perf_counters_add(struct lo_perf_counters *dst, const struct lo_perf_counters *src)
{
	dst->rx_pkts += src->rx_pkts;
	dst->rx_bytes += src->rx_bytes;
	dst->tx_pkts += src->tx_pkts;
	dst->tx_bytes += src->tx_bytes;
	dst->drops += src->drops;
}

int
lo_perf_rate(uint64_t pkts, uint64_t bytes, uint64_t cycles, uint64_t hz, unsigned int lcores,
	struct lo_perf_rate *out)
{
	double secs;

	memset(out, 0, sizeof(*out));
	if (cycles == 0 || hz == 0)
		return -1;
	secs = (double)cycles / (double)hz;
	out->mpps = (double)pkts / secs / 1e6;
	out->gbps = (double)bytes * 8 / secs / 1e9;
	out->gbps_l1 = ((double)bytes + (double)pkts * LO_PERF_L1_OVERHEAD) * 8 / secs / 1e9;
	out->cyc_per_pkt = pkts == 0 ? 0.0 : (double)cycles * lcores / (double)pkts;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
lo_perf_stat_of(const double *v, unsigned int n, struct lo_perf_stat *out)
{
	double *s;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	s = malloc(n * sizeof(*s));
	if (s == NULL)
		return;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
}

double
lo_perf_paired_ratio(const double *ref, const double *v, unsigned int n)
{
	struct lo_perf_stat st;
	double *r;
	unsigned int i, k = 0;

	r = malloc((n ? n : 1) * sizeof(*r));
	if (r == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (ref[i] > 0)
			r[k++] = v[i] / ref[i];
	lo_perf_stat_of(r, k, &st);
	free(r);
	return st.median;
}

void
lo_perf_hist_init(struct lo_perf_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int
lo_perf_hist_index(uint64_t v)
{
	unsigned int e;

	if (v < LO_PERF_HIST_LINEAR)
		return (unsigned int)v;
	e = 63 - __builtin_clzll(v);	/* 6..63 */
	return LO_PERF_HIST_LINEAR + (e - 6) * LO_PERF_HIST_SUB +
		(unsigned int)((v >> (e - 5)) & (LO_PERF_HIST_SUB - 1));
}

uint64_t
lo_perf_hist_bucket_low(unsigned int i)
{
	unsigned int e, sub;

	if (i < LO_PERF_HIST_LINEAR)
		return i;
	e = (i - LO_PERF_HIST_LINEAR) / LO_PERF_HIST_SUB + 6;
	sub = (i - LO_PERF_HIST_LINEAR) % LO_PERF_HIST_SUB;
	return ((uint64_t)(LO_PERF_HIST_SUB + sub)) << (e - 5);
}

void
lo_perf_hist_merge(struct lo_perf_hist *dst, const struct lo_perf_hist *src)
{
	unsigned int i;

	if (src->count == 0)
		return;
	for (i = 0; i < LO_PERF_HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t
lo_perf_hist_percentile(const struct lo_perf_hist *h, double p)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (h->count == 0)
		return 0;
	if (p <= 0)
		return h->min;
	if (p >= 100)
		return h->max;
	/* the smallest value with at least p% of the samples at or below it */
	rank = (uint64_t)((p / 100.0) * (double)h->count + 0.999999);
	if (rank == 0)
		rank = 1;
	for (i = 0; i < LO_PERF_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	v = i + 1 < LO_PERF_HIST_BUCKETS ? lo_perf_hist_bucket_low(i + 1) - 1 : UINT64_MAX;
	if (v > h->max)
		v = h->max;
	if (v < h->min)
		v = h->min;
	return v;
}
