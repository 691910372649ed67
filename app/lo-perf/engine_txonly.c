/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * txonly: allocate prebuilt packets and send them; what is refused is freed.
 * The rate is what was sent. On a loopback port the engine also drains the
 * same queue's rx on the same lcore and frees what arrives (counted, but
 * not in the figure): otherwise the ring fills and the port refuses
 * everything. Other ports are only sent to, as in testpmd's txonly.
 */

#include <rte_ethdev.h>

#include "lo_perf_app.h"

int lo_txonly_loop(struct lo_worker *w);

/* One transmit burst of prebuilt packets; a pool empty for now skips it. */
static void
lo_txonly_burst(struct lo_worker *w)
{
	struct rte_mbuf *m[LO_MAX_BURST];
	uint16_t sent;

	if (unlikely(lo_alloc_pkts(w->pool, w->pkt_size, m, w->burst) != 0))
		return; /* the receiver frees them */
	lo_stamp(m, w->burst);
	sent = rte_eth_tx_burst(w->port, w->queue, m, w->burst);
	if (sent < w->burst) {
		rte_pktmbuf_free_bulk(m + sent, w->burst - sent);
		lo_count(&w->cnt.drops, w->burst - sent);
	}
	lo_count(&w->cnt.tx_pkts, sent);
	lo_count(&w->cnt.tx_bytes, (uint64_t)sent * w->pkt_size);
}

/* Send only: pipeline's tx lcore, whose rx is another lcore's. */
int
lo_txonly_loop(struct lo_worker *w)
{
	while (!lo_should_stop())
		lo_txonly_burst(w);
	return 0;
}

static int
txonly_drain_loop(struct lo_worker *w)
{
	while (!lo_should_stop()) {
		lo_txonly_burst(w);
		if (w->drain)
			lo_rxonly_burst(w);
	}
	return 0;
}

const struct lo_engine lo_engine_txonly = {
	.name = "txonly",
	.help = "send prebuilt packets; free what comes back (rate = sent)",
	.lcores_per_queue = 1,
	.nb_ports = 1,
	.figure_is_tx = true,
	.loop = txonly_drain_loop,
};
