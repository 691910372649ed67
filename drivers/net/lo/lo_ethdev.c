/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo control path: probe/remove, the ops table, queues and their rings,
 * link, statistics. The burst functions live in lo_rxtx.c.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_interrupts.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_ring.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "lo.h"
#include "lo_offload.h"

RTE_LOG_REGISTER(lo_logtype, pmd.net.lo, NOTICE);

/* Read by dpdk-pmdinfo.py, as DPDK's own build would generate it. */
static const char lo_pmd_info[] __rte_used =
	"PMD_INFO_STRING= {\"name\": \"net_lo\", \"params\": \"" LO_PARAM_STRING "\", \"pci_ids\": []}";

/* Ethernet header + CRC on top of the MTU, as ethdev assumes by default. */
#define LO_FRAME_OVERHEAD	(RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN)
#define LO_MAX_MTU		UINT16_MAX	/* as Linux lo */
#define LO_DRAIN_BURST		64

#define LO_RX_OFFLOADS	(RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
	RTE_ETH_RX_OFFLOAD_RSS_HASH | RTE_ETH_RX_OFFLOAD_VLAN_STRIP | \
	RTE_ETH_RX_OFFLOAD_TIMESTAMP)
#define LO_RX_CKSUM	(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
	RTE_ETH_RX_OFFLOAD_TCP_CKSUM)
#define LO_TX_OFFLOADS	(RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM | \
	RTE_ETH_TX_OFFLOAD_VLAN_INSERT)
#define LO_RSS_TYPES	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 | \
	RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP | \
	RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 | \
	RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP | \
	RTE_ETH_RSS_NONFRAG_IPV6_OTHER)
#define LO_PTYPE_CLASSES	(RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK | RTE_PTYPE_L4_MASK)

/* The Toeplitz key the RSS specification gives as its example, NICs' usual default. */
static const uint8_t lo_rss_key_default[LO_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const struct eth_dev_ops lo_ops;

/* Whether dev is a live net_lo port of this process. */
static bool
lo_is_ours(const struct rte_eth_dev *dev)
{
	return dev->state != RTE_ETH_DEV_UNUSED && dev->dev_ops == &lo_ops;
}

/* Whether another net_lo port's peer devarg names dev. */
static bool
lo_named_as_peer(const struct rte_eth_dev *dev)
{
	uint16_t p;

	for (p = 0; p < RTE_MAX_ETHPORTS; p++) {
		const struct rte_eth_dev *o = &rte_eth_devices[p];

		if (o != dev && lo_is_ours(o) && strcmp(((const struct lo_private *)
				o->data->dev_private)->params.peer, dev->data->name) == 0)
			return true;
	}
	return false;
}

/* The other end of dev's pair as last resolved at a start, or NULL. */
static struct rte_eth_dev *
lo_peer_of(const struct rte_eth_dev *dev)
{
	const struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev *peer;

	if (priv->peer_port >= RTE_MAX_ETHPORTS)
		return NULL;
	peer = &rte_eth_devices[priv->peer_port];
	return lo_is_ours(peer) ? peer : NULL;
}

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

/*
 * Open each queue's gate when the link is up and the queue started. The
 * stores release what was wired before (lo_gate_open). After closing a
 * tx gate, wait until no lo_tx_guarded burst is inside: a pair's sender
 * may be running while its receiver stops, and the rings must not be
 * drained, freed or rewired under it. A burst that is not guarded belongs
 * to this port's own lcores, which the ethdev contract has stopped.
 */
static void
lo_gates_update(struct rte_eth_dev *dev)
{
	struct rte_eth_dev_data *data = dev->data;
	const bool up = data->dev_link.link_status == RTE_ETH_LINK_UP;
	bool closed = false;
	uint16_t i;

	for (i = 0; i < data->nb_rx_queues; i++) {
		struct lo_rxq *rxq = data->rx_queues[i];

		if (rxq != NULL)
			__atomic_store_n(&rxq->open, up && data->rx_queue_state[i] ==
				RTE_ETH_QUEUE_STATE_STARTED, __ATOMIC_RELEASE);
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		struct lo_txq *txq = data->tx_queues[i];
		bool open;

		if (txq == NULL)
			continue;
		open = up && data->tx_queue_state[i] == RTE_ETH_QUEUE_STATE_STARTED;
		__atomic_store_n(&txq->open, open, __ATOMIC_RELEASE);
		closed |= !open;
	}
	if (!closed)
		return;
	/* the other half of lo_tx_guarded's barrier: gate stores before busy loads */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < data->nb_tx_queues; i++) {
		const struct lo_txq *txq = data->tx_queues[i];
		uint64_t give_up;

		if (txq == NULL || __atomic_load_n(&txq->open, __ATOMIC_RELAXED))
			continue;
		/* a burst takes microseconds; a process that died inside one, forever */
		give_up = rte_get_tsc_cycles() + rte_get_tsc_hz();
		while (__atomic_load_n(&txq->busy, __ATOMIC_ACQUIRE)) {
			if (rte_get_tsc_cycles() > give_up) {
				LO_LOG(WARNING, "port %u tx queue %u: a burst has not finished in 1 s (a secondary process that died in it?); going on",
					data->port_id, i);
				break;
			}
			rte_pause();
		}
	}
}

static void
lo_link_set(struct rte_eth_dev *dev, uint16_t status)
{
	struct rte_eth_link link = dev->data->dev_link;

	link.link_status = status;
	/* 0: it changed; an application that asked for LSC hears of it */
	if (rte_eth_linkstatus_set(dev, &link) == 0 && dev->data->dev_conf.intr_conf.lsc != 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	lo_gates_update(dev);
}

/* Rx queue interrupts off: the eventfds closed, the handle freed. */
static void
lo_rx_intr_free(struct rte_eth_dev *dev)
{
	struct rte_intr_handle *h = dev->intr_handle;
	int i, fd;

	if (h == NULL)
		return;
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct lo_rxq *rxq = dev->data->rx_queues[i];

		if (rxq != NULL) {
			rxq->intr_fd = -1;
			__atomic_store_n(&rxq->intr_armed, 0, __ATOMIC_RELAXED);
		}
	}
	for (i = 0; i < rte_intr_nb_efd_get(h); i++) {
		fd = rte_intr_efds_index_get(h, i);
		if (fd >= 0)
			close(fd);
	}
	rte_intr_vec_list_free(h);
	rte_intr_instance_free(h);
	dev->intr_handle = NULL;
}

/*
 * Rx queue interrupts (intr_conf.rxq): one eventfd per rx queue in a vdev
 * interrupt handle, the layout rte_eth_dev_rx_intr_ctl_q() reads (queue q
 * is vector RTE_INTR_VEC_RXTX_OFFSET + q, eventfd q). EAL reads the 8-byte
 * counter when epoll reports it. Senders write it (lo_rx_wake).
 */
static int
lo_rx_intr_setup(struct rte_eth_dev *dev)
{
	const uint16_t nb_rx = dev->data->nb_rx_queues;
	struct rte_intr_handle *h;
	int fd, ret = -ENOMEM;
	uint16_t q;

	lo_rx_intr_free(dev);
	if (!dev->data->dev_conf.intr_conf.rxq || nb_rx == 0)
		return 0;
	/* one vector more than the queues (max_intr), within the handle's table */
	if (nb_rx > RTE_MAX_RXTX_INTR_VEC_ID - 1) {
		LO_LOG(ERR, "port %u: rx interrupts on %u rx queues; accepted: 1-%u",
			dev->data->port_id, nb_rx, RTE_MAX_RXTX_INTR_VEC_ID - 1);
		return -EINVAL;
	}
	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (h == NULL)
		return -ENOMEM;
	dev->intr_handle = h;
	if (rte_intr_type_set(h, RTE_INTR_HANDLE_VDEV) != 0 ||
			rte_intr_vec_list_alloc(h, "net_lo_intr_vec", nb_rx) != 0 ||
			rte_intr_efd_counter_size_set(h, sizeof(uint64_t)) != 0)
		goto fail;
	for (q = 0; q < nb_rx; q++) {
		fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fd < 0) {
			ret = -errno;
			LO_LOG(ERR, "port %u: rx interrupts: eventfd for queue %u: %s",
				dev->data->port_id, q, strerror(errno));
			goto fail;
		}
		if (rte_intr_efds_index_set(h, q, fd) != 0 ||
				rte_intr_nb_efd_set(h, q + 1) != 0) {
			close(fd);
			goto fail;
		}
		if (rte_intr_vec_list_index_set(h, q, RTE_INTR_VEC_RXTX_OFFSET + q) != 0)
			goto fail;
	}
	if (rte_intr_max_intr_set(h, nb_rx + 1) != 0)
		goto fail;
	return 0;
fail:
	lo_rx_intr_free(dev);
	return ret;
}

/*
 * Any queue counts: tx queue i sends to rx queue i % nb_rx of the receiving
 * port, or where RSS puts each packet. RSS settings start from the
 * configuration (key, types) and a RETA that spreads over the rx queues.
 */
static int
lo_dev_configure(struct rte_eth_dev *dev)
{
	const struct rte_eth_dev_data *data = dev->data;
	const struct rte_eth_rss_conf *rss = &data->dev_conf.rx_adv_conf.rss_conf;
	const enum rte_eth_rx_mq_mode mq = data->dev_conf.rxmode.mq_mode;
	struct lo_private *priv = data->dev_private;
	struct lo_rx_features *rxf = &priv->rxf;
	unsigned int i;

	if (data->nb_rx_queues == 0 && data->nb_tx_queues > 0 && priv->params.peer[0] == '\0' &&
			!lo_named_as_peer(dev)) {
		LO_LOG(ERR, "port %u: %u tx queues and no rx queue: a loopback's tx queues send to its rx queues, so it needs at least 1",
			data->port_id, data->nb_tx_queues);
		return -EINVAL;
	}
	if ((mq & ~RTE_ETH_MQ_RX_RSS_FLAG) != 0) {
		LO_LOG(ERR, "port %u: rx mq_mode 0x%x; accepted: none or RSS (no VMDq, no DCB)",
			data->port_id, (unsigned int)mq);
		return -ENOTSUP;
	}
	if (data->dev_conf.txmode.mq_mode != RTE_ETH_MQ_TX_NONE) {
		LO_LOG(ERR, "port %u: tx mq_mode 0x%x; accepted: none", data->port_id,
			(unsigned int)data->dev_conf.txmode.mq_mode);
		return -ENOTSUP;
	}
	if (rss->rss_key != NULL && rss->rss_key_len != LO_RSS_KEY_LEN) {
		LO_LOG(ERR, "port %u: RSS key of %u bytes; accepted: %u", data->port_id,
			rss->rss_key_len, LO_RSS_KEY_LEN);
		return -EINVAL;
	}
	lo_rss_key_set(rxf, rss->rss_key != NULL ? rss->rss_key : lo_rss_key_default);
	rxf->rss_hf = rss->rss_hf & LO_RSS_TYPES;
	for (i = 0; i < LO_RETA_SIZE; i++)
		rxf->reta[i] = data->nb_rx_queues > 0 ? i % data->nb_rx_queues : 0;
	return lo_rx_intr_setup(dev);
}

static int
lo_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	const struct lo_private *priv = dev->data->dev_private;
	const struct rte_eth_desc_lim lim = {
		.nb_max = LO_RING_SIZE_MAX,
		.nb_min = 1,
		.nb_align = 1,
		/* a slot holds an mbuf chain of any length */
		.nb_seg_max = UINT16_MAX,
		.nb_mtu_seg_max = UINT16_MAX,
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
	info->rx_offload_capa = LO_RX_OFFLOADS;
	info->tx_offload_capa = LO_TX_OFFLOADS;
	info->hash_key_size = LO_RSS_KEY_LEN;
	info->reta_size = LO_RETA_SIZE;
	info->flow_type_rss_offloads = LO_RSS_TYPES;
#ifdef LO_HIDE_OFFLOADS
	/* meson -Dadvertise_offloads=false: a port that offers none, for benchmarks */
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	info->flow_type_rss_offloads = 0;
#endif
	/* rx offloads act on the whole port (lo_rxf_update); SCATTER changes nothing */
	info->rx_queue_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
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
static void
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
static bool
lo_rss_observed(const struct rte_eth_dev_data *data, uint64_t offloads)
{
	return (data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) != 0 &&
		(data->nb_rx_queues > 1 || (offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) != 0);
}

/* The rx offloads of a port and of each of its rx queues. */
static uint64_t
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
static int
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
static int
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

/*
 * Whether a port has carrier: started, not set link down, its tx queues
 * wired to live rings, and its peer, if it has one, started and not set
 * link down (as a veth pair).
 */
static bool
lo_carrier(const struct rte_eth_dev *dev, const struct rte_eth_dev *peer)
{
	const struct lo_private *priv = dev->data->dev_private;
	const struct lo_private *ppriv;

	if (!priv->started || priv->admin_down || !priv->wired)
		return false;
	if (peer == NULL)
		return true;
	ppriv = peer->data->dev_private;
	return ppriv->started && !ppriv->admin_down;
}

/* Link state of a port and of its peer, from lo_carrier. */
static void
lo_link_refresh(struct rte_eth_dev *dev)
{
	struct rte_eth_dev *peer = lo_peer_of(dev);

	lo_link_set(dev, lo_carrier(dev, peer) ? RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN);
	if (peer != NULL)
		lo_link_set(peer, lo_carrier(peer, dev) ? RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN);
}

/*
 * The other end of dev's pair: the port its peer devarg names, or the one
 * port whose peer devarg names it; NULL when neither. Refuses (-EINVAL,
 * with a log line) devargs that do not make one pair.
 */
static int
lo_peer_resolve(struct rte_eth_dev *dev, struct rte_eth_dev **out)
{
	struct lo_private *priv = dev->data->dev_private;
	const char *me = dev->data->name;
	struct rte_eth_dev *peer = NULL;
	const struct lo_private *ppriv;
	uint16_t p;

	*out = NULL;
	if (priv->params.peer[0] != '\0') {
		if (rte_eth_dev_get_port_by_name(priv->params.peer, &p) != 0) {
			if (strncmp(priv->params.peer, "net_lo", 6) == 0)
				LO_LOG(ERR, "port %u (%s): peer=%s is not a port; create it too, e.g. --vdev=%s",
					dev->data->port_id, me, priv->params.peer, priv->params.peer);
			else
				LO_LOG(ERR, "port %u (%s): peer=%s is not a port; a peer is a net_lo port, created as --vdev=net_loN",
					dev->data->port_id, me, priv->params.peer);
			return -EINVAL;
		}
		peer = &rte_eth_devices[p];
		if (peer == dev) {
			LO_LOG(ERR, "port %u (%s): peer=%s names the port itself; a port without a peer already loops back to itself",
				dev->data->port_id, me, priv->params.peer);
			return -EINVAL;
		}
		if (!lo_is_ours(peer)) {
			LO_LOG(ERR, "port %u (%s): peer=%s is not a net_lo port", dev->data->port_id,
				me, priv->params.peer);
			return -EINVAL;
		}
	}
	for (p = 0; p < RTE_MAX_ETHPORTS; p++) {
		struct rte_eth_dev *o = &rte_eth_devices[p];

		if (o == dev || !lo_is_ours(o))
			continue;
		ppriv = o->data->dev_private;
		if (o == peer) {
			if (ppriv->params.peer[0] != '\0' && strcmp(ppriv->params.peer, me) != 0) {
				LO_LOG(ERR, "port %u (%s): its peer %s is paired with %s",
					dev->data->port_id, me, o->data->name, ppriv->params.peer);
				return -EINVAL;
			}
		} else if (strcmp(ppriv->params.peer, me) == 0) {
			if (peer != NULL && priv->params.peer[0] != '\0') {
				LO_LOG(ERR, "port %u (%s): it names %s as its peer, but %s names %s: a pair has two ends",
					dev->data->port_id, me, peer->data->name, o->data->name, me);
				return -EINVAL;
			}
			if (peer != NULL) {
				LO_LOG(ERR, "port %u (%s): both %s and %s name it as their peer",
					dev->data->port_id, me, peer->data->name, o->data->name);
				return -EINVAL;
			}
			peer = o;
		}
	}
	if (peer != NULL) {
		ppriv = peer->data->dev_private;
		/*
		 * A peer that runs may wait for its other end to come back (it
		 * started paired, lo_tx_guarded, and lost it to a close); one that
		 * started alone sends into its own rings with an unguarded tx.
		 */
		if (ppriv->started && ppriv->peer_port != dev->data->port_id &&
				!(ppriv->tx_fn == LO_TX_GUARDED && ppriv->peer_port == RTE_MAX_ETHPORTS)) {
			LO_LOG(ERR, "port %u (%s): its peer %s runs unpaired; stop it, then start both",
				dev->data->port_id, me, peer->data->name);
			return -EINVAL;
		}
	}
	*out = peer;
	return 0;
}

static int
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
static int
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

static int
lo_dev_set_link_up(struct rte_eth_dev *dev)
{
	const struct lo_private *priv = dev->data->dev_private;

	((struct lo_private *)dev->data->dev_private)->admin_down = false;
	lo_link_refresh(dev);
	if (priv->started && dev->data->dev_link.link_status == RTE_ETH_LINK_DOWN)
		LO_LOG(NOTICE, "port %u: link stays down until its peer%s%s runs%s",
			dev->data->port_id, priv->params.peer[0] != '\0' ? " " : "",
			priv->params.peer, priv->wired ? "" : " (start or plug it again)");
	return 0;
}

/* Traffic stops at the next burst; packets in the rings wait for link up. */
static int
lo_dev_set_link_down(struct rte_eth_dev *dev)
{
	((struct lo_private *)dev->data->dev_private)->admin_down = true;
	lo_link_refresh(dev);
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

static void
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
	rxq->intr_fd = -1;	/* lo_dev_start gives it its eventfd, if any */
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
	qinfo->scattered_rx = ((dev->data->dev_conf.rxmode.offloads | rxq->conf.offloads) &
		RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
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

/*
 * RSS: key and types, and the RETA, read by senders at every packet
 * (lo_rx_features), so an update applies from the next burst on.
 */
static int
lo_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	struct lo_private *priv = dev->data->dev_private;

	if (conf->rss_key != NULL && conf->rss_key_len != LO_RSS_KEY_LEN) {
		LO_LOG(ERR, "port %u: RSS key of %u bytes; accepted: %u", dev->data->port_id,
			conf->rss_key_len, LO_RSS_KEY_LEN);
		return -EINVAL;
	}
	/*
	 * whether senders hash is decided at start (lo_rxf_update); where
	 * nobody sees the hash (lo_rss_observed), the types are only recorded
	 */
	if (priv->started && (priv->rxf.flags & LO_RXF_RSS) == 0 &&
			(conf->rss_hf & LO_RSS_TYPES) != 0 &&
			((dev->data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) == 0 ||
			lo_rss_observed(dev->data, lo_rx_offloads(dev->data)))) {
		LO_LOG(ERR, "port %u: RSS types 0x%" PRIx64 " on a port started without RSS types; stop the port, set them, start again",
			dev->data->port_id, conf->rss_hf);
		return -EBUSY;
	}
	if (conf->rss_key != NULL)
		lo_rss_key_set(&priv->rxf, conf->rss_key);
	__atomic_store_n(&priv->rxf.rss_hf, conf->rss_hf & LO_RSS_TYPES, __ATOMIC_RELAXED);
	return 0;
}

static int
lo_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf)
{
	const struct lo_private *priv = dev->data->dev_private;

	if (conf->rss_key != NULL) {
		if (conf->rss_key_len < LO_RSS_KEY_LEN) {
			LO_LOG(ERR, "port %u: RSS key buffer of %u bytes; the key has %u",
				dev->data->port_id, conf->rss_key_len, LO_RSS_KEY_LEN);
			return -EINVAL;
		}
		memcpy(conf->rss_key, priv->rxf.rss_key, LO_RSS_KEY_LEN);
	}
	conf->rss_key_len = LO_RSS_KEY_LEN;
	conf->rss_hf = priv->rxf.rss_hf;
	return 0;
}

static int
lo_reta_check_size(const struct rte_eth_dev *dev, uint16_t reta_size)
{
	if (reta_size == LO_RETA_SIZE)
		return 0;
	LO_LOG(ERR, "port %u: RETA of %u entries; this port has %u", dev->data->port_id,
		reta_size, LO_RETA_SIZE);
	return -EINVAL;
}

/* ethdev checked each entry selected by the masks against the rx queue count. */
static int
lo_reta_update(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct lo_private *priv = dev->data->dev_private;
	unsigned int i;

	if (lo_reta_check_size(dev, size) != 0)
		return -EINVAL;
	for (i = 0; i < LO_RETA_SIZE; i++) {
		const struct rte_eth_rss_reta_entry64 *e = &conf[i / RTE_ETH_RETA_GROUP_SIZE];
		const unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if ((e->mask >> bit) & 1)
			__atomic_store_n(&priv->rxf.reta[i], e->reta[bit], __ATOMIC_RELAXED);
	}
	return 0;
}

static int
lo_reta_query(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	const struct lo_private *priv = dev->data->dev_private;
	unsigned int i;

	if (lo_reta_check_size(dev, size) != 0)
		return -EINVAL;
	for (i = 0; i < LO_RETA_SIZE; i++) {
		struct rte_eth_rss_reta_entry64 *e = &conf[i / RTE_ETH_RETA_GROUP_SIZE];
		const unsigned int bit = i % RTE_ETH_RETA_GROUP_SIZE;

		if ((e->mask >> bit) & 1)
			e->reta[bit] = priv->rxf.reta[i];
	}
	return 0;
}

/*
 * Packet types. Parsing costs a read of every frame, so it runs only for
 * an application that asked: one that asks which types the port reports
 * (rte_eth_dev_get_supported_ptypes, as l3fwd does) gets all of them, one
 * that sets them (rte_eth_dev_set_ptypes) gets those classes, and
 * RTE_PTYPE_UNKNOWN turns parsing off (testpmd's default). Applies from
 * the next start; on a started port whose senders already run lo_tx_full
 * (another offload is on: l3fwd asks after start, with rx checksums on),
 * from their next burst.
 */
static void
lo_ptypes_apply(struct lo_private *priv)
{
	struct lo_rx_features *rxf = &priv->rxf;
	uint32_t flags;

	if (!priv->started)
		return;
	__atomic_store_n(&rxf->ptype_mask, priv->ptype_mask, __ATOMIC_RELAXED);
	flags = priv->ptype_mask != 0 ? rxf->flags | LO_RXF_PTYPE : rxf->flags & ~LO_RXF_PTYPE;
	__atomic_store_n(&rxf->flags, flags, __ATOMIC_RELEASE);
}

/*
 * DPDK 24.03 gives the op the number of entries to fill in (no_of_elements)
 * and reads exactly that many; before, the list ends at RTE_PTYPE_UNKNOWN.
 */
#if RTE_VERSION >= RTE_VERSION_NUM(24, 3, 0, 0)
static const uint32_t *
lo_supported_ptypes_get(struct rte_eth_dev *dev, size_t *no_of_elements)
#else
static const uint32_t *
lo_supported_ptypes_get(struct rte_eth_dev *dev)
#endif
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L2_ETHER_VLAN,
		RTE_PTYPE_L2_ETHER_QINQ,
		RTE_PTYPE_L3_IPV4,
		RTE_PTYPE_L3_IPV4_EXT,
		RTE_PTYPE_L3_IPV6,
		RTE_PTYPE_L3_IPV6_EXT,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_L4_SCTP,
		RTE_PTYPE_L4_ICMP,
		RTE_PTYPE_L4_FRAG,
		RTE_PTYPE_UNKNOWN
	};
	struct lo_private *priv = dev->data->dev_private;

	/* a secondary's question does not change the primary's datapath */
	if (rte_eal_process_type() == RTE_PROC_PRIMARY && !priv->ptype_set) {
		priv->ptype_mask = LO_PTYPE_CLASSES;
		lo_ptypes_apply(priv);
	}
#if RTE_VERSION >= RTE_VERSION_NUM(24, 3, 0, 0)
	*no_of_elements = RTE_DIM(ptypes) - 1;	/* not the RTE_PTYPE_UNKNOWN end */
#endif
	return ptypes;
}

static int
lo_ptypes_set(struct rte_eth_dev *dev, uint32_t ptype_mask)
{
	struct lo_private *priv = dev->data->dev_private;

	priv->ptype_set = true;
	priv->ptype_mask = ptype_mask & LO_PTYPE_CLASSES;
	lo_ptypes_apply(priv);
	return 0;
}

/*
 * VLAN strip is read at start, when the senders' tx function is chosen:
 * ethdev has recorded the new setting, which a stopped port applies at its
 * start; a started one refuses, and ethdev restores the old setting.
 */
static int
lo_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	const struct lo_private *priv = dev->data->dev_private;

	if (!priv->started || (mask & RTE_ETH_VLAN_STRIP_MASK) == 0)
		return 0;
	LO_LOG(ERR, "port %u: VLAN strip changes at start; stop the port, set it, start again",
		dev->data->port_id);
	return -EBUSY;
}

/* The clock of rx timestamps: the TSC, read by the sending tx burst. */
static int
lo_read_clock(struct rte_eth_dev *dev __rte_unused, uint64_t *clock)
{
	*clock = rte_rdtsc();
	return 0;
}

/* Tx holds no mbuf once a burst returns: nothing to free. */
static int
lo_tx_done_cleanup(void *txq __rte_unused, uint32_t free_cnt __rte_unused)
{
	return 0;
}

/* /ethdev/dump_priv and rte_eth_dev_priv_dump: devargs, rings, modes. */
static int
lo_priv_dump(struct rte_eth_dev *dev, FILE *f)
{
	const struct rte_eth_dev_data *data = dev->data;
	const struct lo_private *priv = data->dev_private;
	const struct lo_params *p = &priv->params;
	uint16_t i;

	fprintf(f, "net_lo %s: ring_size=%u max_queues=%u speed=%u byte_stats=%s copy=%s peer=%s tx_pps=%u tx_drop_ppm=%u tx_delay_cycles=%u\n",
		data->name, p->ring_size, p->max_queues, p->speed, p->byte_stats ? "on" : "off",
		p->copy ? "on" : "off", p->peer[0] != '\0' ? p->peer : "none", p->tx_pps,
		p->tx_drop_ppm, p->tx_delay);
	fprintf(f, "  rx features 0x%x, RSS types 0x%" PRIx64 ", packet types 0x%x\n",
		priv->rxf.flags, priv->rxf.rss_hf, priv->ptype_mask);
	for (i = 0; i < data->nb_rx_queues; i++) {
		const struct lo_rxq *rxq = data->rx_queues[i];

		if (rxq != NULL)
			fprintf(f, "  rx queue %u: ring %u of %u in use, %s producer\n", i,
				rte_ring_count(rxq->r.ring), rte_ring_get_capacity(rxq->r.ring),
				rxq->r.ring->prod.sync_type == RTE_RING_SYNC_ST ? "single" :
				"multi (HTS)");
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		const struct lo_txq *txq = data->tx_queues[i];

		if (txq != NULL)
			fprintf(f, "  tx queue %u: to port %u rx queue %u, mode %u, ring high-water mark %" PRIu64 "\n",
				i, txq->rx_port, txq->rx_qid, txq->mode,
				lo_counter_read(&txq->stats.ring_hwm));
	}
	return 0;
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
	{ "errors", offsetof(struct lo_txq_stats, errors), false },
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

/*
 * DPDK 25.11 moved the per-queue counters out of struct rte_eth_stats into
 * struct eth_queue_stats, the op's third argument (NULL when ethdev does not
 * want them); before, they are the same fields of *stats.
 */
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
static int
lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats,
		struct eth_queue_stats *qstats)
{
#else
static int
lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats)
{
	struct rte_eth_stats *qstats = stats;
#endif
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
		if (qstats != NULL && i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			qstats->q_ipackets[i] = s.packets;
			qstats->q_ibytes[i] = s.bytes;
			qstats->q_errors[i] = s.drops;
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
		stats->oerrors += s.fault_drops + s.errors;
		if (qstats != NULL && i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			qstats->q_opackets[i] = s.packets;
			qstats->q_obytes[i] = s.bytes;
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
	struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev *peer;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	/* the peer loses its carrier, and its tx queues this port's rings */
	peer = lo_peer_of(dev);
	priv->started = false;
	lo_link_refresh(dev);
	if (peer != NULL) {
		struct lo_private *ppriv = peer->data->dev_private;

		/* down until its next start wires it again; its gates are closed */
		ppriv->peer_port = RTE_MAX_ETHPORTS;
		ppriv->wired = false;
		lo_link_set(peer, RTE_ETH_LINK_DOWN);
		for (i = 0; i < peer->data->nb_tx_queues; i++) {
			struct lo_txq *txq = peer->data->tx_queues[i];

			if (txq != NULL) {
				memset(&txq->r, 0, sizeof(txq->r));
				txq->rx_data = NULL;
				txq->mode = LO_TX_PTR;
			}
		}
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		lo_tx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		lo_rx_queue_release(dev, i);
	lo_rx_intr_free(dev);
	/* mac_addrs points into dev_private, which ethdev frees on its own. */
	dev->data->mac_addrs = NULL;
	return 0;
}

/*
 * rte_eth_dev_reset: ethdev has stopped the port (its rings are drained);
 * back to as probed: no queues, default RSS and packet types, link not set
 * down. The application configures it again, as after a NIC reset.
 */
static int
lo_dev_reset(struct rte_eth_dev *dev)
{
	struct lo_private *priv = dev->data->dev_private;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -E_RTE_SECONDARY;
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		lo_tx_queue_release(dev, i);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		lo_rx_queue_release(dev, i);
	lo_rx_intr_free(dev);
	memset(&priv->rxf, 0, sizeof(priv->rxf));
	lo_rss_key_set(&priv->rxf, lo_rss_key_default);
	priv->ptype_set = false;
	priv->ptype_mask = 0;
	priv->admin_down = false;
	return 0;
}

/*
 * An rx queue with an interrupt, or NULL (with a line) for one that has
 * none: not configured for it, not started, or in a secondary, whose
 * handle is NULL (the queue is shared memory: a secondary must not arm or
 * disarm the primary's).
 */
static struct lo_rxq *
lo_intr_rxq(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = dev->data->rx_queues[qid];

	if (rxq == NULL || dev->intr_handle == NULL || rxq->intr_fd < 0) {
		LO_LOG(ERR, "port %u: rx queue %u: no rx interrupt; configure the port with intr_conf.rxq = 1, then set up and start its queues (in the primary process)",
			dev->data->port_id, qid);
		return NULL;
	}
	return rxq;
}

/*
 * Arm: the next enqueue into this queue writes its eventfd, once. Packets
 * already waiting wake it at once, as a NIC interrupts for descriptors
 * already written (see lo_rx_wake for the ordering).
 */
static int
lo_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = lo_intr_rxq(dev, qid);

	if (rxq == NULL)
		return -EINVAL;
	/* relaxed: the fence below orders it before the read of the ring */
	__atomic_store_n(&rxq->intr_armed, 1, __ATOMIC_RELAXED);
	/* seq_cst: store armed, then read prod.tail; tx mirrors it (lo_rx_wake) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (rte_ring_count(rxq->r.ring) != 0)
		lo_rx_wake(rxq);
	return 0;
}

static int
lo_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = lo_intr_rxq(dev, qid);

	if (rxq == NULL)
		return -EINVAL;
	/* relaxed: a wake already under way is harmless (edge-triggered, read by EAL) */
	__atomic_store_n(&rxq->intr_armed, 0, __ATOMIC_RELAXED);
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
	.rss_hash_update = lo_rss_hash_update,
	.rss_hash_conf_get = lo_rss_hash_conf_get,
	.reta_update = lo_reta_update,
	.reta_query = lo_reta_query,
	.dev_supported_ptypes_get = lo_supported_ptypes_get,
	.dev_ptypes_set = lo_ptypes_set,
	.vlan_offload_set = lo_vlan_offload_set,
	.read_clock = lo_read_clock,
	.tx_done_cleanup = lo_tx_done_cleanup,
	.get_monitor_addr = lo_get_monitor_addr,
	.rx_queue_intr_enable = lo_rx_queue_intr_enable,
	.rx_queue_intr_disable = lo_rx_queue_intr_disable,
	.eth_dev_priv_dump = lo_priv_dump,
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
	.dev_reset = lo_dev_reset,
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
	/*
	 * The primary may start again with other offloads, a peer or shaping
	 * after this probe: each queue's mode (shared memory) decides, behind
	 * the guard the primary's stop waits on.
	 */
	eth_dev->tx_pkt_burst = lo_tx_guarded;
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

	/* EAL has read --force-max-simd-bitwidth by now; per process, as it is */
	LO_LOG(DEBUG, "%s: offload path: %s", name, lo_offload_select());
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
	/* link changes call the application's LSC callbacks (lo_link_set) */
	data->dev_flags |= RTE_ETH_DEV_INTR_LSC;
	priv->peer_port = RTE_MAX_ETHPORTS;
	priv->tx_fn = params.byte_stats ? LO_TX_VECTOR : LO_TX_PTR;
	lo_rss_key_set(&priv->rxf, lo_rss_key_default);

	/* finally the ops and the burst functions */
	eth_dev->dev_ops = &lo_ops;
	lo_set_burst_functions(eth_dev);
	rte_eth_dev_probing_finish(eth_dev);
	LO_LOG(INFO, "%s: port %u, %u queues max, ring %u, %u Mbps, byte stats %s, "
		"tx cap %u pps, drop %u ppm, delay %u cycles, copy %s, peer %s", name,
		data->port_id, params.max_queues, params.ring_size, params.speed,
		params.byte_stats ? "on" : "off", params.tx_pps, params.tx_drop_ppm,
		params.tx_delay, params.copy ? "on" : "off",
		params.peer[0] != '\0' ? params.peer : "none");
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

/*
 * Telemetry: /net_lo/rings,PORT gives a net_lo port's devargs in force and
 * its rings: per rx queue packets waiting, capacity and producers; per tx
 * queue the rx queue it sends to and its ring high-water mark.
 */

/* DPDK 23.03 renamed the u64 telemetry calls to uint; 25.11 drops the old names. */
#if RTE_VERSION < RTE_VERSION_NUM(23, 3, 0, 0)
#define RTE_TEL_UINT_VAL RTE_TEL_U64_VAL
#define rte_tel_data_add_array_uint rte_tel_data_add_array_u64
#define rte_tel_data_add_dict_uint rte_tel_data_add_dict_u64
#endif

static struct rte_tel_data *
lo_tel_u64_array(void)
{
	struct rte_tel_data *a = rte_tel_data_alloc();

	if (a != NULL)
		rte_tel_data_start_array(a, RTE_TEL_UINT_VAL);
	return a;
}

static int
lo_telemetry_rings(const char *cmd __rte_unused, const char *params, struct rte_tel_data *d)
{
	struct rte_tel_data *waiting, *capacity, *producers, *target, *hwm;
	const struct rte_eth_dev_data *data;
	const struct lo_private *priv;
	unsigned long port;
	char *end;
	uint16_t i;

	if (params == NULL || params[0] < '0' || params[0] > '9')
		return -EINVAL;
	port = strtoul(params, &end, 10);
	if (*end != '\0' || port >= RTE_MAX_ETHPORTS || !lo_is_ours(&rte_eth_devices[port]))
		return -EINVAL;
	data = rte_eth_devices[port].data;
	priv = data->dev_private;
	waiting = lo_tel_u64_array();
	capacity = lo_tel_u64_array();
	producers = lo_tel_u64_array();
	target = lo_tel_u64_array();
	hwm = lo_tel_u64_array();
	if (waiting == NULL || capacity == NULL || producers == NULL || target == NULL ||
			hwm == NULL) {
		rte_tel_data_free(waiting);
		rte_tel_data_free(capacity);
		rte_tel_data_free(producers);
		rte_tel_data_free(target);
		rte_tel_data_free(hwm);
		return -ENOMEM;
	}
	for (i = 0; i < data->nb_rx_queues; i++) {
		const struct lo_rxq *rxq = data->rx_queues[i];

		rte_tel_data_add_array_uint(waiting, rxq != NULL ? rte_ring_count(rxq->r.ring) : 0);
		rte_tel_data_add_array_uint(capacity, rxq != NULL ?
			rte_ring_get_capacity(rxq->r.ring) : 0);
		rte_tel_data_add_array_uint(producers, rxq != NULL &&
			rxq->r.ring->prod.sync_type != RTE_RING_SYNC_ST ? 2 : 1);
	}
	for (i = 0; i < data->nb_tx_queues; i++) {
		const struct lo_txq *txq = data->tx_queues[i];

		rte_tel_data_add_array_uint(target, txq != NULL ? txq->rx_qid : 0);
		rte_tel_data_add_array_uint(hwm, txq != NULL ?
			lo_counter_read(&txq->stats.ring_hwm) : 0);
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", data->name);
	rte_tel_data_add_dict_string(d, "peer", priv->params.peer[0] != '\0' ?
		priv->params.peer : "none");
	rte_tel_data_add_dict_string(d, "byte_stats", priv->params.byte_stats ? "on" : "off");
	rte_tel_data_add_dict_string(d, "copy", priv->params.copy ? "on" : "off");
	rte_tel_data_add_dict_uint(d, "ring_size", priv->params.ring_size);
	rte_tel_data_add_dict_uint(d, "tx_pps", priv->params.tx_pps);
	rte_tel_data_add_dict_uint(d, "tx_drop_ppm", priv->params.tx_drop_ppm);
	rte_tel_data_add_dict_uint(d, "tx_delay_cycles", priv->params.tx_delay);
	/* "producers": 1 single, 2 several (HTS); "tx_to_rx_queue": without RSS */
	rte_tel_data_add_dict_container(d, "rx_waiting", waiting, 0);
	rte_tel_data_add_dict_container(d, "rx_capacity", capacity, 0);
	rte_tel_data_add_dict_container(d, "rx_producers", producers, 0);
	rte_tel_data_add_dict_container(d, "tx_to_rx_queue", target, 0);
	rte_tel_data_add_dict_container(d, "tx_ring_hwm", hwm, 0);
	return 0;
}

RTE_INIT(lo_telemetry_init)
{
	rte_telemetry_register_cmd("/net_lo/rings", lo_telemetry_rings,
		"A net_lo port's devargs and rings. Parameters: int port_id");
}

static struct rte_vdev_driver lo_vdev_driver = {
	.probe = lo_probe,
	.remove = lo_remove,
};

RTE_PMD_REGISTER_VDEV(net_lo, lo_vdev_driver);
RTE_PMD_REGISTER_ALIAS(net_lo, eth_lo);
RTE_PMD_REGISTER_PARAM_STRING(net_lo, LO_PARAM_STRING);
