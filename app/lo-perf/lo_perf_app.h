/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_PERF_APP_H
#define LO_PERF_APP_H

/*
 * lo-perf internals: what the engines and main.c share. An engine is one
 * small file with a loop run on each worker lcore; main.c sets up ports,
 * measures windows from the workers' counters, and reports through
 * liblo_perf. Engines do no rate arithmetic.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "lo_perf.h"

#define LO_MAX_BURST	512

enum lo_role {
	LO_ROLE_BOTH,	/* receive and send on this lcore */
	LO_ROLE_TX,	/* pipeline: the sending half */
	LO_ROLE_RX,	/* pipeline: the receiving half */
};

/* One worker lcore's job and its counters. */
struct lo_worker {
	uint16_t port;		/* receive (and, but for fwd, send) port */
	uint16_t peer;		/* fwd: the other port */
	uint16_t queue;
	uint16_t burst;
	uint32_t pkt_size;
	uint32_t inflight;	/* io/macswap/fwd: packets primed before the loop */
	bool drain;		/* txonly: the port loops back, so receive and free too */
	enum lo_role role;
	struct rte_mempool *pool;
	struct rte_mempool *peer_pool;

	/* Written by the worker only, read by main with relaxed loads. */
	struct lo_perf_counters cnt;
	struct lo_perf_hist *hist;	/* NULL without --latency */
	int error;			/* non-zero: the loop gave up (set before it returns) */
} __rte_cache_aligned;

struct lo_engine {
	const char *name;
	const char *help;
	unsigned int lcores_per_queue;	/* 2 for pipeline */
	unsigned int nb_ports;		/* 2 for fwd */
	bool figure_is_tx;		/* txonly: the rate counts sent packets */
	bool bytes_assumed;		/* counts n x --pkt-size bytes, never reading an mbuf */
	bool uses_inflight;		/* primes a working set of --inflight packets */
	int (*loop)(struct lo_worker *w);
};

extern const struct lo_engine *const lo_engines[];
const struct lo_engine *lo_engine_find(const char *name);

/* Set by main to end the loops; read once per burst. */
extern bool lo_stop;
/* Set by main when measuring starts, so latency skips the warm-up. */
extern bool lo_measuring;
/* Offset of the TSC stamp dynamic field, -1 without --latency. */
extern int lo_ts_offset;

static inline bool
lo_should_stop(void)
{
	return __atomic_load_n(&lo_stop, __ATOMIC_RELAXED);
}

static inline void
lo_count(uint64_t *c, uint64_t n)
{
	/* one writer: untorn store, no locked instruction */
	__atomic_store_n(c, *c + n, __ATOMIC_RELAXED);
}

/* Helpers shared by the engines (lo_engines.c). */
/* Allocate n packets of w->pkt_size from pool (contents set at pool init). */
int lo_alloc_pkts(struct rte_mempool *pool, uint32_t pkt_size, struct rte_mbuf **m, unsigned int n);
/* Send until all n are accepted or stop; returns how many were sent. */
unsigned int lo_send_all(uint16_t port, uint16_t queue, struct rte_mbuf **m, unsigned int n);
void lo_stamp_all(struct rte_mbuf **m, unsigned int n);
void lo_record_all(struct lo_worker *w, struct rte_mbuf **m, unsigned int n);

/* Stamp each mbuf with the TSC if --latency: inline, so it costs a test without. */
static __rte_always_inline void
lo_stamp(struct rte_mbuf **m, unsigned int n)
{
	if (unlikely(lo_ts_offset >= 0))
		lo_stamp_all(m, n);
}

/* Record each mbuf's latency if --latency and measuring. */
static __rte_always_inline void
lo_record(struct lo_worker *w, struct rte_mbuf **m, unsigned int n)
{
	if (unlikely(w->hist != NULL))
		lo_record_all(w, m, n);
}
/* One rxonly burst on w's port and queue (engine_rxonly.c; txonly drains with it). */
void lo_rxonly_burst(struct lo_worker *w);
/* Prime w->inflight packets on (port, queue): the tx-first working set. */
int lo_prime(struct lo_worker *w, uint16_t port, struct rte_mempool *pool);
/* Write the template packet (Ethernet/IPv4/UDP, size bytes) into every mbuf of pool. */
void lo_pool_fill(struct rte_mempool *pool, uint32_t size);

/*
 * Send n just-received mbufs on (to, w->queue), free what the port refuses,
 * and count: the tail shared by io, macswap and fwd. Inline: once a burst.
 */
static __rte_always_inline void
lo_forward(struct lo_worker *w, uint16_t to, struct rte_mbuf **m, uint16_t n)
{
	uint16_t sent;

	lo_stamp(m, n);
	sent = rte_eth_tx_burst(to, w->queue, m, n);
	if (unlikely(sent < n)) {
		rte_pktmbuf_free_bulk(m + sent, n - sent);
		lo_count(&w->cnt.drops, n - sent);
	}
	lo_count(&w->cnt.rx_pkts, n);
	lo_count(&w->cnt.rx_bytes, (uint64_t)n * w->pkt_size);
	lo_count(&w->cnt.tx_pkts, sent);
	lo_count(&w->cnt.tx_bytes, (uint64_t)sent * w->pkt_size);
}

#endif /* LO_PERF_APP_H */
