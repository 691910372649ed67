/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* Unit tests of liblo_perf: no EAL. */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lo_perf.h"
#include "lo_test.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) <= 1e-9 * (fabs((double)(b)) + 1))
#define LO_ASSERT_NEAR(a, b) LO_ASSERT(NEAR(a, b), "%s = %.12g, expected %.12g", #a, \
	(double)(a), (double)(b))

static int
test_clock(void)
{
	LO_ASSERT_NEAR(lo_perf_cycles_to_ns(2300, 2300000000ULL), 1000.0);
	LO_ASSERT_EQ(lo_perf_ns_to_cycles(1000.0, 2300000000ULL), 2300);
	LO_ASSERT_NEAR(lo_perf_cycles_to_ns(5, 0), 0.0);
	return 0;
}

static int
test_counters(void)
{
	struct lo_perf_counters a = { 10, 1000, 12, 1200, 1 }, b = { 25, 2500, 30, 3000, 4 }, d;

	lo_perf_counters_delta(&b, &a, &d);
	LO_ASSERT_EQ(d.rx_pkts, 15);
	LO_ASSERT_EQ(d.rx_bytes, 1500);
	LO_ASSERT_EQ(d.tx_pkts, 18);
	LO_ASSERT_EQ(d.tx_bytes, 1800);
	LO_ASSERT_EQ(d.drops, 3);
	lo_perf_counters_add(&d, &a);
	LO_ASSERT_EQ(d.rx_pkts, 25);
	LO_ASSERT_EQ(d.drops, 4);
	return 0;
}

static int
test_rates(void)
{
	struct lo_perf_rate r;

	/* 10 M packets of 64 bytes in 1 s at 2 GHz, on 1 lcore */
	LO_ASSERT_EQ(lo_perf_rate(10000000, 640000000, 2000000000ULL, 2000000000ULL, 1, &r), 0);
	LO_ASSERT_NEAR(r.mpps, 10.0);
	LO_ASSERT_NEAR(r.gbps, 5.12);
	LO_ASSERT_NEAR(r.gbps_l1, 7.04);	/* (64 + 4 CRC + 20 wire) * 8 * 10M */
	LO_ASSERT_NEAR(r.cyc_per_pkt, 200.0);
	/* two lcores spend twice the cycles per packet */
	LO_ASSERT_EQ(lo_perf_rate(10000000, 640000000, 1000000000ULL, 2000000000ULL, 2, &r), 0);
	LO_ASSERT_NEAR(r.mpps, 20.0);
	LO_ASSERT_NEAR(r.cyc_per_pkt, 200.0);
	LO_ASSERT_EQ(lo_perf_rate(1, 1, 0, 1, 1, &r), -1);
	LO_ASSERT_NEAR(r.mpps, 0.0);
	LO_ASSERT_EQ(lo_perf_rate(0, 0, 100, 100, 1, &r), 0);
	LO_ASSERT_NEAR(r.cyc_per_pkt, 0.0);
	return 0;
}

static int
test_stat(void)
{
	const double odd[] = { 5, 1, 4, 2, 3 }, even[] = { 10, 40, 20, 30 };
	struct lo_perf_stat s;

	lo_perf_stat_of(odd, 5, &s);
	LO_ASSERT_NEAR(s.median, 3);
	LO_ASSERT_NEAR(s.min, 1);
	LO_ASSERT_NEAR(s.max, 5);
	LO_ASSERT_EQ(s.n, 5);
	LO_ASSERT_NEAR(odd[0], 5);	/* input untouched */
	lo_perf_stat_of(even, 4, &s);
	LO_ASSERT_NEAR(s.median, 25);
	lo_perf_stat_of(even, 0, &s);
	LO_ASSERT_EQ(s.n, 0);
	LO_ASSERT_NEAR(s.median, 0);
	return 0;
}

static int
test_paired_ratio(void)
{
	const double ref[] = { 100, 200, 0, 400 }, v[] = { 90, 200, 50, 200 };

	/* pairs 0.9, 1.0, 0.5 (ref 0 left out): median 0.9 */
	LO_ASSERT_NEAR(lo_perf_paired_ratio(ref, v, 4), 0.9);
	/* two pairs: the mean of the middle two */
	LO_ASSERT_NEAR(lo_perf_paired_ratio(ref, v, 2), 0.95);
	LO_ASSERT_NEAR(lo_perf_paired_ratio(ref + 2, v + 2, 1), 0);
	LO_ASSERT_NEAR(lo_perf_paired_ratio(ref, v, 0), 0);
	return 0;
}

static int
test_hist_buckets(void)
{
	uint64_t v;
	unsigned int i, prev = 0;

	for (v = 0; v < 64; v++)
		LO_ASSERT_EQ(lo_perf_hist_index(v), v);
	/* every bucket's low edge maps back to it, and indexes grow with v */
	for (i = 0; i < LO_PERF_HIST_BUCKETS; i++)
		LO_ASSERT_EQ(lo_perf_hist_index(lo_perf_hist_bucket_low(i)), i);
	for (v = 1; v < (1ULL << 40); v = v * 3 / 2 + 1) {
		unsigned int idx = lo_perf_hist_index(v);
		uint64_t low = lo_perf_hist_bucket_low(idx);

		LO_ASSERT(idx >= prev, "index fell at %llu", (unsigned long long)v);
		LO_ASSERT(low <= v, "low edge above value");
		/* relative bucket width under 1/32 */
		LO_ASSERT((double)(v - low) <= (double)v / 32.0 + 1e-9, "bucket too wide at %llu",
			(unsigned long long)v);
		prev = idx;
	}
	LO_ASSERT_EQ(lo_perf_hist_index(UINT64_MAX), LO_PERF_HIST_BUCKETS - 1);
	return 0;
}

static int
test_percentiles(void)
{
	struct lo_perf_hist h, h2;
	uint64_t v, p;

	lo_perf_hist_init(&h);
	LO_ASSERT_EQ(lo_perf_hist_percentile(&h, 50), 0);
	/* 1..1000: exact percentiles are 500, 990, 999 */
	for (v = 1; v <= 1000; v++)
		lo_perf_hist_add(&h, v);
	LO_ASSERT_EQ(h.count, 1000);
	LO_ASSERT_EQ(h.min, 1);
	LO_ASSERT_EQ(h.max, 1000);
	LO_ASSERT_EQ(lo_perf_hist_percentile(&h, 0), 1);
	LO_ASSERT_EQ(lo_perf_hist_percentile(&h, 100), 1000);
	p = lo_perf_hist_percentile(&h, 50);
	LO_ASSERT(p >= 500 && p <= 500 + 500 / 32 + 1, "p50 = %llu", (unsigned long long)p);
	p = lo_perf_hist_percentile(&h, 99);
	LO_ASSERT(p >= 990 && p <= 1000, "p99 = %llu", (unsigned long long)p);
	p = lo_perf_hist_percentile(&h, 99.9);
	LO_ASSERT(p >= 999 && p <= 1000, "p99.9 = %llu", (unsigned long long)p);
	/* small values are exact */
	lo_perf_hist_init(&h2);
	for (v = 0; v < 10; v++)
		lo_perf_hist_add(&h2, 7);
	lo_perf_hist_add(&h2, 40);
	LO_ASSERT_EQ(lo_perf_hist_percentile(&h2, 50), 7);
	LO_ASSERT_EQ(lo_perf_hist_percentile(&h2, 99), 40);
	/* merging adds counts and widens min/max */
	lo_perf_hist_merge(&h, &h2);
	LO_ASSERT_EQ(h.count, 1011);
	LO_ASSERT_EQ(h.min, 1);
	LO_ASSERT_EQ(h.sum, 500500 + 70 + 40);
	return 0;
}

static void
sample_result(struct lo_perf_result *x, const char *engine, const char *port, uint32_t pkt,
	double mpps)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->engine, sizeof(x->engine), "%s", engine);
	snprintf(x->port, sizeof(x->port), "%s", port);
	x->pkt_size = pkt;
	x->burst = 32;
	x->queues = 1;
	x->lcores = 1;
	x->mpps = (struct lo_perf_stat){ mpps, mpps * 0.9, mpps * 1.1, 3 };
	x->gbps = (struct lo_perf_stat){ mpps * pkt * 8 / 1000, 1, 2, 3 };
	x->cyc_per_pkt = (struct lo_perf_stat){ 12.5, 12, 13, 3 };
	x->rx_pkts = 123456789012ULL;
	x->tx_pkts = 123456789044ULL;
}

static int
test_json_roundtrip(void)
{
	char path[] = "lo_perf_json_XXXXXX", err[256];
	struct lo_perf_report r, back;
	struct lo_perf_result x;
	const struct lo_perf_result *y;
	FILE *f;
	int fd;

	lo_perf_report_init(&r);
	snprintf(r.dpdk_version, sizeof(r.dpdk_version), "22.11.11");
	snprintf(r.cpu_model, sizeof(r.cpu_model), "Some \"quoted\" CPU\\model");
	snprintf(r.timestamp, sizeof(r.timestamp), "2026-11-24T00:00:00Z");
	sample_result(&x, "io", "net_lo0,byte_stats=off", 64, 321.125);
	x.latency = true;
	x.lat_min_ns = 100;
	x.lat_p50_ns = 150;
	x.lat_p99_ns = 900.5;
	x.lat_p999_ns = 1500;
	x.lat_max_ns = 20000;
	LO_ASSERT(lo_perf_report_add(&r, &x) != NULL, "add");
	sample_result(&x, "macswap", "net_ring0", 1500, 12.5);
	snprintf(x.mismatch, sizeof(x.mismatch), "rx 5 != port 6");
	snprintf(x.peer, sizeof(x.peer), "net_ring0_peer");
	snprintf(x.pages, sizeof(x.pages), "4k");
	LO_ASSERT(lo_perf_report_add(&r, &x) != NULL, "add");

	fd = mkstemp(path);
	LO_ASSERT(fd >= 0, "mkstemp");
	f = fdopen(fd, "w");
	LO_ASSERT_EQ(lo_perf_write_json(f, &r), 0);
	fclose(f);
	LO_ASSERT(lo_perf_read_json(path, &back, err, sizeof(err)) == 0, "%s", err);
	unlink(path);

	LO_ASSERT_EQ(back.n, 2);
	LO_ASSERT(strcmp(back.cpu_model, r.cpu_model) == 0, "cpu %s", back.cpu_model);
	LO_ASSERT(strcmp(back.dpdk_version, "22.11.11") == 0, "dpdk");
	y = lo_perf_report_find(&back, &r.results[0]);
	LO_ASSERT(y != NULL, "io scenario missing");
	LO_ASSERT_NEAR(y->mpps.median, 321.125);
	LO_ASSERT_NEAR(y->mpps.min, 321.125 * 0.9);
	LO_ASSERT_EQ(y->mpps.n, 3);
	LO_ASSERT_EQ(y->rx_pkts, 123456789012ULL);
	LO_ASSERT_EQ(y->pkt_size, 64);
	LO_ASSERT(y->latency, "latency lost");
	LO_ASSERT_NEAR(y->lat_p99_ns, 900.5);
	/* peer and pages: kept, and part of the scenario where both name them */
	y = lo_perf_report_find(&back, &r.results[1]);
	LO_ASSERT(y != NULL && strcmp(y->peer, "net_ring0_peer") == 0 &&
		strcmp(y->pages, "4k") == 0, "peer/pages lost");
	x = r.results[1];
	snprintf(x.pages, sizeof(x.pages), "huge");
	LO_ASSERT(lo_perf_report_find(&back, &x) == NULL, "4k matched huge");
	x.pages[0] = '\0';
	snprintf(x.peer, sizeof(x.peer), "net_lo9");
	LO_ASSERT(lo_perf_report_find(&back, &x) == NULL, "another peer matched");
	x.peer[0] = '\0';
	LO_ASSERT(lo_perf_report_find(&back, &x) != NULL, "an unnamed peer and pages match any");
	y = lo_perf_report_find(&back, &r.results[1]);
	LO_ASSERT(y != NULL, "macswap scenario missing");
	LO_ASSERT(!y->latency, "latency invented");
	LO_ASSERT(strcmp(y->mismatch, "rx 5 != port 6") == 0, "mismatch %s", y->mismatch);
	lo_perf_report_free(&back);
	lo_perf_report_free(&r);
	return 0;
}

static int
test_json_errors(void)
{
	static const char *const bad[] = {
		"", "{", "[]", "{\"results\": 5}", "{\"results\": [{\"engine\": \"io\"}]}",
		"{\"results\": []}", "{\"results\": [{\"engine\": \"io\", \"port\": \"p\"}]} x",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"mpps\": {\"median\": nope}}]}",
		/* found by fuzzing the hand-written reader: overread, casts */
		"{\"dpdk\": \"\\u12", "{\"dpdk\": \"\\u12\"}",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"pkt_size\": 1e300}]}",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"burst\": 70000}]}",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"queues\": -1}]}",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"mpps\": {\"median\": inf}}]}",
		"{\"results\": [{\"engine\": \"io\", \"engine\": \"x\", \"port\": \"p\"}]}",
		"{\"results\": [{\"engine\": 5, \"port\": \"p\"}]}",
		"{\"results\": [{\"engine\": \"io\", \"port\": \"p\", \"mpps\": 5}]}",
		"{\"results\": [{\"engine\": \"an engine name far too long\", \"port\": \"p\"}]}",
		/* found by trying it as a stranger: nonsense that parsed */
#define HDR "{\"tool\": \"lo-perf\", \"format\": 1, \"results\": [" \
	"{\"engine\": \"io\", \"port\": \"p\", \"pkt_size\": 64, \"burst\": 32, \"queues\": 1, "
		HDR "\"mpps\": {\"median\": 5, \"min\": 4, \"max\": 1e308, \"n\": 3}}]}",
		HDR "\"mpps\": {\"median\": 5, \"min\": 4, \"max\": -5, \"n\": 3}}]}",
		HDR "\"mpps\": {\"median\": 5, \"min\": 4, \"max\": 3, \"n\": 3}}]}",
		HDR "\"mpps\": {\"median\": 5, \"min\": 6, \"max\": 7, \"n\": 3}}]}",
		HDR "\"mpps\": {\"median\": 2e7}}]}",
		HDR "\"mpps\": {\"median\": 5}}, "
			"{\"engine\": \"io\", \"port\": \"p\", \"pkt_size\": 64, \"burst\": 32, "
			"\"queues\": 1, \"mpps\": {\"median\": 6}}]}",
#undef HDR
	};
	char path[] = "lo_perf_bad_XXXXXX", err[256];
	struct lo_perf_report r;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");

		fputs(bad[i], f);
		fclose(f);
		LO_ASSERT(lo_perf_read_json(path, &r, err, sizeof(err)) == -1, "'%s' accepted", bad[i]);
		LO_ASSERT(strstr(err, path) != NULL, "error '%s' does not name the file", err);
		unlink(path);
		strcpy(path, "lo_perf_bad_XXXXXX");
	}
	/* a million '[': refused, not a stack overflow */
	{
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");

		for (i = 0; i < 1000000; i++)
			fputc('[', f);
		fclose(f);
		LO_ASSERT(lo_perf_read_json(path, &r, err, sizeof(err)) == -1, "deep nesting accepted");
		LO_ASSERT(strstr(err, path) != NULL, "error '%s' does not name the file", err);
		unlink(path);
	}
	LO_ASSERT(lo_perf_read_json("/nonexistent/x.json", &r, err, sizeof(err)) == -1, "opened");
	LO_ASSERT(strstr(err, "/nonexistent/x.json") != NULL, "error '%s'", err);
	return 0;
}

static int
test_baseline_verdicts(void)
{
	struct lo_perf_report cur, base;
	struct lo_perf_result x;
	char buf[4096] = "";
	double c, b;
	FILE *f;

	LO_ASSERT_EQ(lo_perf_verdict_of(95, 100, 5), LO_PERF_OK);
	LO_ASSERT_EQ(lo_perf_verdict_of(94.9, 100, 5), LO_PERF_REGRESSED);
	LO_ASSERT_EQ(lo_perf_verdict_of(150, 100, 0), LO_PERF_OK);
	LO_ASSERT_EQ(lo_perf_verdict_of(10, 0, 5), LO_PERF_NO_BASELINE);

	lo_perf_report_init(&cur);
	lo_perf_report_init(&base);
	sample_result(&x, "io", "net_lo0", 64, 100);
	lo_perf_report_add(&base, &x);
	sample_result(&x, "io", "net_lo0", 1500, 50);
	lo_perf_report_add(&base, &x);

	sample_result(&x, "io", "net_lo0", 64, 80);	/* 0.8: regressed at 10% */
	lo_perf_report_add(&cur, &x);
	sample_result(&x, "io", "net_lo0", 1500, 49);	/* 0.98: fine */
	lo_perf_report_add(&cur, &x);
	sample_result(&x, "txonly", "net_lo0", 64, 10);	/* not in the baseline */
	lo_perf_report_add(&cur, &x);

	f = fmemopen(buf, sizeof(buf), "w");
	LO_ASSERT_EQ(lo_perf_compare(&cur, &base, 10, f), 1);
	fclose(f);
	LO_ASSERT(strstr(buf, "pkt=64 burst=32 queues=1: best trial 88.000 vs 110.000 Mpps, ratio 0.800, REGRESSED") != NULL,
		"%s", buf);
	LO_ASSERT(strstr(buf, "ratio 0.980, ok") != NULL, "%s", buf);
	LO_ASSERT(strstr(buf, "engine=txonly port=net_lo0 pkt=64 burst=32 queues=1: no baseline") != NULL,
		"%s", buf);
	LO_ASSERT_EQ(lo_perf_compare(&cur, &base, 25, NULL), 0);
	/* the best trials are judged: a low median with a best trial in range is fine */
	cur.results[0].mpps.max = 106;
	LO_ASSERT_EQ(lo_perf_compare(&cur, &base, 5, NULL), 0);
	LO_ASSERT_EQ(lo_perf_judge(&cur.results[0], &base.results[0], 5, &c, &b), LO_PERF_OK);
	LO_ASSERT_NEAR(c, 106);
	LO_ASSERT_NEAR(b, 110);
	/* a baseline without a max (written by hand): medians on both sides */
	base.results[0].mpps.max = 0;
	LO_ASSERT_EQ(lo_perf_judge(&cur.results[0], &base.results[0], 5, &c, &b),
		LO_PERF_REGRESSED);
	LO_ASSERT_NEAR(c, 80);
	LO_ASSERT_NEAR(b, 100);
	f = fmemopen(buf, sizeof(buf), "w");
	lo_perf_compare(&cur, &base, 5, f);
	fclose(f);
	LO_ASSERT(strstr(buf, "queues=1: median 80.000 vs 100.000 Mpps, ratio 0.800, REGRESSED") != NULL,
		"%s", buf);
	LO_ASSERT_EQ(lo_perf_judge(&cur.results[0], NULL, 5, &c, &b), LO_PERF_NO_BASELINE);
	/* best trials of different trial counts are not comparable: medians */
	base.results[0].mpps.max = 110;
	base.results[0].mpps.n = 7;
	LO_ASSERT_EQ(lo_perf_judge(&cur.results[0], &base.results[0], 5, &c, &b),
		LO_PERF_REGRESSED);
	LO_ASSERT_NEAR(c, 80);
	LO_ASSERT_NEAR(b, 100);
	base.results[0].mpps.n = 3;
	LO_ASSERT_EQ(lo_perf_judge(&cur.results[0], &base.results[0], 5, &c, &b), LO_PERF_OK);
	LO_ASSERT_NEAR(b, 110);
	lo_perf_report_free(&cur);
	lo_perf_report_free(&base);
	return 0;
}

static int
test_summary_and_csv(void)
{
	struct lo_perf_report r;
	struct lo_perf_result x;
	char buf[4096] = "";
	FILE *f;

	sample_result(&x, "io", "net_lo0", 64, 321.125);
	x.gbps = (struct lo_perf_stat){ 164.416, 0, 0, 3 };
	x.gbps_l1 = (struct lo_perf_stat){ 215.796, 0, 0, 3 };
	f = fmemopen(buf, sizeof(buf), "w");
	lo_perf_write_summary(f, &x);
	fclose(f);
	LO_ASSERT(strcmp(buf, "lo-perf: engine=io port=net_lo0 pkt=64 burst=32 queues=1 Mpps=321.125 Gbps=164.416 Gbps_L1=215.796 cyc/pkt=12.50\n") == 0,
		"summary '%s'", buf);

	lo_perf_report_init(&r);
	snprintf(x.port, sizeof(x.port), "net_lo0,byte_stats=off");
	lo_perf_report_add(&r, &x);
	f = fmemopen(buf, sizeof(buf), "w");
	LO_ASSERT_EQ(lo_perf_write_csv(f, &r), 0);
	fclose(f);
	LO_ASSERT(strncmp(buf, "engine,port,pkt_size,", 21) == 0, "csv header");
	LO_ASSERT(strstr(buf, "\n\"io\",\"net_lo0,byte_stats=off\",64,32,1,1,3,321.125000,") != NULL,
		"csv row: %s", buf);
	lo_perf_report_free(&r);
	return 0;
}

static const struct lo_test_case cases[] = {
	{ "clock conversions", test_clock },
	{ "counter deltas", test_counters },
	{ "rates: Mpps, Gbps L2/L1, cycles per packet", test_rates },
	{ "trial median/min/max", test_stat },
	{ "paired ratios: median, zero references left out", test_paired_ratio },
	{ "histogram buckets", test_hist_buckets },
	{ "histogram percentiles and merge", test_percentiles },
	{ "JSON round-trip", test_json_roundtrip },
	{ "JSON errors name the file", test_json_errors },
	{ "baseline verdicts", test_baseline_verdicts },
	{ "summary line and CSV", test_summary_and_csv },
};

int
main(void)
{
	return lo_test_run(cases, sizeof(cases) / sizeof(cases[0]), NULL, NULL);
}
