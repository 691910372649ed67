/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_PERF_H
#define LO_PERF_H

/*
 * liblo_perf: the measurement arithmetic of lo-perf, apart from any engine.
 * Clock conversion, counter deltas, rates, trial statistics, latency
 * histograms and percentiles, report writers (table, summary line, JSON,
 * CSV) and the baseline comparison. Nothing here needs EAL.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What Gbps "L1" adds to each packet's bytes: the 4-byte CRC, which packet
 * bytes (mbuf pkt_len, the L2 figure) exclude, and the 20 bytes around each
 * frame on the wire: 7 preamble, 1 start delimiter, 12 inter-frame gap.
 */
#define LO_PERF_L1_OVERHEAD	(4 + 20)

/* --- clock --------------------------------------------------------------- */

static inline double
lo_perf_cycles_to_ns(uint64_t cycles, uint64_t hz)
{
	return hz == 0 ? 0.0 : (double)cycles * 1e9 / (double)hz;
}

static inline uint64_t
lo_perf_ns_to_cycles(double ns, uint64_t hz)
{
	return (uint64_t)(ns * (double)hz / 1e9 + 0.5);
}

/* --- counters ------------------------------------------------------------ */

struct lo_perf_counters {
	uint64_t rx_pkts;
	uint64_t rx_bytes;
	uint64_t tx_pkts;
	uint64_t tx_bytes;
	uint64_t drops;		/* packets the engine freed unsent */
};

/* out = after - before, field by field. */
void lo_perf_counters_delta(const struct lo_perf_counters *after,
	const struct lo_perf_counters *before, struct lo_perf_counters *out);
/* dst += src, field by field. */
void lo_perf_counters_add(struct lo_perf_counters *dst, const struct lo_perf_counters *src);

/* --- rates --------------------------------------------------------------- */

struct lo_perf_rate {
	double mpps;
	double gbps;		/* L2: frame bytes as counted (no CRC) */
	double gbps_l1;		/* with LO_PERF_L1_OVERHEAD bytes per packet */
	double cyc_per_pkt;	/* lcore cycles per packet: cycles * lcores / packets */
};

/*
 * Rate of pkts packets of bytes bytes over cycles TSC cycles at hz, on
 * lcores lcores. Returns -1 (and zeroes out) if cycles or hz is 0.
 */
int lo_perf_rate(uint64_t pkts, uint64_t bytes, uint64_t cycles, uint64_t hz,
	unsigned int lcores, struct lo_perf_rate *out);

/* --- trial statistics ------------------------------------------------------ */

struct lo_perf_stat {
	double median;	/* of an even count: the mean of the middle two */
	double min;
	double max;
	unsigned int n;
};

/* Summarize n values (n may be 0: all fields 0). v is not modified. */
void lo_perf_stat_of(const double *v, unsigned int n, struct lo_perf_stat *out);

/*
 * Median of the paired ratios v[i] / ref[i] (trial i of a port over trial i
 * of the reference, measured back to back); pairs whose ref is not above 0
 * are left out. 0 when no pair is left.
 */
double lo_perf_paired_ratio(const double *ref, const double *v, unsigned int n);

/* --- latency histogram ------------------------------------------------------- */

/*
 * Log-linear buckets: exact below 64, then 32 sub-buckets per power of two
 * (relative error under 3.2%). Values are TSC cycles.
 */
#define LO_PERF_HIST_SUB	32
#define LO_PERF_HIST_LINEAR	64
#define LO_PERF_HIST_BUCKETS	(LO_PERF_HIST_LINEAR + (64 - 6) * LO_PERF_HIST_SUB)

struct lo_perf_hist {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	uint64_t sum;
	uint64_t bucket[LO_PERF_HIST_BUCKETS];
};

void lo_perf_hist_init(struct lo_perf_hist *h);
unsigned int lo_perf_hist_index(uint64_t v);
/* Smallest value that lands in bucket i. */
uint64_t lo_perf_hist_bucket_low(unsigned int i);

static inline void
lo_perf_hist_add(struct lo_perf_hist *h, uint64_t v)
{
	h->bucket[lo_perf_hist_index(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void lo_perf_hist_merge(struct lo_perf_hist *dst, const struct lo_perf_hist *src);
/*
 * The value at percentile p (0-100): the upper edge of the bucket holding
 * the rank, clamped to [min, max]. 0 for an empty histogram.
 */
uint64_t lo_perf_hist_percentile(const struct lo_perf_hist *h, double p);

/* --- results and reports ----------------------------------------------------- */

/* a port as named on the command line, devargs included */
#define LO_PERF_NAME_LEN 256

/* One scenario on one port, over its trials. */
struct lo_perf_result {
	char engine[16];
	char port[LO_PERF_NAME_LEN];
	char peer[LO_PERF_NAME_LEN];	/* fwd's second port, or "" */
	char pages[8];			/* "4k" or "huge" (EAL's memory), or "" unknown */
	uint32_t pkt_size;
	uint16_t burst;
	uint16_t queues;
	uint16_t lcores;
	struct lo_perf_stat mpps;
	struct lo_perf_stat gbps;
	struct lo_perf_stat gbps_l1;
	struct lo_perf_stat cyc_per_pkt;
	uint64_t rx_pkts;	/* over the whole run, warm-up included */
	uint64_t tx_pkts;
	uint64_t drops;
	bool latency;		/* the fields below are set */
	double lat_min_ns;
	double lat_p50_ns;
	double lat_p99_ns;
	double lat_p999_ns;
	double lat_max_ns;
	char mismatch[320];	/* "" or why the result failed: counts that differ, nothing measured */
	double ratio;		/* --compare: median paired ratio to ratio_to; 0: none */
	char ratio_to[LO_PERF_NAME_LEN];
};

struct lo_perf_report {
	char dpdk_version[64];
	char cpu_model[128];
	char timestamp[32];
	unsigned int n;
	unsigned int cap;
	struct lo_perf_result *results;
};

void lo_perf_report_init(struct lo_perf_report *r);
void lo_perf_report_free(struct lo_perf_report *r);
/* Append a copy of res; returns the stored result or NULL (out of memory). */
struct lo_perf_result *lo_perf_report_add(struct lo_perf_report *r, const struct lo_perf_result *res);
/*
 * The result of the same scenario (engine, port, pkt, burst, queues; peer
 * and pages too where both results name them), or NULL.
 */
const struct lo_perf_result *lo_perf_report_find(const struct lo_perf_report *r,
	const struct lo_perf_result *key);

/* "lo-perf: engine=io port=net_lo0 pkt=64 burst=32 Mpps=... Gbps=... cyc/pkt=..." */
void lo_perf_write_summary(FILE *f, const struct lo_perf_result *res);
/* Aligned table of every result. */
void lo_perf_write_table(FILE *f, const struct lo_perf_report *r);
int lo_perf_write_json(FILE *f, const struct lo_perf_report *r);
int lo_perf_write_csv(FILE *f, const struct lo_perf_report *r);

/* Read a report written by lo_perf_write_json(); -1 with a message in err. */
int lo_perf_read_json(const char *path, struct lo_perf_report *r, char *err, size_t errlen);

/* --- baseline gate --------------------------------------------------------------- */

enum lo_perf_verdict {
	LO_PERF_OK,		/* within tolerance, or faster */
	LO_PERF_REGRESSED,	/* Mpps below baseline by more than the tolerance */
	LO_PERF_NO_BASELINE,	/* scenario absent from the baseline */
};

/*
 * The gate's verdict on one scenario: its best trial's Mpps against the
 * baseline's best trial, when both ran as many trials and have a max;
 * medians otherwise. Interference on a shared machine only ever slows a
 * trial down, so the best trial is the figure least moved by it. Sets the
 * two figures compared.
 */
enum lo_perf_verdict lo_perf_judge(const struct lo_perf_result *cur,
	const struct lo_perf_result *base, double tolerance_pct, double *cur_fig,
	double *base_fig);
/*
 * lo_perf_judge() on each result against the same scenario in baseline.
 * Writes one line per scenario to f (if not NULL) and returns the number
 * of regressed scenarios.
 */
unsigned int lo_perf_compare(const struct lo_perf_report *current,
	const struct lo_perf_report *baseline, double tolerance_pct, FILE *f);
enum lo_perf_verdict lo_perf_verdict_of(double current, double baseline, double tolerance_pct);

#ifdef __cplusplus
}
#endif

#endif /* LO_PERF_H */
