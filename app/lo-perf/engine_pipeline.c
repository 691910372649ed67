/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * pipeline: txonly on one lcore and rxonly on another, on the same port
 * and queue: the cross-core case testpmd cannot run on one port.
 */

#include "lo_perf_app.h"

int lo_txonly_loop(struct lo_worker *w);
int lo_rxonly_loop(struct lo_worker *w);

static int
pipeline_loop(struct lo_worker *w)
{
	return w->role == LO_ROLE_TX ? lo_txonly_loop(w) : lo_rxonly_loop(w);
}

const struct lo_engine lo_engine_pipeline = {
	.name = "pipeline",
	.help = "txonly on one lcore, rxonly on another, through the same port (rate = received)",
	.lcores_per_queue = 2,
	.nb_ports = 1,
	.loop = pipeline_loop,
};
