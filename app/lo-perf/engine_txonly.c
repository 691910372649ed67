/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* txonly: allocate prebuilt packets and send them; what is refused is freed. */

#include <rte_ethdev.h>

#include "lo_perf_app.h"

int lo_txonly_loop(struct lo_worker *w);

int
lo_txonly_loop(struct lo_worker *w)
{
	struct rte_mbuf *m[LO_MAX_BURST];

	while (!lo_should_stop()) {
		uint16_t sent;

		if (unlikely(lo_alloc_pkts(w->pool, w->pkt_size, m, w->burst) != 0))
			continue; /* pool empty for now: the receiver frees them */
		lo_stamp(m, w->burst);
		sent = rte_eth_tx_burst(w->port, w->queue, m, w->burst);
		if (sent < w->burst) {
			rte_pktmbuf_free_bulk(m + sent, w->burst - sent);
			lo_count(&w->cnt.drops, w->burst - sent);
		}
		lo_count(&w->cnt.tx_pkts, sent);
		lo_count(&w->cnt.tx_bytes, (uint64_t)sent * w->pkt_size);
	}
	return 0;
}

const struct lo_engine lo_engine_txonly = {
	.name = "txonly",
	.help = "send prebuilt packets as fast as the port takes them (rate = sent)",
	.lcores_per_queue = 1,
	.nb_ports = 1,
	.figure_is_tx = true,
	.loop = lo_txonly_loop,
};
