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
#include <rte_ring_peek_zc.h>

#include "lo.h"

static __rte_always_inline bool
lo_gate_open(const uint8_t *open)
{
	/* relaxed: a link flip takes effect at the next burst, no data hangs on it */
	return __atomic_load_n(open, __ATOMIC_RELAXED) != 0;
}

/*
 * The ring's zero-copy API hands out the slots as at most two contiguous
 * spans, so moving pointers is a straight loop the compiler vectorizes,
 * instead of rte_ring's per-element wrap-around index.
 */
static __rte_always_inline void
lo_copy(struct rte_mbuf **dst, struct rte_mbuf *const *src, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

/*
 * Make received mbufs look received here; returns their bytes. Fields are
 * written only when wrong: mbufs that circulate through a loopback already
 * carry this port, and a store that changes nothing still dirties the line
 * (on 4 KB pages, 0.43x instead of 0.25x net_ring in testpmd io).
 */
static __rte_always_inline uint64_t
lo_rx_mark(struct rte_mbuf **pkts, unsigned int n, uint16_t port)
{
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		bytes += m->pkt_len;
		if (unlikely(m->port != port ||
				(m->ol_flags & RTE_MBUF_F_TX_OFFLOAD_MASK) != 0)) {
			m->port = port;
			m->ol_flags &= ~RTE_MBUF_F_TX_OFFLOAD_MASK;
		}
	}
	return bytes;
}

static __rte_always_inline uint64_t
lo_tx_bytes(struct rte_mbuf *const *pkts, unsigned int n)
{
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		bytes += pkts[i]->pkt_len;
	return bytes;
}

static __rte_always_inline uint16_t
lo_rx_burst(struct lo_rxq *rxq, struct rte_mbuf **pkts, uint16_t nb_pkts, bool count_bytes)
{
	/* initialized only for the compiler: the ST ring always sets it */
	struct rte_ring_zc_data zcd = { .n1 = 0 };
	unsigned int n;

	if (unlikely(!lo_gate_open(&rxq->open)))
		return 0;
	n = rte_ring_dequeue_zc_burst_start(rxq->ring, nb_pkts, &zcd, NULL);
	if (n == 0)
		return 0;
	lo_copy(pkts, zcd.ptr1, zcd.n1);
	if (unlikely(n > zcd.n1))
		lo_copy(pkts + zcd.n1, zcd.ptr2, n - zcd.n1);
	rte_ring_dequeue_zc_finish(rxq->ring, n);
	if (count_bytes)
		lo_counter_add(&rxq->stats.bytes, lo_rx_mark(pkts, n, rxq->port_id));
	lo_counter_add(&rxq->stats.packets, n);
	return (uint16_t)n;
}

static __rte_always_inline uint16_t
lo_tx_burst(struct lo_txq *txq, struct rte_mbuf **pkts, uint16_t nb_pkts, bool count_bytes)
{
	/* initialized only for the compiler: the ST ring always sets them */
	struct rte_ring_zc_data zcd = { .n1 = 0 };
	unsigned int free_space = 0, used, n;
	uint64_t bytes = 0;

	if (unlikely(!lo_gate_open(&txq->open)))
		return 0;
	n = rte_ring_enqueue_zc_burst_start(txq->ring, nb_pkts, &zcd, &free_space);
	/*
	 * The rx lcore sees the slots only at zc_finish, so until then the
	 * accepted mbufs are still ours to read; refused ones are not read.
	 */
	if (count_bytes)
		bytes = lo_tx_bytes(pkts, n);
	lo_copy(zcd.ptr1, pkts, zcd.n1);
	if (unlikely(n > zcd.n1))
		lo_copy(zcd.ptr2, pkts + zcd.n1, n - zcd.n1);
	rte_ring_enqueue_zc_finish(txq->ring, n);
	if (unlikely(n < nb_pkts))
		lo_counter_add(&txq->stats.ring_full, nb_pkts - n);
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
