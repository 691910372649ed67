/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_TEST_QSTATS_H
#define LO_TEST_QSTATS_H

/*
 * A port's per-queue counters as an application reads them (public API
 * only). Up to DPDK 25.07 they are the q_* fields of struct rte_eth_stats,
 * which net_lo's stats_get fills. DPDK 25.11 removed those fields (and
 * RTE_ETHDEV_QUEUE_STAT_CNTRS from the public headers): queue counters come
 * from the xstats API instead, here net_lo's own rx_qN_packets, rx_qN_bytes,
 * rx_qN_drops, tx_qN_packets and tx_qN_bytes, which count the same.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_version.h>

#define LO_QSTATS 16	/* RTE_ETHDEV_QUEUE_STAT_CNTRS of every DPDK build here */

struct lo_qstats {
	uint64_t q_ipackets[LO_QSTATS];
	uint64_t q_opackets[LO_QSTATS];
	uint64_t q_ibytes[LO_QSTATS];
	uint64_t q_obytes[LO_QSTATS];
	uint64_t q_errors[LO_QSTATS];	/* rx drops */
};

#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
static int
lo_qstats_get(uint16_t port, struct lo_qstats *q)
{
	struct rte_eth_xstat_name *names = NULL;
	struct rte_eth_xstat *values = NULL;
	int n, i, ret = -1;

	memset(q, 0, sizeof(*q));
	n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n <= 0)
		return n;
	names = calloc(n, sizeof(*names));
	values = calloc(n, sizeof(*values));
	if (names == NULL || values == NULL ||
			rte_eth_xstats_get_names(port, names, n) != n ||
			rte_eth_xstats_get(port, values, n) != n)
		goto out;
	for (i = 0; i < n; i++) {
		unsigned int qid;
		char dir[3], what[RTE_ETH_XSTATS_NAME_SIZE];
		uint64_t *field = NULL;

		if (sscanf(names[values[i].id].name, "%2[rtx]_q%u_%63s", dir, &qid, what) != 3 ||
				qid >= LO_QSTATS)
			continue;
		if (strcmp(dir, "rx") == 0)
			field = strcmp(what, "packets") == 0 ? &q->q_ipackets[qid] :
				strcmp(what, "bytes") == 0 ? &q->q_ibytes[qid] :
				strcmp(what, "drops") == 0 ? &q->q_errors[qid] : NULL;
		else if (strcmp(dir, "tx") == 0)
			field = strcmp(what, "packets") == 0 ? &q->q_opackets[qid] :
				strcmp(what, "bytes") == 0 ? &q->q_obytes[qid] : NULL;
		if (field != NULL)
			*field = values[i].value;
	}
	ret = 0;
out:
	free(names);
	free(values);
	return ret;
}
#else
static int
lo_qstats_get(uint16_t port, struct lo_qstats *q)
{
	struct rte_eth_stats st;
	int ret;

	RTE_BUILD_BUG_ON(LO_QSTATS > RTE_ETHDEV_QUEUE_STAT_CNTRS);
	memset(q, 0, sizeof(*q));
	ret = rte_eth_stats_get(port, &st);
	if (ret != 0)
		return ret;
	memcpy(q->q_ipackets, st.q_ipackets, sizeof(q->q_ipackets));
	memcpy(q->q_opackets, st.q_opackets, sizeof(q->q_opackets));
	memcpy(q->q_ibytes, st.q_ibytes, sizeof(q->q_ibytes));
	memcpy(q->q_obytes, st.q_obytes, sizeof(q->q_obytes));
	memcpy(q->q_errors, st.q_errors, sizeof(q->q_errors));
	return 0;
}
#endif

#endif /* LO_TEST_QSTATS_H */
