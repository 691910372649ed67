/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_PERF_MAIN_H
#define LO_PERF_MAIN_H

/*
 * What main.c's parts share: the configuration the options fill
 * (options.c), the EAL arguments (eal_args.c), ports (ports.c), the
 * measured runs (run.c) and the output (output.c).
 */

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

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
	bool retry;			/* --baseline: measure a regressed scenario again */
	bool port_given, tolerance_given, retry_given, inflight_given;
	bool progress;
};

extern struct config cfg;
/* --baseline, read with the options */
extern struct lo_perf_report baseline;
/* Set by SIGINT/SIGTERM. */
extern volatile sig_atomic_t interrupted;

/* options.c: every option checked, before EAL starts; exits on bad input. */
void parse_options(int argc, char **argv);

/* opt_values.c: each exits (EXIT_USAGE) with one line naming opt and value. */
void __rte_noreturn bad_option(const char *fmt, ...) __rte_format_printf(1, 2);
unsigned long parse_uint(const char *opt, const char *s, unsigned long min, unsigned long max);
double parse_double(const char *opt, const char *s, double min, double max);
/* A time: seconds, or with a unit: 500ms, 10s, 2m, 1h. */
double parse_seconds(const char *opt, const char *s, double min, double max);
/*
 * Split buf, a copy of the comma list arg, into at most max items in place;
 * commas inside [brackets] belong to the item. Returns the count.
 */
unsigned int split_list(const char *opt, const char *arg, char *buf, const char **items,
	unsigned int max);
/* Whether name is an executable file in one of $PATH's directories. */
bool have_program(const char *name);
/* Whether a and b name one file (both existing), or the same path. */
bool same_file(const char *a, const char *b);
/* The long option an argument of the EAL section names, or NULL. */
const char *app_option_named(const char *arg);
/* An output file must be writable before the benchmark runs, not after. */
void check_writable(const char *opt, const char *path);

/* eal_args.c: the EAL argv for the section before "--" (sep < 0: none). */
char **eal_args(char **argv, int sep, int *argc_out);

/* ports.c */
struct port_ctx {
	const char *name;
	uint16_t id;
	struct rte_mempool *pool;
};

bool port_is_loopback(uint16_t id);
int port_resolve(const char *spec, struct port_ctx *p);
int port_pool(struct port_ctx *p, unsigned int workers, uint32_t max_pkt);
int port_start(const struct port_ctx *p);
uint64_t port_drain(const struct port_ctx *p, uint64_t *bytes);
/* Resolve every compared port (and peer) and give each a pool; -EXIT_* on error. */
int ports_setup(struct port_ctx *ports, struct port_ctx *peers, unsigned int workers);
void ports_close(struct port_ctx *ports, struct port_ctx *peers);

/* run.c: one scenario (a packet size) on one port, over its trials. */
struct run {
	const struct port_ctx *port;
	const struct port_ctx *peer;
	uint32_t pkt_size;
	unsigned int trials;		/* to run in the next run_once() */
	unsigned int nb_workers;
	struct lo_worker *w;
	double mpps[MAX_TRIALS];
	double gbps[MAX_TRIALS];
	double gbps_l1[MAX_TRIALS];
	double cyc[MAX_TRIALS];
	unsigned int done;		/* trials completed */
	struct lo_perf_counters total;	/* app counters over the run */
	struct lo_perf_hist hist;
	char mismatch[320];
	bool bytes_assumed;		/* the port counts no bytes: Gbps from --pkt-size */
	int error;
};

int run_init(struct run *r, const struct port_ctx *port, const struct port_ctx *peer,
	uint32_t pkt_size, unsigned int workers);
void run_free(struct run *r);
int run_once(struct run *r);
/* All trials of one packet size on every port: interleaved A B A B. */
int run_scenario(struct run *runs, unsigned int nb_ports);

/* output.c */
/* The result of r, as the report stores it. */
void result_of(const struct run *r, const char *port, struct lo_perf_result *x);
void fill_report_header(struct lo_perf_report *rep);
/* Table, summary lines, ratios, files: 0, or EXIT_RUNTIME if a file failed. */
int report_write(const struct lo_perf_report *rep, const double (*paired)[MAX_PORTS]);
/* Whether a result's counts disagree with its port's (each named on stderr). */
bool report_mismatch(const struct lo_perf_report *rep);
/* The gate: 0, EXIT_REGRESSED or EXIT_RUNTIME (nothing judged). */
int report_judge(const struct lo_perf_report *rep);

#endif /* LO_PERF_MAIN_H */
