/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * lo-perf's options: one table gives getopt its options and --help its
 * text; every value is checked here, before EAL starts, and bad input ends
 * the process with one line naming the option, the value and what is
 * accepted (exit 1).
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lo_perf_main.h"

struct config cfg = {
	.port = "net_lo0",
	.duration = 1.0,
	.warmup = 1.0,
	.trials = 3,
	.burst = 32,
	.sizes = { 64 },
	.nb_sizes = 1,
	.queues = 1,
	.desc = 1024,
	.tolerance = 5.0,
	.retry = true,
};

struct lo_perf_report baseline;

enum {
	OPT_ENGINE = 256, OPT_PORT, OPT_COMPARE, OPT_PEER, OPT_DURATION, OPT_WARMUP, OPT_TRIALS,
	OPT_BURST, OPT_PKT_SIZE, OPT_QUEUES, OPT_DESC, OPT_INFLIGHT, OPT_LATENCY, OPT_JSON,
	OPT_CSV, OPT_PLOT, OPT_BASELINE, OPT_TOLERANCE, OPT_NO_RETRY, OPT_HELP,
	/* testpmd's names, where the meaning is the same */
	OPT_FORWARD_MODE, OPT_RXD, OPT_TXD, OPT_TXPKTS,
};

#define STR(x) RTE_STR(x)

/* One row an option: getopt's entry and its --help text (NULL: an alias). */
static const struct {
	struct option opt;
	const char *arg;
	const char *help;
} options[] = {
	{ { "engine", required_argument, NULL, OPT_ENGINE }, "NAME",
		"engine (default io; testpmd's --forward-mode too):" },
	{ { "port", required_argument, NULL, OPT_PORT }, "PORT",
		"port: vdev name (with devargs) or port id (default net_lo0)" },
	{ { "compare", required_argument, NULL, OPT_COMPARE }, "PORT[,PORT]",
		"run each scenario on each port, interleaved A B A B;\n"
		"print ratios to the first; key=value items (and [lists])\n"
		"are the devargs of the port before them" },
	{ { "peer", required_argument, NULL, OPT_PEER }, "PORT",
		"fwd: the second port (default: PORT_peer, a vdev of\nthe same driver)" },
	{ { "duration", required_argument, NULL, OPT_DURATION }, "TIME",
		"length of one trial, 0.1-3600 s (default 1); a time is\n"
		"seconds or has a unit: 500ms, 10s, 2m, 1h" },
	{ { "warmup", required_argument, NULL, OPT_WARMUP }, "TIME",
		"discarded before the trials, 0-3600 s (default 1)" },
	{ { "trials", required_argument, NULL, OPT_TRIALS }, "N",
		"trials per scenario, report median/min/max, 1-" STR(MAX_TRIALS) " (default 3)" },
	{ { "burst", required_argument, NULL, OPT_BURST }, "N",
		"packets per burst, 1-" STR(LO_MAX_BURST) " (default 32)" },
	{ { "pkt-size", required_argument, NULL, OPT_PKT_SIZE }, "N[,N...]",
		"packet sizes, " STR(MIN_PKT) "-" STR(MAX_PKT) "; a list runs a sweep (default 64);\n"
		"--txpkts N: one size, as in testpmd" },
	{ { "queues", required_argument, NULL, OPT_QUEUES }, "N",
		"queues, one lcore each (two for pipeline), 1-64 (default 1)" },
	{ { "desc", required_argument, NULL, OPT_DESC }, "N",
		"ring/descriptors per queue, 1-65535 (default 1024);\n"
		"--rxd N/--txd N as in testpmd (equal: one ring serves both)" },
	{ { "inflight", required_argument, NULL, OPT_INFLIGHT }, "N",
		"io/macswap/fwd working set, 1-65535 (default: one burst)" },
	{ { "latency", no_argument, NULL, OPT_LATENCY }, NULL,
		"stamp TSC at tx, histogram at rx: min p50 p99 p99.9 max" },
	{ { "json", required_argument, NULL, OPT_JSON }, "FILE", "write every figure as JSON" },
	{ { "csv", required_argument, NULL, OPT_CSV }, "FILE", "write every figure as CSV" },
	{ { "plot", required_argument, NULL, OPT_PLOT }, "FILE.png",
		"draw Mpps vs packet size per port, a PNG (needs gnuplot)" },
	{ { "baseline", required_argument, NULL, OPT_BASELINE }, "FILE",
		"compare with a --json FILE; exit " STR(EXIT_REGRESSED) " naming each scenario\n"
		"whose best trial's Mpps is below the baseline's by more\n"
		"than --tolerance (medians if their --trials differ);\n"
		"measured twice before it is called regressed" },
	{ { "tolerance", required_argument, NULL, OPT_TOLERANCE }, "PCT",
		"allowed drop below the baseline, 0-100 (default 5)" },
	{ { "no-retry", no_argument, NULL, OPT_NO_RETRY }, NULL,
		"--baseline: judge a regressed scenario on one measurement" },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL, "this text (-h too)" },
	{ { "forward-mode", required_argument, NULL, OPT_FORWARD_MODE }, NULL, NULL },
	{ { "rxd", required_argument, NULL, OPT_RXD }, NULL, NULL },
	{ { "txd", required_argument, NULL, OPT_TXD }, NULL, NULL },
	{ { "txpkts", required_argument, NULL, OPT_TXPKTS }, NULL, NULL },
};

const char *
app_option_named(const char *arg)
{
	size_t len = strcspn(arg, "=");
	unsigned int i;

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	for (i = 0; i < RTE_DIM(options); i++)
		if (len - 2 == strlen(options[i].opt.name) &&
				strncmp(arg + 2, options[i].opt.name, len - 2) == 0)
			return options[i].opt.name;
	return NULL;
}

#define HELP_COL 25

static void
usage(FILE *f)
{
	const char *h, *nl;
	unsigned int i, e;
	int len;

	fprintf(f, "usage: lo-perf [EAL options --] [options]\n"
		"Measure throughput (and latency) of an ethdev port, testpmd style.\n\n");
	for (i = 0; i < RTE_DIM(options); i++) {
		if (options[i].help == NULL)
			continue;
		len = fprintf(f, "  --%s%s%s", options[i].opt.name, options[i].arg ? " " : "",
			options[i].arg ? options[i].arg : "");
		for (h = options[i].help; h != NULL; h = nl ? nl + 1 : NULL) {
			nl = strchr(h, '\n');
			fprintf(f, "%*s%.*s\n", len < HELP_COL - 1 ? HELP_COL - len : 1, "",
				nl ? (int)(nl - h) : (int)strlen(h), h);
			len = 0;
		}
		if (options[i].opt.val == OPT_ENGINE)
			for (e = 0; lo_engines[e] != NULL; e++)
				fprintf(f, "%*s%-9s %s\n", HELP_COL + 2, "", lo_engines[e]->name,
					lo_engines[e]->help);
	}
	fprintf(f, "\nExit: 0 ok, %d usage, %d runtime error or count mismatch, %d regressed against the\n"
		"baseline, 130 interrupted (results so far are still printed and written).\n",
		EXIT_USAGE, EXIT_RUNTIME, EXIT_REGRESSED);
}

/* --compare: ports, each followed by its key=value devargs items. */
static void
parse_compare(const char *arg)
{
	const char *items[4 * MAX_PORTS];
	unsigned int n, i;

	free(cfg.compare_buf);
	cfg.compare_buf = strdup(arg);
	if (cfg.compare_buf == NULL)
		bad_option("out of memory");
	n = split_list("--compare", arg, cfg.compare_buf, items, RTE_DIM(items));
	cfg.nb_ports = 0;
	for (i = 0; i < n; i++) {
		if (strchr(items[i], '=') != NULL) {
			if (cfg.nb_ports == 0)
				bad_option("--compare '%s': devargs '%s' before any port", arg,
					items[i]);
			/* join it back onto its port: the split wrote a NUL there */
			((char *)(uintptr_t)items[i])[-1] = ',';
			continue;
		}
		if (cfg.nb_ports == MAX_PORTS)
			bad_option("--compare '%s': at most %d ports", arg, MAX_PORTS);
		cfg.ports[cfg.nb_ports++] = items[i];
	}
	for (i = 0; i < cfg.nb_ports; i++)
		if (strlen(cfg.ports[i]) >= LO_PERF_NAME_LEN)
			bad_option("--compare: port '%s': at most %d characters", cfg.ports[i],
				LO_PERF_NAME_LEN - 1);
}

static void
parse_sizes(const char *opt, const char *arg)
{
	/* MAX_SIZES sizes of up to 4 digits and their commas fit, with room */
	char list[MAX_SIZES * 16];
	const char *items[MAX_SIZES];
	unsigned int i;

	if (strlen(arg) >= sizeof(list))
		bad_option("%s: a list of %zu characters; at most %u sizes of %d-%d", opt,
			strlen(arg), MAX_SIZES, MIN_PKT, MAX_PKT);
	memcpy(list, arg, strlen(arg) + 1);
	cfg.nb_sizes = split_list(opt, arg, list, items, MAX_SIZES);
	for (i = 0; i < cfg.nb_sizes; i++)
		cfg.sizes[i] = parse_uint(opt, items[i], MIN_PKT, MAX_PKT);
}

static void __rte_noreturn
bad_engine(const char *opt, const char *name)
{
	char names[128] = "";
	unsigned int i;

	for (i = 0; lo_engines[i] != NULL; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			i ? ", " : "", lo_engines[i]->name);
	bad_option("%s '%s': accepted %s", opt, name, names);
}

static void __rte_noreturn
bad_getopt(char **argv)
{
	unsigned int i;

	/* optopt: a long option's code when its value is missing, a short one's char */
	for (i = 0; i < RTE_DIM(options); i++)
		if (optopt >= OPT_ENGINE && options[i].opt.val == optopt)
			bad_option(options[i].opt.has_arg == no_argument ?
				"option '--%s' takes no value" : "option '--%s' needs a value",
				options[i].opt.name);
	/* "-engine io": a long option with one dash (getopt may be mid-word) */
	if (optopt != 0) {
		const char *w = argv[optind] != NULL && argv[optind][0] == '-' &&
			argv[optind][1] == optopt ? argv[optind] : argv[optind - 1];
		size_t len = strcspn(w + 1, "=");

		for (i = 0; w[0] == '-' && w[1] != '-' && len > 1 && i < RTE_DIM(options); i++)
			if (len == strlen(options[i].opt.name) &&
					strncmp(w + 1, options[i].opt.name, len) == 0)
				bad_option("unknown option '%s'; did you mean '--%s'?", w,
					options[i].opt.name);
	}
	if (optopt != 0)
		bad_option("unknown option '-%c'; EAL options go before '--': "
			"lo-perf [EAL options --] [options]", optopt);
	bad_option("unknown option '%s'; EAL options go before '--': "
		"lo-perf [EAL options --] [options]", argv[optind - 1]);
}

/* One option's value into cfg. */
static void
set_option(int c, const char *arg, unsigned int *rxd, unsigned int *txd)
{
	unsigned int i;

	/* "--json --latency": getopt took the next option for the value */
	if (arg != NULL && strncmp(arg, "--", 2) == 0 && app_option_named(arg) != NULL)
		for (i = 0; i < RTE_DIM(options); i++)
			if (options[i].opt.val == c)
				bad_option("option '--%s' needs a value; '%s' is an option", options[i].opt.name,
					arg);
	switch (c) {
	case OPT_ENGINE:
	case OPT_FORWARD_MODE:
		cfg.engine = lo_engine_find(arg);
		if (cfg.engine == NULL)
			bad_engine(c == OPT_ENGINE ? "--engine" : "--forward-mode", arg);
		break;
	case OPT_PORT:
		if (arg[0] == '\0')
			bad_option("--port: an empty name; a vdev name or a port id");
		if (strlen(arg) >= LO_PERF_NAME_LEN)
			bad_option("--port '%s': at most %d characters", arg, LO_PERF_NAME_LEN - 1);
		cfg.port = arg;
		cfg.port_given = true;
		break;
	case OPT_COMPARE:
		parse_compare(arg);
		break;
	case OPT_PEER:
		if (arg[0] == '\0')
			bad_option("--peer: an empty name; a vdev name or a port id");
		if (strlen(arg) >= LO_PERF_NAME_LEN)
			bad_option("--peer '%s': at most %d characters", arg, LO_PERF_NAME_LEN - 1);
		cfg.peer = arg;
		break;
	case OPT_DURATION:
		cfg.duration = parse_seconds("--duration", arg, 0.1, 3600);
		break;
	case OPT_WARMUP:
		cfg.warmup = parse_seconds("--warmup", arg, 0, 3600);
		break;
	case OPT_TRIALS:
		cfg.trials = parse_uint("--trials", arg, 1, MAX_TRIALS);
		break;
	case OPT_BURST:
		cfg.burst = parse_uint("--burst", arg, 1, LO_MAX_BURST);
		break;
	case OPT_PKT_SIZE:
		parse_sizes("--pkt-size", arg);
		break;
	case OPT_TXPKTS:
		if (strchr(arg, ',') != NULL)
			bad_option("--txpkts '%s': one size here (testpmd's segment lists are "
				"not supported; --pkt-size runs a sweep)", arg);
		parse_sizes("--txpkts", arg);
		break;
	case OPT_QUEUES:
		cfg.queues = parse_uint("--queues", arg, 1, 64);
		break;
	case OPT_DESC:
		cfg.desc = parse_uint("--desc", arg, 1, 65535);
		*rxd = *txd = 0;
		break;
	case OPT_RXD:
		cfg.desc = *rxd = parse_uint("--rxd", arg, 1, 65535);
		break;
	case OPT_TXD:
		cfg.desc = *txd = parse_uint("--txd", arg, 1, 65535);
		break;
	case OPT_INFLIGHT:
		cfg.inflight = parse_uint("--inflight", arg, 1, 65535);
		cfg.inflight_given = true;
		break;
	case OPT_LATENCY:
		cfg.latency = true;
		break;
	case OPT_JSON:
		cfg.json = arg;
		break;
	case OPT_CSV:
		cfg.csv = arg;
		break;
	case OPT_PLOT:
		cfg.plot = arg;
		break;
	case OPT_BASELINE:
		cfg.baseline = arg;
		break;
	case OPT_TOLERANCE:
		cfg.tolerance = parse_double("--tolerance", arg, 0, 100);
		cfg.tolerance_given = true;
		break;
	case OPT_NO_RETRY:
		cfg.retry = false;
		cfg.retry_given = true;
		break;
	}
}

/* Checks across options, and the files: the baseline read, outputs writable. */
static void
check_config(void)
{
	const char *outs[][2] = { { "--baseline", cfg.baseline }, { "--json", cfg.json },
		{ "--csv", cfg.csv }, { "--plot", cfg.plot } };
	unsigned int i, j;

	if (cfg.nb_ports == 0) {
		cfg.ports[0] = cfg.port;
		cfg.nb_ports = 1;
	} else if (cfg.port_given) {
		bad_option("--port with --compare: the ports are --compare's; give one of them");
	}
	if (cfg.peer != NULL && cfg.engine->nb_ports != 2)
		bad_option("--peer is for --engine fwd; engine %s uses one port", cfg.engine->name);
	if (cfg.engine->nb_ports == 2 && cfg.nb_ports > 1 && cfg.peer != NULL)
		bad_option("--peer with --compare: each compared port gets its own PORT_peer");
	if (cfg.baseline == NULL && (cfg.tolerance_given || cfg.retry_given))
		bad_option("--%s without --baseline: there is nothing to judge",
			cfg.tolerance_given ? "tolerance" : "no-retry");
	if (cfg.inflight_given && !cfg.engine->uses_inflight)
		bad_option("--inflight: engine %s keeps no working set (io, macswap and fwd do)",
			cfg.engine->name);
	if (cfg.inflight == 0)
		cfg.inflight = cfg.burst;
	if (cfg.engine->uses_inflight && cfg.inflight > cfg.desc)
		bad_option("--inflight %u exceeds --desc %u: the working set would not fit the ring",
			cfg.inflight, cfg.desc);
	for (i = 0; i < cfg.nb_sizes; i++)
		for (j = 0; j < i; j++)
			if (cfg.sizes[i] == cfg.sizes[j])
				bad_option("--pkt-size: %u twice", cfg.sizes[i]);
	/* no output may overwrite the baseline or another output */
	for (i = 0; i < RTE_DIM(outs); i++)
		for (j = 0; j < i; j++)
			if (outs[i][1] != NULL && outs[j][1] != NULL && same_file(outs[i][1], outs[j][1]))
				bad_option("%s '%s' is the %s file too%s", outs[i][0], outs[i][1],
					outs[j][0], j == 0 ? ": the run would overwrite its baseline" : "");
	if (cfg.plot != NULL && (strlen(cfg.plot) < 4 ||
			strcmp(cfg.plot + strlen(cfg.plot) - 4, ".png") != 0))
		bad_option("--plot '%s': a .png file name (the plot is a PNG)", cfg.plot);
	if (cfg.baseline != NULL) {
		char err[512];

		/* read now: a bad baseline must not cost a whole benchmark first */
		if (lo_perf_read_json(cfg.baseline, &baseline, err, sizeof(err)) != 0)
			bad_option("--baseline: %s", err);
	}
	if (cfg.json != NULL)
		check_writable("--json", cfg.json);
	if (cfg.csv != NULL)
		check_writable("--csv", cfg.csv);
	if (cfg.plot != NULL) {
		struct stat st;

		check_writable("--plot", cfg.plot);
		/* the plot is written beside it and renamed over it: never over a device */
		if (stat(cfg.plot, &st) == 0 && !S_ISREG(st.st_mode))
			bad_option("--plot '%s': not a regular file, and the plot would replace it",
				cfg.plot);
		if (!have_program("gnuplot"))
			bad_option("--plot needs gnuplot (apt-get install gnuplot-nox)");
	}
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		fprintf(stderr, "lo-perf: standard output is closed: the results would be lost\n");
		exit(EXIT_RUNTIME);
	}
	cfg.progress = isatty(STDERR_FILENO);
}

void
parse_options(int argc, char **argv)
{
	struct option long_opts[RTE_DIM(options) + 1];
	unsigned int rxd = 0, txd = 0, i;
	int c;

	for (i = 0; i < RTE_DIM(options); i++)
		long_opts[i] = options[i].opt;
	memset(&long_opts[i], 0, sizeof(long_opts[i]));
	cfg.engine = lo_engine_find("io");
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c == OPT_HELP || c == 'h') {
			usage(stdout);
			if (fflush(stdout) != 0 || ferror(stdout)) {
				fprintf(stderr, "lo-perf: writing the help to standard output failed\n");
				exit(EXIT_RUNTIME);
			}
			exit(0);
		}
		if (c == '?' || c == ':')
			bad_getopt(argv);
		set_option(c, optarg, &rxd, &txd);
	}
	if (optind < argc)
		bad_option("unexpected argument '%s'", argv[optind]);
	if (rxd != 0 && txd != 0 && rxd != txd)
		bad_option("--rxd %u and --txd %u: one ring serves both here, give them equal",
			rxd, txd);
	check_config();
}
