/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* The engine registry (testpmd's fwd_engines[] shape) and shared helpers. */

#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf_dyn.h>
#include <rte_udp.h>

#include "lo_perf_app.h"

extern const struct lo_engine lo_engine_io;
extern const struct lo_engine lo_engine_txonly;
extern const struct lo_engine lo_engine_rxonly;
extern const struct lo_engine lo_engine_pipeline;
extern const struct lo_engine lo_engine_macswap;
extern const struct lo_engine lo_engine_fwd;

const struct lo_engine *const lo_engines[] = {
	&lo_engine_io,
	&lo_engine_txonly,
	&lo_engine_rxonly,
	&lo_engine_pipeline,
	&lo_engine_macswap,
	&lo_engine_fwd,
	NULL,
};

bool lo_stop;
bool lo_measuring;
int lo_ts_offset = -1;

const struct lo_engine *
lo_engine_find(const char *name)
{
	unsigned int i;

	for (i = 0; lo_engines[i] != NULL; i++)
		if (strcmp(lo_engines[i]->name, name) == 0)
			return lo_engines[i];
	return NULL;
}

int
lo_alloc_pkts(struct rte_mempool *pool, uint32_t pkt_size, struct rte_mbuf **m, unsigned int n)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		m[i]->data_len = (uint16_t)pkt_size;
		m[i]->pkt_len = pkt_size;
	}
	return 0;
}

unsigned int
lo_send_all(uint16_t port, uint16_t queue, struct rte_mbuf **m, unsigned int n)
{
	unsigned int sent = 0;

	while (sent < n && !lo_should_stop())
		sent += rte_eth_tx_burst(port, queue, m + sent, (uint16_t)(n - sent));
	return sent;
}

void
lo_stamp_all(struct rte_mbuf **m, unsigned int n)
{
	uint64_t now;
	unsigned int i;

	now = rte_rdtsc();
	for (i = 0; i < n; i++)
		*RTE_MBUF_DYNFIELD(m[i], lo_ts_offset, uint64_t *) = now;
}

void
lo_record_all(struct lo_worker *w, struct rte_mbuf **m, unsigned int n)
{
	uint64_t now;
	unsigned int i;

	if (!__atomic_load_n(&lo_measuring, __ATOMIC_RELAXED))
		return;
	now = rte_rdtsc();
	for (i = 0; i < n; i++) {
		uint64_t ts = *RTE_MBUF_DYNFIELD(m[i], lo_ts_offset, uint64_t *);

		if (ts != 0 && now >= ts)
			lo_perf_hist_add(w->hist, now - ts);
	}
}

int
lo_prime(struct lo_worker *w, uint16_t port, struct rte_mempool *pool)
{
	struct rte_mbuf *m[LO_MAX_BURST];
	uint32_t left = w->inflight;

	while (left > 0 && !lo_should_stop()) {
		unsigned int n = RTE_MIN(left, (uint32_t)w->burst), sent;

		if (lo_alloc_pkts(pool, w->pkt_size, m, n) != 0)
			return -1;
		lo_stamp(m, n);
		sent = lo_send_all(port, w->queue, m, n);
		lo_count(&w->cnt.tx_pkts, sent);
		lo_count(&w->cnt.tx_bytes, (uint64_t)sent * w->pkt_size);
		if (sent < n)
			rte_pktmbuf_free_bulk(m + sent, n - sent);
		left -= n;
	}
	return 0;
}

struct lo_template {
	uint32_t size;
};

static void
lo_fill_one(struct rte_mempool *mp __rte_unused, void *arg, void *obj, unsigned int idx)
{
	const struct lo_template *t = arg;
	struct rte_mbuf *m = obj;
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint32_t l3 = t->size - RTE_ETHER_HDR_LEN;

	memset(eth, 0, t->size);
	eth->dst_addr = (struct rte_ether_addr){{ 0x02, 0, 0, 0, 0, 0x02 }};
	eth->src_addr = (struct rte_ether_addr){{ 0x02, 0, 0, 0, 0, 0x01 }};
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)l3);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	/* 198u: RTE_IPV4 shifts its first byte by 24, which an int 198 overflows */
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(198u, 18, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198u, 18, 0, 2));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + idx % 1024));
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(l3 - sizeof(*ip)));
	if (lo_ts_offset >= 0)
		*RTE_MBUF_DYNFIELD(m, lo_ts_offset, uint64_t *) = 0;
}

void
lo_pool_fill(struct rte_mempool *pool, uint32_t size)
{
	struct lo_template t = { .size = size };

	rte_mempool_obj_iter(pool, lo_fill_one, &t);
}
