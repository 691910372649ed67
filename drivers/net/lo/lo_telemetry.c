/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's telemetry command, /net_lo/rings,PORT: a port's devargs, its
 * rings' occupancy, capacity and producer mode, its tx targets and
 * high-water marks, for dpdk-telemetry.py and monitoring agents.
 */

#include <errno.h>
#include <stdlib.h>

#include <rte_ring.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "lo.h"
#include "lo_ethdev.h"

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
