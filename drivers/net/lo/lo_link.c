/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's link and pairs: which port is a port's peer (peer= devarg,
 * resolved at start), the link state both ends of a pair share, the gates
 * that let traffic through only while a port is started and its link is
 * up, and the link state change events.
 */

#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>

#include "lo.h"
#include "lo_ethdev.h"

/* Whether another net_lo port's peer devarg names dev. */
bool
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
struct rte_eth_dev *
lo_peer_of(const struct rte_eth_dev *dev)
{
	const struct lo_private *priv = dev->data->dev_private;
	struct rte_eth_dev *peer;

	if (priv->peer_port >= RTE_MAX_ETHPORTS)
		return NULL;
	peer = &rte_eth_devices[priv->peer_port];
	return lo_is_ours(peer) ? peer : NULL;
}

/*
 * Open each queue's gate when the link is up and the queue started. The
 * stores release what was wired before (lo_gate_open). After closing a
 * tx gate, wait until no lo_tx_guarded burst is inside: a pair's sender
 * may be running while its receiver stops, and the rings must not be
 * drained, freed or rewired under it. A burst that is not guarded belongs
 * to this port's own lcores, which the ethdev contract has stopped.
 */
void
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

void
lo_link_set(struct rte_eth_dev *dev, uint16_t status)
{
	struct rte_eth_link link = dev->data->dev_link;

	link.link_status = status;
	/* 0: it changed; an application that asked for LSC hears of it */
	if (rte_eth_linkstatus_set(dev, &link) == 0 && dev->data->dev_conf.intr_conf.lsc != 0)
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC, NULL);
	lo_gates_update(dev);
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
void
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
int
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

int
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
int
lo_dev_set_link_down(struct rte_eth_dev *dev)
{
	((struct lo_private *)dev->data->dev_private)->admin_down = true;
	lo_link_refresh(dev);
	return 0;
}

int
lo_link_update(struct rte_eth_dev *dev __rte_unused, int wait_to_complete __rte_unused)
{
	return 0; /* dev_link is kept current by lo_link_set() */
}
