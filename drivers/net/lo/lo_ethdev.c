/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo control path: probe/remove, the ops table, queues and their rings,
 * link, statistics. The burst functions live in lo_rxtx.c.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "lo.h"

RTE_LOG_REGISTER(lo_logtype, pmd.net.lo, NOTICE);

/* Read by dpdk-pmdinfo.py, as DPDK's own build would generate it. */
static const char lo_pmd_info[] __rte_used =
	"PMD_INFO_STRING= {\"name\": \"net_lo\", \"params\": \"" LO_PARAM_STRING "\", \"pci_ids\": []}";

/* Ethernet header + CRC on top of the MTU, as ethdev assumes by default. */
#define LO_FRAME_OVERHEAD	(RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN)
#define LO_MAX_MTU		UINT16_MAX	/* as Linux lo */
#define LO_DRAIN_BURST		64

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

static void
lo_rxq_drain(struct lo_rxq *rxq)
{
	unsigned int n = lo_ring_drain(rxq->r.ring);

	/* control path is the only writer of drops */
	if (n > 0)
		lo_counter_add(&rxq->stats.drops, n);
}

/* Open each queue's gate when the link is up and the queue started. */
static void
lo_gates_update(struct rte_eth_dev *dev)
{
	struct rte_eth_dev_data *data = dev->data;
	const bool up = data->dev_link.link_status == RTE_ETH_LINK_UP;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++) {
		struct lo_rxq *rxq = data->rx_queues[i];

		if (rxq != NULL)
			__atomic_store_n(&rxq->open, up && data->rx_queue_state[i] ==
				RTE_ETH_QUEUE_STATE_STARTED, __ATOMIC_RELAXED);
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];

		if (txq != NULL)
			__atomic_store_n(&txq->open, up && data->tx_queue_state[i] ==
				RTE_ETH_QUEUE_STATE_STARTED, __ATOMIC_RELAXED);
	}
}

static void
lo_link_set(struct rte_eth_dev *dev, uint16_t status)
{
	struct rte_eth_link link = dev->data->dev_link;

	link.link_status = status;
	rte_eth_linkstatus_set(dev, &link);
	lo_gates_update(dev);
}

static int
lo_dev_configure(struct rte_eth_dev *dev)
{
	const struct rte_eth_dev_data *data = dev->data;

	if (data->nb_rx_queues != data->nb_tx_queues) {
		LO_LOG(ERR, "port %u: %u rx queues and %u tx queues; tx queue i loops back to rx queue i, so the counts must be equal",
			data->port_id, data->nb_rx_queues, data->nb_tx_queues);
		return -EINVAL;
	}
	return 0;
}

static int
lo_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	const struct lo_private *priv = dev->data->dev_private;
	const struct rte_eth_desc_lim lim = {
		.nb_max = LO_RING_SIZE_MAX,
		.nb_min = 1,
		.nb_align = 1,
	};

	info->max_mac_addrs = 1;
	info->max_rx_queues = priv->params.max_queues;
	info->max_tx_queues = priv->params.max_queues;
	info->min_rx_bufsize = 0;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = LO_MAX_MTU;
	info->max_rx_pktlen = LO_MAX_MTU + LO_FRAME_OVERHEAD;
	info->rx_desc_lim = lim;
	info->tx_desc_lim = lim;
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->rx_queue_offload_capa = info->rx_offload_capa;
	info->tx_queue_offload_capa = info->tx_offload_capa;
	info->speed_capa = rte_eth_speed_bitflag(priv->params.speed, RTE_ETH_LINK_FULL_DUPLEX);
	info->default_rxportconf.ring_size = priv->params.ring_size;
	info->default_txportconf.ring_size = priv->params.ring_size;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;
	info->default_rxportconf.burst_size = 32;
	info->default_txportconf.burst_size = 32;
	return 0;
}

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
		offsetof(struct rte_mbuf, rearm_data) + sizeof(lo_u64x2));
	txq->rx_port = rx_port;
	memset(&scratch, 0, sizeof(scratch));
	scratch.port = UINT16_MAX;
	scratch.ol_flags = RTE_MBUF_F_TX_OFFLOAD_MASK;
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

/* What tx does with what it accepts: the byte_stats devarg, then the pools. */
static enum lo_tx_mode
lo_tx_mode_of(const struct lo_private *priv)
{
	if (!priv->params.byte_stats)
		return LO_TX_PTR;
	return priv->tx_scalar ? LO_TX_SCALAR : LO_TX_VECTOR;
}

/* Whether a shaping devarg is set, so that lo_tx_shaped runs the mode's tx. */
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
	sh->mode = lo_tx_mode_of(priv);
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

/* Burst functions follow the byte_stats devarg and, at start, the pools. */
static void
lo_set_burst_functions(struct rte_eth_dev *eth_dev)
{
	const struct lo_private *priv = eth_dev->data->dev_private;

	eth_dev->rx_pkt_burst = priv->params.byte_stats ? lo_rx : lo_rx_ptr;
	eth_dev->tx_pkt_burst = lo_tx_shaped_by(&priv->params) ? lo_tx_shaped :
		lo_tx_by_mode[lo_tx_mode_of(priv)];
	eth_dev->rx_queue_count = lo_rx_queue_count;
}

static int
lo_dev_start(struct rte_eth_dev *dev)
{
	struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev_data *data = dev->data;
	uint16_t i;

	/* Wire tx queue i to the ring of rx queue i before any gate opens. */
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];
		struct lo_rxq *rxq = data->rx_queues[i];

		if (txq == NULL || rxq == NULL) {
			LO_LOG(ERR, "port %u: queue %u is not set up (rx %s, tx %s)", data->port_id,
				i, rxq == NULL ? "missing" : "ok", txq == NULL ? "missing" : "ok");
			return -EINVAL;
		}
		txq->r = rxq->r;
		lo_txq_set_receiver(txq, data->port_id);
	}
	priv->tx_scalar = false;
	for (i = 0; i < data->nb_rx_queues; i++) {
		const struct lo_rxq *rxq = data->rx_queues[i];

		data->rx_queue_state[i] = rxq->conf.rx_deferred_start ?
			RTE_ETH_QUEUE_STATE_STOPPED : RTE_ETH_QUEUE_STATE_STARTED;
		if (rxq->mb_pool != NULL && lo_pool_aliases(rxq->mb_pool))
			priv->tx_scalar = true;
	}
	/* ethdev copies the burst functions into its fast-path table after this */
	lo_set_burst_functions(dev);
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];

		lo_txq_shape(txq, priv);

		data->tx_queue_state[i] = txq->conf.tx_deferred_start ?
			RTE_ETH_QUEUE_STATE_STOPPED : RTE_ETH_QUEUE_STATE_STARTED;
	}
	lo_link_set(dev, RTE_ETH_LINK_UP);
	return 0;
}

/*
 * Like a NIC that frees its rx buffers on stop, stopping drains the rings:
 * what was sent but not received is freed and counted in drops. The
 * application has stopped polling (ethdev contract), so draining here is the
 * rings' only consumer.
 */
static int
lo_dev_stop(struct rte_eth_dev *dev)
{
	struct rte_eth_dev_data *data = dev->data;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++)
		data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	for (i = 0; i < data->nb_tx_queues; i++)
		data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	lo_link_set(dev, RTE_ETH_LINK_DOWN);
	for (i = 0; i < data->nb_rx_queues; i++)
		if (data->rx_queues[i] != NULL)
			lo_rxq_drain(data->rx_queues[i]);
	return 0;
}

static int
lo_dev_set_link_up(struct rte_eth_dev *dev)
{
	lo_link_set(dev, RTE_ETH_LINK_UP);
	return 0;
}

/* Traffic stops at the next burst; packets in the rings wait for link up. */
static int
lo_dev_set_link_down(struct rte_eth_dev *dev)
{
	lo_link_set(dev, RTE_ETH_LINK_DOWN);
	return 0;
}

static int
lo_link_update(struct rte_eth_dev *dev __rte_unused, int wait_to_complete __rte_unused)
{
	return 0; /* dev_link is kept current by lo_link_set() */
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

static void
lo_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = dev->data->rx_queues[qid];
	struct lo_txq *txq;

	if (rxq == NULL)
		return;
	if (qid < dev->data->nb_tx_queues) {
		txq = dev->data->tx_queues[qid];
		if (txq != NULL && txq->r.ring == rxq->r.ring)
			memset(&txq->r, 0, sizeof(txq->r));
	}
	lo_ring_free(&rxq->r);
	rte_free(rxq);
	dev->data->rx_queues[qid] = NULL;
}

static void
lo_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	rte_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

static int
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
	data->rx_queues[qid] = rxq;
	return 0;
}

static int
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

static int
lo_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	lo_gates_update(dev);
	return 0;
}

/* The queue's lcore has stopped polling it; its ring is drained as on stop. */
static int
lo_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	lo_gates_update(dev);
	lo_rxq_drain(dev->data->rx_queues[qid]);
	return 0;
}

static int
lo_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	lo_gates_update(dev);
	return 0;
}

static int
lo_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	lo_gates_update(dev);
	return 0;
}

static void
lo_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_rxq_info *qinfo)
{
	const struct lo_rxq *rxq = dev->data->rx_queues[qid];

	qinfo->mp = rxq->mb_pool;
	qinfo->conf = rxq->conf;
	qinfo->scattered_rx = 1;
	qinfo->nb_desc = rte_ring_get_capacity(rxq->r.ring); /* exact: nb_desc */
	qinfo->queue_state = dev->data->rx_queue_state[qid];
}

static void
lo_txq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_txq_info *qinfo)
{
	const struct lo_txq *txq = dev->data->tx_queues[qid];

	qinfo->conf = txq->conf;
	qinfo->nb_desc = txq->nb_desc;
	qinfo->queue_state = dev->data->tx_queue_state[qid];
}

/* Which burst functions run, as rte_eth_{rx,tx}_burst_mode_get() report. */
static int
lo_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
	struct rte_eth_burst_mode *mode)
{
	const char *info = dev->rx_pkt_burst == lo_rx ? "byte counting" : "pointer only";

	snprintf(mode->info, sizeof(mode->info), "%s", info);
	return 0;
}

static int
lo_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
	struct rte_eth_burst_mode *mode)
{
	static const char *const names[] = {
		[LO_TX_PTR] = "pointer only",
		[LO_TX_VECTOR] = "byte counting, vector check",
		[LO_TX_SCALAR] = "byte counting, scalar check",
	};
	const struct lo_private *priv = dev->data->dev_private;
	const char *name = "unknown";
	unsigned int m;
	size_t len;

	/* named from the function in use; lo_tx_shaped runs its mode's (lo_txq_shape) */
	for (m = 0; m < RTE_DIM(names); m++)
		if (dev->tx_pkt_burst == lo_tx_by_mode[m] ||
				(dev->tx_pkt_burst == lo_tx_shaped && m == lo_tx_mode_of(priv)))
			name = names[m];
	len = snprintf(mode->info, sizeof(mode->info), "%s", name);
	if (dev->tx_pkt_burst != lo_tx_shaped)
		return 0;
	if (priv->params.tx_pps != 0 && len < sizeof(mode->info))
		len += snprintf(mode->info + len, sizeof(mode->info) - len, ", cap %u pps",
			priv->params.tx_pps);
	if (priv->params.tx_drop_ppm != 0 && len < sizeof(mode->info))
		len += snprintf(mode->info + len, sizeof(mode->info) - len, ", drop %u ppm",
			priv->params.tx_drop_ppm);
	if (priv->params.tx_delay != 0 && len < sizeof(mode->info))
		snprintf(mode->info + len, sizeof(mode->info) - len, ", delay %u cycles a burst",
			priv->params.tx_delay);
	return 0;
}

static int
lo_mtu_set(struct rte_eth_dev *dev __rte_unused, uint16_t mtu __rte_unused)
{
	return 0; /* ethdev checked the range and records it */
}

static int
lo_mac_addr_set(struct rte_eth_dev *dev __rte_unused, struct rte_ether_addr *addr __rte_unused)
{
	return 0; /* ethdev checked the address and records it in mac_addrs[0] */
}

/* A loopback sees only its own frames: every receive filter mode is a no-op. */
static int
lo_filter_mode_set(struct rte_eth_dev *dev __rte_unused)
{
	return 0;
}

/*
 * Statistics. One table of name and offset per queue kind drives the
 * xstats; a counter is one field in lo_rxq_stats/lo_txq_stats and one row.
 */
struct lo_xstat {
	const char *name;
	size_t offset;
	bool level;	/* a level, not a count: reset to 0, no base */
};

static const struct lo_xstat lo_rxq_xstats[] = {
	{ "packets", offsetof(struct lo_rxq_stats, packets), false },
	{ "bytes", offsetof(struct lo_rxq_stats, bytes), false },
	{ "drops", offsetof(struct lo_rxq_stats, drops), false },
};

static const struct lo_xstat lo_txq_xstats[] = {
	{ "packets", offsetof(struct lo_txq_stats, packets), false },
	{ "bytes", offsetof(struct lo_txq_stats, bytes), false },
	{ "ring_full", offsetof(struct lo_txq_stats, ring_full), false },
	{ "fault_drops", offsetof(struct lo_txq_stats, fault_drops), false },
	{ "rate_limited", offsetof(struct lo_txq_stats, rate_limited), false },
	{ "ring_hwm", offsetof(struct lo_txq_stats, ring_hwm), true },
};

#define LO_STAT(stats, off) ((uint64_t *)((uintptr_t)(stats) + (off)))

/* A counter's value since the last reset. */
static uint64_t
lo_xstat_value(const struct lo_xstat *x, const void *stats, const void *base)
{
	uint64_t b, v;

	if (x->level)
		return lo_counter_read(LO_STAT(stats, x->offset));
	/*
	 * Base first, counter second. acquire: pairs with the release in
	 * lo_xstats_rebase, so the counter read here is no older than the
	 * one that base was copied from, and v - b cannot underflow however
	 * a reset interleaves (read the other way round it gave ~2^64).
	 */
	b = __atomic_load_n(LO_STAT(base, x->offset), __ATOMIC_ACQUIRE);
	v = lo_counter_read(LO_STAT(stats, x->offset));
	return v - b;
}

/* Reset by snapshot: the datapath's counters are never written here. */
static void
lo_xstats_rebase(const struct lo_xstat *table, unsigned int n, void *stats, void *base)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint64_t *c = LO_STAT(stats, table[i].offset);

		if (table[i].level)
			/* relaxed: the lcore may store a level seen just before the reset */
			__atomic_store_n(c, 0, __ATOMIC_RELAXED);
		else	/* release: see lo_xstat_value */
			__atomic_store_n(LO_STAT(base, table[i].offset), lo_counter_read(c),
				__ATOMIC_RELEASE);
	}
}

/* Every counter of a queue since the last reset, into out (same layout). */
static void
lo_stats_since_reset(const struct lo_xstat *table, unsigned int n, const void *stats,
		const void *base, void *out)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		*LO_STAT(out, table[i].offset) = lo_xstat_value(&table[i], stats, base);
}

static int
lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats)
{
	const struct rte_eth_dev_data *data = dev->data;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++) {
		const struct lo_rxq *rxq = data->rx_queues[i];
		struct lo_rxq_stats s;

		if (rxq == NULL)
			continue;
		lo_stats_since_reset(lo_rxq_xstats, RTE_DIM(lo_rxq_xstats), &rxq->stats,
			&rxq->base, &s);
		stats->ipackets += s.packets;
		stats->ibytes += s.bytes;
		stats->imissed += s.drops;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_ipackets[i] = s.packets;
			stats->q_ibytes[i] = s.bytes;
			stats->q_errors[i] = s.drops;
		}
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		const struct lo_txq *txq = data->tx_queues[i];
		struct lo_txq_stats s;

		if (txq == NULL)
			continue;
		lo_stats_since_reset(lo_txq_xstats, RTE_DIM(lo_txq_xstats), &txq->stats,
			&txq->base, &s);
		stats->opackets += s.packets;
		stats->obytes += s.bytes;
		stats->oerrors += s.fault_drops;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_opackets[i] = s.packets;
			stats->q_obytes[i] = s.bytes;
		}
	}
	return 0;
}

static int
lo_stats_reset(struct rte_eth_dev *dev)
{
	const struct rte_eth_dev_data *data = dev->data;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++) {
		struct lo_rxq *rxq = data->rx_queues[i];

		if (rxq != NULL)
			lo_xstats_rebase(lo_rxq_xstats, RTE_DIM(lo_rxq_xstats), &rxq->stats,
				&rxq->base);
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];

		if (txq != NULL)
			lo_xstats_rebase(lo_txq_xstats, RTE_DIM(lo_txq_xstats), &txq->stats,
				&txq->base);
	}
	return 0;
}

static unsigned int
lo_xstats_count(const struct rte_eth_dev *dev)
{
	return dev->data->nb_rx_queues * RTE_DIM(lo_rxq_xstats) +
		dev->data->nb_tx_queues * RTE_DIM(lo_txq_xstats);
}

/*
 * Walk every (queue, row) pair in xstats order: rx queues then tx queues.
 * fn gets the running index; a queue not set up reads as zero.
 */
typedef void (*lo_xstat_visit_t)(unsigned int idx, const char *dir, uint16_t qid,
	const struct lo_xstat *x, const void *stats, const void *base, void *arg);

static void
lo_xstats_walk(const struct rte_eth_dev *dev, lo_xstat_visit_t fn, void *arg)
{
	const struct rte_eth_dev_data *data = dev->data;
	unsigned int idx = 0, r;
	uint16_t q;

	for (q = 0; q < data->nb_rx_queues; q++) {
		const struct lo_rxq *rxq = data->rx_queues[q];

		for (r = 0; r < RTE_DIM(lo_rxq_xstats); r++)
			fn(idx++, "rx", q, &lo_rxq_xstats[r], rxq ? &rxq->stats : NULL,
				rxq ? &rxq->base : NULL, arg);
	}
	for (q = 0; q < data->nb_tx_queues; q++) {
		const struct lo_txq *txq = data->tx_queues[q];

		for (r = 0; r < RTE_DIM(lo_txq_xstats); r++)
			fn(idx++, "tx", q, &lo_txq_xstats[r], txq ? &txq->stats : NULL,
				txq ? &txq->base : NULL, arg);
	}
}

static void
lo_xstat_fill_value(unsigned int idx, const char *dir __rte_unused, uint16_t qid __rte_unused,
	const struct lo_xstat *x, const void *stats, const void *base, void *arg)
{
	struct rte_eth_xstat *xstats = arg;

	xstats[idx].id = idx;
	xstats[idx].value = stats == NULL ? 0 : lo_xstat_value(x, stats, base);
}

static void
lo_xstat_fill_name(unsigned int idx, const char *dir, uint16_t qid, const struct lo_xstat *x,
	const void *stats __rte_unused, const void *base __rte_unused, void *arg)
{
	struct rte_eth_xstat_name *names = arg;

	snprintf(names[idx].name, sizeof(names[idx].name), "%s_q%u_%s", dir, qid, x->name);
}

static int
lo_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n)
{
	unsigned int count = lo_xstats_count(dev);

	if (xstats == NULL || n < count)
		return count;
	lo_xstats_walk(dev, lo_xstat_fill_value, xstats);
	return count;
}

static int
lo_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
		unsigned int size)
{
	unsigned int count = lo_xstats_count(dev);

	if (names == NULL || size < count)
		return count;
	lo_xstats_walk(dev, lo_xstat_fill_name, names);
	return count;
}

static int
lo_dev_close(struct rte_eth_dev *dev)
{
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		lo_tx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		lo_rx_queue_release(dev, i);
	/* mac_addrs points into dev_private, which ethdev frees on its own. */
	dev->data->mac_addrs = NULL;
	return 0;
}

/* In lifecycle order. */
static const struct eth_dev_ops lo_ops = {
	.dev_configure = lo_dev_configure,
	.dev_infos_get = lo_dev_infos_get,
	.rx_queue_setup = lo_rx_queue_setup,
	.tx_queue_setup = lo_tx_queue_setup,
	.rx_queue_release = lo_rx_queue_release,
	.tx_queue_release = lo_tx_queue_release,
	.dev_start = lo_dev_start,
	.rx_queue_start = lo_rx_queue_start,
	.rx_queue_stop = lo_rx_queue_stop,
	.tx_queue_start = lo_tx_queue_start,
	.tx_queue_stop = lo_tx_queue_stop,
	.rxq_info_get = lo_rxq_info_get,
	.txq_info_get = lo_txq_info_get,
	.rx_burst_mode_get = lo_rx_burst_mode_get,
	.tx_burst_mode_get = lo_tx_burst_mode_get,
	.dev_set_link_up = lo_dev_set_link_up,
	.dev_set_link_down = lo_dev_set_link_down,
	.link_update = lo_link_update,
	.mtu_set = lo_mtu_set,
	.mac_addr_set = lo_mac_addr_set,
	.promiscuous_enable = lo_filter_mode_set,
	.promiscuous_disable = lo_filter_mode_set,
	.allmulticast_enable = lo_filter_mode_set,
	.allmulticast_disable = lo_filter_mode_set,
	.stats_get = lo_stats_get,
	.stats_reset = lo_stats_reset,
	.xstats_get = lo_xstats_get,
	.xstats_get_names = lo_xstats_get_names,
	.xstats_reset = lo_stats_reset,
	.dev_stop = lo_dev_stop,
	.dev_close = lo_dev_close,
};

static int
lo_probe_secondary(struct rte_vdev_device *vdev, const char *name)
{
	struct rte_eth_dev *eth_dev = rte_eth_dev_attach_secondary(name);

	if (eth_dev == NULL) {
		LO_LOG(ERR, "%s: cannot attach to the primary process's port", name);
		return -ENODEV;
	}
	eth_dev->dev_ops = &lo_ops;
	eth_dev->device = &vdev->device;
	lo_set_burst_functions(eth_dev);
	rte_eth_dev_probing_finish(eth_dev);
	return 0;
}

static int
lo_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct rte_eth_dev *eth_dev;
	struct rte_eth_dev_data *data;
	struct lo_private *priv;
	struct lo_params params;
	char err[256];

	if (rte_eal_process_type() == RTE_PROC_SECONDARY)
		return lo_probe_secondary(vdev, name);

	lo_params_init(&params);
	if (lo_devargs_parse(rte_vdev_device_args(vdev), &params, err, sizeof(err)) != 0) {
		LO_LOG(ERR, "%s: %s", name, err);
		return -EINVAL;
	}

	eth_dev = rte_eth_vdev_allocate(vdev, sizeof(*priv));
	if (eth_dev == NULL) {
		LO_LOG(ERR, "%s: cannot allocate an ethdev port", name);
		return -ENOMEM;
	}
	data = eth_dev->data;
	priv = data->dev_private;
	priv->params = params;
	if (params.mac_given)
		priv->mac = params.mac;
	else
		rte_eth_random_addr(priv->mac.addr_bytes);
	data->mac_addrs = &priv->mac;
	if (data->numa_node == SOCKET_ID_ANY)
		data->numa_node = rte_socket_id();
	data->dev_link = (struct rte_eth_link){
		.link_speed = params.speed,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
		.link_status = RTE_ETH_LINK_DOWN,
	};
	data->promiscuous = 1;
	data->all_multicast = 1;

	/* finally the ops and the burst functions */
	eth_dev->dev_ops = &lo_ops;
	lo_set_burst_functions(eth_dev);
	rte_eth_dev_probing_finish(eth_dev);
	LO_LOG(INFO, "%s: port %u, %u queues max, ring %u, %u Mbps, byte stats %s, "
		"tx cap %u pps, drop %u ppm, delay %u cycles", name, data->port_id,
		params.max_queues, params.ring_size, params.speed,
		params.byte_stats ? "on" : "off", params.tx_pps, params.tx_drop_ppm,
		params.tx_delay);
	return 0;
}

static int
lo_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *eth_dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));
	int ret;

	if (eth_dev == NULL)
		return 0; /* the application closed the port already */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return rte_eth_dev_release_port(eth_dev);
	if (eth_dev->data->dev_started) {
		ret = rte_eth_dev_stop(eth_dev->data->port_id);
		if (ret != 0)
			return ret;
	}
	return rte_eth_dev_close(eth_dev->data->port_id);
}

static struct rte_vdev_driver lo_vdev_driver = {
	.probe = lo_probe,
	.remove = lo_remove,
};

RTE_PMD_REGISTER_VDEV(net_lo, lo_vdev_driver);
RTE_PMD_REGISTER_PARAM_STRING(net_lo, LO_PARAM_STRING);
