/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Output: results from runs, the table and summary lines (liblo_perf's
 * writers), JSON/CSV files, the plot, and the baseline gate's verdict.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkostemp, pipe2 */
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_version.h>

#include "lo_perf_main.h"

void
fill_report_header(struct lo_perf_report *rep)
{
	char line[256];
	time_t now = time(NULL);
	FILE *f;

	snprintf(rep->dpdk_version, sizeof(rep->dpdk_version), "%s", rte_version());
	snprintf(rep->cpu_model, sizeof(rep->cpu_model), "unknown");
	f = fopen("/proc/cpuinfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			char *c = strchr(line, ':');

			if (strncmp(line, "model name", 10) == 0 && c != NULL) {
				c += 2;
				c[strcspn(c, "\n")] = '\0';
				snprintf(rep->cpu_model, sizeof(rep->cpu_model), "%s", c);
				break;
			}
		}
		fclose(f);
	}
	strftime(rep->timestamp, sizeof(rep->timestamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
}

static int
write_file(const char *path, int (*fn)(FILE *, const struct lo_perf_report *),
	const struct lo_perf_report *rep)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (f == NULL) {
		fprintf(stderr, "lo-perf: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = fn(f, rep);
	if (fclose(f) != 0)
		ret = -1;
	if (ret != 0)
		fprintf(stderr, "lo-perf: writing %s failed\n", path);
	return ret;
}

/* s as a gnuplot single-quoted string: a quote inside is doubled. */
static void
gnuplot_quoted(FILE *g, const char *s)
{
	fputc('\'', g);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputc('\'', g);
		if (*s != '\n' && *s != '\r')
			fputc(*s, g);
	}
	fputc('\'', g);
}

/*
 * Mpps against packet size, one line per port, as a PNG. The file is opened
 * here and given to gnuplot as its standard output, and the data travel in
 * the program as data blocks: no file name enters the gnuplot program, and
 * the only user strings in it (port names, as titles) are quoted.
 */
static int
plot(const char *png, const struct lo_perf_report *rep)
{
	int out, pipefd[2], status, ret;
	char part[PATH_MAX];
	unsigned int p, i;
	pid_t pid;
	FILE *g;

	/* written beside png and renamed over it only when gnuplot succeeded */
	snprintf(part, sizeof(part), "%s.XXXXXX", png);
	out = mkostemp(part, O_CLOEXEC);
	if (out < 0) {
		fprintf(stderr, "lo-perf: cannot write %s: %s\n", png, strerror(errno));
		return -1;
	}
	fchmod(out, 0644);
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		close(out);
		unlink(part);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[0], STDIN_FILENO);
		dup2(out, STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		close(out);
		execlp("gnuplot", "gnuplot", (char *)NULL);
		_exit(127);
	}
	close(pipefd[0]);
	close(out);
	if (pid < 0 || (g = fdopen(pipefd[1], "w")) == NULL) {
		close(pipefd[1]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		unlink(part);
		return -1;
	}
	for (p = 0; p < cfg.nb_ports; p++) {
		fprintf(g, "$port%u << EOD\n", p);
		for (i = 0; i < rep->n; i++)
			if (strcmp(rep->results[i].port, cfg.ports[p]) == 0)
				fprintf(g, "%u %.6f\n", rep->results[i].pkt_size,
					rep->results[i].mpps.median);
		fprintf(g, "EOD\n");
	}
	fprintf(g, "set terminal pngcairo size 900,540 noenhanced\n");
	fprintf(g, "set title 'lo-perf %s, burst %u, %u queue(s)'\n", cfg.engine->name, cfg.burst,
		cfg.queues);
	fprintf(g, "set xlabel 'packet size (bytes)'\nset ylabel 'Mpps (median)'\nset grid\n"
		"set key outside right\nset yrange [0:*]\n");
	fprintf(g, "plot ");
	for (p = 0; p < cfg.nb_ports; p++) {
		fprintf(g, "%s$port%u with linespoints lw 2 title ", p ? ", " : "", p);
		gnuplot_quoted(g, cfg.ports[p]);
	}
	fprintf(g, "\n");
	ret = fclose(g);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
			ret != 0 || rename(part, png) != 0) {
		unlink(part);
		fprintf(stderr, "lo-perf: gnuplot failed to write %s\n", png);
		return -1;
	}
	return 0;
}

static void
print_ratios(const double (*paired)[MAX_PORTS])
{
	unsigned int s, p;

	if (cfg.nb_ports < 2)
		return;
	printf("\nratios to %s (median of per-trial paired ratios, interleaved runs):\n",
		cfg.ports[0]);
	for (s = 0; s < cfg.nb_sizes; s++)
		for (p = 1; p < cfg.nb_ports; p++)
			printf("lo-perf: compare engine=%s pkt=%u %s/%s=%.3f\n", cfg.engine->name,
				cfg.sizes[s], cfg.ports[p], cfg.ports[0], paired[s][p]);
}

void
result_of(const struct run *r, const char *port, struct lo_perf_result *x)
{
	memset(x, 0, sizeof(*x));
	snprintf(x->engine, sizeof(x->engine), "%s", cfg.engine->name);
	snprintf(x->port, sizeof(x->port), "%s", port);
	if (r->peer != NULL)
		snprintf(x->peer, sizeof(x->peer), "%s", r->peer->name);
	snprintf(x->pages, sizeof(x->pages), "%s", rte_eal_has_hugepages() ? "huge" : "4k");
	x->pkt_size = r->pkt_size;
	x->burst = (uint16_t)cfg.burst;
	x->queues = (uint16_t)cfg.queues;
	x->lcores = (uint16_t)r->nb_workers;
	lo_perf_stat_of(r->mpps, r->done, &x->mpps);
	lo_perf_stat_of(r->gbps, r->done, &x->gbps);
	lo_perf_stat_of(r->gbps_l1, r->done, &x->gbps_l1);
	lo_perf_stat_of(r->cyc, r->done, &x->cyc_per_pkt);
	x->rx_pkts = r->total.rx_pkts;
	x->tx_pkts = r->total.tx_pkts;
	x->drops = r->total.drops;
	if (cfg.latency && r->hist.count > 0) {
		const uint64_t hz = rte_get_tsc_hz();

		x->latency = true;
		x->lat_min_ns = lo_perf_cycles_to_ns(r->hist.min, hz);
		x->lat_p50_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 50), hz);
		x->lat_p99_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 99), hz);
		x->lat_p999_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 99.9), hz);
		x->lat_max_ns = lo_perf_cycles_to_ns(r->hist.max, hz);
	}
	snprintf(x->mismatch, sizeof(x->mismatch), "%s", r->mismatch);
	if (x->mismatch[0] == '\0' && r->done > 0 && x->mpps.median <= 0)
		snprintf(x->mismatch, sizeof(x->mismatch), "%s on %s measured 0 packets%s",
			cfg.engine->name, r->port->name,
			!cfg.engine->uses_inflight || r->total.tx_pkts == 0 ? "" :
			": its working set ran dry, the port refused or dropped what it sent "
			"(tx_pps, tx_drop_ppm? use txonly or pipeline)");
}

int
report_write(const struct lo_perf_report *rep, const double (*paired)[MAX_PORTS])
{
	int ret = 0;
	unsigned int i;

	lo_perf_write_table(stdout, rep);
	for (i = 0; i < rep->n; i++)
		lo_perf_write_summary(stdout, &rep->results[i]);
	print_ratios(paired);
	if (cfg.json != NULL && write_file(cfg.json, lo_perf_write_json, rep) != 0)
		ret = EXIT_RUNTIME;
	if (cfg.csv != NULL && write_file(cfg.csv, lo_perf_write_csv, rep) != 0)
		ret = EXIT_RUNTIME;
	if (cfg.plot != NULL && plot(cfg.plot, rep) != 0)
		ret = EXIT_RUNTIME;
	return ret;
}

bool
report_mismatch(const struct lo_perf_report *rep)
{
	unsigned int i;
	bool any = false;

	for (i = 0; i < rep->n; i++)
		if (rep->results[i].mismatch[0] != '\0') {
			fprintf(stderr, "lo-perf: failed: %s\n", rep->results[i].mismatch);
			any = true;
		}
	return any;
}

int
report_judge(const struct lo_perf_report *rep)
{
	unsigned int i, bad, judged = 0;

	for (i = 0; i < rep->n; i++)
		judged += lo_perf_report_find(&baseline, &rep->results[i]) != NULL;
	bad = lo_perf_compare(rep, &baseline, cfg.tolerance, stdout);
	if (judged == 0) {
		fprintf(stderr, "lo-perf: --baseline %s holds none of this run's scenarios: "
			"nothing was judged\n", cfg.baseline);
		return EXIT_RUNTIME;
	}
	if (bad > 0) {
		printf("lo-perf: %u scenario(s) regressed beyond %.1f%%\n", bad, cfg.tolerance);
		return EXIT_REGRESSED;
	}
	return 0;
}
