/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * lo-perf: a testpmd-style benchmark for any ethdev port.
 *
 *   lo-perf [EAL options --] [options]
 *
 * Without EAL options it picks defaults that work on a plain machine: the
 * net_lo driver it was built with, --vdev=net_lo0, --no-pci, --no-huge when
 * no hugepages are free, and every available CPU as an lcore.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity */
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_version.h>

#include "lo_perf_app.h"

#define EXIT_USAGE	1
#define EXIT_RUNTIME	2
#define EXIT_REGRESSED	3

#define MAX_PORTS	8
#define MAX_SIZES	16
#define MAX_TRIALS	100
#define MIN_PKT		60
#define MAX_PKT		9600

struct config {
	const struct lo_engine *engine;
	const char *port;		/* --port */
	const char *peer;		/* --peer (fwd) */
	const char *ports[MAX_PORTS];	/* --compare, or just port */
	unsigned int nb_ports;
	char *compare_buf;
	double duration;
	double warmup;
	unsigned int trials;
	unsigned int burst;
	uint32_t sizes[MAX_SIZES];
	unsigned int nb_sizes;
	unsigned int queues;
	unsigned int desc;
	unsigned int inflight;		/* 0: one burst */
	bool latency;
	const char *json;
	const char *csv;
	const char *plot;
	const char *baseline;
	double tolerance;
	bool progress;
};

static struct config cfg = {
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
};

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig __rte_unused)
{
	interrupted = 1;
	__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
}

static void
usage(FILE *f)
{
	unsigned int i;

	fprintf(f,
		"usage: lo-perf [EAL options --] [options]\n"
		"Measure throughput (and latency) of an ethdev port, testpmd style.\n\n"
		"  --engine NAME          engine (default io; testpmd's --forward-mode too):\n");
	for (i = 0; lo_engines[i] != NULL; i++)
		fprintf(f, "                           %-9s %s\n", lo_engines[i]->name,
			lo_engines[i]->help);
	fprintf(f,
		"  --port PORT            port: vdev name or port id (default net_lo0)\n"
		"  --compare PORT[,PORT]  run each scenario on each port, interleaved A B A B;\n"
		"                         print ratios to the first; key=value items are the\n"
		"                         devargs of the port before them\n"
		"  --peer PORT            fwd: the second port (default: PORT_peer, a vdev of\n"
		"                         the same driver)\n"
		"  --duration TIME        length of one trial, 0.1-3600 s (default 1); a time is\n"
		"                         seconds or has a unit: 500ms, 10s, 2m\n"
		"  --warmup TIME          discarded before the trials, 0-3600 s (default 1)\n"
		"  --trials N             trials per scenario, report median/min/max, 1-%d (default 3)\n"
		"  --burst N              packets per burst, 1-%d (default 32)\n"
		"  --pkt-size N[,N...]    packet sizes, %d-%d; a list runs a sweep (default 64);\n"
		"                         --txpkts N: one size, as in testpmd\n"
		"  --queues N             queues, one lcore each (two for pipeline), 1-64 (default 1)\n"
		"  --desc N               ring/descriptors per queue, 1-65535 (default 1024);\n"
		"                         --rxd N/--txd N as in testpmd (equal: one ring serves both)\n"
		"  --inflight N           io/macswap/fwd working set, 1-65535 (default: one burst)\n"
		"  --latency              stamp TSC at tx, histogram at rx: min p50 p99 p99.9 max\n"
		"  --json FILE            write every figure as JSON\n"
		"  --csv FILE             write every figure as CSV\n"
		"  --plot FILE.png        draw Mpps vs packet size per port (needs gnuplot)\n"
		"  --baseline FILE        compare with a --json FILE; exit %d naming each scenario\n"
		"                         whose median Mpps is below it by more than --tolerance\n"
		"  --tolerance PCT        allowed drop below the baseline, 0-100 (default 5)\n"
		"  -h, --help             this text\n\n"
		"Exit: 0 ok, %d usage, %d runtime error or count mismatch, %d regressed against the\n"
		"baseline, 130 interrupted (results so far are still printed and written).\n",
		MAX_TRIALS, LO_MAX_BURST, MIN_PKT, MAX_PKT, EXIT_REGRESSED, EXIT_USAGE,
		EXIT_RUNTIME, EXIT_REGRESSED);
}

static void __rte_noreturn
bad_option(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lo-perf: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	exit(EXIT_USAGE);
}

static unsigned long
parse_uint(const char *opt, const char *s, unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		bad_option("%s '%s': not a number; accepted %lu-%lu", opt, s, min, max);
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		bad_option("%s '%s': accepted %lu-%lu", opt, s, min, max);
	return v;
}

static double
parse_double(const char *opt, const char *s, double min, double max)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= min && v <= max))
		bad_option("%s '%s': accepted %g-%g", opt, s, min, max);
	return v;
}

/* A time: seconds, or with a unit: 500ms, 10s, 2m. */
static double
parse_seconds(const char *opt, const char *s, double min, double max)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = { { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "m", 60 } };
	unsigned int i;
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* plain decimals only: no sign, hex, inf or nan */
	if (errno == 0 && end != s && (isdigit((unsigned char)s[0]) || s[0] == '.') &&
			strpbrk(s, "xXpP") == NULL)
		for (i = 0; i < RTE_DIM(units); i++)
			if (strcmp(end, units[i].unit) == 0) {
				v *= units[i].scale;
				if (v >= min && v <= max)
					return v;
				break;
			}
	bad_option("%s '%s': accepted %g-%g seconds, or with a unit: 500ms, 10s, 2m", opt, s,
		min, max);
}

enum {
	OPT_ENGINE = 256, OPT_PORT, OPT_COMPARE, OPT_PEER, OPT_DURATION, OPT_WARMUP, OPT_TRIALS,
	OPT_BURST, OPT_PKT_SIZE, OPT_QUEUES, OPT_DESC, OPT_INFLIGHT, OPT_LATENCY, OPT_JSON,
	OPT_CSV, OPT_PLOT, OPT_BASELINE, OPT_TOLERANCE, OPT_HELP,
	/* testpmd's names, where the meaning is the same */
	OPT_FORWARD_MODE, OPT_RXD, OPT_TXD, OPT_TXPKTS,
};

static const struct option long_opts[] = {
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "trials", required_argument, NULL, OPT_TRIALS },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "pkt-size", required_argument, NULL, OPT_PKT_SIZE },
	{ "queues", required_argument, NULL, OPT_QUEUES },
	{ "desc", required_argument, NULL, OPT_DESC },
	{ "inflight", required_argument, NULL, OPT_INFLIGHT },
	{ "latency", no_argument, NULL, OPT_LATENCY },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "tolerance", required_argument, NULL, OPT_TOLERANCE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "forward-mode", required_argument, NULL, OPT_FORWARD_MODE },
	{ "rxd", required_argument, NULL, OPT_RXD },
	{ "txd", required_argument, NULL, OPT_TXD },
	{ "txpkts", required_argument, NULL, OPT_TXPKTS },
	{ NULL, 0, NULL, 0 },
};

/*
 * Split buf, a copy of the comma list arg (--compare, --pkt-size), into at
 * most max items, in place. An empty item ("64,", ",64", "64,,1500") is an
 * error. Returns the count.
 */
static unsigned int
split_list(const char *opt, const char *arg, char *buf, const char **items, unsigned int max)
{
	unsigned int n = 0;
	char *p = buf;

	for (;;) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		if (*p == '\0')
			bad_option("%s '%s': an empty item in the list", opt, arg);
		if (n == max)
			bad_option("%s '%s': at most %u items", opt, arg, max);
		items[n++] = p;
		if (comma == NULL)
			return n;
		p = comma + 1;
	}
}

/* Whether name is an executable file in one of $PATH's directories. */
static bool
have_program(const char *name)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];

	while (path != NULL && *path != '\0') {
		size_t len = strcspn(path, ":");

		snprintf(file, sizeof(file), "%.*s/%s", (int)(len ? len : 1), len ? path : ".",
			name);
		if (access(file, X_OK) == 0)
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

/* An output file must be writable before the benchmark runs, not after. */
static void
check_writable(const char *opt, const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	struct stat st;

	if (path[0] == '\0')
		bad_option("%s: an empty file name", opt);
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			bad_option("%s '%s': a directory, not a file", opt, path);
		if (access(path, W_OK) != 0)
			bad_option("%s '%s': %s", opt, path, strerror(errno));
		return;
	}
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (access(dir, W_OK | X_OK) != 0)
		bad_option("%s '%s': directory '%s': %s", opt, path, dir, strerror(errno));
}

/* --baseline, read with the options */
static struct lo_perf_report baseline;

/* Every option is checked here, before EAL starts. */
static void
parse_options(int argc, char **argv)
{
	const char *items[4 * MAX_PORTS];
	const struct option *o;
	unsigned int rxd = 0, txd = 0, n, i;
	char *list;
	int c;

	cfg.engine = lo_engine_find("io");
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_ENGINE:
		case OPT_FORWARD_MODE:
			cfg.engine = lo_engine_find(optarg);
			if (cfg.engine == NULL) {
				char names[128] = "";

				for (i = 0; lo_engines[i] != NULL; i++)
					snprintf(names + strlen(names), sizeof(names) - strlen(names),
						"%s%s", i ? ", " : "", lo_engines[i]->name);
				bad_option("--%s '%s': accepted %s",
					c == OPT_ENGINE ? "engine" : "forward-mode", optarg, names);
			}
			break;
		case OPT_PORT:
			if (optarg[0] == '\0')
				bad_option("--port: an empty name; a vdev name or a port id");
			cfg.port = optarg;
			break;
		case OPT_COMPARE:
			free(cfg.compare_buf);
			cfg.compare_buf = strdup(optarg);
			if (cfg.compare_buf == NULL)
				bad_option("out of memory");
			n = split_list("--compare", optarg, cfg.compare_buf, items, RTE_DIM(items));
			/* key=value items are the devargs of the port before them */
			cfg.nb_ports = 0;
			for (i = 0; i < n; i++) {
				if (strchr(items[i], '=') != NULL) {
					if (cfg.nb_ports == 0)
						bad_option("--compare '%s': devargs '%s' before any port",
							optarg, items[i]);
					((char *)(uintptr_t)items[i])[-1] = ',';
					continue;
				}
				if (cfg.nb_ports == MAX_PORTS)
					bad_option("--compare '%s': at most %d ports", optarg, MAX_PORTS);
				cfg.ports[cfg.nb_ports++] = items[i];
			}
			break;
		case OPT_PEER:
			cfg.peer = optarg;
			break;
		case OPT_DURATION:
			cfg.duration = parse_seconds("--duration", optarg, 0.1, 3600);
			break;
		case OPT_WARMUP:
			cfg.warmup = parse_seconds("--warmup", optarg, 0, 3600);
			break;
		case OPT_TRIALS:
			cfg.trials = parse_uint("--trials", optarg, 1, MAX_TRIALS);
			break;
		case OPT_BURST:
			cfg.burst = parse_uint("--burst", optarg, 1, LO_MAX_BURST);
			break;
		case OPT_PKT_SIZE:
			list = strdup(optarg);
			if (list == NULL)
				bad_option("out of memory");
			cfg.nb_sizes = split_list("--pkt-size", optarg, list, items, MAX_SIZES);
			for (i = 0; i < cfg.nb_sizes; i++)
				cfg.sizes[i] = parse_uint("--pkt-size", items[i], MIN_PKT, MAX_PKT);
			free(list);
			break;
		case OPT_QUEUES:
			cfg.queues = parse_uint("--queues", optarg, 1, 64);
			break;
		case OPT_DESC:
			cfg.desc = parse_uint("--desc", optarg, 1, 65535);
			rxd = txd = 0;
			break;
		case OPT_RXD:
			cfg.desc = rxd = parse_uint("--rxd", optarg, 1, 65535);
			break;
		case OPT_TXD:
			cfg.desc = txd = parse_uint("--txd", optarg, 1, 65535);
			break;
		case OPT_TXPKTS:
			if (strchr(optarg, ',') != NULL)
				bad_option("--txpkts '%s': one size here (testpmd's segment lists are "
					"not supported; --pkt-size runs a sweep)", optarg);
			cfg.sizes[0] = parse_uint("--txpkts", optarg, MIN_PKT, MAX_PKT);
			cfg.nb_sizes = 1;
			break;
		case OPT_INFLIGHT:
			cfg.inflight = parse_uint("--inflight", optarg, 1, 65535);
			break;
		case OPT_LATENCY:
			cfg.latency = true;
			break;
		case OPT_JSON:
			cfg.json = optarg;
			break;
		case OPT_CSV:
			cfg.csv = optarg;
			break;
		case OPT_PLOT:
			cfg.plot = optarg;
			break;
		case OPT_BASELINE:
			cfg.baseline = optarg;
			break;
		case OPT_TOLERANCE:
			cfg.tolerance = parse_double("--tolerance", optarg, 0, 100);
			break;
		case OPT_HELP:
		case 'h':
			usage(stdout);
			exit(0);
		default:
			/* optopt: a long option's code when its value is missing, a short one's char */
			for (o = long_opts; o->name != NULL; o++)
				if (optopt >= OPT_ENGINE && o->val == optopt)
					bad_option(o->has_arg == no_argument ?
						"option '--%s' takes no value" :
						"option '--%s' needs a value", o->name);
			if (optopt != 0)
				bad_option("unknown option '-%c'; EAL options go before '--': "
					"lo-perf [EAL options --] [options]", optopt);
			bad_option("unknown option '%s'; EAL options go before '--': "
				"lo-perf [EAL options --] [options]", argv[optind - 1]);
		}
	}
	if (optind < argc)
		bad_option("unexpected argument '%s'", argv[optind]);
	if (rxd != 0 && txd != 0 && rxd != txd)
		bad_option("--rxd %u and --txd %u: one ring serves both here, give them equal",
			rxd, txd);
	if (cfg.nb_ports == 0) {
		cfg.ports[0] = cfg.port;
		cfg.nb_ports = 1;
	}
	if (cfg.engine->nb_ports == 2 && cfg.nb_ports > 1 && cfg.peer != NULL)
		bad_option("--peer with --compare: each compared port gets its own PORT_peer");
	if (cfg.inflight == 0)
		cfg.inflight = cfg.burst;
	if (cfg.inflight > cfg.desc)
		bad_option("--inflight %u exceeds --desc %u: the working set would not fit the ring",
			cfg.inflight, cfg.desc);
	if (cfg.baseline != NULL) {
		struct stat a, b;
		char err[512];

		/* read now: a bad baseline must not cost a whole benchmark first */
		if (lo_perf_read_json(cfg.baseline, &baseline, err, sizeof(err)) != 0)
			bad_option("--baseline: %s", err);
		if (cfg.json != NULL && stat(cfg.json, &a) == 0 && stat(cfg.baseline, &b) == 0 &&
				a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			bad_option("--json '%s' is the --baseline file: the run would be judged "
				"against itself and overwrite it", cfg.json);
	}
	if (cfg.json != NULL)
		check_writable("--json", cfg.json);
	if (cfg.csv != NULL)
		check_writable("--csv", cfg.csv);
	if (cfg.plot != NULL) {
		check_writable("--plot", cfg.plot);
		if (!have_program("gnuplot"))
			bad_option("--plot needs gnuplot (apt-get install gnuplot-nox)");
	}
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		fprintf(stderr, "lo-perf: standard output is closed: the results would be lost\n");
		exit(EXIT_RUNTIME);
	}
	cfg.progress = isatty(STDERR_FILENO);
}

/* EAL arguments when the user gave none: see the top of this file. */
static int
default_eal_args(const char *prog, char **out, int max)
{
	static char lcores[512], vdev[64], dpath[PATH_MAX], mem[24];
	cpu_set_t set;
	int cpus[256], n = 0, i, argc = 0;
	long hp_free = 0;
	char line[128];
	size_t len = 0;
	FILE *f;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (i = 0; i < CPU_SETSIZE && n < 256; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	if (n == 0)
		return -1;
	/*
	 * main lcore 0 on the first CPU; workers 1..n-1 on the other CPUs, then
	 * one more worker on the first CPU (the main lcore sleeps while
	 * measuring), so two-lcore engines run on a 2-CPU machine.
	 */
	len += snprintf(lcores + len, sizeof(lcores) - len, "--lcores=0@%d", cpus[0]);
	for (i = 1; i < n && len < sizeof(lcores) - 16; i++)
		len += snprintf(lcores + len, sizeof(lcores) - len, ",%d@%d", i, cpus[i]);
	snprintf(lcores + len, sizeof(lcores) - len, ",%d@%d", n, cpus[0]);

	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "HugePages_Free: %ld", &hp_free) == 1)
				break;
		fclose(f);
	}
	snprintf(dpath, sizeof(dpath), "%s", LO_NET_LO_PATH);
	snprintf(vdev, sizeof(vdev), "--vdev=net_lo0");
	out[argc++] = (char *)prog;
	out[argc++] = lcores;
	out[argc++] = (char *)"--no-pci";
	out[argc++] = (char *)"--log-level=lib.eal:error";
	out[argc++] = (char *)"--no-telemetry";
	/* 1024 MB, or what the free hugepages hold (at least 512 MB) */
	snprintf(mem, sizeof(mem), "%ld", hp_free >= 256 && hp_free < 512 ? hp_free * 2 : 1024);
	out[argc++] = (char *)"-m";
	out[argc++] = mem;
	/* no files left behind either way; --in-memory needs hugepages */
	if (hp_free < 256) {
		out[argc++] = (char *)"--no-huge";
		out[argc++] = (char *)"--no-shconf";
	} else {
		out[argc++] = (char *)"--in-memory";
	}
	if (access(dpath, R_OK) == 0) {
		out[argc++] = (char *)"-d";
		out[argc++] = dpath;
	}
	out[argc++] = vdev;
	out[argc] = NULL;
	RTE_VERIFY(argc < max);
	return argc;
}

/*
 * The user's EAL section, plus the net_lo plugin this lo-perf was built with
 * when the options or the EAL section name a net_lo port and the user loads
 * no driver (-d) of their own. NULL when out of memory. Kept for the
 * process's life: EAL may hold on to argv strings.
 */
static char **
user_eal_args(char **argv, int sep, int *argc_out)
{
	static char dpath[] = LO_NET_LO_PATH, dopt[] = "-d";
	bool has_d = false, wants_lo = false;
	unsigned int p;
	char **out;
	int i, n = 0;

	for (i = 1; i < sep; i++) {
		has_d |= strncmp(argv[i], "-d", 2) == 0;
		wants_lo |= strstr(argv[i], "net_lo") != NULL;
	}
	for (p = 0; p < cfg.nb_ports; p++)
		wants_lo |= strncmp(cfg.ports[p], "net_lo", 6) == 0;
	if (cfg.peer != NULL)
		wants_lo |= strncmp(cfg.peer, "net_lo", 6) == 0;
	out = calloc(sep + 3, sizeof(*out));
	if (out == NULL)
		return NULL;
	for (i = 0; i < sep; i++)
		out[n++] = argv[i];
	if (wants_lo && !has_d && access(dpath, R_OK) == 0) {
		out[n++] = dopt;
		out[n++] = dpath;
	}
	*argc_out = n;
	return out;
}

/* --- ports ---------------------------------------------------------------- */

struct port_ctx {
	const char *name;
	uint16_t id;
	struct rte_mempool *pool;
};

/* Whether the port's driver receives only what the port itself sends. */
static bool
port_is_loopback(uint16_t id)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(id, &info) != 0 || info.driver_name == NULL)
		return false;
	return strcmp(info.driver_name, "net_lo") == 0 || strcmp(info.driver_name, "net_ring") == 0;
}

/* A port by id, by name, or hot-plugged as a vdev. */
static int
port_resolve(const char *spec, struct port_ctx *p)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	char *end;
	unsigned long id;

	p->name = spec;
	errno = 0;
	id = strtoul(spec, &end, 10);
	if (spec[0] >= '0' && spec[0] <= '9' && *end == '\0' && errno == 0) {
		if (id >= RTE_MAX_ETHPORTS || !rte_eth_dev_is_valid_port((uint16_t)id)) {
			fprintf(stderr, "lo-perf: no port %s; %u ports exist\n", spec,
				rte_eth_dev_count_avail());
			return -1;
		}
		p->id = (uint16_t)id;
		return 0;
	}
	/* "net_lo1,byte_stats=off": the port is named by what precedes the devargs */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(spec, ","), spec);
	if (rte_eth_dev_get_port_by_name(name, &p->id) == 0) {
		if (spec[strlen(name)] == ',') {
			fprintf(stderr, "lo-perf: port '%s' exists already, so its devargs '%s' "
				"would be ignored; name a new port for them\n", name,
				spec + strlen(name) + 1);
			return -1;
		}
		return 0;
	}
	if (rte_dev_probe(spec) != 0 || rte_eth_dev_get_port_by_name(name, &p->id) != 0) {
		fprintf(stderr, "lo-perf: no such port '%s' (not a port name, id or vdev that probes)\n",
			spec);
		return -1;
	}
	return 0;
}

static int
port_pool(struct port_ctx *p, unsigned int workers, uint32_t max_pkt)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	unsigned int n;

	n = cfg.queues * (cfg.desc + cfg.inflight + 2 * cfg.burst) + workers * 2 * cfg.burst +
		4 * 256 + 1024;
	snprintf(name, sizeof(name), "loperf_p%u", p->id);
	p->pool = rte_pktmbuf_pool_create(name, n, 256, 0,
		RTE_MAX((uint32_t)RTE_MBUF_DEFAULT_BUF_SIZE, max_pkt + RTE_PKTMBUF_HEADROOM),
		rte_eth_dev_socket_id(p->id));
	if (p->pool == NULL) {
		fprintf(stderr, "lo-perf: port %s: cannot create a pool of %u mbufs: %s\n", p->name,
			n, rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

static int
port_start(const struct port_ctx *p)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(p->id, cfg.queues, cfg.queues, &conf);
	for (q = 0; ret == 0 && q < cfg.queues; q++) {
		ret = rte_eth_rx_queue_setup(p->id, q, cfg.desc, rte_eth_dev_socket_id(p->id),
			NULL, p->pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(p->id, q, cfg.desc,
				rte_eth_dev_socket_id(p->id), NULL);
	}
	if (ret == 0)
		ret = rte_eth_dev_start(p->id);
	if (ret == 0)
		ret = rte_eth_stats_reset(p->id);
	if (ret != 0)
		fprintf(stderr, "lo-perf: port %s: setup with %u queues of %u descriptors failed: %s\n",
			p->name, cfg.queues, cfg.desc, rte_strerror(-ret));
	return ret;
}

/*
 * Receive and free what the port still holds, so the pool gets it all back.
 * Bounded: a port that makes packets on rx (net_null) is never empty, so
 * stop after what the rings and working set can hold, or 200 ms.
 */
static uint64_t
port_drain(const struct port_ctx *p, uint64_t *bytes)
{
	const uint64_t limit = (uint64_t)cfg.queues * (cfg.desc + cfg.inflight + cfg.burst) + 64;
	const uint64_t end = rte_rdtsc() + rte_get_tsc_hz() / 5;
	struct rte_mbuf *m[64];
	uint64_t total = 0;
	unsigned int idle = 0;
	uint16_t q, n, i;

	while (idle < 3 && total < limit && rte_rdtsc() < end) {
		uint64_t round = 0;

		for (q = 0; q < cfg.queues; q++) {
			n = rte_eth_rx_burst(p->id, q, m, RTE_DIM(m));
			for (i = 0; i < n; i++)
				*bytes += m[i]->pkt_len;
			rte_pktmbuf_free_bulk(m, n);
			round += n;
		}
		total += round;
		idle = round == 0 ? idle + 1 : 0;
	}
	return total;
}

/* --- one run: start, warm up, measure trials, stop --------------------------- */

struct run {
	const struct port_ctx *port;
	const struct port_ctx *peer;
	uint32_t pkt_size;
	unsigned int trials;
	unsigned int nb_workers;
	struct lo_worker *w;
	double *mpps, *gbps, *gbps_l1, *cyc;
	unsigned int done;		/* trials completed */
	struct lo_perf_counters total;	/* app counters over the run */
	struct lo_perf_hist hist;
	char mismatch[160];
	bool bytes_assumed;		/* the port counts no bytes: Gbps from --pkt-size */
	int error;
};

/* The port's (and peer's) own packets and bytes in the direction of the figure. */
static void
port_totals(const struct run *r, uint64_t *pkts, uint64_t *bytes)
{
	const struct port_ctx *ports[2] = { r->port, r->peer };
	struct rte_eth_stats st;
	bool none = false;
	uint64_t p, b;
	unsigned int i;

	*pkts = 0;
	*bytes = 0;
	for (i = 0; i < RTE_DIM(ports) && ports[i] != NULL; i++) {
		if (rte_eth_stats_get(ports[i]->id, &st) != 0)
			continue;
		p = cfg.engine->figure_is_tx ? st.opackets : st.ipackets;
		b = cfg.engine->figure_is_tx ? st.obytes : st.ibytes;
		*pkts += p;
		*bytes += b;
		if (p > 0 && b == 0)
			none = true;
	}
	/* one port that counts no bytes makes the sum meaningless */
	if (none)
		*bytes = 0;
}

static void
workers_sum(const struct run *r, struct lo_perf_counters *c, uint64_t *fig_pkts,
	uint64_t *fig_bytes)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->nb_workers; i++) {
		struct lo_perf_counters x = {
			__atomic_load_n(&r->w[i].cnt.rx_pkts, __ATOMIC_RELAXED),
			__atomic_load_n(&r->w[i].cnt.rx_bytes, __ATOMIC_RELAXED),
			__atomic_load_n(&r->w[i].cnt.tx_pkts, __ATOMIC_RELAXED),
			__atomic_load_n(&r->w[i].cnt.tx_bytes, __ATOMIC_RELAXED),
			__atomic_load_n(&r->w[i].cnt.drops, __ATOMIC_RELAXED),
		};

		lo_perf_counters_add(c, &x);
	}
	*fig_pkts = cfg.engine->figure_is_tx ? c->tx_pkts : c->rx_pkts;
	*fig_bytes = cfg.engine->figure_is_tx ? c->tx_bytes : c->rx_bytes;
}

static int
worker_main(void *arg)
{
	struct lo_worker *w = arg;

	w->error = cfg.engine->loop(w);
	return w->error;
}

/* Sleep up to secs, waking to show progress; false if interrupted. */
static bool
wait_for(double secs, const struct run *r, const char *what)
{
	const uint64_t hz = rte_get_tsc_hz(), end = rte_rdtsc() + (uint64_t)(secs * hz);
	uint64_t last_t = rte_rdtsc(), last_p, b;
	struct lo_perf_counters c;

	workers_sum(r, &c, &last_p, &b);
	while (!interrupted) {
		uint64_t now = rte_rdtsc(), p;
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (now >= end)
			return true;
		nanosleep(&ts, NULL);
		if (cfg.progress && rte_rdtsc() - last_t >= hz) {
			now = rte_rdtsc();
			workers_sum(r, &c, &p, &b);
			fprintf(stderr, "\r  %s %s %uB %s: %.3f Mpps   ", cfg.engine->name,
				r->port->name, r->pkt_size, what,
				(double)(p - last_p) / ((double)(now - last_t) / hz) / 1e6);
			last_t = now;
			last_p = p;
		}
	}
	return false;
}

static int
run_once(struct run *r)
{
	const uint64_t hz = rte_get_tsc_hz();
	struct lo_perf_counters sum;
	static bool bytes_note[RTE_MAX_ETHPORTS];
	struct rte_eth_stats st, st2;
	unsigned int i, lcore, wi = 0;
	uint64_t drained, drained_bytes = 0;

	r->error = 0;
	lo_pool_fill(r->port->pool, r->pkt_size);
	if (r->peer != NULL)
		lo_pool_fill(r->peer->pool, r->pkt_size);
	if (port_start(r->port) != 0 ||
			(r->peer != NULL && port_start(r->peer) != 0))
		return -1;
	memset(r->w, 0, r->nb_workers * sizeof(*r->w));
	for (i = 0; i < r->nb_workers; i++) {
		struct lo_worker *w = &r->w[i];

		w->port = r->port->id;
		w->pool = r->port->pool;
		if (r->peer != NULL) {
			w->peer = r->peer->id;
			w->peer_pool = r->peer->pool;
		}
		w->queue = (uint16_t)(i / cfg.engine->lcores_per_queue);
		w->role = cfg.engine->lcores_per_queue == 1 ? LO_ROLE_BOTH :
			(i % 2 == 0 ? LO_ROLE_TX : LO_ROLE_RX);
		w->burst = (uint16_t)cfg.burst;
		w->pkt_size = r->pkt_size;
		w->inflight = cfg.inflight;
		w->drain = port_is_loopback(r->port->id);
		if (cfg.latency) {
			w->hist = rte_malloc(NULL, sizeof(*w->hist), 0);
			if (w->hist == NULL)
				return -1;
			lo_perf_hist_init(w->hist);
		}
	}
	__atomic_store_n(&lo_stop, false, __ATOMIC_RELAXED);
	__atomic_store_n(&lo_measuring, false, __ATOMIC_RELAXED);
	RTE_LCORE_FOREACH_WORKER(lcore) {
		if (wi == r->nb_workers)
			break;
		if (rte_eal_remote_launch(worker_main, &r->w[wi++], lcore) != 0) {
			fprintf(stderr, "lo-perf: cannot launch a worker on lcore %u\n", lcore);
			__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
			rte_eal_mp_wait_lcore();
			return -1;
		}
	}

	if (wait_for(cfg.warmup, r, "warm-up")) {
		__atomic_store_n(&lo_measuring, true, __ATOMIC_RELAXED);
		for (i = 0; i < r->trials && !interrupted; i++) {
			struct lo_perf_counters c;
			struct lo_perf_rate rate;
			uint64_t p0, b0, p1, b1, t0, t1, pp0, pb0, pp1, pb1, bytes;

			workers_sum(r, &c, &p0, &b0);
			port_totals(r, &pp0, &pb0);
			t0 = rte_rdtsc();
			wait_for(cfg.duration, r, "trial");
			workers_sum(r, &c, &p1, &b1);
			port_totals(r, &pp1, &pb1);
			t1 = rte_rdtsc();
			/* an interrupted trial still counts if it ran 0.1 s */
			if (interrupted && (t1 - t0) < hz / 10)
				break;
			/*
			 * Bytes as the port counted them: its mean packet size in
			 * this window times the app's packets. A port that counts
			 * no bytes leaves the app's own count (--pkt-size each).
			 */
			bytes = b1 - b0;
			if (pp1 > pp0 && pb1 > pb0)
				bytes = (uint64_t)((double)(pb1 - pb0) / (double)(pp1 - pp0) *
					(double)(p1 - p0) + 0.5);
			else if (p1 > p0)
				r->bytes_assumed = true;
			lo_perf_rate(p1 - p0, bytes, t1 - t0, hz, r->nb_workers, &rate);
			r->mpps[r->done] = rate.mpps;
			r->gbps[r->done] = rate.gbps;
			r->gbps_l1[r->done] = rate.gbps_l1;
			r->cyc[r->done] = rate.cyc_per_pkt;
			r->done++;
		}
	}
	__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	if (cfg.progress)
		fprintf(stderr, "\r%60s\r", "");

	/* Honest counting: this run's app totals against the port's own stats. */
	drained = port_drain(r->port, &drained_bytes);
	if (r->peer != NULL)
		drained += port_drain(r->peer, &drained_bytes);
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < r->nb_workers; i++) {
		lo_perf_counters_add(&sum, &r->w[i].cnt);
		if (r->w[i].error != 0)
			r->error = -1;
		if (r->w[i].hist != NULL) {
			lo_perf_hist_merge(&r->hist, r->w[i].hist);
			rte_free(r->w[i].hist);
		}
	}
	sum.rx_pkts += drained;
	sum.rx_bytes += drained_bytes;
	memset(&st, 0, sizeof(st));
	memset(&st2, 0, sizeof(st2));
	rte_eth_stats_get(r->port->id, &st);
	if (r->peer != NULL) {
		rte_eth_stats_get(r->peer->id, &st2);
		st.ipackets += st2.ipackets;
		st.opackets += st2.opackets;
		st.ibytes += st2.ibytes;
		st.obytes += st2.obytes;
	}
	if ((st.ipackets != sum.rx_pkts || st.opackets != sum.tx_pkts) && r->mismatch[0] == '\0')
		snprintf(r->mismatch, sizeof(r->mismatch),
			"app rx %" PRIu64 " tx %" PRIu64 " != port %s ipackets %" PRIu64 " opackets %" PRIu64,
			sum.rx_pkts, sum.tx_pkts, r->port->name, st.ipackets, st.opackets);
	/* bytes too, where both sides count them: the app's own are real, the port counts */
	if (!cfg.engine->bytes_assumed && (st.ibytes != 0 || st.obytes != 0) &&
			(st.ibytes != sum.rx_bytes || st.obytes != sum.tx_bytes) &&
			r->mismatch[0] == '\0')
		snprintf(r->mismatch, sizeof(r->mismatch),
			"app rx bytes %" PRIu64 " tx bytes %" PRIu64 " != port %s ibytes %" PRIu64
			" obytes %" PRIu64, sum.rx_bytes, sum.tx_bytes, r->port->name, st.ibytes,
			st.obytes);
	if (r->bytes_assumed && !bytes_note[r->port->id]) {
		bytes_note[r->port->id] = true;
		printf("lo-perf: port %s%s counts no bytes: its Gbps assume %u bytes a packet "
			"(--pkt-size)\n", r->port->name, r->peer != NULL ? " or its peer" : "",
			r->pkt_size);
	}
	lo_perf_counters_add(&r->total, &sum);
	rte_eth_dev_stop(r->port->id);
	if (r->peer != NULL)
		rte_eth_dev_stop(r->peer->id);
	if (r->error != 0)
		fprintf(stderr, "lo-perf: %s on %s: a worker could not run (mbuf pool exhausted?)\n",
			cfg.engine->name, r->port->name);
	return r->error;
}

/* --- main ---------------------------------------------------------------------- */

static void
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
print_ratios(double (*paired)[MAX_SIZES][MAX_PORTS])
{
	unsigned int s, p;

	if (cfg.nb_ports < 2)
		return;
	printf("\nratios to %s (median of per-trial paired ratios, interleaved runs):\n",
		cfg.ports[0]);
	for (s = 0; s < cfg.nb_sizes; s++)
		for (p = 1; p < cfg.nb_ports; p++)
			printf("lo-perf: compare engine=%s pkt=%u %s/%s=%.3f\n", cfg.engine->name,
				cfg.sizes[s], cfg.ports[p], cfg.ports[0], (*paired)[s][p]);
}

int
main(int argc, char **argv)
{
	char *eal_argv[32];
	int eal_argc, app_argc, i, sep = -1, ret;
	char **app_argv;
	struct port_ctx ports[MAX_PORTS], peers[MAX_PORTS];
	struct lo_perf_report rep;
	static double paired[MAX_SIZES][MAX_PORTS];
	static char peer_names[MAX_PORTS][RTE_ETH_NAME_MAX_LEN + 64];
	static struct run runs[MAX_SIZES][MAX_PORTS];
	unsigned int s, p, t, need, workers;
	uint32_t max_pkt = 0;
	int exit_code = 0;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	/* App options first, so bad input fails before any EAL work. */
	app_argc = sep < 0 ? argc : argc - sep;
	app_argv = sep < 0 ? argv : argv + sep;
	if (sep >= 0)
		app_argv[0] = argv[0];
	parse_options(app_argc, app_argv);

	if (sep < 0 || sep == 1) {
		/* no EAL section, or an empty one ("lo-perf -- --duration 3"): the defaults */
		eal_argc = default_eal_args(argv[0], eal_argv, RTE_DIM(eal_argv));
		if (eal_argc < 0) {
			fprintf(stderr, "lo-perf: cannot read this process's CPU set\n");
			return EXIT_RUNTIME;
		}
		ret = rte_eal_init(eal_argc, eal_argv);
	} else {
		char **user = user_eal_args(argv, sep, &eal_argc);

		if (user == NULL) {
			fprintf(stderr, "lo-perf: out of memory\n");
			return EXIT_RUNTIME;
		}
		ret = rte_eal_init(eal_argc, user);
	}
	if (ret < 0) {
		fprintf(stderr, "lo-perf: EAL init failed: %s\n", rte_strerror(rte_errno));
		return EXIT_RUNTIME;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* a reader that went away is a write error (exit 2), not a silent death */
	signal(SIGPIPE, SIG_IGN);

	need = cfg.queues * cfg.engine->lcores_per_queue;
	workers = rte_lcore_count() - 1;
	if (need > workers) {
		fprintf(stderr, "lo-perf: engine %s with %u queue(s) needs %u worker lcores; EAL has %u (give more with -l/--lcores)\n",
			cfg.engine->name, cfg.queues, need, workers);
		rte_eal_cleanup();
		return EXIT_USAGE;
	}
	if (cfg.latency) {
		static const struct rte_mbuf_dynfield ts_field = {
			.name = "lo_perf_tsc",
			.size = sizeof(uint64_t),
			.align = __alignof__(uint64_t),
		};

		lo_ts_offset = rte_mbuf_dynfield_register(&ts_field);
		if (lo_ts_offset < 0) {
			fprintf(stderr, "lo-perf: cannot register the timestamp field: %s\n",
				rte_strerror(rte_errno));
			rte_eal_cleanup();
			return EXIT_RUNTIME;
		}
	}
	for (s = 0; s < cfg.nb_sizes; s++)
		max_pkt = RTE_MAX(max_pkt, cfg.sizes[s]);
	for (p = 0; p < cfg.nb_ports; p++) {
		if (port_resolve(cfg.ports[p], &ports[p]) != 0)
			goto fail;
		if (strcmp(cfg.engine->name, "rxonly") == 0 && port_is_loopback(ports[p].id)) {
			fprintf(stderr, "lo-perf: rxonly on %s: a loopback port receives only what it "
				"sends, so nothing would arrive; use pipeline (txonly and rxonly on two "
				"lcores) or txonly\n", ports[p].name);
			goto fail_usage;
		}
		for (t = 0; t < p; t++)
			if (ports[t].id == ports[p].id) {
				fprintf(stderr, "lo-perf: --compare names port %u twice ('%s' and '%s')\n",
					ports[p].id, ports[t].name, ports[p].name);
				goto fail_usage;
			}
		if (port_pool(&ports[p], need, max_pkt) != 0)
			goto fail;
		if (cfg.engine->nb_ports == 2) {
			/* the name outlives this block: ports keep it */
			char *peer = peer_names[p];
			size_t len = strcspn(cfg.ports[p], ",");

			if (cfg.peer != NULL)
				snprintf(peer, sizeof(peer_names[p]), "%s", cfg.peer);
			else	/* net_lo1,k=v -> net_lo1_peer,k=v */
				snprintf(peer, sizeof(peer_names[p]), "%.*s_peer%s", (int)len,
					cfg.ports[p], cfg.ports[p] + len);
			if (port_resolve(peer, &peers[p]) != 0)
				goto fail;
			if (peers[p].id == ports[p].id) {
				fprintf(stderr, "lo-perf: --peer '%s' is the port itself ('%s')\n",
					peers[p].name, ports[p].name);
				goto fail_usage;
			}
			if (port_pool(&peers[p], need, max_pkt) != 0)
				goto fail;
		}
	}

	printf("lo-perf: %s, engine %s, %u worker lcore(s), warm-up %gs, %u trial(s) of %gs, %s\n",
		rte_version(), cfg.engine->name, need, cfg.warmup, cfg.trials, cfg.duration,
		rte_eal_has_hugepages() ? "hugepages" : "4 KB pages (--no-huge)");
	fflush(stdout);

	/* Trials interleaved across ports (A B A B); one warm-up per run. */
	for (s = 0; s < cfg.nb_sizes; s++) {
		for (p = 0; p < cfg.nb_ports; p++) {
			struct run *r = &runs[s][p];

			r->port = &ports[p];
			r->peer = cfg.engine->nb_ports == 2 ? &peers[p] : NULL;
			r->pkt_size = cfg.sizes[s];
			r->nb_workers = need;
			r->w = rte_zmalloc(NULL, need * sizeof(*r->w), RTE_CACHE_LINE_SIZE);
			r->mpps = calloc(cfg.trials, sizeof(double));
			r->gbps = calloc(cfg.trials, sizeof(double));
			r->gbps_l1 = calloc(cfg.trials, sizeof(double));
			r->cyc = calloc(cfg.trials, sizeof(double));
			lo_perf_hist_init(&r->hist);
			if (r->w == NULL || r->mpps == NULL || r->gbps == NULL || r->gbps_l1 == NULL ||
					r->cyc == NULL)
				goto fail;
		}
		if (cfg.nb_ports == 1) {
			runs[s][0].trials = cfg.trials;
			if (run_once(&runs[s][0]) != 0)
				goto fail;
		} else {
			for (t = 0; t < cfg.trials && !interrupted; t++)
				for (p = 0; p < cfg.nb_ports && !interrupted; p++) {
					runs[s][p].trials = 1;
					if (run_once(&runs[s][p]) != 0)
						goto fail;
				}
		}
		if (interrupted)
			break;
	}

	/* Report what was measured, also after Ctrl-C. */
	lo_perf_report_init(&rep);
	fill_report_header(&rep);
	for (s = 0; s < cfg.nb_sizes; s++) {
		for (p = 0; p < cfg.nb_ports; p++) {
			struct run *r = &runs[s][p];
			struct lo_perf_result x;

			if (r->done == 0)
				continue;
			memset(&x, 0, sizeof(x));
			snprintf(x.engine, sizeof(x.engine), "%s", cfg.engine->name);
			snprintf(x.port, sizeof(x.port), "%s", cfg.ports[p]);
			x.pkt_size = r->pkt_size;
			x.burst = (uint16_t)cfg.burst;
			x.queues = (uint16_t)cfg.queues;
			x.lcores = (uint16_t)need;
			lo_perf_stat_of(r->mpps, r->done, &x.mpps);
			lo_perf_stat_of(r->gbps, r->done, &x.gbps);
			lo_perf_stat_of(r->gbps_l1, r->done, &x.gbps_l1);
			lo_perf_stat_of(r->cyc, r->done, &x.cyc_per_pkt);
			x.rx_pkts = r->total.rx_pkts;
			x.tx_pkts = r->total.tx_pkts;
			x.drops = r->total.drops;
			if (cfg.latency && r->hist.count > 0) {
				const uint64_t hz = rte_get_tsc_hz();

				x.latency = true;
				x.lat_min_ns = lo_perf_cycles_to_ns(r->hist.min, hz);
				x.lat_p50_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 50), hz);
				x.lat_p99_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 99), hz);
				x.lat_p999_ns = lo_perf_cycles_to_ns(lo_perf_hist_percentile(&r->hist, 99.9), hz);
				x.lat_max_ns = lo_perf_cycles_to_ns(r->hist.max, hz);
			}
			if (r->mismatch[0] == '\0' && r->done > 0 && x.mpps.median <= 0)
				snprintf(r->mismatch, sizeof(r->mismatch),
					"%s on %s measured 0 packets", cfg.engine->name, r->port->name);
			snprintf(x.mismatch, sizeof(x.mismatch), "%s", r->mismatch);
			if (r->mismatch[0] != '\0')
				fprintf(stderr, "lo-perf: failed: %s\n", r->mismatch);
			lo_perf_report_add(&rep, &x);
		}
		/* paired ratios: trial t of port p over trial t of port 0 */
		for (p = 1; p < cfg.nb_ports; p++) {
			double v[MAX_TRIALS];
			struct lo_perf_stat st;
			unsigned int n = RTE_MIN(runs[s][p].done, runs[s][0].done);

			for (t = 0; t < n; t++)
				v[t] = runs[s][0].mpps[t] > 0 ? runs[s][p].mpps[t] / runs[s][0].mpps[t] : 0;
			lo_perf_stat_of(v, n, &st);
			paired[s][p] = st.median;
		}
	}
	if (interrupted) {
		printf("lo-perf: interrupted; results so far\n");
		exit_code = 128 + SIGINT;
	}
	lo_perf_write_table(stdout, &rep);
	for (i = 0; i < (int)rep.n; i++)
		lo_perf_write_summary(stdout, &rep.results[i]);
	print_ratios(&paired);
	if (cfg.json != NULL && write_file(cfg.json, lo_perf_write_json, &rep) != 0)
		exit_code = EXIT_RUNTIME;
	if (cfg.csv != NULL && write_file(cfg.csv, lo_perf_write_csv, &rep) != 0)
		exit_code = EXIT_RUNTIME;
	if (cfg.plot != NULL && plot(cfg.plot, &rep) != 0)
		exit_code = EXIT_RUNTIME;
	if (cfg.baseline != NULL) {
		unsigned int bad, judged = 0;

		for (i = 0; i < (int)rep.n; i++)
			judged += lo_perf_report_find(&baseline, &rep.results[i]) != NULL;
		bad = lo_perf_compare(&rep, &baseline, cfg.tolerance, stdout);
		if (judged == 0) {
			fprintf(stderr, "lo-perf: --baseline %s holds none of this run's scenarios: "
				"nothing was judged\n", cfg.baseline);
			if (exit_code == 0)
				exit_code = EXIT_RUNTIME;
		}
		if (bad > 0) {
			printf("lo-perf: %u scenario(s) regressed beyond %.1f%%\n", bad,
				cfg.tolerance);
			if (exit_code == 0)
				exit_code = EXIT_REGRESSED;
		}
		lo_perf_report_free(&baseline);
	}
	for (i = 0; i < (int)rep.n; i++)
		if (rep.results[i].mismatch[0] != '\0' && exit_code == 0)
			exit_code = EXIT_RUNTIME;
	lo_perf_report_free(&rep);
	for (p = 0; p < cfg.nb_ports; p++) {
		rte_eth_dev_close(ports[p].id);
		if (cfg.engine->nb_ports == 2)
			rte_eth_dev_close(peers[p].id);
	}
	rte_eal_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "lo-perf: writing the results to standard output failed\n");
		if (exit_code == 0 || exit_code == EXIT_REGRESSED)
			exit_code = EXIT_RUNTIME;
	}
	return exit_code;
fail:
	__atomic_store_n(&lo_stop, true, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	rte_eal_cleanup();
	return EXIT_RUNTIME;
fail_usage:
	rte_eal_cleanup();
	return EXIT_USAGE;
}
