/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's receive classification ops: the RSS key and hash types, the
 * RETA, the packet types the port reports and the mask set on them, and
 * VLAN strip on or off at run time. Each change reaches the datapath
 * through the receiver's flags (lo_rxf_update, lo_start.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_eal.h>
#include <rte_version.h>

#include "lo.h"
#include "lo_ethdev.h"
#include "lo_offload.h"

/*
 * RSS: key and types, and the RETA, read by senders at every packet
 * (lo_rx_features), so an update applies from the next burst on.
 */
int
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

int
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
int
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

int
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
const uint32_t *
lo_supported_ptypes_get(struct rte_eth_dev *dev, size_t *no_of_elements)
#else
const uint32_t *
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

int
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
int
lo_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	const struct lo_private *priv = dev->data->dev_private;

	if (!priv->started || (mask & RTE_ETH_VLAN_STRIP_MASK) == 0)
		return 0;
	LO_LOG(ERR, "port %u: VLAN strip changes at start; stop the port, set it, start again",
		dev->data->port_id);
	return -EBUSY;
}
