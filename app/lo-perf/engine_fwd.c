/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* fwd: between two ports on one lcore: rx port -> tx peer, rx peer -> tx port. */

#include <rte_ethdev.h>

#include "lo_perf_app.h"

static void
fwd_one(struct lo_worker *w, uint16_t from, uint16_t to)
{
	struct rte_mbuf *m[LO_MAX_BURST];
	uint16_t n = rte_eth_rx_burst(from, w->queue, m, w->burst);

	if (n == 0)
		return;
	lo_record(w, m, n);
	lo_forward(w, to, m, n);
}

static int
fwd_loop(struct lo_worker *w)
{
	if (lo_prime(w, w->port, w->pool) != 0 || lo_prime(w, w->peer, w->peer_pool) != 0)
		return -1;
	while (!lo_should_stop()) {
		fwd_one(w, w->port, w->peer);
		fwd_one(w, w->peer, w->port);
	}
	return 0;
}

const struct lo_engine lo_engine_fwd = {
	.name = "fwd",
	.help = "tx-first on both, then forward between the port and its peer (--peer)",
	.lcores_per_queue = 1,
	.nb_ports = 2,
	.bytes_assumed = true,
	.uses_inflight = true,
	.loop = fwd_loop,
};
