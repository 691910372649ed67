/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * lo-perf: a testpmd-style benchmark for any ethdev port.
 *
 *   lo-perf [EAL options --] [options]
 *
 * Options (options.c), EAL (eal_args.c), ports (ports.c), measured runs
 * (run.c), output and the baseline gate (output.c); engines, one a file,
 * behind lo_perf_app.h. This file is the order they run in.
 */

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf_dyn.h>
#include <rte_version.h>

#include "lo_perf_main.h"

volatile sig_atomic_t interrupted;

static struct run runs[MAX_SIZES][MAX_PORTS];
static char run_dir[PATH_MAX];

static void
remove_run_dir(void)
{
	if (run_dir[0] != '\0')
		rmdir(run_dir);
}
static double paired[MAX_SIZES][MAX_PORTS];

static void
on_signal(int sig __rte_unused)
{
	interrupted = 1;
	__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
}

/* App options after "--" (or all, without one), parsed before EAL starts. */
static int
parse_app_options(int argc, char **argv)
{
	int i, sep = -1;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	/* "lo-perf --duration 1 --": one of ours where EAL's go */
	for (i = 1; i < sep; i++)
		if (app_option_named(argv[i]) != NULL && strcmp(argv[i], "--help") != 0)
			bad_option("'%s' is a lo-perf option, given before '--' where EAL's go: "
				"lo-perf [EAL options --] [options]", argv[i]);
	if (sep < 0) {
		parse_options(argc, argv);
	} else {
		char *sep_arg = argv[sep];

		argv[sep] = argv[0];
		parse_options(argc - sep, argv + sep);
		argv[sep] = sep_arg;
	}
	return sep;
}

/* --latency: the TSC stamp each packet carries from tx to rx. */
static int
latency_setup(void)
{
	static const struct rte_mbuf_dynfield ts_field = {
		.name = "lo_perf_tsc",
		.size = sizeof(uint64_t),
		.align = __alignof__(uint64_t),
	};

	if (!cfg.latency)
		return 0;
	lo_ts_offset = rte_mbuf_dynfield_register(&ts_field);
	if (lo_ts_offset < 0) {
		fprintf(stderr, "lo-perf: cannot register the timestamp field: %s\n",
			rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

/* Every packet size on every port; trials interleaved across ports. */
static int
measure(const struct port_ctx *ports, const struct port_ctx *peers, unsigned int workers)
{
	unsigned int s, p;

	for (s = 0; s < cfg.nb_sizes && !interrupted; s++) {
		for (p = 0; p < cfg.nb_ports; p++)
			if (run_init(&runs[s][p], &ports[p],
					cfg.engine->nb_ports == 2 ? &peers[p] : NULL, cfg.sizes[s],
					workers) != 0)
				return -1;
		if (run_scenario(runs[s], cfg.nb_ports) != 0)
			return -1;
	}
	return 0;
}

/*
 * The judged ratio of the worst port of one packet size against the
 * baseline (figure over baseline; 2 when no port is judged), and whether
 * any port regressed. A run with a count mismatch is never retried: it
 * fails on its own.
 */
static double
worst_ratio(const struct run *set, bool *regressed, bool say)
{
	double worst = 2, cur, base;
	enum lo_perf_verdict v;
	struct lo_perf_result x;
	unsigned int p;

	*regressed = false;
	for (p = 0; p < cfg.nb_ports; p++) {
		if (set[p].done == 0)
			continue;
		result_of(&set[p], cfg.ports[p], &x);
		v = lo_perf_judge(&x, lo_perf_report_find(&baseline, &x), cfg.tolerance, &cur, &base);
		if (x.mismatch[0] != '\0' || v == LO_PERF_NO_BASELINE)
			continue;
		worst = RTE_MIN(worst, cur / base);
		if (v == LO_PERF_REGRESSED) {
			*regressed = true;
			if (say)
				printf("lo-perf: retry: engine=%s port=%s pkt=%u burst=%u queues=%u: %.3f "
					"Mpps is more than %.1f%% below %.3f: measuring it again\n",
					x.engine, x.port, x.pkt_size, x.burst, x.queues, cur,
					cfg.tolerance, base);
		}
	}
	return worst;
}

/* Whether any run of a packet size failed its counts or measured nothing. */
static bool
any_mismatch(const struct run *set)
{
	struct lo_perf_result x;
	unsigned int p;

	for (p = 0; p < cfg.nb_ports; p++) {
		result_of(&set[p], cfg.ports[p], &x);
		if (set[p].done == 0 || x.mismatch[0] != '\0')
			return true;
	}
	return false;
}

/*
 * --baseline: a packet size with a port below the baseline is measured
 * once more, all its ports again interleaved as the first time (start,
 * warm-up, trials), so that --compare's paired ratios stay paired. The
 * measurement whose worst port fares better is kept. Noise that struck one
 * measurement rarely strikes the next; a real slowdown shows in both. A
 * second measurement that fails keeps the first, with a warning.
 */
static void
retry_regressed(void)
{
	static struct run again[MAX_PORTS];
	unsigned int s, p, n;
	bool regressed;
	double first;

	for (s = 0; s < cfg.nb_sizes && !interrupted; s++) {
		first = worst_ratio(runs[s], &regressed, true);
		if (!regressed)
			continue;
		fflush(stdout);
		for (p = 0; p < cfg.nb_ports; p++)
			if (run_init(&again[p], runs[s][p].port, runs[s][p].peer, cfg.sizes[s],
					runs[s][p].nb_workers) != 0)
				break;
		n = p;
		if (n < cfg.nb_ports || run_scenario(again, cfg.nb_ports) != 0 || interrupted ||
				any_mismatch(again) || worst_ratio(again, &regressed, false) <= first) {
			if (n < cfg.nb_ports || (!interrupted && (again[0].done == 0 ||
					any_mismatch(again))))
				fprintf(stderr, "lo-perf: retry: the second measurement of %u-byte packets "
					"failed; judging the first\n", cfg.sizes[s]);
			for (p = 0; p < n; p++)
				run_free(&again[p]);
			continue;
		}
		for (p = 0; p < cfg.nb_ports; p++) {
			run_free(&runs[s][p]);
			runs[s][p] = again[p];
			again[p].w = NULL;	/* runs[s][p] owns it now */
		}
	}
}

/* The results of every completed run, and the paired ratios to port 0. */
static void
collect(struct lo_perf_report *rep)
{
	unsigned int s, p;

	lo_perf_report_init(rep);
	fill_report_header(rep);
	for (s = 0; s < cfg.nb_sizes; s++) {
		for (p = 1; p < cfg.nb_ports; p++)
			paired[s][p] = lo_perf_paired_ratio(runs[s][0].mpps, runs[s][p].mpps,
				RTE_MIN(runs[s][p].done, runs[s][0].done));
		for (p = 0; p < cfg.nb_ports; p++) {
			struct lo_perf_result x;

			if (runs[s][p].done == 0)
				continue;
			result_of(&runs[s][p], cfg.ports[p], &x);
			if (p > 0 && paired[s][p] > 0) {
				x.ratio = paired[s][p];
				snprintf(x.ratio_to, sizeof(x.ratio_to), "%s", cfg.ports[0]);
			}
			lo_perf_report_add(rep, &x);
		}
	}
}

int
main(int argc, char **argv)
{
	struct port_ctx ports[MAX_PORTS], peers[MAX_PORTS];
	int sep, eal_argc, ret, code = 0;
	bool mismatch;
	struct lo_perf_report rep;
	unsigned int need, s, p;
	char **eal_argv;

	sep = parse_app_options(argc, argv);
	/*
	 * EAL leaves its runtime directory behind. Registered before EAL
	 * starts, this runs after EAL's own exit handlers (telemetry removes
	 * its socket in one), on every way out, and takes the directory only
	 * if it is empty.
	 */
	atexit(remove_run_dir);
	eal_argv = eal_args(argv, sep, &eal_argc);
	if (eal_argv == NULL) {
		fprintf(stderr, "lo-perf: cannot build the EAL arguments (CPU set unreadable, or out of memory)\n");
		return EXIT_RUNTIME;
	}
	ret = rte_eal_init(eal_argc, eal_argv);
	/* where EAL made it, even when init failed after that */
	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	if (ret < 0) {
		fprintf(stderr, "lo-perf: EAL init failed: %s\n", rte_strerror(rte_errno));
		return EXIT_RUNTIME;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* a reader that went away is a write error (exit 2), not a silent death */
	signal(SIGPIPE, SIG_IGN);

	need = cfg.queues * cfg.engine->lcores_per_queue;
	if (need > rte_lcore_count() - 1) {
		fprintf(stderr, "lo-perf: engine %s with %u queue(s) needs %u worker lcores; EAL has %u (give more with -l/--lcores)\n",
			cfg.engine->name, cfg.queues, need, rte_lcore_count() - 1);
		code = EXIT_USAGE;
		goto out_eal;
	}
	ret = latency_setup() != 0 ? -EXIT_RUNTIME : ports_setup(ports, peers, need);
	if (ret != 0) {
		code = -ret;
		goto out_eal;
	}
	printf("lo-perf: %s, engine %s, %u worker lcore(s), warm-up %gs, %u trial(s) of %gs, %s\n",
		rte_version(), cfg.engine->name, need, cfg.warmup, cfg.trials, cfg.duration,
		rte_eal_has_hugepages() ? "hugepages" : "4 KB pages (--no-huge)");
	fflush(stdout);

	if (measure(ports, peers, need) != 0) {
		__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
		rte_eal_mp_wait_lcore();
		code = EXIT_RUNTIME;
		goto out_eal;
	}
	if (cfg.baseline != NULL && cfg.retry)
		retry_regressed();

	/*
	 * Report what was measured, also after Ctrl-C. Exit code, first that
	 * applies: an output file not written (2), interrupted (130), nothing
	 * judged (2), regressed (3), a count mismatch (2).
	 */
	collect(&rep);
	if (interrupted) {
		printf("lo-perf: interrupted; results so far\n");
		code = 128 + SIGINT;
	}
	if (report_write(&rep, (const double (*)[MAX_PORTS])paired) != 0)
		code = EXIT_RUNTIME;
	mismatch = report_mismatch(&rep);
	if (cfg.baseline != NULL) {
		ret = report_judge(&rep);
		if (code == 0)
			code = ret;
	}
	if (code == 0 && mismatch)
		code = EXIT_RUNTIME;
	lo_perf_report_free(&rep);
	ports_close(ports, peers);
	for (s = 0; s < cfg.nb_sizes; s++)
		for (p = 0; p < cfg.nb_ports; p++)
			run_free(&runs[s][p]);
out_eal:
	lo_perf_report_free(&baseline);
	rte_eal_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "lo-perf: writing the results to standard output failed\n");
		if (code == 0 || code == EXIT_REGRESSED)
			code = EXIT_RUNTIME;
	}
	return code;
}
