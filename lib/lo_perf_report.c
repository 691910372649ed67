/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Results and every way they are written: the summary line, the table,
 * JSON and CSV, from one place; the JSON reader for baselines; the gate.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

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
json_string(FILE *f, const char *s)
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
json_stat(FILE *f, const char *name, const struct lo_perf_stat *s)
{
	fprintf(f, "\"%s\": {\"median\": %.6f, \"min\": %.6f, \"max\": %.6f, \"n\": %u}", name,
		s->median, s->min, s->max, s->n);
}

int
lo_perf_write_json(FILE *f, const struct lo_perf_report *r)
{
	unsigned int i;

	fprintf(f, "{\n  \"tool\": \"lo-perf\",\n  \"format\": 1,\n  \"dpdk\": ");
	json_string(f, r->dpdk_version);
	fprintf(f, ",\n  \"cpu\": ");
	json_string(f, r->cpu_model);
	fprintf(f, ",\n  \"timestamp\": ");
	json_string(f, r->timestamp);
	fprintf(f, ",\n  \"results\": [");
	for (i = 0; i < r->n; i++) {
		const struct lo_perf_result *x = &r->results[i];

		fprintf(f, "%s\n    {\"engine\": ", i ? "," : "");
		json_string(f, x->engine);
		fprintf(f, ", \"port\": ");
		json_string(f, x->port);
		fprintf(f, ", \"pkt_size\": %u, \"burst\": %u, \"queues\": %u, \"lcores\": %u,\n     ",
			x->pkt_size, x->burst, x->queues, x->lcores);
		json_stat(f, "mpps", &x->mpps);
		fprintf(f, ",\n     ");
		json_stat(f, "gbps", &x->gbps);
		fprintf(f, ",\n     ");
		json_stat(f, "gbps_l1", &x->gbps_l1);
		fprintf(f, ",\n     ");
		json_stat(f, "cyc_per_pkt", &x->cyc_per_pkt);
		fprintf(f, ",\n     \"rx_pkts\": %" PRIu64 ", \"tx_pkts\": %" PRIu64 ", \"drops\": %" PRIu64,
			x->rx_pkts, x->tx_pkts, x->drops);
		if (x->latency)
			fprintf(f, ",\n     \"latency_ns\": {\"min\": %.1f, \"p50\": %.1f, \"p99\": %.1f, \"p999\": %.1f, \"max\": %.1f}",
				x->lat_min_ns, x->lat_p50_ns, x->lat_p99_ns, x->lat_p999_ns,
				x->lat_max_ns);
		fprintf(f, ",\n     \"mismatch\": ");
		json_string(f, x->mismatch);
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
		"lat_min_ns,lat_p50_ns,lat_p99_ns,lat_p999_ns,lat_max_ns,mismatch,dpdk,cpu,timestamp\n");
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
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/*
 * A small JSON reader, enough for what lo_perf_write_json() writes (and any
 * valid JSON of that shape): objects, arrays, strings, numbers, literals.
 */
struct jr {
	const char *p;
	char *err;
	size_t errlen;
};

static void
jr_ws(struct jr *j)
{
	while (isspace((unsigned char)*j->p))
		j->p++;
}

static int
jr_fail(struct jr *j, const char *what)
{
	if (j->err[0] == '\0')
		snprintf(j->err, j->errlen, "JSON: %s near '%.20s'", what, j->p);
	return -1;
}

static int
jr_string(struct jr *j, char *out, size_t outlen)
{
	size_t n = 0;

	jr_ws(j);
	if (*j->p != '"')
		return jr_fail(j, "expected a string");
	j->p++;
	while (*j->p != '"') {
		char c = *j->p;

		if (c == '\0')
			return jr_fail(j, "unterminated string");
		if (c == '\\') {
			j->p++;
			c = *j->p;
			if (c == 'u') {
				unsigned int u;

				if (sscanf(j->p + 1, "%4x", &u) != 1)
					return jr_fail(j, "bad \\u escape");
				c = u < 0x80 ? (char)u : '?';
				j->p += 4;
			} else if (c == 'n') {
				c = '\n';
			} else if (c == 't') {
				c = '\t';
			} else if (c == 'r') {
				c = '\r';
			} else if (c == 'b' || c == 'f') {
				c = ' ';
			} else if (c == '\0') {
				return jr_fail(j, "unterminated string");
			}
		}
		if (out != NULL && n + 1 < outlen)
			out[n++] = c;
		j->p++;
	}
	j->p++;
	if (out != NULL && outlen > 0)
		out[n] = '\0';
	return 0;
}

static int
jr_number(struct jr *j, double *out)
{
	char *end;

	jr_ws(j);
	errno = 0;
	*out = strtod(j->p, &end);
	if (end == j->p || errno != 0)
		return jr_fail(j, "expected a number");
	j->p = end;
	return 0;
}

static int jr_skip(struct jr *j);

/* Call fn for each element of an array; fn reads the element. */
typedef int (*jr_element_t)(struct jr *j, void *arg);

static int
jr_array(struct jr *j, jr_element_t fn, void *arg)
{
	jr_ws(j);
	if (*j->p != '[')
		return jr_fail(j, "expected an array");
	j->p++;
	jr_ws(j);
	if (*j->p == ']') {
		j->p++;
		return 0;
	}
	for (;;) {
		if (fn(j, arg) != 0)
			return -1;
		jr_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == ']') {
			j->p++;
			return 0;
		}
		return jr_fail(j, "expected ',' or ']'");
	}
}

static int
jr_skip_element(struct jr *j, void *arg __attribute__((unused)))
{
	return jr_skip(j);
}

/* Call fn(key) for each member of an object; fn reads the value. */
typedef int (*jr_member_t)(struct jr *j, const char *key, void *arg);

static int
jr_object(struct jr *j, jr_member_t fn, void *arg)
{
	char key[64];

	jr_ws(j);
	if (*j->p != '{')
		return jr_fail(j, "expected an object");
	j->p++;
	jr_ws(j);
	if (*j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		if (jr_string(j, key, sizeof(key)) != 0)
			return -1;
		jr_ws(j);
		if (*j->p != ':')
			return jr_fail(j, "expected ':'");
		j->p++;
		if ((fn != NULL ? fn(j, key, arg) : jr_skip(j)) != 0)
			return -1;
		jr_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == '}') {
			j->p++;
			return 0;
		}
		return jr_fail(j, "expected ',' or '}'");
	}
}

static int
jr_skip(struct jr *j)
{
	double d;

	jr_ws(j);
	switch (*j->p) {
	case '{':
		return jr_object(j, NULL, NULL);
	case '[':
		return jr_array(j, jr_skip_element, NULL);
	case '"':
		return jr_string(j, NULL, 0);
	case 't':
	case 'f':
	case 'n': {
		static const char *const lit[] = { "true", "false", "null" };
		unsigned int i;

		for (i = 0; i < 3; i++)
			if (strncmp(j->p, lit[i], strlen(lit[i])) == 0) {
				j->p += strlen(lit[i]);
				return 0;
			}
		return jr_fail(j, "bad literal");
	}
	default:
		return jr_number(j, &d);
	}
}

static int
jr_stat_member(struct jr *j, const char *key, void *arg)
{
	struct lo_perf_stat *s = arg;
	double v;

	if (strcmp(key, "median") && strcmp(key, "min") && strcmp(key, "max") && strcmp(key, "n"))
		return jr_skip(j);
	if (jr_number(j, &v) != 0)
		return -1;
	if (strcmp(key, "median") == 0)
		s->median = v;
	else if (strcmp(key, "min") == 0)
		s->min = v;
	else if (strcmp(key, "max") == 0)
		s->max = v;
	else
		s->n = (unsigned int)v;
	return 0;
}

static int
jr_latency_member(struct jr *j, const char *key, void *arg)
{
	struct lo_perf_result *x = arg;
	double v;

	if (jr_number(j, &v) != 0)
		return -1;
	x->latency = true;
	if (strcmp(key, "min") == 0)
		x->lat_min_ns = v;
	else if (strcmp(key, "p50") == 0)
		x->lat_p50_ns = v;
	else if (strcmp(key, "p99") == 0)
		x->lat_p99_ns = v;
	else if (strcmp(key, "p999") == 0)
		x->lat_p999_ns = v;
	else if (strcmp(key, "max") == 0)
		x->lat_max_ns = v;
	return 0;
}

static int
jr_result_member(struct jr *j, const char *key, void *arg)
{
	struct lo_perf_result *x = arg;
	struct {
		const char *key;
		struct lo_perf_stat *stat;
	} stats[] = {
		{ "mpps", &x->mpps }, { "gbps", &x->gbps }, { "gbps_l1", &x->gbps_l1 },
		{ "cyc_per_pkt", &x->cyc_per_pkt },
	};
	unsigned int i;
	double v;

	if (strcmp(key, "engine") == 0)
		return jr_string(j, x->engine, sizeof(x->engine));
	if (strcmp(key, "port") == 0)
		return jr_string(j, x->port, sizeof(x->port));
	if (strcmp(key, "mismatch") == 0)
		return jr_string(j, x->mismatch, sizeof(x->mismatch));
	if (strcmp(key, "latency_ns") == 0)
		return jr_object(j, jr_latency_member, x);
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		if (strcmp(key, stats[i].key) == 0)
			return jr_object(j, jr_stat_member, stats[i].stat);
	jr_ws(j);
	if (*j->p != '-' && !isdigit((unsigned char)*j->p))
		return jr_skip(j);
	if (jr_number(j, &v) != 0)
		return -1;
	if (strcmp(key, "pkt_size") == 0)
		x->pkt_size = (uint32_t)v;
	else if (strcmp(key, "burst") == 0)
		x->burst = (uint16_t)v;
	else if (strcmp(key, "queues") == 0)
		x->queues = (uint16_t)v;
	else if (strcmp(key, "lcores") == 0)
		x->lcores = (uint16_t)v;
	else if (strcmp(key, "rx_pkts") == 0)
		x->rx_pkts = (uint64_t)v;
	else if (strcmp(key, "tx_pkts") == 0)
		x->tx_pkts = (uint64_t)v;
	else if (strcmp(key, "drops") == 0)
		x->drops = (uint64_t)v;
	return 0;
}

static int
jr_result(struct jr *j, void *arg)
{
	struct lo_perf_report *r = arg;
	struct lo_perf_result x;

	memset(&x, 0, sizeof(x));
	if (jr_object(j, jr_result_member, &x) != 0)
		return -1;
	if (x.engine[0] == '\0' || x.port[0] == '\0')
		return jr_fail(j, "a result lacks engine or port");
	if (lo_perf_report_add(r, &x) == NULL)
		return jr_fail(j, "out of memory");
	return 0;
}

static int
jr_report_member(struct jr *j, const char *key, void *arg)
{
	struct lo_perf_report *r = arg;

	if (strcmp(key, "dpdk") == 0)
		return jr_string(j, r->dpdk_version, sizeof(r->dpdk_version));
	if (strcmp(key, "cpu") == 0)
		return jr_string(j, r->cpu_model, sizeof(r->cpu_model));
	if (strcmp(key, "timestamp") == 0)
		return jr_string(j, r->timestamp, sizeof(r->timestamp));
	if (strcmp(key, "results") == 0)
		return jr_array(j, jr_result, r);
	return jr_skip(j);
}

int
lo_perf_read_json(const char *path, struct lo_perf_report *r, char *err, size_t errlen)
{
	struct jr j = { .err = err, .errlen = errlen };
	FILE *f = fopen(path, "r");
	char *buf;
	long len;
	int ret;

	err[0] = '\0';
	lo_perf_report_init(r);
	if (f == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
			(buf = malloc(len + 1)) == NULL) {
		snprintf(err, errlen, "cannot read %s", path);
		fclose(f);
		return -1;
	}
	if (fread(buf, 1, len, f) != (size_t)len) {
		snprintf(err, errlen, "cannot read %s", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[len] = '\0';
	j.p = buf;
	ret = jr_object(&j, jr_report_member, r);
	if (ret == 0) {
		jr_ws(&j);
		if (*j.p != '\0')
			ret = jr_fail(&j, "trailing data");
	}
	if (ret == 0 && r->n == 0)
		snprintf(err, errlen, "%s holds no results", path), ret = -1;
	if (ret != 0) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s: %s", path, err);
		snprintf(err, errlen, "%s", msg);
		lo_perf_report_free(r);
	}
	free(buf);
	return ret;
}

enum lo_perf_verdict
lo_perf_verdict_of(double current, double baseline, double tolerance_pct)
{
	if (baseline <= 0)
		return LO_PERF_NO_BASELINE;
	return current < baseline * (1.0 - tolerance_pct / 100.0) ? LO_PERF_REGRESSED : LO_PERF_OK;
}

unsigned int
lo_perf_compare(const struct lo_perf_report *current, const struct lo_perf_report *baseline,
	double tolerance_pct, FILE *f)
{
	unsigned int i, regressed = 0;

	for (i = 0; i < current->n; i++) {
		const struct lo_perf_result *x = &current->results[i];
		const struct lo_perf_result *b = lo_perf_report_find(baseline, x);
		double base = b != NULL ? b->mpps.median : 0;
		enum lo_perf_verdict v = lo_perf_verdict_of(x->mpps.median, base, tolerance_pct);

		if (v == LO_PERF_REGRESSED)
			regressed++;
		if (f == NULL)
			continue;
		if (v == LO_PERF_NO_BASELINE)
			fprintf(f, "lo-perf: baseline: engine=%s port=%s pkt=%u burst=%u queues=%u: no baseline, not judged\n",
				x->engine, x->port, x->pkt_size, x->burst, x->queues);
		else
			fprintf(f, "lo-perf: baseline: engine=%s port=%s pkt=%u burst=%u queues=%u: %.3f vs %.3f Mpps, ratio %.3f, %s (tolerance %.1f%%)\n",
				x->engine, x->port, x->pkt_size, x->burst, x->queues, x->mpps.median,
				base, x->mpps.median / base,
				v == LO_PERF_REGRESSED ? "REGRESSED" : "ok", tolerance_pct);
	}
	return regressed;
}
