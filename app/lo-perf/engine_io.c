/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* io: prime a working set (tx-first), then rx -> tx on one lcore, data untouched. */

#include <rte_ethdev.h>

#include "lo_perf_app.h"

static int
io_loop(struct lo_worker *w)
{
	struct rte_mbuf *m[LO_MAX_BURST];

	if (lo_prime(w, w->port, w->pool) != 0)
		return -1;
	while (!lo_should_stop()) {
		uint16_t n = rte_eth_rx_burst(w->port, w->queue, m, w->burst);

		if (n == 0)
			continue;
		lo_record(w, m, n);
		lo_forward(w, w->port, m, n);
	}
	return 0;
}

const struct lo_engine lo_engine_io = {
	.name = "io",
	.help = "tx-first working set, then rx -> tx on the same port, data untouched",
	.lcores_per_queue = 1,
	.nb_ports = 1,
	.bytes_assumed = true,
	.uses_inflight = true,
	.loop = io_loop,
};
