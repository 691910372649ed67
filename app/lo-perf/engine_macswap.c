/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* macswap: as io, but each packet's Ethernet addresses are swapped (touches data). */

#include <rte_ethdev.h>
#include <rte_ether.h>

#include "lo_perf_app.h"

static int
macswap_loop(struct lo_worker *w)
{
	struct rte_mbuf *m[LO_MAX_BURST];

	if (lo_prime(w, w->port, w->pool) != 0)
		return -1;
	while (!lo_should_stop()) {
		uint16_t n = rte_eth_rx_burst(w->port, w->queue, m, w->burst), i;

		if (n == 0)
			continue;
		lo_record(w, m, n);
		for (i = 0; i < n; i++) {
			struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m[i], struct rte_ether_hdr *);
			struct rte_ether_addr a = eth->dst_addr;

			eth->dst_addr = eth->src_addr;
			eth->src_addr = a;
		}
		lo_forward(w, w->port, m, n);
	}
	return 0;
}

const struct lo_engine lo_engine_macswap = {
	.name = "macswap",
	.help = "as io, swapping each packet's MAC addresses (touches packet data)",
	.lcores_per_queue = 1,
	.nb_ports = 1,
	.bytes_assumed = true,
	.uses_inflight = true,
	.loop = macswap_loop,
};
