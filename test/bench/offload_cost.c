/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * What each net_lo feature costs, in TSC cycles per packet: one lcore sends
 * a working set of frames (64 flows; UDP/IPv4 unless the row says) through a port and receives
 * it back, burst by burst, for each configuration in turn (A B C ... A B C),
 * and prints per configuration the median over rounds and the median of its
 * per-round extra over the default port, at EAL's SIMD width and, each round
 * right after, with the scalar fallback (the extra's column "fallback"). Every configuration must get back
 * every packet it sent, or the run fails.
 *
 *   offload_cost [EAL options] -- [--rounds N] [--packets M]
 *
 * EAL options must load net_lo (-d PATH/librte_net_lo.so); on 2 MB pages
 * (--in-memory with hugepages reserved) or 4 KB (--no-huge -m 512); the
 * caller says which. test/bench/offload-cost.sh runs it both ways.
 */

/* rte_vect_get/set_max_simd_bitwidth are experimental in DPDK 22.11 */
#define ALLOW_EXPERIMENTAL_API

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
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vect.h>

#define BURST		32
#define WORKING_SET	512	/* packets in flight per round trip */
#define FRAME_LEN	64
#define MAX_CONFIGS	16
#define MAX_ROUNDS	101

/* The frames a configuration sends: 64 flows of one kind each. */
enum frame_kind {
	UDP4_64,	/* UDP/IPv4, 64 bytes: the default */
	UDP4_1500,	/* UDP/IPv4, 1500 bytes */
	TCP4_64,	/* TCP/IPv4, 64 bytes */
	UDP6_64,	/* UDP/IPv6, 64 bytes */
	UDP4_OPT,	/* UDP/IPv4 with 4 bytes of options, 64 bytes: not the fast path's */
	NB_KINDS,
};

static const uint16_t kind_len[NB_KINDS] = { 64, 1500, 64, 64, 64 };

struct config {
	const char *name;
	enum frame_kind kind;
	const char *devargs;
	uint16_t nb_rx, nb_tx;
	uint64_t rx_offloads, tx_offloads;
	bool rss, ptypes, vlan, shared, intr;
	uint16_t port;
	double cycles[MAX_ROUNDS];
	double fallback[MAX_ROUNDS];	/* with EAL's SIMD width at 64 bits */
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
	{ .name = "rx checksum, 1500 B", .kind = UDP4_1500, .devargs = "", .nb_rx = 1,
		.nb_tx = 1, .rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_UDP_CKSUM },
	{ .name = "rx checksum, TCP/IPv4", .kind = TCP4_64, .devargs = "", .nb_rx = 1,
		.nb_tx = 1, .rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_TCP_CKSUM },
	{ .name = "rx checksum, UDP/IPv6", .kind = UDP6_64, .devargs = "", .nb_rx = 1,
		.nb_tx = 1, .rx_offloads = RTE_ETH_RX_OFFLOAD_UDP_CKSUM },
	{ .name = "RSS, 4 rx queues, TCP/IPv4", .kind = TCP4_64, .devargs = "", .nb_rx = 4,
		.nb_tx = 1, .rss = true, .rx_offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH },
	{ .name = "RSS, 4 rx queues, UDP/IPv6", .kind = UDP6_64, .devargs = "", .nb_rx = 4,
		.nb_tx = 1, .rss = true, .rx_offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH },
	{ .name = "rx checksum, not eligible (IPv4 options)", .kind = UDP4_OPT, .devargs = "",
		.nb_rx = 1, .nb_tx = 1, .rx_offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_UDP_CKSUM },
	{ .name = "all offloads, not eligible (IPv4 options)", .kind = UDP4_OPT, .devargs = "",
		.nb_rx = 4, .nb_tx = 1, .rss = true, .ptypes = true, .vlan = true,
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
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP |
			RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6 |
			RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_NONFRAG_IPV6_TCP;
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

/* 64 flows of one kind, checksums right. */
static int
make_frames(struct rte_mbuf **m, unsigned int n, enum frame_kind kind)
{
	const uint16_t len = kind_len[kind];
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eh = (void *)rte_pktmbuf_append(m[i], len);
		uint8_t *l3 = (uint8_t *)(eh + 1), *l4;
		struct rte_ipv4_hdr *ip = (void *)l3;
		struct rte_ipv6_hdr *ip6 = (void *)l3;
		const uint16_t sport = rte_cpu_to_be_16(1000 + i % 64);
		uint16_t l3_len = kind == UDP6_64 ? sizeof(*ip6) : kind == UDP4_OPT ? 24 : 20;
		uint16_t plen = len - sizeof(*eh) - l3_len;

		if (eh == NULL)
			return -1;
		memset(eh, 0, len);
		l4 = l3 + l3_len;
		if (kind == UDP6_64) {
			eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
			ip6->vtc_flow = rte_cpu_to_be_32(6u << 28);
			ip6->payload_len = rte_cpu_to_be_16(plen);
			ip6->proto = IPPROTO_UDP;
			ip6->hop_limits = 64;
			ip6->src_addr[0] = 0x20;
			ip6->src_addr[15] = 1 + i % 64;
			ip6->dst_addr[0] = 0x20;
			ip6->dst_addr[15] = 0xfe;
		} else {
			eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
			ip->version_ihl = 0x40 | l3_len / 4;
			ip->total_length = rte_cpu_to_be_16(len - sizeof(*eh));
			ip->time_to_live = 64;
			ip->next_proto_id = kind == TCP4_64 ? IPPROTO_TCP : IPPROTO_UDP;
			ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 1 + i % 64));
			ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 1, 0, 1));
			if (kind == UDP4_OPT)
				l3[20] = 1;	/* options: NOP NOP NOP EOL */
			ip->hdr_checksum = rte_ipv4_cksum(ip);
		}
		if (kind == TCP4_64) {
			struct rte_tcp_hdr *tcp = (void *)l4;

			tcp->src_port = sport;
			tcp->dst_port = rte_cpu_to_be_16(2000);
			tcp->data_off = 5 << 4;
			tcp->tcp_flags = RTE_TCP_ACK_FLAG;
			tcp->cksum = rte_ipv4_udptcp_cksum(ip, tcp);
		} else {
			struct rte_udp_hdr *udp = (void *)l4;

			udp->src_port = sport;
			udp->dst_port = rte_cpu_to_be_16(2000);
			udp->dgram_len = rte_cpu_to_be_16(plen);
			udp->dgram_cksum = kind == UDP6_64 ? rte_ipv6_udptcp_cksum(ip6, udp) :
				rte_ipv4_udptcp_cksum(ip, udp);
		}
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

/* Restart every port, so each picks its variants again (lo_offload_select). */
static int
restart_ports(void)
{
	unsigned int k;

	for (k = 0; k < RTE_DIM(configs); k++)
		if (rte_eth_dev_stop(configs[k].port) != 0 ||
				rte_eth_dev_start(configs[k].port) != 0)
			return -1;
	return 0;
}

/* One round over the configurations, into cycles[r] or fallback[r]. */
static int
round_run(unsigned int r, bool fallback, const char *only, struct rte_mbuf **sets[],
	unsigned int laps)
{
	unsigned int k;
	double v;

	for (k = 0; k < RTE_DIM(configs); k++) {
		if (only != NULL && k != 0 && strstr(configs[k].name, only) == NULL)
			continue;
		v = measure(&configs[k], sets[configs[k].kind], laps);
		if (v < 0)
			return -1;
		if (fallback)
			configs[k].fallback[r] = v;
		else
			configs[k].cycles[r] = v;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const unsigned int nconf = RTE_DIM(configs);
	static struct rte_mbuf *set[NB_KINDS][WORKING_SET];
	struct rte_mbuf **sets[NB_KINDS];
	uint16_t width;
	unsigned int rounds = 7, laps = 2000, r, k, i;
	const char *only = NULL;
	double extra[MAX_ROUNDS], extra_fb[MAX_ROUNDS];
	bool fb;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "offload_cost: EAL init failed\n");
		return 2;
	}
	width = rte_vect_get_max_simd_bitwidth();
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
		fprintf(stderr, "offload_cost: bad option '%s' (--rounds 1-%d, --laps 1-1000000, --only TEXT)\n",
			argv[i], MAX_ROUNDS);
		return 2;
	}
	pool = rte_pktmbuf_pool_create("offload_cost", 16383, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (pool == NULL) {
		fprintf(stderr, "offload_cost: no mbufs: %s\n", rte_strerror(rte_errno));
		return 2;
	}
	for (k = 0; k < NB_KINDS; k++) {
		sets[k] = set[k];
		if (make_frames(set[k], WORKING_SET, k) != 0) {
			fprintf(stderr, "offload_cost: no mbufs for the frames\n");
			return 2;
		}
	}
	for (k = 0; k < nconf; k++)
		if (config_port(&configs[k], k) != 0)
			return 1;
	/*
	 * A B A B: each round at EAL's SIMD width, then with the scalar
	 * fallback (unless --force-max-simd-bitwidth fixed the width).
	 */
	fb = rte_vect_set_max_simd_bitwidth(RTE_VECT_SIMD_DISABLED) == 0 &&
		rte_vect_set_max_simd_bitwidth(width) == 0;
	for (r = 0; r < rounds; r++) {
		if (round_run(r, false, only, sets, laps) != 0)
			return 1;
		if (!fb)
			continue;
		if (rte_vect_set_max_simd_bitwidth(RTE_VECT_SIMD_DISABLED) != 0 ||
				restart_ports() != 0 || round_run(r, true, only, sets, laps) != 0 ||
				rte_vect_set_max_simd_bitwidth(width) != 0 || restart_ports() != 0)
			return 1;
	}
	printf("# SIMD width %u bits; fallback column: 64 bits%s\n", width,
		fb ? "" : " (not measured: the width was forced)");
	printf("%-42s %10s %8s %10s\n", "configuration", "cycles/pkt", "extra", "fallback");
	for (k = 0; k < nconf; k++) {
		if (only != NULL && k != 0 && strstr(configs[k].name, only) == NULL)
			continue;
		for (r = 0; r < rounds; r++) {
			extra[r] = configs[k].cycles[r] - configs[0].cycles[r];
			extra_fb[r] = configs[k].fallback[r] - configs[0].fallback[r];
		}
		printf("%-42s %10.1f %+8.1f", configs[k].name, median(configs[k].cycles, rounds),
			median(extra, rounds));
		if (fb)
			printf(" %+10.1f", median(extra_fb, rounds));
		printf("\n");
	}
	for (k = 0; k < NB_KINDS; k++)
		rte_pktmbuf_free_bulk(set[k], WORKING_SET);
	for (k = 0; k < nconf; k++) {
		rte_eth_dev_stop(configs[k].port);
		rte_eth_dev_close(configs[k].port);
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return 0;
}
