/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Functional tests of net_lo through the public ethdev API only, as any
 * application sees it: the driver is loaded with -d and ports are made with
 * rte_dev_probe("net_loN,..."). Every case must leave the mempool's in-use
 * count where it found it; the runner checks that after each case.
 *
 *   test_ethdev [--pool-pages 2M] PATH/librte_net_lo.so [EAL options...]
 *
 * EAL runs on 4 KB pages (--no-huge). The mbuf pool is there too, which
 * makes net_lo pick its scalar tx check, unless --pool-pages 2M puts the
 * pool in an external heap declared with 2 MB pages: then the vector one.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw */
#endif
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_interrupts.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_power_intrinsics.h>

#include "lo_test.h"
#include "lo_test_port.h"
#include "lo_test_qstats.h"

#define NB_MBUF		4095
#define PKT_LEN		100
#define BURST		32

static struct rte_mempool *pool;
static bool pool_on_2m;		/* --pool-pages 2M */
static unsigned int pool_in_use_at_start;
static uint16_t ports_at_start;
static unsigned int name_seq;

/* --- helpers ----------------------------------------------------------- */

/* A vdev name no earlier case used: hot-plug never reuses a live name. */
static const char *
fresh_name(void)
{
	static char name[32];

	snprintf(name, sizeof(name), "net_lo%u", 100 + name_seq++);
	return name;
}

static int
port_setup(uint16_t port, uint16_t nbq, uint16_t nb_desc)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, nbq, nbq, &conf);
	if (ret != 0)
		return ret;
	for (q = 0; q < nbq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nb_desc, SOCKET_ID_ANY, NULL, pool);
		if (ret != 0)
			return ret;
		ret = rte_eth_tx_queue_setup(port, q, nb_desc, SOCKET_ID_ANY, NULL);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* Probe, configure nbq queues of nb_desc (0: the driver's default), start. */
static int
port_open(const char *args, uint16_t nbq, uint16_t nb_desc, uint16_t *port)
{
	int ret = port_probe(fresh_name(), args, port);

	if (ret != 0)
		return ret;
	ret = port_setup(*port, nbq, nb_desc);
	if (ret != 0)
		return ret;
	return rte_eth_dev_start(*port);
}

/* n mbufs of len bytes; the first 4 payload bytes carry seq0, seq0+1, ... */
static int
mk_pkts(struct rte_mbuf **m, unsigned int n, uint32_t seq0, uint16_t len)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		char *p = rte_pktmbuf_append(m[i], len);

		if (p == NULL)
			return -ENOSPC;
		memset(p, 0, len);
		memcpy(p, &(uint32_t){seq0 + i}, sizeof(uint32_t));
	}
	return 0;
}

/* A length per sequence number, 60-1459 bytes, so that no two neighbours agree. */
static uint16_t
len_of(uint32_t seq)
{
	return 60 + (seq * 37) % 1400;
}

/* Bytes of the packets seq0 .. seq0+n-1 as len_of() sizes them. */
static uint64_t
bytes_of(uint32_t seq0, unsigned int n)
{
	uint64_t b = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		b += len_of(seq0 + i);
	return b;
}

/* As mk_pkts, each packet len_of(its sequence number) bytes long. */
static int
mk_pkts_var(struct rte_mbuf **m, unsigned int n, uint32_t seq0)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		int ret = mk_pkts(&m[i], 1, seq0 + i, len_of(seq0 + i));

		if (ret != 0) {
			rte_pktmbuf_free_bulk(m, i);
			return ret;
		}
	}
	return 0;
}

/* Receive and free everything waiting on port/q; returns the count. */
static unsigned int
rx_drain(uint16_t port, uint16_t q)
{
	struct rte_mbuf *m[BURST];
	unsigned int total = 0;
	uint16_t n;

	while ((n = rte_eth_rx_burst(port, q, m, BURST)) > 0) {
		rte_pktmbuf_free_bulk(m, n);
		total += n;
	}
	return total;
}

/* The port's four totals, exactly (st: a struct rte_eth_stats to fill). */
#define STATS_EQ(port, st, opk, ipk, ob, ib) do { \
	LO_ASSERT_EQ(rte_eth_stats_get(port, &(st)), 0); \
	LO_ASSERT_EQ((st).opackets, opk); \
	LO_ASSERT_EQ((st).ipackets, ipk); \
	LO_ASSERT_EQ((st).obytes, ob); \
	LO_ASSERT_EQ((st).ibytes, ib); \
} while (0)

#define XSTAT_EQ(port, name, expected) do { \
	uint64_t v_ = ~0ULL; \
	LO_ASSERT(xstat(port, name, &v_) == 0, "no xstat %s", name); \
	LO_ASSERT(v_ == (uint64_t)(expected), "xstat %s = %" PRIu64 ", expected %" PRIu64, \
		name, v_, (uint64_t)(expected)); \
} while (0)

/* --- cases ------------------------------------------------------------- */

static int
test_infos(void)
{
	struct rte_ether_addr mac, want = {{ 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 }};
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	uint16_t port, port2;

	LO_ASSERT_EQ(port_open("max_queues=24,ring_size=256,speed=25G,mac=02:11:22:33:44:55",
		1, 0, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT(strcmp(info.driver_name, "net_lo") == 0, "driver %s", info.driver_name);
	LO_ASSERT_EQ(info.max_rx_queues, 24);
	LO_ASSERT_EQ(info.max_tx_queues, 24);
	LO_ASSERT_EQ(info.min_mtu, 68);
	LO_ASSERT_EQ(info.max_mtu, 65535);
	LO_ASSERT_EQ(info.rx_desc_lim.nb_max, 65535);
	LO_ASSERT_EQ(info.rx_desc_lim.nb_min, 1);
	LO_ASSERT_EQ(info.tx_desc_lim.nb_max, 65535);
	LO_ASSERT_EQ(info.default_rxportconf.ring_size, 256);
	LO_ASSERT(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS, "no MULTI_SEGS");
	LO_ASSERT(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER, "no SCATTER");
	LO_ASSERT_EQ(info.speed_capa, RTE_ETH_LINK_SPEED_25G);
	LO_ASSERT_EQ(rte_eth_link_get_nowait(port, &link), 0);
	LO_ASSERT_EQ(link.link_status, RTE_ETH_LINK_UP);
	LO_ASSERT_EQ(link.link_speed, 25000);
	LO_ASSERT_EQ(link.link_duplex, RTE_ETH_LINK_FULL_DUPLEX);
	LO_ASSERT_EQ(rte_eth_macaddr_get(port, &mac), 0);
	LO_ASSERT(rte_is_same_ether_addr(&mac, &want), "MAC from devarg not used");
	/* nb_desc 0 takes the ring_size devarg */
	{
		struct rte_eth_rxq_info qi;

		LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
		LO_ASSERT_EQ(qi.nb_desc, 256);
		LO_ASSERT_EQ(qi.mp, pool);
	}
	/* Without the devarg: a random, locally administered unicast MAC. */
	LO_ASSERT_EQ(port_open("", 1, 0, &port2), 0);
	LO_ASSERT_EQ(rte_eth_macaddr_get(port2, &mac), 0);
	LO_ASSERT(rte_is_unicast_ether_addr(&mac) && rte_is_local_admin_ether_addr(&mac),
		"random MAC is not locally administered unicast");
	LO_ASSERT_EQ(rte_eth_dev_info_get(port2, &info), 0);
	LO_ASSERT_EQ(info.max_rx_queues, 64);
	LO_ASSERT_EQ(rte_eth_link_get_nowait(port2, &link), 0);
	LO_ASSERT_EQ(link.link_speed, 100000);
	LO_ASSERT_EQ(port_remove(port2), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* FIFO per queue, no loss, no duplicates, with sequence-tagged mbufs. */
static int
test_fifo(void)
{
	struct rte_mbuf *m[BURST];
	uint32_t next = 0, sent = 0;
	uint16_t port;
	unsigned int round, i;

	LO_ASSERT_EQ(port_open("", 1, 512, &port), 0);
	for (round = 0; round < 10; round++) {
		LO_ASSERT_EQ(mk_pkts(m, BURST, sent, PKT_LEN), 0);
		LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, BURST), BURST);
		sent += BURST;
	}
	/* odd receive sizes cut across the transmit bursts */
	for (;;) {
		uint16_t n = rte_eth_rx_burst(port, 0, m, 7);

		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			LO_ASSERT(seq_of(m[i]) == next, "got seq %u, expected %u", seq_of(m[i]), next);
			LO_ASSERT_EQ(m[i]->pkt_len, PKT_LEN);
			next++;
		}
		rte_pktmbuf_free_bulk(m, n);
	}
	LO_ASSERT_EQ(next, sent);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * A 5-entry ring (8 slots) wraps every few bursts: the copy crosses the end
 * of the slots in both directions, and order, counts and bytes still hold.
 */
static int
test_ring_wrap(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint32_t sent = 0, next = 0;
	uint64_t bytes = 0;
	uint16_t port, n, i;
	unsigned int lap;

	LO_ASSERT_EQ(port_open("", 1, 5, &port), 0);
	for (lap = 0; lap < 200; lap++) {
		uint16_t want = 1 + lap % 5, len = 60 + lap % 7;

		LO_ASSERT_EQ(mk_pkts(m, want, sent, len), 0);
		n = rte_eth_tx_burst(port, 0, m, want);
		LO_ASSERT_EQ(n, want); /* the ring is empty before each burst */
		sent += n;
		bytes += (uint64_t)n * len;
		/* receive in pieces of 2 so the consumer wraps at other points */
		while ((n = rte_eth_rx_burst(port, 0, m, 2)) > 0) {
			for (i = 0; i < n; i++) {
				LO_ASSERT(seq_of(m[i]) == next, "got %u, expected %u", seq_of(m[i]), next);
				next++;
			}
			rte_pktmbuf_free_bulk(m, n);
		}
	}
	LO_ASSERT_EQ(next, sent);
	/* a burst larger than the ring: 5 fit, across the wrap */
	LO_ASSERT_EQ(mk_pkts(m, 9, sent, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 9), 5);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 5);
	for (i = 0; i < 5; i++)
		LO_ASSERT_EQ(seq_of(m[i]), sent + i);
	rte_pktmbuf_free_bulk(m, 5);
	STATS_EQ(port, st, sent + 5, sent + 5, bytes + 5 * PKT_LEN, bytes + 5 * PKT_LEN);
	XSTAT_EQ(port, "tx_q0_ring_full", 4);
	XSTAT_EQ(port, "tx_q0_ring_hwm", 5);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Tx queue i reaches rx queue i and no other. */
static int
test_queue_isolation(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	struct lo_qstats qs;
	uint16_t port, q, i, n;

	LO_ASSERT_EQ(port_open("", 4, 128, &port), 0);
	for (q = 0; q < 4; q++) {
		LO_ASSERT_EQ(mk_pkts(m, q + 1, q * 1000, PKT_LEN), 0);
		LO_ASSERT_EQ(rte_eth_tx_burst(port, q, m, q + 1), q + 1);
	}
	for (q = 0; q < 4; q++) {
		n = rte_eth_rx_burst(port, q, m, BURST);
		LO_ASSERT_EQ(n, q + 1);
		for (i = 0; i < n; i++)
			LO_ASSERT_EQ(seq_of(m[i]), q * 1000 + i);
		rte_pktmbuf_free_bulk(m, n);
	}
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(port, &qs), 0);
	for (q = 0; q < 4; q++) {
		LO_ASSERT_EQ(qs.q_ipackets[q], q + 1);
		LO_ASSERT_EQ(qs.q_opackets[q], q + 1);
		LO_ASSERT_EQ(qs.q_ibytes[q], (q + 1) * PKT_LEN);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Exact packets and bytes, basic and extended, and what is in flight. */
static int
test_stats_exact(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint64_t bytes = 0;
	uint16_t port, i;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(rte_pktmbuf_alloc_bulk(pool, m, 20), 0);
	for (i = 0; i < 20; i++) {
		LO_ASSERT(rte_pktmbuf_append(m[i], 60 + i * 7) != NULL, "append");
		bytes += 60 + i * 7;
	}
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 20), 20);
	LO_ASSERT_EQ(rte_eth_rx_queue_count(port, 0), 20);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 12), 12);
	rte_pktmbuf_free_bulk(m, 12);

	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, 20);
	LO_ASSERT_EQ(st.obytes, bytes);
	LO_ASSERT_EQ(st.ipackets, 12);
	/* opackets - ipackets == packets still in the ring */
	LO_ASSERT_EQ(st.opackets - st.ipackets, rte_eth_rx_queue_count(port, 0));
	XSTAT_EQ(port, "tx_q0_packets", 20);
	XSTAT_EQ(port, "tx_q0_bytes", bytes);
	XSTAT_EQ(port, "rx_q0_packets", 12);
	XSTAT_EQ(port, "rx_good_packets", 12);
	XSTAT_EQ(port, "tx_q0_ring_hwm", 20);
	XSTAT_EQ(port, "tx_q0_ring_full", 0);

	LO_ASSERT_EQ(rx_drain(port, 0), 8);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ipackets, 20);
	LO_ASSERT_EQ(st.ibytes, bytes);
	XSTAT_EQ(port, "rx_q0_bytes", bytes);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
test_stats_reset(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 10, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 10), 10);
	LO_ASSERT_EQ(rx_drain(port, 0), 10);
	LO_ASSERT_EQ(rte_eth_stats_reset(port), 0);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ipackets + st.opackets + st.ibytes + st.obytes, 0);
	XSTAT_EQ(port, "tx_q0_ring_hwm", 0);

	LO_ASSERT_EQ(mk_pkts(m, 3, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 3), 3);
	LO_ASSERT_EQ(rx_drain(port, 0), 3);
	STATS_EQ(port, st, 3, 3, 3 * PKT_LEN, 3 * PKT_LEN);
	XSTAT_EQ(port, "tx_q0_ring_hwm", 3);

	/* xstats reset clears the same counters */
	LO_ASSERT_EQ(rte_eth_xstats_reset(port), 0);
	XSTAT_EQ(port, "rx_q0_packets", 0);
	XSTAT_EQ(port, "tx_q0_bytes", 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* A full ring takes what fits; the caller keeps the rest, counted once. */
static int
test_ring_full(void)
{
	struct rte_mbuf *m[100];
	struct rte_eth_stats st;
	uint16_t port, sent, i;

	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 100, 0, PKT_LEN), 0);
	sent = rte_eth_tx_burst(port, 0, m, 100);
	LO_ASSERT_EQ(sent, 64);
	/* the rejected mbufs are still ours, untouched */
	for (i = sent; i < 100; i++) {
		LO_ASSERT_EQ(seq_of(m[i]), i);
		LO_ASSERT_EQ(rte_mbuf_refcnt_read(m[i]), 1);
	}
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m + sent, 100 - sent), 0);
	rte_pktmbuf_free_bulk(m + sent, 100 - sent);
	XSTAT_EQ(port, "tx_q0_ring_full", 36 + 36);
	XSTAT_EQ(port, "tx_q0_ring_hwm", 64);
	LO_ASSERT_EQ(rte_eth_rx_queue_count(port, 0), 64);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, 64);
	LO_ASSERT_EQ(st.obytes, 64 * PKT_LEN);
	LO_ASSERT_EQ(rx_drain(port, 0), 64);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Link down stops both directions; what waits in the ring arrives on link up. */
static int
test_link_down(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_link link;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 5, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 5), 5);
	LO_ASSERT_EQ(rte_eth_dev_set_link_down(port), 0);
	LO_ASSERT_EQ(rte_eth_link_get_nowait(port, &link), 0);
	LO_ASSERT_EQ(link.link_status, RTE_ETH_LINK_DOWN);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 0);
	LO_ASSERT_EQ(mk_pkts(m, 4, 100, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 4), 0);
	rte_pktmbuf_free_bulk(m, 4);
	LO_ASSERT_EQ(rte_eth_dev_set_link_up(port), 0);
	LO_ASSERT_EQ(rte_eth_link_get_nowait(port, &link), 0);
	LO_ASSERT_EQ(link.link_status, RTE_ETH_LINK_UP);
	LO_ASSERT_EQ(rx_drain(port, 0), 5);
	XSTAT_EQ(port, "tx_q0_packets", 5);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
test_mtu_mac(void)
{
	struct rte_ether_addr mac = {{ 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee }}, got;
	struct rte_ether_addr mcast = {{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }};
	uint16_t port, mtu;

	LO_ASSERT_EQ(port_open("", 1, 0, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_mtu(port, 9000), 0);
	LO_ASSERT_EQ(rte_eth_dev_get_mtu(port, &mtu), 0);
	LO_ASSERT_EQ(mtu, 9000);
	LO_ASSERT_EQ(rte_eth_dev_set_mtu(port, 65535), 0);
	LO_ASSERT_EQ(rte_eth_dev_get_mtu(port, &mtu), 0);
	LO_ASSERT_EQ(mtu, 65535);
	LO_ASSERT(rte_eth_dev_set_mtu(port, 67) < 0, "MTU 67 accepted");
	LO_ASSERT_EQ(rte_eth_dev_get_mtu(port, &mtu), 0);
	LO_ASSERT_EQ(mtu, 65535);
	LO_ASSERT_EQ(rte_eth_dev_default_mac_addr_set(port, &mac), 0);
	LO_ASSERT_EQ(rte_eth_macaddr_get(port, &got), 0);
	LO_ASSERT(rte_is_same_ether_addr(&mac, &got), "MAC not set");
	LO_ASSERT(rte_eth_dev_default_mac_addr_set(port, &mcast) < 0, "multicast MAC accepted");
	LO_ASSERT_EQ(rte_eth_promiscuous_enable(port), 0);
	LO_ASSERT_EQ(rte_eth_promiscuous_get(port), 1);
	LO_ASSERT_EQ(rte_eth_allmulticast_disable(port), 0);
	LO_ASSERT_EQ(rte_eth_allmulticast_get(port), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Multi-segment packets loop back whole, and count their full length. */
static int
test_multiseg(void)
{
	struct rte_mbuf *seg[3], *m[BURST];
	struct rte_eth_stats st;
	uint16_t port, i;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(seg, 3, 7, 1000), 0);
	LO_ASSERT_EQ(rte_pktmbuf_chain(seg[0], seg[1]), 0);
	LO_ASSERT_EQ(rte_pktmbuf_chain(seg[0], seg[2]), 0);
	LO_ASSERT_EQ(seg[0]->pkt_len, 3000);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, seg, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 1);
	LO_ASSERT(m[0] == seg[0], "a different mbuf came back");
	LO_ASSERT_EQ(m[0]->nb_segs, 3);
	LO_ASSERT_EQ(m[0]->pkt_len, 3000);
	i = 0;
	for (struct rte_mbuf *s = m[0]; s != NULL; s = s->next, i++) {
		LO_ASSERT_EQ(seq_of(s), 7 + i);
		LO_ASSERT_EQ(s->data_len, 1000);
	}
	LO_ASSERT_EQ(i, 3);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.obytes, 3000);
	LO_ASSERT_EQ(st.ibytes, 3000);
	rte_pktmbuf_free(m[0]);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * A looped-back mbuf looks received: receiving port, and nothing the sender
 * or an earlier receiver left: no flags, no packet type.
 */
static int
test_received_marks(void)
{
	struct rte_mbuf *m[BURST];
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 1, 0, PKT_LEN), 0);
	m[0]->port = 1234;
	m[0]->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_VLAN |
		RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_IP_CKSUM_BAD;
	m[0]->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4;
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 1);
	LO_ASSERT_EQ(m[0]->port, port);
	LO_ASSERT_EQ(m[0]->ol_flags, 0);
	LO_ASSERT_EQ(m[0]->packet_type, 0);
	/* a stale packet type alone is enough to be cleaned */
	m[0]->packet_type = RTE_PTYPE_L4_UDP;
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 1);
	LO_ASSERT_EQ(m[0]->packet_type, 0);
	rte_pktmbuf_free(m[0]);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* byte_stats=off: packets still exact, bytes zero, mbufs left untouched. */
static int
test_byte_stats_off(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port;

	LO_ASSERT_EQ(port_open("byte_stats=off", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 9, 0, PKT_LEN), 0);
	m[0]->port = 777;
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 9), 9);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 9);
	LO_ASSERT_EQ(m[0]->port, 777);
	rte_pktmbuf_free_bulk(m, 9);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, 9);
	LO_ASSERT_EQ(st.ipackets, 9);
	LO_ASSERT_EQ(st.obytes + st.ibytes, 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Queue stop gates and drains; deferred start; queue info state. */
static int
test_queue_start_stop(void)
{
	struct rte_eth_rxconf rxconf = { .rx_deferred_start = 1 };
	struct rte_mbuf *m[BURST];
	struct rte_eth_rxq_info qi;
	struct rte_eth_stats st;
	struct lo_qstats qs;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 2, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 6, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 6), 6);
	LO_ASSERT_EQ(rte_eth_dev_rx_queue_stop(port, 1), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 1, &qi), 0);
	LO_ASSERT_EQ(qi.queue_state, RTE_ETH_QUEUE_STATE_STOPPED);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 1, m, BURST), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_count(port, 1), 0);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(port, &qs), 0);
	LO_ASSERT_EQ(st.imissed, 6);
	LO_ASSERT_EQ(qs.q_errors[1], 6);
	XSTAT_EQ(port, "rx_q1_drops", 6);
	LO_ASSERT_EQ(rte_eth_dev_rx_queue_start(port, 1), 0);
	LO_ASSERT_EQ(rte_eth_dev_tx_queue_stop(port, 0), 0);
	LO_ASSERT_EQ(mk_pkts(m, 2, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 2), 0);
	LO_ASSERT_EQ(rte_eth_dev_tx_queue_start(port, 0), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 2), 2);
	LO_ASSERT_EQ(rx_drain(port, 0), 2);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);

	/* deferred start: queue 0 stays stopped until started by hand */
	LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, 0, 128, SOCKET_ID_ANY, &rxconf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
	LO_ASSERT_EQ(qi.queue_state, RTE_ETH_QUEUE_STATE_STOPPED);
	LO_ASSERT_EQ(mk_pkts(m, 3, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 3), 3);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_queue_start(port, 0), 0);
	LO_ASSERT_EQ(rx_drain(port, 0), 3);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* More than RTE_ETHDEV_QUEUE_STAT_CNTRS queues: xstats cover them all. */
static int
test_many_queues(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port;

	LO_ASSERT_EQ(port_open("max_queues=24", 20, 64, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 5, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 19, m, 5), 5);
	LO_ASSERT_EQ(rx_drain(port, 19), 5);
	XSTAT_EQ(port, "rx_q19_packets", 5);
	XSTAT_EQ(port, "tx_q19_bytes", 5 * PKT_LEN);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ipackets, 5);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	/* 25 queues exceed max_queues=24 */
	LO_ASSERT(port_setup(port, 25, 64) < 0, "25 queues accepted");
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Stopping the port frees what waits in the rings, counted as drops. */
static int
test_stop_drains(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 10, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 10), 10);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start + 10);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.imissed, 10);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 4), 4);
	/* close with packets still queued: freed by the driver */
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
test_configure_checks(void)
{
	struct rte_eth_conf conf;
	uint16_t port;

	memset(&conf, 0, sizeof(conf));
	LO_ASSERT_EQ(port_probe(fresh_name(), "", &port), 0);
	/* tx queues need an rx queue to send to; only RSS of the multi-queue modes */
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 0, 1, &conf), -EINVAL);
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_VMDQ_ONLY;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), -ENOTSUP);
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	LO_ASSERT(rte_eth_rx_queue_setup(port, 0, 65535, SOCKET_ID_ANY, NULL, pool) == 0,
		"largest ring refused");
	LO_ASSERT_EQ(rte_eth_tx_queue_setup(port, 0, 1, SOCKET_ID_ANY, NULL), 0);
	/* start needs both halves of each queue pair: here they are */
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Bad devargs: probe fails, no port appears, nothing leaks. */
static int
test_bad_devargs(void)
{
	static const char *const bad[] = {
		"ring_size=0", "max_queues=2000", "mac=01:00:00:00:00:01", "speed=1T",
		"byte_stats=yes", "nosuchkey=1",
	};
	unsigned int i;
	uint16_t port;

	for (i = 0; i < RTE_DIM(bad); i++) {
		LO_ASSERT(port_probe(fresh_name(), bad[i], &port) < 0, "'%s' accepted", bad[i]);
		LO_ASSERT_EQ(rte_eth_dev_count_avail(), ports_at_start);
	}
	return 0;
}

/* Probe, use and remove the same device many times. */
static int
test_hotplug(void)
{
	struct rte_mbuf *m[BURST];
	unsigned int i;
	uint16_t port;

	for (i = 0; i < 100; i++) {
		LO_ASSERT_EQ(port_probe("net_lo_hotplug", "ring_size=64", &port), 0);
		LO_ASSERT_EQ(port_setup(port, 2, 0), 0);
		LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
		LO_ASSERT_EQ(mk_pkts(m, 8, i, PKT_LEN), 0);
		LO_ASSERT_EQ(tx_all(port, 1, m, 8), 8);
		if (i % 2 == 0)
			LO_ASSERT_EQ(rx_drain(port, 1), 8); /* odd rounds leave them queued */
		LO_ASSERT_EQ(port_remove(port), 0);
		LO_ASSERT_EQ(rte_eth_dev_count_avail(), ports_at_start);
		LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	}
	return 0;
}

/* Two instances do not share traffic or counters. */
static int
test_instances(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t a, b;

	LO_ASSERT_EQ(port_open("", 1, 128, &a), 0);
	LO_ASSERT_EQ(port_open("", 1, 128, &b), 0);
	LO_ASSERT(a != b, "same port twice");
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(a, 0, m, 4), 4);
	LO_ASSERT_EQ(rte_eth_rx_burst(b, 0, m, BURST), 0);
	LO_ASSERT_EQ(rte_eth_stats_get(b, &st), 0);
	LO_ASSERT_EQ(st.opackets, 0);
	LO_ASSERT_EQ(rx_drain(a, 0), 4);
	LO_ASSERT_EQ(port_remove(b), 0);
	LO_ASSERT_EQ(port_remove(a), 0);
	return 0;
}

/*
 * Byte accounting, which rx does from the totals tx leaves beside the ring:
 * after every receive of any size the rx bytes equal the lengths of exactly
 * the packets received so far, through many wrap-arounds of a small ring,
 * with the ring often full.
 */
static int
test_bytes_partial_bursts(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint32_t sent = 0, next = 0;
	uint64_t obytes = 0;
	unsigned int lap;
	uint16_t port, n, i;

	LO_ASSERT_EQ(port_open("", 1, 13, &port), 0);
	for (lap = 0; lap < 300; lap++) {
		uint16_t want = 1 + (lap * 7) % BURST, take = 1 + (lap * 5) % 11;

		LO_ASSERT_EQ(mk_pkts_var(m, want, sent), 0);
		n = tx_all(port, 0, m, want);
		LO_ASSERT(n <= want, "tx %u of %u", n, want);
		obytes += bytes_of(sent, n);
		sent += n;
		n = rte_eth_rx_burst(port, 0, m, take);
		for (i = 0; i < n; i++) {
			LO_ASSERT(seq_of(m[i]) == next + i, "got %u, expected %u", seq_of(m[i]),
				next + i);
			LO_ASSERT_EQ(m[i]->pkt_len, len_of(next + i));
		}
		rte_pktmbuf_free_bulk(m, n);
		next += n;
		LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
		LO_ASSERT(st.ibytes == bytes_of(0, next), "lap %u: ibytes %" PRIu64
			", expected %" PRIu64, lap, st.ibytes, bytes_of(0, next));
		LO_ASSERT_EQ(st.obytes, obytes);
		LO_ASSERT_EQ(st.ipackets, next);
		LO_ASSERT_EQ(st.opackets, sent);
	}
	LO_ASSERT(sent - next > 0 && obytes > bytes_of(0, next), "nothing left in flight");
	n = rx_drain(port, 0);
	LO_ASSERT_EQ(n, sent - next);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ibytes, obytes);
	LO_ASSERT_EQ(st.ipackets, sent);
	XSTAT_EQ(port, "rx_q0_bytes", obytes);
	XSTAT_EQ(port, "tx_q0_bytes", obytes);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Packets freed undelivered (port stop, rx queue stop) never count as
 * received bytes, and refused ones (ring full, link down, queue stopped)
 * never count as sent bytes.
 */
static int
test_bytes_drains_and_refusals(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	struct lo_qstats qs;
	uint64_t ib = 0, ob = 0;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 2, 16, &port), 0);
	/* 20 offered to a 16-entry ring: 16 sent; 5 received, 11 drained by stop */
	LO_ASSERT_EQ(mk_pkts_var(m, 20, 0), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 20), 16);
	ob += bytes_of(0, 16);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 5), 5);
	rte_pktmbuf_free_bulk(m, 5);
	ib += bytes_of(0, 5);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.imissed, 11);
	LO_ASSERT_EQ(st.ibytes, ib);
	LO_ASSERT_EQ(st.obytes, ob);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(mk_pkts_var(m, 7, 100), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 7), 7);
	ob += bytes_of(100, 7);
	LO_ASSERT_EQ(rx_drain(port, 0), 7);
	ib += bytes_of(100, 7);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ibytes, ib);
	LO_ASSERT_EQ(st.obytes, ob);

	/* rx queue stop drains queue 1 only; its next packets count exactly */
	LO_ASSERT_EQ(mk_pkts_var(m, 9, 200), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 9), 9);
	ob += bytes_of(200, 9);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 1, m, 2), 2);
	rte_pktmbuf_free_bulk(m, 2);
	ib += bytes_of(200, 2);
	LO_ASSERT_EQ(rte_eth_dev_rx_queue_stop(port, 1), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_queue_start(port, 1), 0);
	LO_ASSERT_EQ(mk_pkts_var(m, 3, 300), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 3), 3);
	ob += bytes_of(300, 3);
	LO_ASSERT_EQ(rx_drain(port, 1), 3);
	ib += bytes_of(300, 3);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(port, &qs), 0);
	LO_ASSERT_EQ(qs.q_errors[1], 7);
	LO_ASSERT_EQ(qs.q_ibytes[1], bytes_of(200, 2) + bytes_of(300, 3));
	LO_ASSERT_EQ(st.ibytes, ib);
	LO_ASSERT_EQ(st.obytes, ob);

	/* link down and a stopped tx queue refuse, and count nothing */
	LO_ASSERT_EQ(mk_pkts_var(m, 4, 400), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_link_down(port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 4), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_link_up(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_tx_queue_stop(port, 0), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 4), 0);
	LO_ASSERT_EQ(rte_eth_dev_tx_queue_start(port, 0), 0);
	rte_pktmbuf_free_bulk(m, 4);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ibytes, ib);
	LO_ASSERT_EQ(st.obytes, ob);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * A reset with packets in flight: afterwards the rx bytes are those of the
 * packets received since, including ones sent before the reset.
 */
static int
test_bytes_reset_midstream(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	LO_ASSERT_EQ(mk_pkts_var(m, 10, 0), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 10), 10);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 4), 4);
	rte_pktmbuf_free_bulk(m, 4);
	LO_ASSERT_EQ(rte_eth_stats_reset(port), 0);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 3), 3);
	rte_pktmbuf_free_bulk(m, 3);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ibytes, bytes_of(4, 3));
	LO_ASSERT_EQ(st.obytes, 0);
	LO_ASSERT_EQ(mk_pkts_var(m, 5, 10), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 5), 5);
	LO_ASSERT_EQ(rte_eth_xstats_reset(port), 0);
	LO_ASSERT_EQ(mk_pkts_var(m, 2, 15), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 2), 2);
	LO_ASSERT_EQ(rx_drain(port, 0), 10);
	XSTAT_EQ(port, "rx_q0_bytes", bytes_of(7, 10));
	XSTAT_EQ(port, "tx_q0_bytes", bytes_of(15, 2));
	XSTAT_EQ(port, "rx_q0_packets", 10);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Every queue counts its own bytes exactly, across all its wraps. */
static int
test_bytes_many_queues(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	struct lo_qstats qs;
	uint32_t seq[8] = { 0 };
	char name[64];
	unsigned int round;
	uint16_t port, q;

	LO_ASSERT_EQ(port_open("", 8, 8, &port), 0);
	for (round = 0; round < 40; round++) {
		for (q = 0; q < 8; q++) {
			uint16_t want = 1 + (round + q) % 8;

			LO_ASSERT_EQ(mk_pkts_var(m, want, q * 100000 + seq[q]), 0);
			LO_ASSERT_EQ(tx_all(port, q, m, want), want);
			LO_ASSERT_EQ(rx_drain(port, q), want);
			seq[q] += want;
		}
	}
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(port, &qs), 0);
	for (q = 0; q < 8; q++) {
		LO_ASSERT_EQ(qs.q_ibytes[q], bytes_of(q * 100000, seq[q]));
		LO_ASSERT_EQ(qs.q_obytes[q], bytes_of(q * 100000, seq[q]));
		snprintf(name, sizeof(name), "rx_q%u_bytes", q);
		XSTAT_EQ(port, name, bytes_of(q * 100000, seq[q]));
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Tx makes each mbuf look received, whichever packet of a burst is wrong
 * and however the burst wraps; mbufs it refuses keep what they had.
 */
static int
test_tx_marks_any_packet(void)
{
	struct rte_mbuf *m[BURST], *sent[BURST];
	unsigned int round, i;
	uint16_t port, n;

	/* 20 of each 32 fit: the tail is refused, and the slots wrap often */
	LO_ASSERT_EQ(port_open("", 1, 20, &port), 0);
	for (round = 0; round < 64; round++) {
		unsigned int odd = round % BURST;

		LO_ASSERT_EQ(mk_pkts(m, BURST, 0, PKT_LEN), 0);
		for (i = 0; i < BURST; i++) {
			m[i]->port = port;
			m[i]->ol_flags = 0;
			m[i]->packet_type = 0;
		}
		/* one packet wrong in one way, the one after in another */
		if (round % 4 == 0)
			m[odd]->port = port + 1;
		else if (round % 4 == 1)
			m[odd]->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV6;
		else if (round % 4 == 2)
			m[odd]->ol_flags |= RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
		else
			m[odd]->packet_type = RTE_PTYPE_L3_IPV6;
		if (odd + 1 < BURST)
			m[odd + 1]->port = RTE_MBUF_PORT_INVALID;
		memcpy(sent, m, sizeof(m));
		n = rte_eth_tx_burst(port, 0, m, BURST);
		LO_ASSERT(n > 0, "nothing sent");
		/* refused mbufs are untouched */
		for (i = n; i < BURST; i++) {
			if (i == odd && round % 4 == 0)
				LO_ASSERT_EQ(m[i]->port, port + 1);
			if (i == odd && round % 4 == 1)
				LO_ASSERT(m[i]->ol_flags & RTE_MBUF_F_TX_TCP_SEG, "flag cleared");
			if (i == odd && round % 4 == 2)
				LO_ASSERT(m[i]->ol_flags & RTE_MBUF_F_RX_RSS_HASH, "flag cleared");
			if (i == odd && round % 4 == 3)
				LO_ASSERT_EQ(m[i]->packet_type, RTE_PTYPE_L3_IPV6);
			if (i == odd + 1)
				LO_ASSERT_EQ(m[i]->port, RTE_MBUF_PORT_INVALID);
		}
		rte_pktmbuf_free_bulk(m + n, BURST - n);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), n);
		for (i = 0; i < n; i++) {
			LO_ASSERT(m[i] == sent[i], "round %u: packet %u out of order", round, i);
			LO_ASSERT_EQ(m[i]->port, port);
			LO_ASSERT_EQ(m[i]->ol_flags, 0);
			LO_ASSERT_EQ(m[i]->packet_type, 0);
		}
		rte_pktmbuf_free_bulk(m, n);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Mbufs from a pool made with RTE_MEMPOOL_F_NO_CACHE_ALIGN sit on 8-byte
 * boundaries only; tx reads them like any other (no aligned vector loads).
 */
static int
test_unaligned_mbufs(void)
{
	const uint16_t room = RTE_PKTMBUF_HEADROOM + 200 + 8;
	struct rte_pktmbuf_pool_private priv = { .mbuf_data_room_size = room };
	struct rte_mbuf *m[BURST];
	struct rte_mempool *odd;
	struct rte_eth_stats st;
	unsigned int i, unaligned = 0;
	uint16_t port, n;
	int ret = 0;

	odd = rte_mempool_create("netlo_test_odd", 63, sizeof(struct rte_mbuf) + room, 0,
		sizeof(priv), rte_pktmbuf_pool_init, &priv, rte_pktmbuf_init, NULL,
		SOCKET_ID_ANY, RTE_MEMPOOL_F_NO_CACHE_ALIGN);
	LO_ASSERT(odd != NULL, "pool: %s", rte_strerror(rte_errno));
	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	if (rte_pktmbuf_alloc_bulk(odd, m, BURST) != 0) {
		printf("#   cannot allocate from the unaligned pool\n");
		ret = -1;
		goto out;
	}
	for (i = 0; i < BURST; i++) {
		unaligned += ((uintptr_t)&m[i]->rearm_data % 16) != 0;
		m[i]->port = 4321;
		m[i]->ol_flags = RTE_MBUF_F_TX_IPV4;
		if (rte_pktmbuf_append(m[i], 60 + i) == NULL)
			ret = -1;
	}
	n = tx_all(port, 0, m, BURST);
	if (ret != 0 || unaligned == 0 || n != BURST ||
			rte_eth_rx_burst(port, 0, m, BURST) != BURST) {
		printf("#   append %d, %u unaligned, %u sent\n", ret, unaligned, n);
		rx_drain(port, 0);
		ret = -1;
		goto out;
	}
	for (i = 0; i < BURST; i++)
		if (m[i]->port != port || (m[i]->ol_flags & RTE_MBUF_F_TX_OFFLOAD_MASK) != 0) {
			printf("#   mbuf %u: port %u, ol_flags %#" PRIx64 "\n", i, m[i]->port,
				m[i]->ol_flags);
			ret = -1;
		}
	rte_pktmbuf_free_bulk(m, BURST);
	/* 60, 61, ... 91 bytes */
	if (rte_eth_stats_get(port, &st) != 0 || st.ibytes != BURST * (60 + 91) / 2 ||
			st.obytes != BURST * (60 + 91) / 2) {
		printf("#   ibytes %" PRIu64 ", obytes %" PRIu64 ", expected %u\n",
			st.ibytes, st.obytes, BURST * (60 + 91) / 2);
		ret = -1;
	}
out:
	if (port_remove(port) != 0)
		ret = -1;
	if (rte_mempool_in_use_count(odd) != 0) {
		printf("#   %u mbufs of the unaligned pool still in use\n",
			rte_mempool_in_use_count(odd));
		ret = -1;
	}
	rte_mempool_free(odd);
	return ret;
}

/*
 * Stats read while another thread resets them and the datapath runs: no
 * value may exceed what was sent (a reset read half-way used to give ~2^64).
 */
struct race {
	uint16_t port;
	uint64_t sent;		/* written by the datapath (this thread) */
	bool stop;
	char bad[160];		/* the first impossible read, "" if none */
	unsigned int reads, resets;
};

static void *
race_reader(void *arg)
{
	struct race *r = arg;
	struct rte_eth_stats st;

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		uint64_t sent;

		if (rte_eth_stats_get(r->port, &st) != 0)
			continue;
		/* after the read: whatever the port had counted was sent by then */
		sent = __atomic_load_n(&r->sent, __ATOMIC_ACQUIRE);
		r->reads++;
		if (st.ipackets > sent || st.opackets > sent || st.ibytes > sent * PKT_LEN ||
				st.obytes > sent * PKT_LEN) {
			snprintf(r->bad, sizeof(r->bad), "ipackets %" PRIu64 " opackets %" PRIu64
				" ibytes %" PRIu64 " obytes %" PRIu64 " with %" PRIu64 " sent",
				st.ipackets, st.opackets, st.ibytes, st.obytes, sent);
			__atomic_store_n(&r->stop, true, __ATOMIC_RELEASE);
			break;
		}
	}
	return NULL;
}

static void *
race_resetter(void *arg)
{
	struct race *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		rte_eth_stats_reset(r->port);
		r->resets++;
	}
	return NULL;
}

static int
test_stats_race(void)
{
	struct race r = { 0 };
	struct rte_mbuf *m[BURST];
	pthread_t reader, resetter;
	uint64_t end;
	uint16_t n;

	LO_ASSERT_EQ(port_open("", 1, 256, &r.port), 0);
	LO_ASSERT_EQ(mk_pkts(m, BURST, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(pthread_create(&reader, NULL, race_reader, &r), 0);
	LO_ASSERT_EQ(pthread_create(&resetter, NULL, race_resetter, &r), 0);
	end = rte_rdtsc() + rte_get_tsc_hz() / 2;
	n = BURST;
	while (rte_rdtsc() < end && !__atomic_load_n(&r.stop, __ATOMIC_ACQUIRE)) {
		/* sent counts before the port can: the reader's bound is never short */
		__atomic_store_n(&r.sent, r.sent + n, __ATOMIC_RELEASE);
		n = rte_eth_tx_burst(r.port, 0, m, BURST);
		n = rte_eth_rx_burst(r.port, 0, m, n);
	}
	__atomic_store_n(&r.stop, true, __ATOMIC_RELAXED);
	pthread_join(reader, NULL);
	pthread_join(resetter, NULL);
	rte_pktmbuf_free_bulk(m, n);
	rx_drain(r.port, 0);
	LO_ASSERT_EQ(port_remove(r.port), 0);
	LO_ASSERT(r.bad[0] == '\0', "a read during resets: %s", r.bad);
	LO_ASSERT(r.reads > 100 && r.resets > 100, "only %u reads and %u resets ran",
		r.reads, r.resets);
	printf("#   %u reads, %u resets, %" PRIu64 " packets\n", r.reads, r.resets, r.sent);
	return 0;
}

/* The burst functions the port runs say what they do; tx follows the pool. */
static int
test_burst_modes(void)
{
	struct rte_eth_burst_mode mode;
	struct rte_mempool *small;
	struct rte_eth_conf conf;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strcmp(mode.info, pool_on_2m ? "byte counting, vector check" :
		"byte counting, scalar check") == 0, "tx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(rte_eth_rx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strcmp(mode.info, "byte counting") == 0, "rx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* small mbufs pack five to a 4 KB page: no aliasing, the vector check */
	small = rte_pktmbuf_pool_create("netlo_test_small", 255, 0, 0,
		RTE_PKTMBUF_HEADROOM + 512, SOCKET_ID_ANY);
	LO_ASSERT(small != NULL, "pool: %s", rte_strerror(rte_errno));
	LO_ASSERT_EQ(port_probe(fresh_name(), "", &port), 0);
	memset(&conf, 0, sizeof(conf));
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL, small), 0);
	LO_ASSERT_EQ(rte_eth_tx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	rte_mempool_free(small);
	LO_ASSERT(strcmp(mode.info, "byte counting, vector check") == 0,
		"small mbufs: tx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(port_open("byte_stats=off", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strcmp(mode.info, "pointer only") == 0, "tx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(rte_eth_rx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strcmp(mode.info, "pointer only") == 0, "rx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * tx_delay_cycles: the same packets, bytes and marks as without it, the
 * delay named in the burst mode, and at least the cycles asked for spent:
 * the debt left unpaid after any call is under one spin chunk (1024).
 */
static int
test_tx_delay(void)
{
	const unsigned int calls = 50, cycles = 20000;
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint64_t t0, spent;
	unsigned int i;
	uint16_t port;

	LO_ASSERT_EQ(port_open("tx_delay_cycles=20000", 1, 128, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strstr(mode.info, "byte counting") == mode.info &&
		strstr(mode.info, ", delay 20000 cycles a burst") != NULL,
		"tx burst mode '%s'", mode.info);
	t0 = rte_rdtsc();
	for (i = 0; i < calls; i++) {
		LO_ASSERT_EQ(mk_pkts(m, 4, 4 * i, PKT_LEN), 0);
		m[1]->port = 777;
		LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 4), 4);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 4);
		LO_ASSERT_EQ(seq_of(m[0]), 4 * i);
		LO_ASSERT_EQ(m[1]->port, port);
		rte_pktmbuf_free_bulk(m, 4);
	}
	spent = rte_rdtsc() - t0;
	LO_ASSERT(spent >= (uint64_t)calls * cycles - 1024, "%u calls of %u cycles took %" PRIu64,
		calls, cycles, spent);
	STATS_EQ(port, st, 4 * calls, 4 * calls, (uint64_t)4 * calls * PKT_LEN,
		(uint64_t)4 * calls * PKT_LEN);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* pointer only too, and the delay named */
	LO_ASSERT_EQ(port_open("byte_stats=off,tx_delay_cycles=5", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strcmp(mode.info, "pointer only, delay 5 cycles a burst") == 0,
		"tx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(mk_pkts(m, 3, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 3), 3);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 3);
	rte_pktmbuf_free_bulk(m, 3);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * tx_drop_ppm: every (1e6 / ppm)-th packet is accepted and freed, counted
 * in fault_drops and oerrors, never received; the rest arrive in order.
 */
static int
test_tx_drop(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	unsigned int round, i, got = 0;
	uint16_t port, n;

	LO_ASSERT_EQ(port_open("tx_drop_ppm=250000", 1, 128, &port), 0);
	for (round = 0; round < 10; round++) {
		LO_ASSERT_EQ(mk_pkts(m, 8, 8 * round, PKT_LEN), 0);
		LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 8), 8);
		n = rte_eth_rx_burst(port, 0, m, BURST);
		LO_ASSERT_EQ(n, 6);
		for (i = 0; i < n; i++, got++) {
			/* seq 3, 7, 11, ... were dropped: the 4th, 8th, ... packet */
			uint32_t want = got + got / 3;

			LO_ASSERT(seq_of(m[i]) == want, "got seq %u, expected %u", seq_of(m[i]), want);
		}
		rte_pktmbuf_free_bulk(m, n);
	}
	STATS_EQ(port, st, 60, 60, 60 * PKT_LEN, 60 * PKT_LEN);
	LO_ASSERT_EQ(st.oerrors, 20);
	XSTAT_EQ(port, "tx_q0_fault_drops", 20);
	XSTAT_EQ(port, "tx_q0_ring_full", 0);
	LO_ASSERT_EQ(rte_eth_stats_reset(port), 0);
	XSTAT_EQ(port, "tx_q0_fault_drops", 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Drops and a full ring together: what tx returns is always a prefix of the
 * caller's array; a drop planned behind the first refused packet does not
 * happen (the packet stays the caller's), and the pattern goes on from the
 * packets actually consumed.
 */
static int
test_tx_drop_ring_full(void)
{
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	uint16_t port, n, i;

	LO_ASSERT_EQ(port_open("tx_drop_ppm=500000", 1, 8, &port), 0);
	/* seq 0-19: odd ones are drops; the ring holds 8: seq 0, 2, ..., 14 */
	LO_ASSERT_EQ(mk_pkts(m, 20, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 20), 16);
	for (i = 16; i < 20; i++)
		LO_ASSERT_EQ(seq_of(m[i]), i);	/* still ours, untouched */
	rte_pktmbuf_free_bulk(m + 16, 4);
	XSTAT_EQ(port, "tx_q0_fault_drops", 8);
	XSTAT_EQ(port, "tx_q0_ring_full", 4);
	n = rte_eth_rx_burst(port, 0, m, BURST);
	LO_ASSERT_EQ(n, 8);
	for (i = 0; i < n; i++)
		LO_ASSERT_EQ(seq_of(m[i]), 2 * i);
	rte_pktmbuf_free_bulk(m, n);
	/* the 17th packet consumed is kept, the 18th dropped, and so on */
	LO_ASSERT_EQ(mk_pkts(m, 4, 100, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, 4), 4);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 2);
	LO_ASSERT_EQ(seq_of(m[0]), 100);
	LO_ASSERT_EQ(seq_of(m[1]), 102);
	rte_pktmbuf_free_bulk(m, 2);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, 10);
	LO_ASSERT_EQ(st.oerrors, 10);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * tx_pps: a token bucket per queue. It starts full (32 packets at 10000
 * pps: a millisecond, at least one burst), refuses what it does not hold
 * as a full ring would (counted in rate_limited), and never lets through
 * more than the bucket plus the rate times the time elapsed.
 */
static int
test_tx_pps(void)
{
	const uint64_t hz = rte_get_tsc_hz();
	struct rte_eth_burst_mode mode;
	struct rte_mbuf *m[128];
	uint64_t t0, sent = 0, offered = 0, refused;
	struct rte_eth_stats st;
	uint16_t port, n;

	LO_ASSERT_EQ(port_open("tx_pps=10000", 1, 1024, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strstr(mode.info, ", cap 10000 pps") != NULL, "tx burst mode '%s'", mode.info);
	t0 = rte_rdtsc();
	LO_ASSERT_EQ(mk_pkts(m, 100, 0, PKT_LEN), 0);
	n = rte_eth_tx_burst(port, 0, m, 100);
	LO_ASSERT_EQ(n, 32);
	rte_pktmbuf_free_bulk(m + n, 100 - n);
	sent += n;
	offered += 100;
	XSTAT_EQ(port, "tx_q0_rate_limited", 68);
	/* 20 ms of offering 4 packets a call */
	while (rte_rdtsc() - t0 < hz / 50) {
		LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
		n = rte_eth_tx_burst(port, 0, m, 4);
		rte_pktmbuf_free_bulk(m + n, 4 - n);
		sent += n;
		offered += 4;
		while ((n = rte_eth_rx_burst(port, 0, m, RTE_DIM(m))) > 0)
			rte_pktmbuf_free_bulk(m, n);
	}
	LO_ASSERT(sent <= 32 + 10000 * (rte_rdtsc() - t0) / hz + 1,
		"%" PRIu64 " packets through a 10000 pps cap in %" PRIu64 " cycles", sent,
		rte_rdtsc() - t0);
	/* 10 ms refill 100 packets' worth: the bucket is full again, 32 exactly */
	rte_delay_us_sleep(10000);
	LO_ASSERT_EQ(mk_pkts(m, 100, 0, PKT_LEN), 0);
	n = rte_eth_tx_burst(port, 0, m, 100);
	LO_ASSERT_EQ(n, 32);
	rte_pktmbuf_free_bulk(m + n, 100 - n);
	sent += n;
	offered += 100;
	while ((n = rte_eth_rx_burst(port, 0, m, RTE_DIM(m))) > 0)
		rte_pktmbuf_free_bulk(m, n);
	refused = offered - sent;
	XSTAT_EQ(port, "tx_q0_rate_limited", refused);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, sent);
	LO_ASSERT_EQ(st.ipackets, sent);
	LO_ASSERT_EQ(st.oerrors, 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* all three, named in the burst mode */
	LO_ASSERT_EQ(port_open("tx_pps=1000,tx_drop_ppm=5,tx_delay_cycles=7", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	LO_ASSERT(strstr(mode.info, ", cap 1000 pps, drop 5 ppm, delay 7 cycles a burst") != NULL,
		"tx burst mode '%s'", mode.info);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Descriptor status, tx done cleanup: what the rings hold, nothing on tx. */
static int
test_descriptor_status(void)
{
	struct rte_mbuf *m[BURST];
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 0), RTE_ETH_RX_DESC_AVAIL);
	LO_ASSERT_EQ(mk_pkts(m, 5, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 5), 5);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 0), RTE_ETH_RX_DESC_DONE);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 4), RTE_ETH_RX_DESC_DONE);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 5), RTE_ETH_RX_DESC_AVAIL);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 63), RTE_ETH_RX_DESC_AVAIL);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 64), -EINVAL);
	LO_ASSERT_EQ(rte_eth_tx_descriptor_status(port, 0, 0), RTE_ETH_TX_DESC_DONE);
	LO_ASSERT_EQ(rte_eth_tx_descriptor_status(port, 0, 64), -EINVAL);
	LO_ASSERT_EQ(rte_eth_tx_done_cleanup(port, 0, 0), 0);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 5);
	rte_pktmbuf_free_bulk(m, 5);
	LO_ASSERT_EQ(rte_eth_rx_descriptor_status(port, 0, 0), RTE_ETH_RX_DESC_AVAIL);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* rte_power_monitor's condition: sleep while the ring is as it was, wake after a tx. */
static int
test_monitor_addr(void)
{
	struct rte_power_monitor_cond pmc;
	struct rte_mbuf *m[1];
	uint64_t now;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	memset(&pmc, 0, sizeof(pmc));
	LO_ASSERT_EQ(rte_eth_get_monitor_addr(port, 0, &pmc), 0);
	LO_ASSERT(pmc.addr != NULL && pmc.fn != NULL && pmc.size == 4, "no condition");
	now = *(volatile uint32_t *)pmc.addr;
	LO_ASSERT_EQ(pmc.fn(now, pmc.opaque), 0);	/* nothing new: sleep */
	LO_ASSERT_EQ(mk_pkts(m, 1, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 1), 1);
	now = *(volatile uint32_t *)pmc.addr;
	LO_ASSERT_EQ(pmc.fn(now, pmc.opaque), -1);	/* a packet came: wake */
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 1), 1);
	rte_pktmbuf_free(m[0]);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* File descriptors this process has open. */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* not the one opendir holds */
}

struct intr_sleeper {
	int epfd;
	int events;
	void *data;
};

static void *
intr_sleep(void *arg)
{
	struct intr_sleeper *z = arg;
	struct rte_epoll_event ev;

	z->events = rte_epoll_wait(z->epfd, &ev, 1, 5000);
	z->data = z->events == 1 ? ev.epdata.data : NULL;
	return NULL;
}

/*
 * Rx queue interrupts: an armed queue's eventfd fires once per enable, on
 * the first packet sent to it, or at once for packets already waiting;
 * a disabled queue stays quiet; a thread asleep in epoll wakes on a tx.
 */
static int
test_rx_intr(void)
{
	struct rte_epoll_event ev[2];
	struct intr_sleeper z;
	struct rte_eth_burst_mode bm;
	struct rte_eth_conf conf;
	struct rte_mbuf *m[BURST];
	int data0, data1, fds;
	pthread_t t;
	uint16_t port, q;

	/* not configured for it: refused */
	fds = open_fds();
	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 0), -EINVAL);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_disable(port, 0), -EINVAL);
	LO_ASSERT(rte_eth_dev_rx_intr_ctl_q(port, 0, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD,
		NULL) != 0, "an event added without intr_conf.rxq");
	LO_ASSERT_EQ(port_remove(port), 0);

	LO_ASSERT_EQ(port_probe(fresh_name(), "", &port), 0);
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.rxq = 1;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 2, 2, &conf), 0);
	for (q = 0; q < 2; q++) {
		LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, q, 64, SOCKET_ID_ANY, NULL, pool), 0);
		LO_ASSERT_EQ(rte_eth_tx_queue_setup(port, q, 64, SOCKET_ID_ANY, NULL), 0);
	}
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	z.epfd = epoll_create1(EPOLL_CLOEXEC);
	LO_ASSERT(z.epfd >= 0, "epoll_create1");
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_ctl_q(port, 0, z.epfd, RTE_INTR_EVENT_ADD, &data0), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_ctl_q(port, 1, z.epfd, RTE_INTR_EVENT_ADD, &data1), 0);
	LO_ASSERT(rte_eth_dev_rx_intr_ctl_q_get_fd(port, 1) >= 0, "no fd for queue 1");
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &bm), 0);
	LO_ASSERT(strstr(bm.info, "rx interrupt") != NULL, "tx burst mode: %s", bm.info);

	/* armed, nothing sent: quiet */
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 0), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 1), 0);
	LO_ASSERT_EQ(rte_epoll_wait(z.epfd, ev, 2, 0), 0);
	/* tx queue 0 feeds rx queue 0: that one wakes, once */
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 4), 4);
	LO_ASSERT_EQ(rte_epoll_wait(z.epfd, ev, 2, 1000), 1);
	LO_ASSERT(ev[0].epdata.data == &data0, "woke %p, not queue 0", ev[0].epdata.data);
	/* the wake disarmed it: more packets, no event */
	LO_ASSERT_EQ(mk_pkts(m, 4, 4, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 4), 4);
	LO_ASSERT_EQ(rte_epoll_wait(z.epfd, ev, 2, 0), 0);
	/* armed with packets waiting: wakes at once */
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 0), 0);
	LO_ASSERT_EQ(rte_epoll_wait(z.epfd, ev, 2, 0), 1);
	LO_ASSERT(ev[0].epdata.data == &data0, "woke %p, not queue 0", ev[0].epdata.data);
	LO_ASSERT_EQ(rx_drain(port, 0), 8);
	/* disabled: quiet */
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_disable(port, 1), 0);
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 4), 4);
	LO_ASSERT_EQ(rte_epoll_wait(z.epfd, ev, 2, 0), 0);
	LO_ASSERT_EQ(rx_drain(port, 1), 4);
	/* a thread asleep in epoll wakes on a tx from this one */
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 1), 0);
	z.events = -2;
	LO_ASSERT_EQ(pthread_create(&t, NULL, intr_sleep, &z), 0);
	usleep(50 * 1000);
	LO_ASSERT_EQ(mk_pkts(m, 1, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 1), 1);
	pthread_join(t, NULL);
	LO_ASSERT_EQ(z.events, 1);
	LO_ASSERT(z.data == &data1, "woke %p, not queue 1", z.data);
	LO_ASSERT_EQ(rx_drain(port, 1), 1);

	LO_ASSERT_EQ(rte_eth_dev_rx_intr_ctl_q(port, 0, z.epfd, RTE_INTR_EVENT_DEL, &data0), 0);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_ctl_q(port, 1, z.epfd, RTE_INTR_EVENT_DEL, &data1), 0);
	close(z.epfd);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);

	/* reconfigured: one eventfd per rx queue, none without intr_conf.rxq */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 3, 3, &conf), 0);
	LO_ASSERT_EQ(open_fds(), fds + 3);
	conf.intr_conf.rxq = 0;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 3, 3, &conf), 0);
	LO_ASSERT_EQ(open_fds(), fds);
	LO_ASSERT_EQ(rte_eth_dev_rx_intr_enable(port, 0), -EINVAL);
	conf.intr_conf.rxq = 1;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	LO_ASSERT_EQ(open_fds(), fds + 1);
	LO_ASSERT_EQ(rte_eth_dev_reset(port), 0);
	LO_ASSERT_EQ(open_fds(), fds);
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 2, 2, &conf), 0);
	LO_ASSERT_EQ(open_fds(), fds + 2);
	LO_ASSERT_EQ(port_remove(port), 0);	/* close */
	LO_ASSERT_EQ(open_fds(), fds);
	/* as many rx queues as DPDK's vector table takes, and one more */
	LO_ASSERT_EQ(port_probe(fresh_name(), "max_queues=1024", &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_configure(port, RTE_MAX_RXTX_INTR_VEC_ID - 1, 1, &conf), 0);
	LO_ASSERT_EQ(open_fds(), fds + RTE_MAX_RXTX_INTR_VEC_ID - 1);
	LO_ASSERT_EQ(rte_eth_dev_configure(port, RTE_MAX_RXTX_INTR_VEC_ID, 1, &conf), -EINVAL);
	LO_ASSERT_EQ(port_remove(port), 0);
	LO_ASSERT_EQ(open_fds(), fds);
	return 0;
}

struct monitor_sleeper {
	struct rte_power_monitor_cond pmc;
	uint64_t deadline;
	uint64_t woke;		/* TSC when it saw the ring's tail move */
	unsigned int sleeps;
	int ret;
};

/*
 * As a PMD power-management loop does: sleep in rte_power_monitor (a
 * registered, EAL thread, as it requires) until the condition says the
 * producer tail moved. One sleep may end early (an interrupt, the OS cap on
 * UMWAIT), hence the loop; the deadline ends it if no tx ever comes.
 */
static void *
monitor_sleep(void *arg)
{
	struct monitor_sleeper *z = arg;
	const volatile uint32_t *tail = z->pmc.addr;

	if (rte_thread_register() != 0) {
		z->ret = -rte_errno;
		return NULL;
	}
	do {
		z->ret = rte_power_monitor(&z->pmc, rte_rdtsc() + rte_get_tsc_hz() / 10);
		z->sleeps++;
	} while (z->ret == 0 && z->pmc.fn(*tail, z->pmc.opaque) == 0 && rte_rdtsc() < z->deadline);
	z->woke = rte_rdtsc();
	rte_thread_unregister();
	return NULL;
}

/*
 * rte_power_monitor itself (Intel's WAITPKG, AMD's MONITORX from DPDK 23.03)
 * on the address and condition the driver gives: a loop of sleeps on the
 * ring's producer tail ends after a tx moves it, well before its deadline.
 * Each sleep may also end by itself (Linux caps UMWAIT), so this proves the
 * condition's address, size, value and direction under the real
 * instruction, not that the write itself ended a sleep.
 */
static int
test_monitor_sleep(void)
{
	struct rte_cpu_intrinsics intr;
	struct monitor_sleeper z;
	struct rte_mbuf *m[1];
	uint64_t sent;
	pthread_t t;
	uint16_t port, n;

	rte_cpu_get_intrinsics_support(&intr);
	if (!intr.power_monitor) {
		lo_test_skip_reason = "this CPU has no power monitor instruction this DPDK uses";
		return LO_TEST_SKIP;
	}
	LO_ASSERT_EQ(port_open("", 1, 64, &port), 0);
	memset(&z, 0, sizeof(z));
	LO_ASSERT_EQ(rte_eth_get_monitor_addr(port, 0, &z.pmc), 0);
	z.deadline = rte_rdtsc() + 10 * rte_get_tsc_hz();
	LO_ASSERT_EQ(mk_pkts(m, 1, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(pthread_create(&t, NULL, monitor_sleep, &z), 0);
	usleep(200 * 1000);
	sent = rte_rdtsc();
	n = tx_all(port, 0, m, 1);
	pthread_join(t, NULL);	/* always: it writes z, on this stack */
	LO_ASSERT_EQ(n, 1);
	LO_ASSERT_EQ(z.ret, 0);
	LO_ASSERT(z.woke >= sent && z.woke < z.deadline,
		"woke at %" PRIu64 ", tx at %" PRIu64 ", deadline %" PRIu64 " (%u sleeps)", z.woke,
		sent, z.deadline, z.sleeps);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, 1), 1);
	rte_pktmbuf_free(m[0]);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static unsigned int lsc_events;

static int
count_lsc(uint16_t port __rte_unused, enum rte_eth_event_type type, void *arg __rte_unused,
	void *ret __rte_unused)
{
	if (type == RTE_ETH_EVENT_INTR_LSC)
		lsc_events++;
	return 0;
}

/* LSC: every link change calls the callback once; none without intr_conf.lsc. */
static int
test_lsc(void)
{
	struct rte_eth_conf conf;
	uint16_t port;

	LO_ASSERT_EQ(port_probe(fresh_name(), "", &port), 0);
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = 1;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_tx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL), 0);
	lsc_events = 0;
	LO_ASSERT_EQ(rte_eth_dev_callback_register(port, RTE_ETH_EVENT_INTR_LSC, count_lsc,
		NULL), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(lsc_events, 1);
	LO_ASSERT_EQ(rte_eth_dev_set_link_down(port), 0);
	LO_ASSERT_EQ(lsc_events, 2);
	LO_ASSERT_EQ(rte_eth_dev_set_link_down(port), 0);	/* no change, no event */
	LO_ASSERT_EQ(lsc_events, 2);
	LO_ASSERT_EQ(rte_eth_dev_set_link_up(port), 0);
	LO_ASSERT_EQ(lsc_events, 3);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(lsc_events, 4);
	/* without intr_conf.lsc: no call */
	conf.intr_conf.lsc = 0;
	LO_ASSERT_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(lsc_events, 4);
	LO_ASSERT_EQ(rte_eth_dev_callback_unregister(port, RTE_ETH_EVENT_INTR_LSC, count_lsc,
		NULL), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* rte_eth_dev_priv_dump names the devargs and each queue's ring. */
static int
test_priv_dump(void)
{
	struct rte_mbuf *m[3];
	char *text = NULL;
	size_t len = 0;
	uint16_t port;
	FILE *f;

	LO_ASSERT_EQ(port_open("ring_size=256,speed=25G", 2, 128, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 3, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 3), 3);
	f = open_memstream(&text, &len);
	LO_ASSERT(f != NULL, "no memstream");
	LO_ASSERT_EQ(rte_eth_dev_priv_dump(port, f), 0);
	fclose(f);
	LO_ASSERT(strstr(text, "ring_size=256") != NULL && strstr(text, "speed=25000") != NULL &&
		strstr(text, "rx queue 0: ring 0 of 128 in use, single producer") != NULL &&
		strstr(text, "rx queue 1: ring 3 of 128 in use") != NULL &&
		strstr(text, "tx queue 1: to port") != NULL &&
		strstr(text, "ring high-water mark 3") != NULL, "dump:\n%s", text);
	free(text);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Reset: queues gone (start refuses), packets freed; configured again, it works. */
static int
test_reset(void)
{
	struct rte_mbuf *m[BURST];
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 2, 64, &port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 1, m, 4), 4);
	LO_ASSERT_EQ(rte_eth_dev_reset(port), 0);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	LO_ASSERT_EQ(rte_eth_dev_start(port), -EINVAL);
	LO_ASSERT_EQ(port_setup(port, 1, 64), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(mk_pkts(m, 3, 10, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port, 0, m, 3), 3);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, m, BURST), 3);
	LO_ASSERT_EQ(seq_of(m[2]), 12);
	rte_pktmbuf_free_bulk(m, 3);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* The alias eth_lo probes the same driver, as DPDK's vdev drivers allow. */
static int
test_alias(void)
{
	struct rte_eth_dev_info info;
	uint16_t port;

	LO_ASSERT_EQ(port_probe("eth_lo7", "", &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT(strcmp(info.driver_name, "net_lo") == 0, "driver %s", info.driver_name);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static const struct lo_test_case cases[] = {
	{ "infos, link and MAC follow the devargs", test_infos },
	{ "FIFO, no loss, no duplicates", test_fifo },
	{ "ring wrap-around keeps order and counts", test_ring_wrap },
	{ "queue isolation", test_queue_isolation },
	{ "exact packet and byte counts", test_stats_exact },
	{ "stats and xstats reset", test_stats_reset },
	{ "ring full: partial tx, caller keeps the rest", test_ring_full },
	{ "link down gates traffic", test_link_down },
	{ "MTU and MAC ops", test_mtu_mac },
	{ "multi-segment mbufs", test_multiseg },
	{ "received mbufs: port set, every flag and the packet type cleared", test_received_marks },
	{ "byte_stats=off", test_byte_stats_off },
	{ "queue start/stop and deferred start", test_queue_start_stop },
	{ "more than 16 queues", test_many_queues },
	{ "stop drains the rings", test_stop_drains },
	{ "configure checks", test_configure_checks },
	{ "bad devargs fail the probe", test_bad_devargs },
	{ "hot-plug probe/remove 100 times", test_hotplug },
	{ "several instances", test_instances },
	{ "rx bytes exact after every partial burst, through wraps", test_bytes_partial_bursts },
	{ "drained and refused packets count no bytes", test_bytes_drains_and_refusals },
	{ "bytes after a reset with packets in flight", test_bytes_reset_midstream },
	{ "bytes per queue, 8 queues", test_bytes_many_queues },
	{ "tx marks any packet of a burst as received", test_tx_marks_any_packet },
	{ "mbufs on 8-byte boundaries", test_unaligned_mbufs },
	{ "burst modes name the functions in use", test_burst_modes },
	{ "stats read during resets never exceed what was sent", test_stats_race },
	{ "tx_delay_cycles spends its cycles and changes nothing else", test_tx_delay },
	{ "tx_drop_ppm drops an exact pattern, counted in oerrors", test_tx_drop },
	{ "tx_drop_ppm with a full ring returns a prefix", test_tx_drop_ring_full },
	{ "tx_pps caps the rate, refusals counted", test_tx_pps },
	{ "descriptor status and tx done cleanup", test_descriptor_status },
	{ "power monitor condition sleeps, then wakes on a tx", test_monitor_addr },
	{ "rte_power_monitor loop on the ring's tail ends after a tx, not before", test_monitor_sleep },
	{ "link state change callbacks", test_lsc },
	{ "rx queue interrupts: armed, woken once, disabled, across threads", test_rx_intr },
	{ "private dump: devargs and rings", test_priv_dump },
	{ "reset: queues gone, configured again it works", test_reset },
	{ "the eth_lo alias", test_alias },
};

static int
record_baseline(void)
{
	pool_in_use_at_start = rte_mempool_in_use_count(pool);
	ports_at_start = rte_eth_dev_count_avail();
	return 0;
}

/*
 * After every case the mempool holds exactly what it held before it, and no
 * port is left; ports a failed case left behind are removed so the next
 * case starts clean.
 */
static int
check_no_leak(void)
{
	unsigned int in_use = rte_mempool_in_use_count(pool);
	uint16_t left = rte_eth_dev_count_avail();
	uint16_t port;
	int ret = 0;

	if (in_use != pool_in_use_at_start) {
		printf("#   mbuf leak: %u in use, %u before the case\n", in_use, pool_in_use_at_start);
		ret = -1;
	}
	if (left != ports_at_start) {
		printf("#   %u ports left, %u before the case\n", left, ports_at_start);
		RTE_ETH_FOREACH_DEV(port)
			port_remove(port);
		ret = -1;
	}
	return ret;
}

#define EXT_HEAP	"netlo_test_2m"
#define EXT_LEN		(32u << 20)

static void *ext_mem;

/*
 * The pool in an external heap whose memory is declared as 2 MB pages
 * (plain anonymous memory, 2 MB aligned): what the driver sees of a pool
 * on hugepages, without needing any.
 */
static struct rte_mempool *
pool_create_2m(void)
{
	uintptr_t base;
	void *va;
	int socket;

	va = mmap(NULL, EXT_LEN + RTE_PGSIZE_2M, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (va == MAP_FAILED)
		return NULL;
	ext_mem = va;
	base = RTE_ALIGN_CEIL((uintptr_t)va, RTE_PGSIZE_2M);
	if (rte_malloc_heap_create(EXT_HEAP) != 0 ||
			rte_malloc_heap_memory_add(EXT_HEAP, (void *)base, EXT_LEN, NULL, 0,
				RTE_PGSIZE_2M) != 0)
		return NULL;
	socket = rte_malloc_heap_get_socket(EXT_HEAP);
	if (socket < 0)
		return NULL;
	return rte_pktmbuf_pool_create("netlo_test", NB_MBUF, 32, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, socket);
}

/* Free the pool and, for --pool-pages 2M, its heap; 0, or -1 saying why. */
static int
pool_free(void)
{
	rte_mempool_free(pool);
	if (ext_mem == NULL)
		return 0;
	if (rte_malloc_heap_memory_remove(EXT_HEAP,
			(void *)RTE_ALIGN_CEIL((uintptr_t)ext_mem, RTE_PGSIZE_2M), EXT_LEN) != 0 ||
			rte_malloc_heap_destroy(EXT_HEAP) != 0) {
		printf("# external heap not released: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	munmap(ext_mem, EXT_LEN + RTE_PGSIZE_2M);
	return 0;
}

int
main(int argc, char **argv)
{
	char file_prefix[64], run_dir[PATH_MAX];
	const char *const own[] = { "-l", "0", "--no-huge", "-m", "256", "--no-pci", file_prefix,
		NULL };
	int ret;

	if (argc >= 3 && strcmp(argv[1], "--pool-pages") == 0) {
		if (strcmp(argv[2], "2M") != 0) {
			fprintf(stderr, "%s: --pool-pages '%s': only 2M is accepted\n", argv[0],
				argv[2]);
			return 1;
		}
		pool_on_2m = true;
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s [--pool-pages 2M] PATH/librte_net_lo.so [EAL options]\n",
			argv[0]);
		return 1;
	}
	snprintf(file_prefix, sizeof(file_prefix), "--file-prefix=netlo-test-%d", getpid());
	if (lo_test_eal_init(argv[0], own, argv[1], argc - 2, argv + 2) < 0) {
		printf("1..0 # SKIP EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	if (pool_on_2m)
		pool = pool_create_2m();
	else
		pool = rte_pktmbuf_pool_create("netlo_test", NB_MBUF, 32, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL) {
		printf("Bail out! cannot create the mbuf pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	ret = lo_test_run(cases, RTE_DIM(cases), record_baseline, check_no_leak);
	if (pool_free() != 0)
		ret = EXIT_FAILURE;
	rte_eal_cleanup();
	/* leave the machine as found: EAL leaves its runtime directory behind */
	if (strstr(run_dir, "/netlo-test-") != NULL)
		nftw(run_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
