/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * The burst functions, and nothing else. Each is a gate check, a ring call,
 * the counter updates and a return; the control path validated everything
 * they rely on. lo_ethdev.c picks one rx/tx pair at probe from the
 * byte_stats devarg, so no per-packet flag is tested here.
 */

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "lo.h"

static __rte_always_inline bool
lo_gate_open(const uint8_t *open)
{
	/* relaxed: a link flip takes effect at the next burst, no data hangs on it */
	return __atomic_load_n(open, __ATOMIC_RELAXED) != 0;
}

static __rte_always_inline uint16_t
lo_rx_burst(struct lo_rxq *rxq, struct rte_mbuf **pkts, uint16_t nb_pkts, bool count_bytes)
{
	const uint16_t port = rxq->port_id;
	uint64_t bytes = 0;
	unsigned int i, n;

	if (unlikely(!lo_gate_open(&rxq->open)))
		return 0;
	n = rte_ring_sc_dequeue_burst(rxq->ring, (void **)pkts, nb_pkts, NULL);
	if (n == 0)
		return 0;
	if (count_bytes) {
		/* The one touch of each mbuf: make it look received here. */
		for (i = 0; i < n; i++) {
			struct rte_mbuf *m = pkts[i];

			m->port = port;
			m->ol_flags &= ~RTE_MBUF_F_TX_OFFLOAD_MASK;
			bytes += m->pkt_len;
		}
		lo_counter_add(&rxq->stats.bytes, bytes);
	}
	lo_counter_add(&rxq->stats.packets, n);
	return (uint16_t)n;
}

static __rte_always_inline uint16_t
lo_tx_burst(struct lo_txq *txq, struct rte_mbuf **pkts, uint16_t nb_pkts, bool count_bytes)
{
	unsigned int free_space, used, i, n;
	uint64_t bytes = 0;

	if (unlikely(!lo_gate_open(&txq->open)))
		return 0;
	/*
	 * Read lengths before the enqueue: once a pointer is in the ring the
	 * rx lcore may own, change or free that mbuf.
	 */
	if (count_bytes)
		for (i = 0; i < nb_pkts; i++)
			bytes += pkts[i]->pkt_len;
	n = rte_ring_sp_enqueue_burst(txq->ring, (void **)pkts, nb_pkts, &free_space);
	if (unlikely(n < nb_pkts)) {
		/* The rejected tail is still the caller's, so still ours to read. */
		if (count_bytes)
			for (i = n; i < nb_pkts; i++)
				bytes -= pkts[i]->pkt_len;
		lo_counter_add(&txq->stats.ring_full, nb_pkts - n);
	}
	used = txq->capacity - free_space;
	if (unlikely(used > lo_counter_read(&txq->stats.ring_hwm)))
		__atomic_store_n(&txq->stats.ring_hwm, used, __ATOMIC_RELAXED);
	if (count_bytes)
		lo_counter_add(&txq->stats.bytes, bytes);
	lo_counter_add(&txq->stats.packets, n);
	return (uint16_t)n;
}

/*
 * Rx, byte counting: called only by the lcore polling this queue; the
 * returned mbufs are the caller's, with port set to this port and Tx
 * offload requests cleared.
 */
uint16_t
lo_rx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_rx_burst(queue, pkts, nb_pkts, true);
}

/*
 * Tx, byte counting: called only by the lcore polling this queue; the first
 * returned-count mbufs now belong to the driver, the rest stay the caller's.
 */
uint16_t
lo_tx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_burst(queue, pkts, nb_pkts, true);
}

/*
 * Rx, pointer only (byte_stats=off): as lo_rx but the mbufs are not touched
 * at all, so port and ol_flags are as the sender left them.
 */
uint16_t
lo_rx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_rx_burst(queue, pkts, nb_pkts, false);
}

/* Tx, pointer only (byte_stats=off): as lo_tx without reading the mbufs. */
uint16_t
lo_tx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_burst(queue, pkts, nb_pkts, false);
}

/* Packets waiting in the queue's ring; any lcore, a snapshot. */
uint32_t
lo_rx_queue_count(void *queue)
{
	const struct lo_rxq *rxq = queue;

	return rte_ring_count(rxq->ring);
}
