/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Results and every way they are written: the summary line, the table,
 * JSON and CSV, from one place; the JSON reader for baselines; the gate.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lo_perf.h"

void
lo_perf_report_init(struct lo_perf_report *r)
{
	memset(r, 0, sizeof(*r));
}

void
lo_perf_report_free(struct lo_perf_report *r)
{
	free(r->results);
	lo_perf_report_init(r);
}

struct lo_perf_result *
lo_perf_report_add(struct lo_perf_report *r, const struct lo_perf_result *res)
{
	if (r->n == r->cap) {
		unsigned int cap = r->cap ? r->cap * 2 : 8;
		struct lo_perf_result *p = realloc(r->results, cap * sizeof(*p));

		if (p == NULL)
			return NULL;
		r->results = p;
		r->cap = cap;
	}
	r->results[r->n] = *res;
	return &r->results[r->n++];
}

static bool
same_scenario(const struct lo_perf_result *a, const struct lo_perf_result *b)
{
	/* peer and pages: a baseline written before they were recorded matches any */
	if (a->peer[0] != '\0' && b->peer[0] != '\0' && strcmp(a->peer, b->peer) != 0)
		return false;
	if (a->pages[0] != '\0' && b->pages[0] != '\0' && strcmp(a->pages, b->pages) != 0)
		return false;
	return strcmp(a->engine, b->engine) == 0 && strcmp(a->port, b->port) == 0 &&
		a->pkt_size == b->pkt_size && a->burst == b->burst && a->queues == b->queues;
}

const struct lo_perf_result *
lo_perf_report_find(const struct lo_perf_report *r, const struct lo_perf_result *key)
{
	unsigned int i;

	for (i = 0; i < r->n; i++)
		if (same_scenario(&r->results[i], key))
			return &r->results[i];
	return NULL;
}

void
lo_perf_write_summary(FILE *f, const struct lo_perf_result *res)
{
	fprintf(f, "lo-perf: engine=%s port=%s pkt=%u burst=%u queues=%u Mpps=%.3f Gbps=%.3f Gbps_L1=%.3f cyc/pkt=%.2f",
		res->engine, res->port, res->pkt_size, res->burst, res->queues, res->mpps.median,
		res->gbps.median, res->gbps_l1.median, res->cyc_per_pkt.median);
	if (res->latency)
		fprintf(f, " lat_p50_ns=%.0f lat_p99_ns=%.0f", res->lat_p50_ns, res->lat_p99_ns);
	fprintf(f, "%s\n", res->mismatch[0] ? " COUNT-MISMATCH" : "");
}

void
lo_perf_write_table(FILE *f, const struct lo_perf_report *r)
{
	unsigned int i;
	bool lat = false;

	for (i = 0; i < r->n; i++)
		lat |= r->results[i].latency;
	fprintf(f, "%-8s %-24s %6s %5s %3s %9s %9s %9s %8s %9s %7s",
		"engine", "port", "pkt", "burst", "q", "Mpps", "min", "max", "Gbps(L2)",
		"Gbps(L1)", "cyc/pkt");
	if (lat)
		fprintf(f, " %8s %8s %8s %8s %8s", "lat-min", "p50", "p99", "p99.9", "max(ns)");
	fprintf(f, "\n");
	for (i = 0; i < r->n; i++) {
		const struct lo_perf_result *x = &r->results[i];

		fprintf(f, "%-8s %-24s %6u %5u %3u %9.3f %9.3f %9.3f %8.3f %9.3f %7.2f", x->engine,
			x->port, x->pkt_size, x->burst, x->queues, x->mpps.median, x->mpps.min,
			x->mpps.max, x->gbps.median, x->gbps_l1.median, x->cyc_per_pkt.median);
		if (x->latency)
			fprintf(f, " %8.0f %8.0f %8.0f %8.0f %8.0f", x->lat_min_ns, x->lat_p50_ns,
				x->lat_p99_ns, x->lat_p999_ns, x->lat_max_ns);
		fprintf(f, "\n");
		if (x->mismatch[0])
			fprintf(f, "  ! %s\n", x->mismatch);
	}
}

static void
json_put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
json_put_stat(FILE *f, const char *name, const struct lo_perf_stat *s)
{
	fprintf(f, "\"%s\": {\"median\": %.6f, \"min\": %.6f, \"max\": %.6f, \"n\": %u}", name,
		s->median, s->min, s->max, s->n);
}

int
lo_perf_write_json(FILE *f, const struct lo_perf_report *r)
{
	unsigned int i;

	fprintf(f, "{\n  \"tool\": \"lo-perf\",\n  \"format\": 1,\n  \"dpdk\": ");
	json_put_string(f, r->dpdk_version);
	fprintf(f, ",\n  \"cpu\": ");
	json_put_string(f, r->cpu_model);
	fprintf(f, ",\n  \"timestamp\": ");
	json_put_string(f, r->timestamp);
	fprintf(f, ",\n  \"results\": [");
	for (i = 0; i < r->n; i++) {
		const struct lo_perf_result *x = &r->results[i];

		fprintf(f, "%s\n    {\"engine\": ", i ? "," : "");
		json_put_string(f, x->engine);
		fprintf(f, ", \"port\": ");
		json_put_string(f, x->port);
		if (x->peer[0] != '\0') {
			fprintf(f, ", \"peer\": ");
			json_put_string(f, x->peer);
		}
		if (x->pages[0] != '\0') {
			fprintf(f, ", \"pages\": ");
			json_put_string(f, x->pages);
		}
		fprintf(f, ", \"pkt_size\": %u, \"burst\": %u, \"queues\": %u, \"lcores\": %u,\n     ",
			x->pkt_size, x->burst, x->queues, x->lcores);
		json_put_stat(f, "mpps", &x->mpps);
		fprintf(f, ",\n     ");
		json_put_stat(f, "gbps", &x->gbps);
		fprintf(f, ",\n     ");
		json_put_stat(f, "gbps_l1", &x->gbps_l1);
		fprintf(f, ",\n     ");
		json_put_stat(f, "cyc_per_pkt", &x->cyc_per_pkt);
		fprintf(f, ",\n     \"rx_pkts\": %" PRIu64 ", \"tx_pkts\": %" PRIu64 ", \"drops\": %" PRIu64,
			x->rx_pkts, x->tx_pkts, x->drops);
		if (x->latency)
			fprintf(f, ",\n     \"latency_ns\": {\"min\": %.1f, \"p50\": %.1f, \"p99\": %.1f, \"p999\": %.1f, \"max\": %.1f}",
				x->lat_min_ns, x->lat_p50_ns, x->lat_p99_ns, x->lat_p999_ns,
				x->lat_max_ns);
		if (x->ratio > 0) {
			fprintf(f, ",\n     \"ratio\": {\"to\": ");
			json_put_string(f, x->ratio_to);
			fprintf(f, ", \"paired_median\": %.6f}", x->ratio);
		}
		fprintf(f, ",\n     \"mismatch\": ");
		json_put_string(f, x->mismatch);
		fprintf(f, "}");
	}
	fprintf(f, "\n  ]\n}\n");
	return ferror(f) ? -1 : 0;
}

static void
csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int
lo_perf_write_csv(FILE *f, const struct lo_perf_report *r)
{
	unsigned int i;

	fprintf(f, "engine,port,pkt_size,burst,queues,lcores,trials,mpps_median,mpps_min,mpps_max,"
		"gbps_median,gbps_l1_median,cyc_per_pkt_median,rx_pkts,tx_pkts,drops,"
		"lat_min_ns,lat_p50_ns,lat_p99_ns,lat_p999_ns,lat_max_ns,mismatch,dpdk,cpu,timestamp,"
		"ratio_to,ratio,pages,peer\n");
	for (i = 0; i < r->n; i++) {
		const struct lo_perf_result *x = &r->results[i];

		csv_field(f, x->engine);
		fputc(',', f);
		csv_field(f, x->port);
		fprintf(f, ",%u,%u,%u,%u,%u,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%" PRIu64 ",%" PRIu64 ",%" PRIu64,
			x->pkt_size, x->burst, x->queues, x->lcores, x->mpps.n, x->mpps.median,
			x->mpps.min, x->mpps.max, x->gbps.median, x->gbps_l1.median,
			x->cyc_per_pkt.median, x->rx_pkts, x->tx_pkts, x->drops);
		if (x->latency)
			fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.1f,", x->lat_min_ns, x->lat_p50_ns,
				x->lat_p99_ns, x->lat_p999_ns, x->lat_max_ns);
		else
			fprintf(f, ",,,,,,");
		csv_field(f, x->mismatch);
		fputc(',', f);
		csv_field(f, r->dpdk_version);
		fputc(',', f);
		csv_field(f, r->cpu_model);
		fputc(',', f);
		csv_field(f, r->timestamp);
		fputc(',', f);
		csv_field(f, x->ratio_to);
		if (x->ratio > 0)
			fprintf(f, ",%.6f", x->ratio);
		else
			fputc(',', f);
		fputc(',', f);
		csv_field(f, x->pages);
		fputc(',', f);
		csv_field(f, x->peer);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/*
 * Reading a --json file back (the baseline), with jansson: it rejects what
 * is not JSON (inf, short \u escapes, nesting past its depth limit) with a
 * line and column. Here each field is checked for its type and range.
 */
struct jrd {
	const char *path;
	char *err;
	size_t errlen;
};

static int
jrd_fail(struct jrd *d, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(d->err, d->errlen, "%s: %s", d->path, msg);
	return -1;
}

/* An optional string member into out; too long or not a string is an error. */
static int
jrd_string(struct jrd *d, const json_t *obj, const char *key, char *out, size_t outlen)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return jrd_fail(d, "\"%s\" is not a string", key);
	if (json_string_length(v) >= outlen)
		return jrd_fail(d, "\"%s\" is longer than %zu bytes", key, outlen - 1);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

/* An optional whole-number member in 0..max. */
static int
jrd_uint(struct jrd *d, const json_t *obj, const char *key, uint64_t max, uint64_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			(uint64_t)json_integer_value(v) > max)
		return jrd_fail(d, "\"%s\" is not a whole number in 0-%" PRIu64, key, max);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* An optional number member (JSON numbers are finite). */
static int
jrd_number(struct jrd *d, const json_t *obj, const char *key, double *out)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return jrd_fail(d, "\"%s\" is not a number", key);
	*out = json_number_value(v);
	return 0;
}

static int
jrd_stat(struct jrd *d, const json_t *res, const char *key, struct lo_perf_stat *s)
{
	const json_t *o = json_object_get(res, key);
	uint64_t n = 0;

	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return jrd_fail(d, "\"%s\" is not an object", key);
	if (jrd_number(d, o, "median", &s->median) != 0 || jrd_number(d, o, "min", &s->min) != 0 ||
			jrd_number(d, o, "max", &s->max) != 0 ||
			jrd_uint(d, o, "n", UINT32_MAX, &n) != 0)
		return -1;
	s->n = (unsigned int)n;
	return 0;
}

static int
jrd_result(struct jrd *d, const json_t *res, struct lo_perf_result *x)
{
	const json_t *lat = json_object_get(res, "latency_ns");
	uint64_t pkt = 0, burst = 0, queues = 0, lcores = 0;

	if (!json_is_object(res))
		return jrd_fail(d, "a result is not an object");
	if (jrd_string(d, res, "engine", x->engine, sizeof(x->engine)) != 0 ||
			jrd_string(d, res, "port", x->port, sizeof(x->port)) != 0 ||
			jrd_string(d, res, "peer", x->peer, sizeof(x->peer)) != 0 ||
			jrd_string(d, res, "pages", x->pages, sizeof(x->pages)) != 0 ||
			jrd_string(d, res, "mismatch", x->mismatch, sizeof(x->mismatch)) != 0)
		return -1;
	if (x->engine[0] == '\0' || x->port[0] == '\0')
		return jrd_fail(d, "a result lacks engine or port");
	/* what a scenario is matched on, and the figure judged, must be there */
	if (json_object_get(res, "pkt_size") == NULL || json_object_get(res, "burst") == NULL ||
			json_object_get(res, "queues") == NULL)
		return jrd_fail(d, "result %s/%s lacks pkt_size, burst or queues", x->engine,
			x->port);
	if (jrd_uint(d, res, "pkt_size", UINT32_MAX, &pkt) != 0 ||
			jrd_uint(d, res, "burst", UINT16_MAX, &burst) != 0 ||
			jrd_uint(d, res, "queues", UINT16_MAX, &queues) != 0 ||
			jrd_uint(d, res, "lcores", UINT16_MAX, &lcores) != 0 ||
			jrd_uint(d, res, "rx_pkts", UINT64_MAX, &x->rx_pkts) != 0 ||
			jrd_uint(d, res, "tx_pkts", UINT64_MAX, &x->tx_pkts) != 0 ||
			jrd_uint(d, res, "drops", UINT64_MAX, &x->drops) != 0)
		return -1;
	x->pkt_size = (uint32_t)pkt;
	x->burst = (uint16_t)burst;
	x->queues = (uint16_t)queues;
	x->lcores = (uint16_t)lcores;
	if (jrd_stat(d, res, "mpps", &x->mpps) != 0 || jrd_stat(d, res, "gbps", &x->gbps) != 0 ||
			jrd_stat(d, res, "gbps_l1", &x->gbps_l1) != 0 ||
			jrd_stat(d, res, "cyc_per_pkt", &x->cyc_per_pkt) != 0)
		return -1;
	if (!(x->mpps.median > 0))
		return jrd_fail(d, "result %s/%s pkt %u has no positive mpps median", x->engine,
			x->port, x->pkt_size);
	/* 10^7 Mpps is 10 Tpps: no port comes near; above it a file is not a measurement */
	/* min and max may be absent (0, a file written by hand), never out of order */
	if (!(x->mpps.median <= 1e7) || !(x->mpps.min >= 0 && x->mpps.min <= x->mpps.median) ||
			!(x->mpps.max == 0 || (x->mpps.median <= x->mpps.max && x->mpps.max <= 1e7)))
		return jrd_fail(d, "result %s/%s pkt %u: mpps min %g, median %g, max %g: wanted "
			"0 <= min <= median <= max <= 1e7 (min and max may be left out)", x->engine, x->port,
			x->pkt_size, x->mpps.min, x->mpps.median, x->mpps.max);
	if (lat != NULL) {
		if (!json_is_object(lat))
			return jrd_fail(d, "\"latency_ns\" is not an object");
		x->latency = true;
		if (jrd_number(d, lat, "min", &x->lat_min_ns) != 0 ||
				jrd_number(d, lat, "p50", &x->lat_p50_ns) != 0 ||
				jrd_number(d, lat, "p99", &x->lat_p99_ns) != 0 ||
				jrd_number(d, lat, "p999", &x->lat_p999_ns) != 0 ||
				jrd_number(d, lat, "max", &x->lat_max_ns) != 0)
			return -1;
	}
	return 0;
}

int
lo_perf_read_json(const char *path, struct lo_perf_report *r, char *err, size_t errlen)
{
	struct jrd d = { .path = path, .err = err, .errlen = errlen };
	const json_t *results, *res;
	json_error_t jerr;
	json_t *root;
	size_t i;
	int ret = -1;

	err[0] = '\0';
	lo_perf_report_init(r);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.line < 1)
			return jrd_fail(&d, "%s", jerr.text);
		return jrd_fail(&d, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
	}
	if (!json_is_object(root)) {
		jrd_fail(&d, "not a JSON object");
		goto out;
	}
	if (!json_is_string(json_object_get(root, "tool")) ||
			strcmp(json_string_value(json_object_get(root, "tool")), "lo-perf") != 0 ||
			json_integer_value(json_object_get(root, "format")) != 1) {
		jrd_fail(&d, "not a lo-perf --json file of format 1 (\"tool\", \"format\")");
		goto out;
	}
	if (jrd_string(&d, root, "dpdk", r->dpdk_version, sizeof(r->dpdk_version)) != 0 ||
			jrd_string(&d, root, "cpu", r->cpu_model, sizeof(r->cpu_model)) != 0 ||
			jrd_string(&d, root, "timestamp", r->timestamp, sizeof(r->timestamp)) != 0)
		goto out;
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		jrd_fail(&d, "no \"results\" array");
		goto out;
	}
	if (json_array_size(results) == 0) {
		jrd_fail(&d, "holds no results");
		goto out;
	}
	json_array_foreach(results, i, res) {
		struct lo_perf_result x;

		memset(&x, 0, sizeof(x));
		if (jrd_result(&d, res, &x) != 0)
			goto out;
		if (lo_perf_report_find(r, &x) != NULL) {
			jrd_fail(&d, "result %s/%s pkt %u burst %u queues %u is there twice",
				x.engine, x.port, x.pkt_size, x.burst, x.queues);
			goto out;
		}
		if (lo_perf_report_add(r, &x) == NULL) {
			jrd_fail(&d, "out of memory");
			goto out;
		}
	}
	ret = 0;
out:
	if (ret != 0)
		lo_perf_report_free(r);
	json_decref(root);
	return ret;
}

enum lo_perf_verdict
lo_perf_verdict_of(double current, double baseline, double tolerance_pct)
{
	if (baseline <= 0)
		return LO_PERF_NO_BASELINE;
	return current < baseline * (1.0 - tolerance_pct / 100.0) ? LO_PERF_REGRESSED : LO_PERF_OK;
}

enum lo_perf_verdict
lo_perf_judge(const struct lo_perf_result *cur, const struct lo_perf_result *base,
	double tolerance_pct, double *cur_fig, double *base_fig)
{
	/*
	 * Best trials where both have them, from as many trials: the best of 7
	 * sits above the best of 3 by chance alone. Else medians (a baseline
	 * written by hand, or with another --trials).
	 */
	const bool best = cur->mpps.max > 0 && base != NULL && base->mpps.max > 0 &&
		cur->mpps.n == base->mpps.n;

	*cur_fig = best ? cur->mpps.max : cur->mpps.median;
	*base_fig = base == NULL ? 0 : best ? base->mpps.max : base->mpps.median;
	return lo_perf_verdict_of(*cur_fig, *base_fig, tolerance_pct);
}

unsigned int
lo_perf_compare(const struct lo_perf_report *current, const struct lo_perf_report *baseline,
	double tolerance_pct, FILE *f)
{
	unsigned int i, regressed = 0;

	for (i = 0; i < current->n; i++) {
		const struct lo_perf_result *x = &current->results[i];
		const struct lo_perf_result *b = lo_perf_report_find(baseline, x);
		double cur, base;
		enum lo_perf_verdict v = lo_perf_judge(x, b, tolerance_pct, &cur, &base);

		if (v == LO_PERF_REGRESSED)
			regressed++;
		if (f == NULL)
			continue;
		if (v == LO_PERF_NO_BASELINE)
			fprintf(f, "lo-perf: baseline: engine=%s port=%s pkt=%u burst=%u queues=%u: no baseline, not judged\n",
				x->engine, x->port, x->pkt_size, x->burst, x->queues);
		else
			fprintf(f, "lo-perf: baseline: engine=%s port=%s pkt=%u burst=%u queues=%u: %s %.3f vs %.3f Mpps, ratio %.3f, %s (tolerance %.1f%%)\n",
				x->engine, x->port, x->pkt_size, x->burst, x->queues,
				x->mpps.max > 0 && b->mpps.max > 0 && x->mpps.n == b->mpps.n ?
					"best trial" : "median",
				cur, base, cur / base,
				v == LO_PERF_REGRESSED ? "REGRESSED" : "ok", tolerance_pct);
	}
	return regressed;
}
