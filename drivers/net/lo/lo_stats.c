/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * net_lo's statistics: the per-queue counter tables that drive both the
 * basic stats and the xstats (one name + offset row per counter), their
 * reads and the reset by snapshot, which never writes a datapath counter.
 */

#include <stdio.h>

#include <ethdev_driver.h>
#include <rte_version.h>

#include "lo.h"
#include "lo_ethdev.h"

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
int
lo_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats,
		struct eth_queue_stats *qstats)
{
#else
int
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

int
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

int
lo_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n)
{
	unsigned int count = lo_xstats_count(dev);

	if (xstats == NULL || n < count)
		return count;
	lo_xstats_walk(dev, lo_xstat_fill_value, xstats);
	return count;
}

int
lo_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
		unsigned int size)
{
	unsigned int count = lo_xstats_count(dev);

	if (names == NULL || size < count)
		return count;
	lo_xstats_walk(dev, lo_xstat_fill_name, names);
	return count;
}
