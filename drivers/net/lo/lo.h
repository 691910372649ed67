/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_H
#define LO_H

/*
 * net_lo private header: queue and port state shared by the control path
 * (lo_ethdev.c) and the burst functions (lo_rxtx.c).
 *
 * Tx queue i feeds the ring owned by rx queue i; rx queue i drains it. Each
 * ring is single-producer/single-consumer: the ethdev contract gives every
 * queue one polling lcore.
 *
 * Counters have one writer. The datapath counters (packets, bytes,
 * ring_full, ring_hwm) are written only by the queue's lcore, with relaxed
 * atomic load+store (never a locked instruction); drops are written only by
 * the control path, when it drains a quiesced ring. Readers use relaxed
 * loads. A reset copies the current values into a base that the readers
 * subtract, so it never writes a datapath counter.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_ring.h>

#include "lo_devargs.h"

extern int lo_logtype;

#define LO_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, lo_logtype, "net_lo: " fmt "\n", ## __VA_ARGS__)

/* Per-queue counters; every field is a uint64_t so one table can read them. */
struct lo_rxq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t drops;		/* freed undelivered when the ring was drained */
};

struct lo_txq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t ring_full;	/* rejected because the ring was full */
	uint64_t ring_hwm;	/* highest ring occupancy seen after a burst */
};

struct lo_rxq {
	/* Read by the datapath. */
	struct rte_ring *ring;	/* owned: lo_ring_create()/lo_ring_free() */
	uint8_t open;		/* link up and queue started */
	uint16_t port_id;
	struct lo_rxq_stats stats;

	/* Control path only. */
	struct lo_rxq_stats base __rte_cache_aligned;
	struct rte_mempool *mb_pool;
	struct rte_eth_rxconf conf;
} __rte_cache_aligned;

struct lo_txq {
	/* Read by the datapath. */
	struct rte_ring *ring;	/* borrowed at start from the rx queue of the same id */
	uint8_t open;		/* link up and queue started */
	uint32_t capacity;	/* of ring */
	struct lo_txq_stats stats;

	/* Control path only. */
	struct lo_txq_stats base __rte_cache_aligned;
	struct rte_eth_txconf conf;
	uint16_t nb_desc;	/* reported only: tx has no ring of its own */
} __rte_cache_aligned;

struct lo_private {
	struct lo_params params;
	struct rte_ether_addr mac;	/* data->mac_addrs points here */
};

/* Datapath counter update: one writer, so a plain load+store, untorn. */
static __rte_always_inline void
lo_counter_add(uint64_t *c, uint64_t n)
{
	/* relaxed: readers only need an untorn value, not ordering */
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

static __rte_always_inline uint64_t
lo_counter_read(const uint64_t *c)
{
	/* relaxed: statistics are a snapshot, ordering across queues is moot */
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/* lo_rxtx.c: the burst functions, in byte-counting and pointer-only pairs. */
uint16_t lo_rx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_rx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint32_t lo_rx_queue_count(void *queue);

#endif /* LO_H */
