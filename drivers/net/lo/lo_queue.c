/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's queues and their rings: rx queue setup creates the ring (and
 * its byte totals) that tx queues feed, release drains and frees it; queue
 * start/stop, queue info, burst mode names, tx done cleanup.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "lo.h"
#include "lo_ethdev.h"
#include "lo_offload.h"

/* Free every mbuf left in a ring; the caller makes sure no lcore dequeues. */
static unsigned int
lo_ring_drain(struct rte_ring *ring)
{
	struct rte_mbuf *burst[LO_DRAIN_BURST];
	unsigned int n, total = 0;

	while ((n = rte_ring_sc_dequeue_burst(ring, (void **)burst, RTE_DIM(burst), NULL)) > 0) {
		rte_pktmbuf_free_bulk(burst, n);
		total += n;
	}
	return total;
}

void
lo_rxq_drain(struct lo_rxq *rxq)
{
	unsigned int n = lo_ring_drain(rxq->r.ring);

	/* control path is the only writer of drops */
	if (n > 0)
		lo_counter_add(&rxq->stats.drops, n);
}

/*
 * The one creator of a queue's ring: exact size, on the queue's socket,
 * with its array of byte totals when the port counts bytes (lo.h).
 */
static int
lo_ring_create(struct lo_ring_ref *r, uint16_t port_id, uint16_t queue_id, uint16_t nb_desc,
	int socket_id, bool count_bytes)
{
	struct rte_ring_zc_data zcd;
	char name[RTE_RING_NAMESIZE];
	uint64_t *totals = NULL;
	struct rte_ring *ring;
	int ret;

	snprintf(name, sizeof(name), "net_lo_p%u_q%u", port_id, queue_id);
	ring = rte_ring_create(name, nb_desc, socket_id,
		RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	if (ring == NULL) {
		LO_LOG(ERR, "port %u queue %u: cannot create ring of %u on socket %d: %s",
			port_id, queue_id, nb_desc, socket_id, rte_strerror(rte_errno));
		return rte_errno != 0 ? -rte_errno : -ENOMEM;
	}
	/*
	 * The datapath finds a span's slot index by its offset from the slot
	 * array, which rte_ring places right after its header; make sure the
	 * zero-copy API agrees (a start followed by finish(0) changes nothing).
	 */
	ret = rte_ring_enqueue_zc_burst_start(ring, 1, &zcd, NULL) == 1 &&
		zcd.ptr1 == (void *)lo_ring_slots(ring);
	rte_ring_enqueue_zc_finish(ring, 0);
	if (!ret) {
		LO_LOG(ERR, "port %u queue %u: this rte_ring does not keep its slots after "
			"its header", port_id, queue_id);
		ret = -ENOTSUP;
		goto err_free_ring;
	}
	if (count_bytes) {
		/* zeroed: the total before the first packet, read at slot -1 */
		totals = rte_zmalloc_socket("net_lo_totals", sizeof(*totals) * ring->size,
			RTE_CACHE_LINE_SIZE, socket_id);
		if (totals == NULL) {
			LO_LOG(ERR, "port %u queue %u: out of memory for %u byte totals on "
				"socket %d", port_id, queue_id, ring->size, socket_id);
			ret = -ENOMEM;
			goto err_free_ring;
		}
	}
	*r = (struct lo_ring_ref){ .ring = ring, .totals = totals };
	return 0;

err_free_ring:
	rte_ring_free(ring);
	return ret;
}

/* The one destroyer of a queue's ring: frees what waits in it, then it. */
static void
lo_ring_free(struct lo_ring_ref *r)
{
	lo_ring_drain(r->ring);
	rte_free(r->totals);
	rte_ring_free(r->ring);
	memset(r, 0, sizeof(*r));
}

/* Tx queues of dev that send into ring let go of it. */
static void
lo_ring_forget(struct rte_eth_dev *dev, const struct rte_ring *ring)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct lo_txq *txq = dev->data->tx_queues[i];

		if (txq != NULL && txq->r.ring == ring)
			memset(&txq->r, 0, sizeof(txq->r));
	}
}

void
lo_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = dev->data->rx_queues[qid];
	struct rte_eth_dev *peer = lo_peer_of(dev);

	if (rxq == NULL)
		return;
	lo_ring_forget(dev, rxq->r.ring);
	if (peer != NULL)
		lo_ring_forget(peer, rxq->r.ring);
	lo_ring_free(&rxq->r);
	rte_free(rxq);
	dev->data->rx_queues[qid] = NULL;
}

void
lo_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	rte_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
lo_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		unsigned int socket_id, const struct rte_eth_rxconf *conf, struct rte_mempool *mb_pool)
{
	struct rte_eth_dev_data *data = dev->data;
	const struct lo_private *priv = data->dev_private;
	int socket = socket_id == (unsigned int)SOCKET_ID_ANY ? data->numa_node : (int)socket_id;
	struct lo_rxq *rxq;
	int ret;

	rxq = rte_zmalloc_socket("net_lo_rxq", sizeof(*rxq), RTE_CACHE_LINE_SIZE, socket);
	if (rxq == NULL) {
		LO_LOG(ERR, "port %u rx queue %u: out of memory on socket %d", data->port_id,
			qid, socket);
		return -ENOMEM;
	}
	ret = lo_ring_create(&rxq->r, data->port_id, qid, nb_desc, socket,
		priv->params.byte_stats);
	if (ret != 0) {
		rte_free(rxq);
		return ret;
	}
	rxq->mb_pool = mb_pool;
	rxq->conf = *conf;
	rxq->intr_fd = -1;	/* lo_dev_start gives it its eventfd, if any */
	data->rx_queues[qid] = rxq;
	return 0;
}

int
lo_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		unsigned int socket_id, const struct rte_eth_txconf *conf)
{
	struct rte_eth_dev_data *data = dev->data;
	int socket = socket_id == (unsigned int)SOCKET_ID_ANY ? data->numa_node : (int)socket_id;
	struct lo_txq *txq;

	txq = rte_zmalloc_socket("net_lo_txq", sizeof(*txq), RTE_CACHE_LINE_SIZE, socket);
	if (txq == NULL) {
		LO_LOG(ERR, "port %u tx queue %u: out of memory on socket %d", data->port_id,
			qid, socket);
		return -ENOMEM;
	}
	txq->nb_desc = nb_desc;
	txq->conf = *conf;
	data->tx_queues[qid] = txq;
	return 0;
}

int
lo_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	lo_gates_update(dev);
	return 0;
}

/* The queue's lcore has stopped polling it; its ring is drained as on stop. */
int
lo_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	lo_gates_update(dev);
	lo_rxq_drain(dev->data->rx_queues[qid]);
	return 0;
}

int
lo_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	lo_gates_update(dev);
	return 0;
}

int
lo_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	lo_gates_update(dev);
	return 0;
}

void
lo_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_rxq_info *qinfo)
{
	const struct lo_rxq *rxq = dev->data->rx_queues[qid];

	qinfo->mp = rxq->mb_pool;
	qinfo->conf = rxq->conf;
	qinfo->scattered_rx = ((dev->data->dev_conf.rxmode.offloads | rxq->conf.offloads) &
		RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
	qinfo->nb_desc = rte_ring_get_capacity(rxq->r.ring); /* exact: nb_desc */
	qinfo->queue_state = dev->data->rx_queue_state[qid];
}

void
lo_txq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_txq_info *qinfo)
{
	const struct lo_txq *txq = dev->data->tx_queues[qid];

	qinfo->conf = txq->conf;
	qinfo->nb_desc = txq->nb_desc;
	qinfo->queue_state = dev->data->tx_queue_state[qid];
}

/* Which burst functions run, as rte_eth_{rx,tx}_burst_mode_get() report. */
int
lo_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
	struct rte_eth_burst_mode *mode)
{
	const char *info = dev->rx_pkt_burst == lo_rx ? "byte counting" : "pointer only";

	snprintf(mode->info, sizeof(mode->info), "%s", info);
	return 0;
}

int
lo_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_burst_mode *mode)
{
	static const char *const names[] = {
		[LO_TX_PTR] = "pointer only",
		[LO_TX_VECTOR] = "byte counting, vector check",
		[LO_TX_SCALAR] = "byte counting, scalar check",
		[LO_TX_FULL] = "offloads",
	};
	const struct lo_private *priv = dev->data->dev_private;
	const struct lo_txq *txq = dev->data->tx_queues[qid];
	size_t len, n = sizeof(mode->info);

	if (txq == NULL) {
		LO_LOG(ERR, "port %u: tx queue %u is not set up", dev->data->port_id, qid);
		return -EINVAL;
	}
	/* the queue's mode, set when it was wired (lo_wire) */
	len = snprintf(mode->info, n, "%s", txq->mode < RTE_DIM(names) ? names[txq->mode] :
		"unknown");
	if (txq->mode == LO_TX_FULL && txq->rx_data != NULL) {
		const struct lo_private *rpriv = txq->rx_data->dev_private;
		static const char *const rx_names[] = { "RSS", "checksum check", "packet types",
			"VLAN strip", "timestamp", "rx interrupt" };
		static const char *const tx_names[] = { "copy", "VLAN insert",
			"IPv4 checksum", "UDP checksum", "TCP checksum" };
		const char *sep = ": ";
		unsigned int b;

		for (b = 0; b < RTE_DIM(tx_names) && len < n; b++)
			if ((txq->txf & (1u << b)) != 0) {
				len += snprintf(mode->info + len, n - len, "%s%s", sep, tx_names[b]);
				sep = ", ";
			}
		for (b = 0; b < RTE_DIM(rx_names) && len < n; b++)
			if ((rpriv->rxf.flags & (1u << b)) != 0) {
				len += snprintf(mode->info + len, n - len, "%s%s", sep, rx_names[b]);
				sep = ", ";
			}
		/* the SIMD this process picked (lo_offload_select) */
		if (len < n)
			len += snprintf(mode->info + len, n - len, "; %s", lo_offload_variant());
	}
	if (!txq->shaped)
		return 0;
	if (priv->params.tx_pps != 0 && len < n)
		len += snprintf(mode->info + len, n - len, ", cap %u pps", priv->params.tx_pps);
	if (priv->params.tx_drop_ppm != 0 && len < n)
		len += snprintf(mode->info + len, n - len, ", drop %u ppm",
			priv->params.tx_drop_ppm);
	if (priv->params.tx_delay != 0 && len < n)
		snprintf(mode->info + len, n - len, ", delay %u cycles a burst",
			priv->params.tx_delay);
	return 0;
}

/* Tx holds no mbuf once a burst returns: nothing to free. */
int
lo_tx_done_cleanup(void *txq __rte_unused, uint32_t free_cnt __rte_unused)
{
	return 0;
}
