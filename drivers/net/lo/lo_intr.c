/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's rx interrupts: an eventfd per rx queue (intr_conf.rxq), armed
 * by rx_queue_intr_enable, written by the sender's tx (lo_rx_wake,
 * lo_tx_full.c); set up at start, freed at stop and close.
 */

#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <ethdev_driver.h>
#include <rte_interrupts.h>
#include <rte_ring.h>

#include "lo.h"
#include "lo_ethdev.h"

/* Rx queue interrupts off: the eventfds closed, the handle freed. */
void
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
int
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
int
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

int
lo_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct lo_rxq *rxq = lo_intr_rxq(dev, qid);

	if (rxq == NULL)
		return -EINVAL;
	/* relaxed: a wake already under way is harmless (edge-triggered, read by EAL) */
	__atomic_store_n(&rxq->intr_armed, 0, __ATOMIC_RELAXED);
	return 0;
}
