/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo, the device: probe and remove (primary and secondary), the one
 * ops table, configure, device info, MTU and MAC, the clock, the private
 * dump, close and reset. Each op's code is in the file named for its
 * concern (lo_ethdev.h lists them); the burst functions are in lo_rxtx.c
 * and lo_tx_full.c.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ring.h>

#include "lo.h"
#include "lo_ethdev.h"
#include "lo_offload.h"

RTE_LOG_REGISTER(lo_logtype, pmd.net.lo, NOTICE);

/* Read by dpdk-pmdinfo.py, as DPDK's own build would generate it. */
static const char lo_pmd_info[] __rte_used =
	"PMD_INFO_STRING= {\"name\": \"net_lo\", \"params\": \"" LO_PARAM_STRING "\", \"pci_ids\": []}";

/* Ethernet header + CRC on top of the MTU, as ethdev assumes by default. */
#define LO_FRAME_OVERHEAD	(RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN)
#define LO_MAX_MTU		UINT16_MAX	/* as Linux lo */

#define LO_RX_OFFLOADS	(RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
	RTE_ETH_RX_OFFLOAD_RSS_HASH | RTE_ETH_RX_OFFLOAD_VLAN_STRIP | \
	RTE_ETH_RX_OFFLOAD_TIMESTAMP)
#define LO_TX_OFFLOADS	(RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM | \
	RTE_ETH_TX_OFFLOAD_VLAN_INSERT)

/* The Toeplitz key the RSS specification gives as its example, NICs' usual default. */
static const uint8_t lo_rss_key_default[LO_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const struct eth_dev_ops lo_ops;

/* Whether dev is a live net_lo port of this process. */
bool
lo_is_ours(const struct rte_eth_dev *dev)
{
	return dev->state != RTE_ETH_DEV_UNUSED && dev->dev_ops == &lo_ops;
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

/* The clock of rx timestamps: the TSC, read by the sending tx burst. */
static int
lo_read_clock(struct rte_eth_dev *dev __rte_unused, uint64_t *clock)
{
	*clock = rte_rdtsc();
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

static struct rte_vdev_driver lo_vdev_driver = {
	.probe = lo_probe,
	.remove = lo_remove,
};

RTE_PMD_REGISTER_VDEV(net_lo, lo_vdev_driver);
RTE_PMD_REGISTER_ALIAS(net_lo, eth_lo);
RTE_PMD_REGISTER_PARAM_STRING(net_lo, LO_PARAM_STRING);
