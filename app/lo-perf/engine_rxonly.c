/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* rxonly: receive and free. On a loopback, only pipeline feeds it. */

#include <rte_ethdev.h>

#include "lo_perf_app.h"

int lo_rxonly_loop(struct lo_worker *w);

/* One receive burst: record, count packets and their real bytes, free. */
void
lo_rxonly_burst(struct lo_worker *w)
{
	struct rte_mbuf *m[LO_MAX_BURST];
	uint16_t n = rte_eth_rx_burst(w->port, w->queue, m, w->burst), i;
	uint64_t bytes = 0;

	if (n == 0)
		return;
	lo_record(w, m, n);
	for (i = 0; i < n; i++)
		bytes += m[i]->pkt_len;
	rte_pktmbuf_free_bulk(m, n);
	lo_count(&w->cnt.rx_pkts, n);
	lo_count(&w->cnt.rx_bytes, bytes);
}

int
lo_rxonly_loop(struct lo_worker *w)
{
	while (!lo_should_stop())
		lo_rxonly_burst(w);
	return 0;
}

const struct lo_engine lo_engine_rxonly = {
	.name = "rxonly",
	.help = "receive and free; needs a traffic source (a loopback alone has none)",
	.lcores_per_queue = 1,
	.nb_ports = 1,
	.loop = lo_rxonly_loop,
};
