/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's start and stop: the burst functions picked for what the
 * application enabled (default, pointer-only, shaped, offloads), each tx
 * queue wired to the rings it feeds (its receiver, its producers: single
 * or HTS), the receiver's offload flags, and what stop undoes.
 */

#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_interrupts.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "lo.h"
#include "lo_ethdev.h"
#include "lo_offload.h"

/*
 * What tx makes of each mbuf it sends, as the vector lo_tx_touch() reads:
 * built from a scratch mbuf so that field order and byte order are the
 * compiler's business.
 */
static void
lo_txq_set_receiver(struct lo_txq *txq, uint16_t rx_port)
{
	struct rte_mbuf scratch;

	RTE_BUILD_BUG_ON(offsetof(struct rte_mbuf, port) < offsetof(struct rte_mbuf, rearm_data) ||
		offsetof(struct rte_mbuf, ol_flags) + sizeof(scratch.ol_flags) >
		offsetof(struct rte_mbuf, rearm_data) + sizeof(lo_u64x4) ||
		offsetof(struct rte_mbuf, packet_type) + sizeof(scratch.packet_type) >
		offsetof(struct rte_mbuf, rearm_data) + sizeof(lo_u64x4));
	/* what a tx burst reads and writes fits the queue's first two lines */
	RTE_BUILD_BUG_ON(offsetof(struct lo_txq, stats.ring_hwm) + sizeof(uint64_t) >
		2 * RTE_CACHE_LINE_SIZE);
	txq->rx_port = rx_port;
	memset(&scratch, 0, sizeof(scratch));
	scratch.port = UINT16_MAX;
	scratch.ol_flags = ~LO_KEEP_FLAGS;
	scratch.packet_type = UINT32_MAX;
	memcpy(&txq->mark_mask, &scratch.rearm_data, sizeof(txq->mark_mask));
	memset(&scratch, 0, sizeof(scratch));
	scratch.port = rx_port;
	memcpy(&txq->mark_want, &scratch.rearm_data, sizeof(txq->mark_want));
}

static void
lo_page_size_min(struct rte_mempool *mp __rte_unused, void *arg,
	struct rte_mempool_memhdr *memhdr, unsigned int idx __rte_unused)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(memhdr->addr);
	uint64_t *min = arg;

	if (msl != NULL && msl->page_sz < *min)
		*min = msl->page_sz;
}

/*
 * Whether a pool gives each mbuf a page of its own, so that the headers of a
 * burst sit at few page offsets and share few L1 sets: a pool on DPDK
 * pages under 2 MB (--no-huge) that fits fewer than four objects to a page
 * (one, with the default 2 KB data room) and whose objects may not cross
 * a page boundary (no RTE_MEMPOOL_F_NO_IOVA_CONTIG). There the scalar tx
 * check measures faster than the vector one (driver guide). Only a guess
 * at what tx will see: tx reads the sender's mbufs, which may come from
 * other pools. Either check is correct; only the speed differs.
 */
static bool
lo_pool_aliases(struct rte_mempool *mp)
{
	uint64_t page = UINT64_MAX;
	uint64_t obj = (uint64_t)mp->header_size + mp->elt_size + mp->trailer_size;

	rte_mempool_mem_iter(mp, lo_page_size_min, &page);
	return page < RTE_PGSIZE_2M && obj * 4 > page &&
		(mp->flags & RTE_MEMPOOL_F_NO_IOVA_CONTIG) == 0;
}

/* Whether a shaping devarg is set, so that lo_tx_shaped runs the queues' tx. */
static bool
lo_tx_shaped_by(const struct lo_params *p)
{
	return p->tx_delay != 0 || p->tx_drop_ppm != 0 || p->tx_pps != 0;
}

/* lo_tx_shaped's state from the devargs, fresh at every start. */
static void
lo_txq_shape(struct lo_txq *txq, const struct lo_private *priv)
{
	struct lo_tx_shape *sh = &txq->shape;
	const uint32_t pps = priv->params.tx_pps;

	memset(sh, 0, sizeof(*sh));
	sh->delay = priv->params.tx_delay;
	sh->drop_ppm = priv->params.tx_drop_ppm;
	if (pps != 0) {
		sh->pps_per_cycle = (double)pps / (double)rte_get_tsc_hz();
		/* a millisecond of traffic at once, and at least one burst */
		sh->bucket = RTE_MAX(32.0, (double)pps / 1000.0);
		sh->tokens = sh->bucket;
		sh->last_tsc = rte_rdtsc();
	}
}

/* The burst functions: rx from the byte_stats devarg, tx as the last start chose. */
void
lo_set_burst_functions(struct rte_eth_dev *eth_dev)
{
	const struct lo_private *priv = eth_dev->data->dev_private;

	eth_dev->rx_pkt_burst = priv->params.byte_stats ? lo_rx : lo_rx_ptr;
	eth_dev->tx_pkt_burst = lo_tx_by_mode[priv->tx_fn];
	eth_dev->rx_queue_count = lo_rx_queue_count;
	eth_dev->rx_descriptor_status = lo_rx_descriptor_status;
	eth_dev->tx_descriptor_status = lo_tx_descriptor_status;
}

/*
 * Whether anyone can see a packet's RSS hash: RSS is on and the port
 * distributes over two or more rx queues, or the application asked for the
 * hash (RTE_ETH_RX_OFFLOAD_RSS_HASH). With one rx queue and no request,
 * every packet lands on queue 0 and carries no hash, hashed or not, so the
 * senders do not hash (the driver guide's rules). i40e, ice and mlx5 turn
 * RSS_HASH on by themselves in RSS mode; net_lo leaves it to the
 * application, as the offload's definition allows.
 */
bool
lo_rss_observed(const struct rte_eth_dev_data *data, uint64_t offloads)
{
	return (data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) != 0 &&
		(data->nb_rx_queues > 1 || (offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) != 0);
}

/* The rx offloads of a port and of each of its rx queues. */
uint64_t
lo_rx_offloads(const struct rte_eth_dev_data *data)
{
	uint64_t offloads = data->dev_conf.rxmode.offloads;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++)
		offloads |= ((const struct lo_rxq *)data->rx_queues[i])->conf.offloads;
	return offloads;
}

/*
 * What a receiving port asks of each packet, from its configuration at
 * start: RSS, rx offloads, packet types (lo_rx_features).
 */
int
lo_rxf_update(struct rte_eth_dev *dev)
{
	struct rte_eth_dev_data *data = dev->data;
	struct lo_private *priv = data->dev_private;
	struct lo_rx_features *rxf = &priv->rxf;
	const uint64_t offloads = lo_rx_offloads(data);
	uint32_t flags = 0;
	int ret;

	LO_LOG(DEBUG, "port %u: offload path: %s", data->port_id, lo_offload_select());
	if (lo_rss_observed(data, offloads) && rxf->rss_hf != 0)
		flags |= LO_RXF_RSS;
	if ((offloads & LO_RX_CKSUM) != 0)
		flags |= LO_RXF_CKSUM;
	if ((offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) != 0)
		flags |= LO_RXF_VLAN_STRIP;
	if (dev->intr_handle != NULL)
		flags |= LO_RXF_INTR;
	if (priv->ptype_mask != 0) {
		flags |= LO_RXF_PTYPE;
		rxf->ptype_mask = priv->ptype_mask;
	}
	if ((offloads & RTE_ETH_RX_OFFLOAD_TIMESTAMP) != 0) {
		ret = rte_mbuf_dyn_rx_timestamp_register(&rxf->ts_offset, &rxf->ts_flag);
		if (ret != 0) {
			LO_LOG(ERR, "port %u: cannot register the rx timestamp field: %s",
				data->port_id, rte_strerror(rte_errno));
			return -rte_errno;
		}
		flags |= LO_RXF_TIMESTAMP;
	}
	rxf->flags = flags;
	return 0;
}

/* What a sending queue does to each packet, from its port's and its own offloads. */
static uint8_t
lo_txf_of(const struct rte_eth_dev_data *data, const struct lo_txq *txq)
{
	const struct lo_private *priv = data->dev_private;
	const uint64_t offloads = data->dev_conf.txmode.offloads | txq->conf.offloads;
	uint8_t txf = priv->params.copy ? LO_TXF_COPY : 0;

	if ((offloads & RTE_ETH_TX_OFFLOAD_VLAN_INSERT) != 0)
		txf |= LO_TXF_VLAN_INSERT;
	if ((offloads & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) != 0)
		txf |= LO_TXF_IP_CKSUM;
	if ((offloads & RTE_ETH_TX_OFFLOAD_UDP_CKSUM) != 0)
		txf |= LO_TXF_UDP_CKSUM;
	if ((offloads & RTE_ETH_TX_OFFLOAD_TCP_CKSUM) != 0)
		txf |= LO_TXF_TCP_CKSUM;
	return txf;
}

/*
 * A ring's producer side: single (SP) or several (HTS, the multi-producer
 * mode the zero-copy API supports). rte_ring keeps both heads at the same
 * offsets, and the switch is made only while nothing enqueues (the senders'
 * gates are closed), when head equals tail in either mode.
 */
static void
lo_ring_set_producers(struct rte_ring *ring, bool many)
{
	RTE_BUILD_BUG_ON(offsetof(struct rte_ring, prod.head) !=
			offsetof(struct rte_ring, hts_prod.ht.pos.head) ||
		offsetof(struct rte_ring, prod.tail) != offsetof(struct rte_ring, hts_prod.ht.pos.tail) ||
		offsetof(struct rte_ring, prod.sync_type) !=
			offsetof(struct rte_ring, hts_prod.sync_type));
	ring->prod.sync_type = many ? RTE_RING_SYNC_MT_HTS : RTE_RING_SYNC_ST;
}

/*
 * Point the sender's tx queues at the receiver's rx rings (the same port,
 * or its peer): tx queue i to rx queue i % nb_rx, or any with RSS. Decides
 * each tx queue's mode and each ring's producers. The senders' gates are
 * closed.
 */
int
lo_wire(struct rte_eth_dev *sender, struct rte_eth_dev *receiver)
{
	struct rte_eth_dev_data *sdata = sender->data, *rdata = receiver->data;
	const struct lo_private *rpriv = rdata->dev_private;
	const uint16_t nb_tx = sdata->nb_tx_queues, nb_rx = rdata->nb_rx_queues;
	const bool rss = (rpriv->rxf.flags & LO_RXF_RSS) != 0;
	enum lo_tx_mode base;
	uint16_t i, q;

	if (nb_tx == 0)
		return 0;
	if (nb_rx == 0) {
		LO_LOG(ERR, "port %u: %u tx queues, but port %u, which receives them, has no rx queue",
			sdata->port_id, nb_tx, rdata->port_id);
		return -EINVAL;
	}
	/* the rings' byte totals are the receiver's: its byte_stats decides */
	if (!rpriv->params.byte_stats)
		base = LO_TX_PTR;
	else
		base = rpriv->tx_scalar ? LO_TX_SCALAR : LO_TX_VECTOR;
	for (i = 0; i < nb_tx; i++) {
		struct lo_txq *txq = sdata->tx_queues[i];
		const struct lo_rxq *rxq;

		txq->rx_qid = i % nb_rx;
		rxq = rdata->rx_queues[txq->rx_qid];
		txq->r = rxq->r;
		txq->rx_data = rdata;
		lo_txq_set_receiver(txq, rdata->port_id);
		txq->txf = lo_txf_of(sdata, txq);
		txq->mode = rpriv->rxf.flags != 0 || txq->txf != 0 ? LO_TX_FULL : base;
	}
	for (q = 0; q < nb_rx; q++) {
		/* tx queues i with i % nb_rx == q, or all of them with RSS */
		const unsigned int producers = rss ? nb_tx : nb_tx / nb_rx + (q < nb_tx % nb_rx);

		lo_ring_set_producers(((struct lo_rxq *)rdata->rx_queues[q])->r.ring,
			producers > 1);
	}
	return 0;
}

/* The port's tx function: its queues' mode when they agree and nothing else applies. */
static enum lo_tx_mode
lo_tx_fn_of(const struct rte_eth_dev *dev, bool paired)
{
	const struct rte_eth_dev_data *data = dev->data;
	const struct lo_private *priv = data->dev_private;
	uint16_t i;

	/* a peer may start, stop or close while this port runs: lo_tx_guarded */
	if (paired)
		return LO_TX_GUARDED;
	if (lo_tx_shaped_by(&priv->params))
		return LO_TX_SHAPED;
	if (data->nb_tx_queues == 0)
		return LO_TX_DISPATCH;
	for (i = 1; i < data->nb_tx_queues; i++)
		if (((const struct lo_txq *)data->tx_queues[i])->mode !=
				((const struct lo_txq *)data->tx_queues[0])->mode)
			return LO_TX_DISPATCH;
	return ((const struct lo_txq *)data->tx_queues[0])->mode;
}

int
lo_dev_start(struct rte_eth_dev *dev)
{
	struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev_data *data = dev->data;
	struct rte_eth_dev *peer;
	int ret;
	uint16_t i;

	for (i = 0; i < RTE_MAX(data->nb_rx_queues, data->nb_tx_queues); i++) {
		const bool rx_missing = i < data->nb_rx_queues && data->rx_queues[i] == NULL;
		const bool tx_missing = i < data->nb_tx_queues && data->tx_queues[i] == NULL;

		if (rx_missing || tx_missing) {
			LO_LOG(ERR, "port %u: queue %u is not set up (rx %s, tx %s)", data->port_id,
				i, rx_missing ? "missing" : "ok", tx_missing ? "missing" : "ok");
			return -EINVAL;
		}
	}
	ret = lo_peer_resolve(dev, &peer);
	if (ret != 0)
		return ret;
	ret = lo_rxf_update(dev);
	if (ret != 0)
		return ret;
	priv->tx_scalar = false;
	for (i = 0; i < data->nb_rx_queues; i++) {
		const struct lo_rxq *rxq = data->rx_queues[i];

		data->rx_queue_state[i] = rxq->conf.rx_deferred_start ?
			RTE_ETH_QUEUE_STATE_STOPPED : RTE_ETH_QUEUE_STATE_STARTED;
		if (rxq->mb_pool != NULL && lo_pool_aliases(rxq->mb_pool))
			priv->tx_scalar = true;
		((struct lo_rxq *)rxq)->intr_fd = dev->intr_handle != NULL ?
			rte_intr_efds_index_get(dev->intr_handle, i) : -1;
	}
	/* Wire the tx queues before any gate opens: to this port, or both ends of a pair. */
	if (peer == NULL) {
		ret = lo_wire(dev, dev);
	} else if (((struct lo_private *)peer->data->dev_private)->started) {
		ret = lo_wire(dev, peer);
		if (ret == 0)
			ret = lo_wire(peer, dev);
	}
	if (ret != 0)
		return ret;
	priv->peer_port = peer != NULL ? peer->data->port_id : RTE_MAX_ETHPORTS;
	if (peer == NULL) {
		priv->wired = true;
	} else {
		struct lo_private *ppriv = peer->data->dev_private;

		ppriv->peer_port = data->port_id;
		/* wired both ways above once the peer runs; else at the peer's start */
		priv->wired = ppriv->started;
		ppriv->wired = ppriv->started;
	}
	priv->tx_fn = lo_tx_fn_of(dev, peer != NULL);
	/* ethdev copies the burst functions into its fast-path table after this */
	lo_set_burst_functions(dev);
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];

		lo_txq_shape(txq, priv);
		txq->shaped = lo_tx_shaped_by(&priv->params);
		data->tx_queue_state[i] = txq->conf.tx_deferred_start ?
			RTE_ETH_QUEUE_STATE_STOPPED : RTE_ETH_QUEUE_STATE_STARTED;
	}
	priv->started = true;
	priv->admin_down = false;
	lo_link_refresh(dev);
	return 0;
}

/*
 * Like a NIC that frees its rx buffers on stop, stopping drains the rings:
 * what was sent but not received is freed and counted in drops. The
 * application has stopped polling (ethdev contract), so draining here is the
 * rings' only consumer. A peer's link goes down too: its tx refuses.
 */
int
lo_dev_stop(struct rte_eth_dev *dev)
{
	struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev_data *data = dev->data;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++)
		data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	for (i = 0; i < data->nb_tx_queues; i++)
		data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	priv->started = false;
	lo_link_refresh(dev);
	for (i = 0; i < data->nb_rx_queues; i++)
		if (data->rx_queues[i] != NULL) {
			lo_rxq_drain(data->rx_queues[i]);
			/* no wake carried over to the next start; relaxed: tx is stopped */
			__atomic_store_n(&((struct lo_rxq *)data->rx_queues[i])->intr_armed, 0,
				__ATOMIC_RELAXED);
		}
	return 0;
}
