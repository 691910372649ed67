/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_ETHDEV_H
#define LO_ETHDEV_H

/*
 * net_lo's control path, one concern a file; what those files call across
 * each other, and the port's offload sets they share. The data structures
 * are lo.h's. Where each op is:
 * - lo_ethdev.c: the device (probe/remove, the ops table, configure,
 *   infos, MTU/MAC, clock, private dump, close/reset);
 * - lo_link.c: link and pairs (peers, gates, link state and its events);
 * - lo_start.c: start/stop and wiring (burst selection, rings' producers,
 *   the receiver's offload flags);
 * - lo_queue.c: queues and their rings (setup/release/start/stop, info,
 *   burst modes);
 * - lo_rss_ptype.c: RSS key and types, RETA, packet types, VLAN strip;
 * - lo_stats.c: stats and xstats;
 * - lo_intr.c: rx interrupts;
 * - lo_telemetry.c: the /net_lo/rings telemetry command.
 */

#include <stdbool.h>
#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_ring.h>
#include <rte_version.h>

#include "lo.h"

#define LO_DRAIN_BURST		64	/* mbufs freed per dequeue when a ring is drained */

#define LO_RX_CKSUM	(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
	RTE_ETH_RX_OFFLOAD_TCP_CKSUM)
#define LO_RSS_TYPES	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 | \
	RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP | \
	RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 | \
	RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP | \
	RTE_ETH_RSS_NONFRAG_IPV6_OTHER)
#define LO_PTYPE_CLASSES	(RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK | RTE_PTYPE_L4_MASK)

/* lo_ethdev.c: the device */
bool lo_is_ours(const struct rte_eth_dev *dev);

/* lo_link.c: link and pairs */
bool lo_named_as_peer(const struct rte_eth_dev *dev);
struct rte_eth_dev *lo_peer_of(const struct rte_eth_dev *dev);
void lo_gates_update(struct rte_eth_dev *dev);
void lo_link_set(struct rte_eth_dev *dev, uint16_t status);
void lo_link_refresh(struct rte_eth_dev *dev);
int lo_peer_resolve(struct rte_eth_dev *dev, struct rte_eth_dev **out);
int lo_dev_set_link_up(struct rte_eth_dev *dev);
int lo_dev_set_link_down(struct rte_eth_dev *dev);
int lo_link_update(struct rte_eth_dev *dev __rte_unused, int wait_to_complete __rte_unused);

/* lo_start.c: start, stop and wiring */
void lo_set_burst_functions(struct rte_eth_dev *eth_dev);
bool lo_rss_observed(const struct rte_eth_dev_data *data, uint64_t offloads);
uint64_t lo_rx_offloads(const struct rte_eth_dev_data *data);
int lo_rxf_update(struct rte_eth_dev *dev);
int lo_wire(struct rte_eth_dev *sender, struct rte_eth_dev *receiver);
int lo_dev_start(struct rte_eth_dev *dev);
int lo_dev_stop(struct rte_eth_dev *dev);

/* lo_queue.c: queues and rings */
void lo_rxq_drain(struct lo_rxq *rxq);
void lo_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void lo_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int lo_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
	unsigned int socket_id, const struct rte_eth_rxconf *conf, struct rte_mempool *mb_pool);
int lo_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
	unsigned int socket_id, const struct rte_eth_txconf *conf);
int lo_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int lo_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
int lo_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int lo_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
void lo_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_rxq_info *qinfo);
void lo_txq_info_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_txq_info *qinfo);
int lo_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
	struct rte_eth_burst_mode *mode);
int lo_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid, struct rte_eth_burst_mode *mode);
int lo_tx_done_cleanup(void *txq __rte_unused, uint32_t free_cnt __rte_unused);

/* lo_rss_ptype.c: RSS, RETA, packet types, VLAN strip */
int lo_rss_hash_update(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int lo_rss_hash_conf_get(struct rte_eth_dev *dev, struct rte_eth_rss_conf *conf);
int lo_reta_update(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf, uint16_t size);
int lo_reta_query(struct rte_eth_dev *dev, struct rte_eth_rss_reta_entry64 *conf, uint16_t size);
int lo_ptypes_set(struct rte_eth_dev *dev, uint32_t ptype_mask);
int lo_vlan_offload_set(struct rte_eth_dev *dev, int mask);
#if RTE_VERSION >= RTE_VERSION_NUM(24, 3, 0, 0)
const uint32_t *lo_supported_ptypes_get(struct rte_eth_dev *dev, size_t *no_of_elements);
#else
const uint32_t *lo_supported_ptypes_get(struct rte_eth_dev *dev);
#endif

/* lo_stats.c: stats and xstats */
int lo_stats_reset(struct rte_eth_dev *dev);
int lo_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n);
int lo_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
	unsigned int size);
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
int lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats,
	struct eth_queue_stats *qstats);
#else
int lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
#endif

/* lo_intr.c: rx interrupts */
void lo_rx_intr_free(struct rte_eth_dev *dev);
int lo_rx_intr_setup(struct rte_eth_dev *dev);
int lo_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t qid);
int lo_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t qid);

#endif /* LO_ETHDEV_H */
