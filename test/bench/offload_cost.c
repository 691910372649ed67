/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * What each net_lo feature costs, in TSC cycles per packet: one lcore sends
 * a working set of UDP/IPv4 frames (64 flows) through a port and receives
 * it back, burst by burst, for each configuration in turn (A B C ... A B C),
 * and prints per configuration the median over rounds and the median of its
 * per-round extra over the default port. Every configuration must get back
 * every packet it sent, or the run fails.
 *
 *   offload_cost [EAL options] -- [--rounds N] [--packets M]
 *
 * EAL options must load net_lo (-d PATH/librte_net_lo.so); on 2 MB pages
 * (--in-memory with hugepages reserved) or 4 KB (--no-huge -m 512); the
 * caller says which. test/bench/offload-cost.sh runs it both ways.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_bus.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#define BURST		32
#define WORKING_SET	512	/* packets in flight per round trip */
#define FRAME_LEN	64
#define MAX_CONFIGS	16
#define MAX_ROUNDS	101

struct config {
	const char *name;
	const char *devargs;
	uint16_t nb_rx, nb_tx;
	uint64_t rx_offloads, tx_offloads;
	bool rss, ptypes, vlan, shared, intr;
	uint16_t port;
	double cycles[MAX_ROUNDS];
};

static struct config configs[] = {
	{ .name = "default (1 rx, 1 tx)", .devargs = "", .nb_rx = 1, .nb_tx = 1 },
	{ .name = "2 tx queues into 1 rx (HTS ring)", .devargs = "", .nb_rx = 1, .nb_tx = 2 },
	{ .name = "RSS, 4 rx queues", .devargs = "", .nb_rx = 4, .nb_tx = 1, .rss = true,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH },
	{ .name = "rx checksum (IPv4, UDP)", .devargs = "", .nb_rx = 1, .nb_tx = 1,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM },
	{ .name = "packet types", .devargs = "", .nb_rx = 1, .nb_tx = 1, .ptypes = true },
	{ .name = "VLAN insert + strip", .devargs = "", .nb_rx = 1, .nb_tx = 1, .vlan = true,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_VLAN_INSERT },
	{ .name = "rx timestamp", .devargs = "", .nb_rx = 1, .nb_tx = 1,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_TIMESTAMP },
	{ .name = "rx interrupts on, queue not armed", .devargs = "", .nb_rx = 1, .nb_tx = 1,
		.intr = true },
	{ .name = "copy=on, direct mbufs (check only)", .devargs = "copy=on", .nb_rx = 1,
		.nb_tx = 1 },
	{ .name = "copy=on, shared mbufs (a copy each)", .devargs = "copy=on", .nb_rx = 1,
		.nb_tx = 1, .shared = true },
	{ .name = "all offloads, RSS on 4 rx queues", .devargs = "", .nb_rx = 4, .nb_tx = 1,
		.rss = true, .ptypes = true, .vlan = true,
		.rx_offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_VLAN_STRIP |
			RTE_ETH_RX_OFFLOAD_TIMESTAMP,
		.tx_offloads = RTE_ETH_TX_OFFLOAD_VLAN_INSERT },
};

static struct rte_mempool *pool;

static int
config_port(struct config *c, unsigned int idx)
{
	struct rte_eth_conf conf;
	char name[64], args[128];
	uint16_t q;
	int ret;

	snprintf(name, sizeof(name), "net_lo%u", 90 + idx);
	snprintf(args, sizeof(args), "%s%s%s", name, c->devargs[0] != '\0' ? "," : "",
		c->devargs);
	ret = rte_dev_probe(args);
	if (ret != 0 || rte_eth_dev_get_port_by_name(name, &c->port) != 0) {
		fprintf(stderr, "offload_cost: cannot create %s (is net_lo loaded with -d?)\n", args);
		return -1;
	}
	memset(&conf, 0, sizeof(conf));
	if (c->rss) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	}
	conf.rxmode.offloads = c->rx_offloads;
	conf.txmode.offloads = c->tx_offloads;
	conf.intr_conf.rxq = c->intr;
	ret = rte_eth_dev_configure(c->port, c->nb_rx, c->nb_tx, &conf);
	for (q = 0; ret == 0 && q < c->nb_rx; q++)
		ret = rte_eth_rx_queue_setup(c->port, q, 1024, SOCKET_ID_ANY, NULL, pool);
	for (q = 0; ret == 0 && q < c->nb_tx; q++)
		ret = rte_eth_tx_queue_setup(c->port, q, 1024, SOCKET_ID_ANY, NULL);
	if (ret == 0)
		ret = c->ptypes ? (rte_eth_dev_get_supported_ptypes(c->port, RTE_PTYPE_ALL_MASK,
			NULL, 0) > 0 ? 0 : -1) : rte_eth_dev_set_ptypes(c->port, 0, NULL, 0);
	if (ret == 0)
		ret = rte_eth_dev_start(c->port);
	if (ret != 0)
		fprintf(stderr, "offload_cost: %s: setup failed: %d\n", c->name, ret);
	return ret;
}

/* 64 UDP/IPv4 flows, checksums right. */
static int
make_frames(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eh = (void *)rte_pktmbuf_append(m[i], FRAME_LEN);
		struct rte_ipv4_hdr *ip = (void *)(eh + 1);
		struct rte_udp_hdr *udp = (void *)(ip + 1);

		memset(eh, 0, FRAME_LEN);
		eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(FRAME_LEN - sizeof(*eh));
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 1 + i % 64));
		ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 1, 0, 1));
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		udp->src_port = rte_cpu_to_be_16(1000 + i % 64);
		udp->dst_port = rte_cpu_to_be_16(2000);
		udp->dgram_len = rte_cpu_to_be_16(FRAME_LEN - sizeof(*eh) - sizeof(*ip));
		udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	}
	return 0;
}

/*
 * Cycles per packet for one round: the working set goes out and comes back
 * `laps` times. Returns -1 if a packet went missing.
 */
static double
measure(struct config *c, struct rte_mbuf **set, unsigned int laps)
{
	struct rte_mbuf *back[WORKING_SET];
	uint64_t t0, t1, packets = 0;
	unsigned int lap, i, got, tries;
	uint16_t q, txq = 0, n;

	t0 = rte_rdtsc();
	for (lap = 0; lap < laps; lap++) {
		for (i = 0; i < WORKING_SET; i += BURST) {
			if (c->vlan || c->shared)
				for (n = 0; n < BURST; n++) {
					if (c->vlan) {
						set[i + n]->ol_flags |= RTE_MBUF_F_TX_VLAN;
						set[i + n]->vlan_tci = 7;
					}
					if (c->shared)
						rte_mbuf_refcnt_update(set[i + n], 1);
				}
			n = rte_eth_tx_burst(c->port, txq, set + i, BURST);
			if (n != BURST) {
				fprintf(stderr, "offload_cost: %s: tx took %u of %u\n", c->name, n,
					BURST);
				return -1;
			}
			txq = (uint16_t)((txq + 1) % c->nb_tx);
		}
		/* everything back, in any queue order: the set is refilled from it */
		got = 0;
		for (tries = 0; got < WORKING_SET && tries < 1000000; tries++)
			for (q = 0; q < c->nb_rx && got < WORKING_SET; q++)
				got += rte_eth_rx_burst(c->port, q, back + got,
					RTE_MIN((unsigned int)BURST, WORKING_SET - got));
		if (got != WORKING_SET) {
			fprintf(stderr, "offload_cost: %s: %u of %u packets came back\n", c->name,
				got, WORKING_SET);
			return -1;
		}
		if (c->shared) {
			/* copies came back (tx freed the extra reference): drop them */
			rte_pktmbuf_free_bulk(back, got);
		} else {
			memcpy(set, back, sizeof(back));
		}
		packets += WORKING_SET;
	}
	t1 = rte_rdtsc();
	return (double)(t1 - t0) / (double)packets;
}

static int
cmp_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of n values, v left as it was. */
static double
median(const double *v, unsigned int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static int
parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

int
main(int argc, char **argv)
{
	const unsigned int nconf = RTE_DIM(configs);
	struct rte_mbuf *set[WORKING_SET];
	unsigned int rounds = 7, laps = 2000, r, k, i;
	const char *only = NULL;
	double extra[MAX_ROUNDS];
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "offload_cost: EAL init failed\n");
		return 2;
	}
	for (i = ret + 1; i < (unsigned int)argc; i += 2) {
		if (strcmp(argv[i], "--rounds") == 0 &&
				parse_uint(argv[i + 1], 1, MAX_ROUNDS, &rounds) == 0)
			continue;
		if (strcmp(argv[i], "--laps") == 0 &&
				parse_uint(argv[i + 1], 1, 1000000, &laps) == 0)
			continue;
		if (strcmp(argv[i], "--only") == 0 && i + 1 < (unsigned int)argc) {
			only = argv[i + 1];
			continue;
		}
		fprintf(stderr, "offload_cost: bad option '%s' (--rounds 1-%d, --laps 1-1000000)\n",
			argv[i], MAX_ROUNDS);
		return 2;
	}
	pool = rte_pktmbuf_pool_create("offload_cost", 8192, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (pool == NULL || make_frames(set, WORKING_SET) != 0) {
		fprintf(stderr, "offload_cost: no mbufs: %s\n", rte_strerror(rte_errno));
		return 2;
	}
	for (k = 0; k < nconf; k++)
		if (config_port(&configs[k], k) != 0)
			return 1;
	for (r = 0; r < rounds; r++)
		for (k = 0; k < nconf; k++) {
			if (only != NULL && k != 0 && strstr(configs[k].name, only) == NULL)
				continue;
			configs[k].cycles[r] = measure(&configs[k], set, laps);
			if (configs[k].cycles[r] < 0)
				return 1;
		}
	printf("%-40s %12s %12s\n", "configuration", "cycles/pkt", "extra");
	for (k = 0; k < nconf; k++) {
		for (r = 0; r < rounds; r++)
			extra[r] = configs[k].cycles[r] - configs[0].cycles[r];
		printf("%-40s %12.1f %+12.1f\n", configs[k].name, median(configs[k].cycles, rounds),
			median(extra, rounds));
	}
	rte_pktmbuf_free_bulk(set, WORKING_SET);
	for (k = 0; k < nconf; k++) {
		rte_eth_dev_stop(configs[k].port);
		rte_eth_dev_close(configs[k].port);
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return 0;
}
