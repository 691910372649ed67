/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Measured runs: start the port, launch the engine on the workers, warm
 * up, measure each trial from the workers' counters and the port's own,
 * stop, drain, and check the app's counts against the port's.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "lo_perf_main.h"

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

int
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
		st.oerrors += st2.oerrors;
	}
	/*
	 * What the port accepted is what it sent plus what it dropped on
	 * transmit (oerrors: net_lo's tx_drop_ppm, a NIC's tx errors).
	 */
	if ((st.ipackets != sum.rx_pkts || st.opackets + st.oerrors != sum.tx_pkts) &&
			r->mismatch[0] == '\0')
		snprintf(r->mismatch, sizeof(r->mismatch),
			"app rx %" PRIu64 " tx %" PRIu64 " != port %s ipackets %" PRIu64 " opackets %"
			PRIu64 " + oerrors %" PRIu64, sum.rx_pkts, sum.tx_pkts, r->port->name,
			st.ipackets, st.opackets, st.oerrors);
	/*
	 * Bytes too, where both sides count them: the app's own are real, the
	 * port counts; not on tx when the port dropped some (their bytes are
	 * in neither obytes nor a counter of their own).
	 */
	if (!cfg.engine->bytes_assumed && (st.ibytes != 0 || st.obytes != 0) &&
			(st.ibytes != sum.rx_bytes || (st.oerrors == 0 && st.obytes != sum.tx_bytes)) &&
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

int
run_init(struct run *r, const struct port_ctx *port, const struct port_ctx *peer,
	uint32_t pkt_size, unsigned int workers)
{
	memset(r, 0, sizeof(*r));
	r->port = port;
	r->peer = peer;
	r->pkt_size = pkt_size;
	r->nb_workers = workers;
	lo_perf_hist_init(&r->hist);
	r->w = rte_zmalloc(NULL, workers * sizeof(*r->w), RTE_CACHE_LINE_SIZE);
	return r->w == NULL ? -1 : 0;
}

void
run_free(struct run *r)
{
	rte_free(r->w);
	r->w = NULL;
}

int
run_scenario(struct run *runs, unsigned int nb_ports)
{
	unsigned int t, p, i;

	if (nb_ports == 1) {
		runs[0].trials = cfg.trials;
		return run_once(&runs[0]);
	}
	/*
	 * One trial a port in turn, A B then B A: slow drifts of the machine
	 * hit all alike, and going first or second favours no port (in A B A B
	 * order the second port measured 3% slow against an identical first).
	 */
	for (t = 0; t < cfg.trials && !interrupted; t++)
		for (i = 0; i < nb_ports && !interrupted; i++) {
			p = t % 2 == 0 ? i : nb_ports - 1 - i;
			runs[p].trials = 1;
			if (run_once(&runs[p]) != 0)
				return -1;
		}
	return 0;
}
