/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Functional tests of what issue 9 gives net_lo, through the public ethdev
 * API only: any rx/tx queue counts, RSS against a reference Toeplitz written
 * here, checksum and packet-type offloads, clean rx metadata, VLAN
 * strip/insert, the rx timestamp, veth-style pairs, copy mode and the small
 * dev_info fixes. Every expectation is exact; every case leaves both mempools
 * where it found them (the runner checks after each case).
 *
 *   test_offload PATH/librte_net_lo.so [EAL options...]
 *
 * Ports are hot-plugged with rte_dev_probe("net_loN,...") under names no
 * other case uses; a pair is probed as a user would write it on the command
 * line (--vdev=net_loA,peer=net_loB --vdev=net_loB): A first, naming a B
 * that does not exist yet.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw, sched_getaffinity */
#endif
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mbuf_ptype.h>
#include <rte_mempool.h>
#include <rte_net.h>
#include <rte_vect.h>

#include "lo_test.h"
#include "lo_test_port.h"
#include "lo_test_qstats.h"

#define NB_MBUF		4095
#define NB_MBUF_RX2	255	/* the second pool: copy mode's rx queues */
#define NB_DESC		512
#define PKT_LEN		100
#define BURST		32
#define MAX_RX		512	/* most packets one case collects at once */

static struct rte_mempool *pool;	/* senders' mbufs, and most rx queues */
static struct rte_mempool *pool2;	/* no cache: exact counts, exhaustible */
static unsigned int pool_in_use_at_start, pool2_in_use_at_start;
static uint16_t ports_at_start;
static unsigned int name_seq;

/* --- ports ------------------------------------------------------------- */

/* A vdev name no earlier case used: hot-plug never reuses a live name. */
static void
fresh_name(char *name, size_t size)
{
	snprintf(name, size, "net_lo%u", 200 + name_seq++);
}

/* Configure nb_rx/nb_tx queues of NB_DESC with conf (NULL: all zero), rx from mp. */
static int
port_setup(uint16_t port, uint16_t nb_rx, uint16_t nb_tx, const struct rte_eth_conf *conf,
	struct rte_mempool *mp)
{
	struct rte_eth_conf zero;
	uint16_t q;
	int ret;

	if (conf == NULL) {
		memset(&zero, 0, sizeof(zero));
		conf = &zero;
	}
	ret = rte_eth_dev_configure(port, nb_rx, nb_tx, conf);
	if (ret != 0)
		return ret;
	for (q = 0; q < nb_rx; q++) {
		ret = rte_eth_rx_queue_setup(port, q, NB_DESC, SOCKET_ID_ANY, NULL, mp);
		if (ret != 0)
			return ret;
	}
	for (q = 0; q < nb_tx; q++) {
		ret = rte_eth_tx_queue_setup(port, q, NB_DESC, SOCKET_ID_ANY, NULL);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* Probe a fresh port with args, configure it as port_setup does, start it. */
static int
port_open(const char *args, uint16_t nb_rx, uint16_t nb_tx, const struct rte_eth_conf *conf,
	uint16_t *port)
{
	char name[32];
	int ret;

	fresh_name(name, sizeof(name));
	ret = port_probe(name, args, port);
	if (ret != 0)
		return ret;
	ret = port_setup(*port, nb_rx, nb_tx, conf, pool);
	if (ret != 0)
		return ret;
	return rte_eth_dev_start(*port);
}

#define XSTAT_EQ(port, name, expected) do { \
	uint64_t v_ = ~0ULL; \
	LO_ASSERT(xstat(port, name, &v_) == 0, "no xstat %s", name); \
	LO_ASSERT(v_ == (uint64_t)(expected), "xstat %s = %" PRIu64 ", expected %" PRIu64, \
		name, v_, (uint64_t)(expected)); \
} while (0)

#define LO_ASSERT_HEX(a, b) do { \
	unsigned long long lo_a_ = (unsigned long long)(a), lo_b_ = (unsigned long long)(b); \
	LO_ASSERT(lo_a_ == lo_b_, "%s = %#llx, expected %s = %#llx", #a, lo_a_, #b, lo_b_); \
} while (0)

/* --- plain packets (no headers): the sequence number in the first 4 bytes */

static int
mk_pkts(struct rte_mbuf **m, unsigned int n, uint32_t seq0, uint16_t len)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(pool, m, n) != 0)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		char *p = rte_pktmbuf_append(m[i], len);

		if (p == NULL) {
			rte_pktmbuf_free_bulk(m, n);
			return -ENOSPC;
		}
		memset(p, 0, len);
		memcpy(p, &(uint32_t){seq0 + i}, sizeof(uint32_t));
	}
	return 0;
}

/* Receive everything waiting on port's nb_rx queues into m[] (queue in q[]). */
static unsigned int
rx_all(uint16_t port, uint16_t nb_rx, struct rte_mbuf **m, uint16_t *q, unsigned int max)
{
	unsigned int total = 0;
	bool got;

	do {
		uint16_t r;

		got = false;
		for (r = 0; r < nb_rx && total < max; r++) {
			uint16_t room = RTE_MIN(max - total, (unsigned int)BURST);
			uint16_t n = rte_eth_rx_burst(port, r, m + total, room), i;

			for (i = 0; i < n; i++)
				q[total + i] = r;
			total += n;
			got |= n > 0;
		}
	} while (got && total < max);
	return total;
}

/* --- crafted frames ------------------------------------------------------ */

/* What build_frame() makes: Ethernet [VLAN [VLAN]] [IPv4|IPv6 [ext]] [L4] payload. */
struct flow {
	uint8_t l3;		/* 4, 6, or 0: not IP (an ARP frame) */
	uint8_t proto;		/* IPPROTO_TCP, _UDP, _SCTP, _ICMP, _ICMPV6 */
	uint8_t nb_vlan;	/* 0, 1 (0x8100), 2 (0x88a8 then 0x8100) */
	bool frag;		/* v4: MF set; v6: a fragment header (M set) */
	bool ext;		/* v4: 4 bytes of options; v6: a hop-by-hop header */
	bool udp_zero;		/* UDP checksum left 0 */
	uint16_t payload_len;	/* after the L4 header; 0: PAYLOAD_LEN */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
};

struct frame {
	uint8_t b[1536];
	uint16_t len;
	uint16_t l2_len;	/* with the VLAN tags */
	uint16_t l3_len;	/* with IPv4 options / IPv6 extension headers */
	uint16_t l4_off;	/* 0: no L4 header */
	uint16_t l3_off;
};

#define PAYLOAD_LEN 16	/* after the L4 header; its last 4 bytes: the sequence number */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One's complement sum of n bytes as big-endian 16-bit words, added to s. */
static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The pseudo-header sum of a frame's L4 (RFC 768/793, RFC 8200 8.1). */
static uint32_t
pseudo_sum(const struct frame *f, uint8_t proto)
{
	const uint8_t *ip = f->b + f->l3_off;
	uint16_t l4_len = f->len - f->l4_off;
	uint32_t s;

	if ((ip[0] >> 4) == 4)
		s = sum16(ip + 12, 8, 0);
	else
		s = sum16(ip + 8, 32, 0);
	return s + proto + l4_len;
}

/* Checksum of the frame's L4 segment as it stands (0 when correct). */
static uint16_t
l4_verify(const struct frame *f, uint8_t proto)
{
	return (uint16_t)~fold(sum16(f->b + f->l4_off, f->len - f->l4_off,
		pseudo_sum(f, proto)));
}

static uint16_t
ip4_verify(const struct frame *f)
{
	return (uint16_t)~fold(sum16(f->b + f->l3_off, f->l3_len, 0));
}

static void
build_frame(const struct flow *fl, uint32_t seq, struct frame *f)
{
	static const uint8_t macs[12] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01
	};
	uint8_t *b = f->b;
	uint16_t off = 12, i, l4_cksum_at = 0, plen;

	memset(f, 0, sizeof(*f));
	memcpy(b, macs, sizeof(macs));
	if (fl->nb_vlan == 2) {
		put16(b + off, RTE_ETHER_TYPE_QINQ);
		put16(b + off + 2, 0x0064);
		off += 4;
	}
	if (fl->nb_vlan >= 1) {
		put16(b + off, RTE_ETHER_TYPE_VLAN);
		put16(b + off + 2, 0x00c8);
		off += 4;
	}
	put16(b + off, fl->l3 == 4 ? RTE_ETHER_TYPE_IPV4 :
		fl->l3 == 6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_ARP);
	off += 2;
	f->l2_len = off;
	f->l3_off = off;
	if (fl->l3 == 0) {
		/* an ARP request's 28 bytes, zeros but the fixed part */
		put16(b + off, 1);
		put16(b + off + 2, RTE_ETHER_TYPE_IPV4);
		b[off + 4] = 6;
		b[off + 5] = 4;
		put16(b + off + 6, 1);
		off += 28;
	} else if (fl->l3 == 4) {
		b[off] = 0x40 | (fl->ext ? 6 : 5);
		put16(b + off + 4, seq & 0xffff);
		put16(b + off + 6, fl->frag ? 0x2000 : 0);	/* MF, offset 0 */
		b[off + 8] = 64;
		b[off + 9] = fl->proto;
		memcpy(b + off + 12, fl->src, 4);
		memcpy(b + off + 16, fl->dst, 4);
		off += 20;
		if (fl->ext) {
			b[off] = 1;	/* NOP, NOP, NOP, end of options */
			b[off + 1] = 1;
			b[off + 2] = 1;
			off += 4;
		}
	} else {
		uint8_t next = fl->ext ? IPPROTO_HOPOPTS : fl->frag ? IPPROTO_FRAGMENT :
			fl->proto;

		b[off] = 0x60;
		b[off + 6] = next;
		b[off + 7] = 64;
		memcpy(b + off + 8, fl->src, 16);
		memcpy(b + off + 24, fl->dst, 16);
		off += 40;
		if (fl->ext) {
			b[off] = fl->frag ? IPPROTO_FRAGMENT : fl->proto;
			b[off + 2] = 1;	/* PadN of 4 */
			b[off + 3] = 4;
			off += 8;
		}
		if (fl->frag) {
			b[off] = fl->proto;
			put16(b + off + 2, 0x0001);	/* offset 0, M */
			put16(b + off + 6, seq & 0xffff);
			off += 8;
		}
	}
	f->l3_len = off - f->l3_off;
	if (fl->l3 != 0) {
		f->l4_off = off;
		put16(b + off, fl->sport);
		put16(b + off + 2, fl->dport);
		switch (fl->proto) {
		case IPPROTO_TCP:
			memcpy(b + off + 4, &seq, 4);
			b[off + 12] = 0x50;
			b[off + 13] = 0x18;
			put16(b + off + 14, 0xffff);
			l4_cksum_at = off + 16;
			off += 20;
			break;
		case IPPROTO_UDP:
			l4_cksum_at = off + 6;
			off += 8;
			break;
		case IPPROTO_SCTP:
			off += 12;
			break;
		default:	/* ICMP echo request */
			b[off] = fl->proto == IPPROTO_ICMP ? 8 : 128;
			b[off + 1] = 0;
			put16(b + off + 2, 0);
			off += 8;
			break;
		}
	}
	plen = fl->payload_len != 0 ? fl->payload_len : PAYLOAD_LEN;
	for (i = 0; i < plen - 4; i++)
		b[off + i] = (uint8_t)(seq * 7 + i);
	memcpy(b + off + plen - 4, &seq, 4);
	off += plen;
	f->len = off;

	/* lengths, then checksums */
	if (fl->l3 == 4)
		put16(b + f->l3_off + 2, f->len - f->l3_off);
	else if (fl->l3 == 6)
		put16(b + f->l3_off + 4, f->len - f->l3_off - 40);
	if (fl->l3 != 0 && fl->proto == IPPROTO_UDP)
		put16(b + f->l4_off + 4, f->len - f->l4_off);
	if (fl->l3 == 4)
		put16(b + f->l3_off + 10, ip4_verify(f));
	if (l4_cksum_at != 0 && !fl->udp_zero) {
		uint16_t c = l4_verify(f, fl->proto);

		if (c == 0 && fl->proto == IPPROTO_UDP)
			c = 0xffff;
		put16(b + l4_cksum_at, c);
	}
	if (fl->l3 == 4 && fl->proto == IPPROTO_ICMP)
		put16(b + f->l4_off + 2,
			(uint16_t)~fold(sum16(b + f->l4_off, f->len - f->l4_off, 0)));
}

static struct rte_mbuf *
frame_mbuf(const struct frame *f)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	char *p;

	if (m == NULL)
		return NULL;
	p = rte_pktmbuf_append(m, f->len);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(p, f->b, f->len);
	return m;
}

/* The sequence number build_frame() put in the last 4 bytes. */
static uint32_t
frame_seq(const struct rte_mbuf *m)
{
	uint32_t s, copy;
	const void *p = rte_pktmbuf_read(m, m->pkt_len - 4, 4, &copy);

	if (p == NULL)
		return UINT32_MAX;
	memcpy(&s, p, 4);
	return s;
}

/* The mbuf's bytes equal len bytes at want (a single-segment mbuf). */
static bool
bytes_equal(const struct rte_mbuf *m, const uint8_t *want, uint16_t len)
{
	return m->pkt_len == len && m->data_len == len &&
		memcmp(rte_pktmbuf_mtod(m, const void *), want, len) == 0;
}

static void
ip4_of(uint8_t *a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	a[0] = b0;
	a[1] = b1;
	a[2] = b2;
	a[3] = b3;
}

static void
ip6_of(uint8_t *a, uint16_t w0, uint16_t w1, uint16_t w7)
{
	memset(a, 0, 16);
	put16(a, w0);
	put16(a + 2, w1);
	put16(a + 4, 0x0db8);
	put16(a + 14, w7);
}

/* A flow of the given kind with fixed addresses and ports. */
static struct flow
flow_of(uint8_t l3, uint8_t proto)
{
	struct flow fl;

	memset(&fl, 0, sizeof(fl));
	fl.l3 = l3;
	fl.proto = proto;
	if (l3 == 4) {
		ip4_of(fl.src, 10, 0, 0, 1);
		ip4_of(fl.dst, 192, 168, 7, 9);
	} else {
		ip6_of(fl.src, 0x2001, 0x1, 0x1234);
		ip6_of(fl.dst, 0x2001, 0x2, 0xabcd);
	}
	fl.sport = 40000;
	fl.dport = 4789;
	return fl;
}

/* --- reference Toeplitz ---------------------------------------------------- */

static const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
	0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
	0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/*
 * Toeplitz over len bytes (len + 4 <= 40): for each input bit, most
 * significant first, that is set, xor in the 32 key bits starting at it.
 */
static uint32_t
toeplitz(const uint8_t *key, const uint8_t *in, unsigned int len)
{
	uint32_t window = (uint32_t)key[0] << 24 | key[1] << 16 | key[2] << 8 | key[3];
	uint32_t hash = 0;
	unsigned int i;
	int bit;

	for (i = 0; i < len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (in[i] & (1u << bit))
				hash ^= window;
			window = window << 1 | ((key[i + 4] >> bit) & 1);
		}
	}
	return hash;
}

#define RSS_ALL (RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP | \
	RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_IPV6 | \
	RTE_ETH_RSS_FRAG_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP | \
	RTE_ETH_RSS_NONFRAG_IPV6_OTHER)

/*
 * The Toeplitz input of a flow under rss_hf, as the spec defines it: the
 * addresses and ports of an unfragmented TCP/UDP flow when its NONFRAG type
 * is on; else the addresses when the plain type, the FRAG type (fragments)
 * or the NONFRAG_OTHER type (other protocols) is on; else nothing (0).
 */
static unsigned int
rss_tuple(const struct flow *fl, uint64_t rss_hf, uint8_t *in)
{
	bool v4 = fl->l3 == 4, l4 = fl->proto == IPPROTO_TCP || fl->proto == IPPROTO_UDP;
	unsigned int alen = v4 ? 4 : 16;
	uint64_t tcp = v4 ? RTE_ETH_RSS_NONFRAG_IPV4_TCP : RTE_ETH_RSS_NONFRAG_IPV6_TCP;
	uint64_t udp = v4 ? RTE_ETH_RSS_NONFRAG_IPV4_UDP : RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	uint64_t any = v4 ? RTE_ETH_RSS_IPV4 : RTE_ETH_RSS_IPV6;
	uint64_t frag = v4 ? RTE_ETH_RSS_FRAG_IPV4 : RTE_ETH_RSS_FRAG_IPV6;
	uint64_t other = v4 ? RTE_ETH_RSS_NONFRAG_IPV4_OTHER : RTE_ETH_RSS_NONFRAG_IPV6_OTHER;

	if (fl->l3 == 0)
		return 0;
	memcpy(in, fl->src, alen);
	memcpy(in + alen, fl->dst, alen);
	if (!fl->frag && ((fl->proto == IPPROTO_TCP && (rss_hf & tcp)) ||
			(fl->proto == IPPROTO_UDP && (rss_hf & udp)))) {
		put16(in + 2 * alen, fl->sport);
		put16(in + 2 * alen + 2, fl->dport);
		return 2 * alen + 4;
	}
	if ((rss_hf & any) || (fl->frag && (rss_hf & frag)) ||
			(!fl->frag && !l4 && (rss_hf & other)))
		return 2 * alen;
	return 0;
}

/* --- cases ------------------------------------------------------------- */

/*
 * Every nb_rx x nb_tx from 1x1 to 8x8, no RSS: tx queue t delivers to rx
 * queue t % nb_rx, each packet once, in its queue's order; per-queue stats
 * exact, and rx queues no tx queue maps to get nothing.
 */
/*
 * One port of nb_rx x nb_tx queues with args: tx queue t sends 3 + t
 * packets numbered t << 16 | i; each arrives once on rx queue t % nb_rx,
 * in its queue's order; per-queue packets exact, bytes too when counted.
 */
static int
queue_counts_run(const char *args, uint16_t nb_rx, uint16_t nb_tx)
{
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	const bool bytes = strstr(args, "byte_stats=off") == NULL;
	uint32_t next[8] = { 0 }, total = 0, want_rx[8] = { 0 };
	struct rte_mbuf *m[BURST];
	struct rte_eth_stats st;
	struct lo_qstats qs;
	unsigned int n, i;
	uint16_t t, port;

	LO_ASSERT(port_open(args, nb_rx, nb_tx, NULL, &port) == 0, "%ux%u %s: port not opened",
		nb_rx, nb_tx, args);
	for (t = 0; t < nb_tx; t++) {
		LO_ASSERT_EQ(mk_pkts(m, 3 + t, (uint32_t)t << 16, PKT_LEN), 0);
		LO_ASSERT(tx_all(port, t, m, 3 + t) == 3 + t, "%ux%u: tx q%u short", nb_rx, nb_tx,
			t);
		total += 3 + t;
		want_rx[t % nb_rx] += 3 + t;
	}
	n = rx_all(port, nb_rx, rx, rxq, MAX_RX);
	for (i = 0; i < n; i++) {
		uint32_t s = seq_of(rx[i]);
		uint16_t src = s >> 16;

		/* on its rx queue, in order per tx queue: each one once */
		if (src >= nb_tx || rxq[i] != src % nb_rx || (s & 0xffff) != next[src] ||
				(bytes && rx[i]->port != port)) {
			printf("#   %ux%u %s: packet %#x of tx q%u on rx q%u (port field %u), "
				"expected #%u of that queue\n", nb_rx, nb_tx, args, s, src, rxq[i],
				rx[i]->port, src < nb_tx ? next[src] : 0);
			rte_pktmbuf_free_bulk(rx, n);
			return -1;
		}
		next[src]++;
	}
	rte_pktmbuf_free_bulk(rx, n);
	LO_ASSERT(n == total, "%ux%u %s: %u of %u received", nb_rx, nb_tx, args, n, total);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(port, &qs), 0);
	LO_ASSERT_EQ(st.opackets, total);
	LO_ASSERT_EQ(st.ipackets, total);
	LO_ASSERT_EQ(st.obytes, bytes ? (uint64_t)total * PKT_LEN : 0);
	LO_ASSERT_EQ(st.ibytes, bytes ? (uint64_t)total * PKT_LEN : 0);
	for (t = 0; t < nb_tx; t++) {
		LO_ASSERT(qs.q_opackets[t] == 3u + t, "%ux%u: q_opackets[%u] = %" PRIu64, nb_rx,
			nb_tx, t, qs.q_opackets[t]);
		LO_ASSERT_EQ(qs.q_obytes[t], bytes ? (3u + t) * PKT_LEN : 0);
	}
	for (t = 0; t < nb_rx; t++) {
		LO_ASSERT(qs.q_ipackets[t] == want_rx[t], "%ux%u: q_ipackets[%u] = %" PRIu64
			", expected %u", nb_rx, nb_tx, t, qs.q_ipackets[t], want_rx[t]);
		LO_ASSERT_EQ(qs.q_ibytes[t], bytes ? (uint64_t)want_rx[t] * PKT_LEN : 0);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Every nb_rx x nb_tx from 1x1 to 8x8, no RSS; some in the other modes. */
static int
test_queue_counts(void)
{
	static const uint16_t some[][2] = { { 1, 3 }, { 3, 1 }, { 2, 5 }, { 8, 3 } };
	static const char *const modes[] = { "byte_stats=off", "copy=on" };
	uint16_t nb_rx, nb_tx;
	unsigned int i, k;

	for (nb_rx = 1; nb_rx <= 8; nb_rx++)
		for (nb_tx = 1; nb_tx <= 8; nb_tx++)
			if (queue_counts_run("", nb_rx, nb_tx) != 0)
				return -1;
	for (k = 0; k < RTE_DIM(modes); k++)
		for (i = 0; i < RTE_DIM(some); i++)
			if (queue_counts_run(modes[k], some[i][0], some[i][1]) != 0)
				return -1;
	return 0;
}

/*
 * Two lcores, two tx queues, one rx queue: tx queue 0 on the main lcore
 * (which also receives), tx queue 1 on a worker, at the same time. Every
 * packet arrives once, each tx queue's in its order.
 */
#define MP_PKTS 20000

static uint16_t mp_port;
static volatile int mp_worker_err, mp_stop;

static int
mp_worker(void *arg __rte_unused)
{
	struct rte_mbuf *m[16];
	uint32_t sent = 0;

	while (sent < MP_PKTS) {
		uint16_t n = RTE_MIN(16u, MP_PKTS - sent), done = 0;

		if (mk_pkts(m, n, 1u << 24 | sent, PKT_LEN) != 0) {
			mp_worker_err = 1;
			return -1;
		}
		while (done < n && !mp_stop)	/* ring full: the rest stays ours */
			done += rte_eth_tx_burst(mp_port, 1, m + done, n - done);
		if (done < n) {
			rte_pktmbuf_free_bulk(m + done, n - done);
			return -1;
		}
		sent += n;
	}
	return 0;
}

/*
 * The run itself, on a port configured with conf; with the timestamp
 * offload, the stamps must not decrease in the order of the one rx queue
 * (the spec's rule) although two lcores feed it.
 */
static int
two_lcores_run(const struct rte_eth_conf *conf)
{
	const bool stamps = conf != NULL &&
		(conf->rxmode.offloads & RTE_ETH_RX_OFFLOAD_TIMESTAMP) != 0;
	struct rte_mbuf *m[16], *r[BURST];
	uint32_t sent = 0, next[2] = { 0, 0 }, got = 0, extra = 0, back = 0;
	struct rte_eth_stats st;
	struct lo_qstats qs;
	unsigned int worker;
	uint64_t hz = rte_get_tsc_hz(), last = rte_rdtsc(), last_ts = 0;
	uint16_t n, i;
	int bad = 0, ts_off = -1;

	worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		lo_test_skip_reason = "needs a second lcore";
		return LO_TEST_SKIP;
	}
	LO_ASSERT_EQ(port_open("", 1, 2, conf, &mp_port), 0);
	if (stamps) {
		ts_off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
		LO_ASSERT(ts_off >= 0, "no timestamp field");
	}
	mp_worker_err = 0;
	mp_stop = 0;
	LO_ASSERT_EQ(rte_eal_remote_launch(mp_worker, NULL, worker), 0);
	while (got < 2 * MP_PKTS && !bad) {
		if (sent < MP_PKTS) {
			uint16_t k = RTE_MIN(16u, MP_PKTS - sent), done;

			if (mk_pkts(m, k, sent, PKT_LEN) != 0) {
				bad = 1;
				break;
			}
			done = rte_eth_tx_burst(mp_port, 0, m, k);
			rte_pktmbuf_free_bulk(m + done, k - done);	/* resent below */
			sent += done;
		}
		n = rte_eth_rx_burst(mp_port, 0, r, BURST);
		for (i = 0; i < n; i++) {
			uint32_t s = seq_of(r[i]), src = s >> 24;

			if (src > 1 || (s & 0xffffff) != next[src]) {
				printf("#   got %#x, expected #%u from tx q%u\n", s,
					src > 1 ? 0 : next[src], src > 1 ? 0 : src);
				bad = 1;
				break;
			}
			next[src]++;
			if (stamps) {
				uint64_t ts = *RTE_MBUF_DYNFIELD(r[i], ts_off,
					rte_mbuf_timestamp_t *);

				if (ts < last_ts && back++ < 3)
					printf("#   packet %u of tx q%u stamped %" PRIu64 " after one "
						"stamped %" PRIu64 "\n", s & 0xffffff, src, ts,
						last_ts);
				last_ts = ts;
			}
		}
		rte_pktmbuf_free_bulk(r, n);
		got += n;
		if (n > 0)
			last = rte_rdtsc();
		else if (rte_rdtsc() - last > 2 * hz)
			bad = 2;	/* 2 s without a packet: lost */
		if (mp_worker_err)
			bad = 1;
	}
	mp_stop = 1;
	rte_eal_wait_lcore(worker);
	while ((n = rte_eth_rx_burst(mp_port, 0, r, BURST)) > 0) {
		rte_pktmbuf_free_bulk(r, n);
		extra += n;
	}
	LO_ASSERT(!bad && !mp_worker_err, "%s after %u packets", bad == 2 ? "stalled" : "failed",
		got);
	LO_ASSERT_EQ(got, 2 * MP_PKTS);
	LO_ASSERT_EQ(extra, 0);
	LO_ASSERT_EQ(rte_eth_stats_get(mp_port, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(mp_port, &qs), 0);
	LO_ASSERT_EQ(qs.q_opackets[0], MP_PKTS);
	LO_ASSERT_EQ(qs.q_opackets[1], MP_PKTS);
	LO_ASSERT_EQ(qs.q_ipackets[0], 2 * MP_PKTS);
	LO_ASSERT_EQ(port_remove(mp_port), 0);
	LO_ASSERT(back == 0, "%u stamps lower than the one before on the same rx queue", back);
	return 0;
}

static int
test_queue_counts_two_lcores(void)
{
	return two_lcores_run(NULL);
}

static int
test_timestamp_two_lcores(void)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_TIMESTAMP;
	return two_lcores_run(&conf);
}

#define RSS_FLOWS	64
#define RSS_NONIP	4

/* Flow i of the RSS set: the 8 kinds, untagged / one tag / QinQ, options and extensions. */
static struct flow
rss_flow(unsigned int i)
{
	static const struct { uint8_t l3, proto; bool frag; } kind[8] = {
		{ 4, IPPROTO_TCP, false }, { 4, IPPROTO_UDP, false },
		{ 4, IPPROTO_ICMP, false }, { 4, IPPROTO_UDP, true },
		{ 6, IPPROTO_TCP, false }, { 6, IPPROTO_UDP, false },
		{ 6, IPPROTO_ICMPV6, false }, { 6, IPPROTO_TCP, true },
	};
	struct flow fl = flow_of(kind[i % 8].l3, kind[i % 8].proto);

	fl.frag = kind[i % 8].frag;
	fl.nb_vlan = (i / 8) % 3;
	/* IPv4 TCP with options, IPv6 UDP behind a hop-by-hop header */
	fl.ext = (i % 16) >= 8 && (i % 8 == 0 || i % 8 == 5);
	if (fl.l3 == 4) {
		ip4_of(fl.src, 10, (uint8_t)i, (uint8_t)(i * 3), 1);
		ip4_of(fl.dst, 192, 168, (uint8_t)(i * 5), (uint8_t)(i + 1));
	} else {
		ip6_of(fl.src, 0x2001, (uint16_t)(i * 0x101), (uint16_t)(i * 77));
		ip6_of(fl.dst, 0xfd00, (uint16_t)i, (uint16_t)(0x8000 + i * 31));
	}
	fl.sport = (uint16_t)(1024 + i * 97);
	fl.dport = (uint16_t)(80 + i * 13);
	return fl;
}

/*
 * Send the RSS flow set (RSS_FLOWS flows, then RSS_NONIP ARP frames) on
 * tx_port's nb_tx queues in turn; each packet must arrive once on port, on
 * reta[h % 128] with hash.rss = h and RX_RSS_HASH (h: the reference Toeplitz
 * under key and rss_hf), or on queue 0 without the flag when nothing is
 * hashed; ol_flags nothing else.
 */
static int
rss_check(uint16_t tx_port, uint16_t nb_tx, uint16_t port, uint16_t nb_rx, const uint8_t *key,
	uint64_t rss_hf, const uint16_t *reta)
{
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	const unsigned int total = RSS_FLOWS + RSS_NONIP;
	bool seen[RSS_FLOWS + RSS_NONIP] = { false };
	unsigned int i, n, hashed = 0;

	for (i = 0; i < total; i++) {
		struct flow fl = i < RSS_FLOWS ? rss_flow(i) : flow_of(0, 0);
		struct frame f;
		struct rte_mbuf *m;

		build_frame(&fl, i, &f);
		m = frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		LO_ASSERT(tx_all(tx_port, i % nb_tx, &m, 1) == 1, "flow %u not sent", i);
	}
	n = rx_all(port, nb_rx, rx, rxq, MAX_RX);
	for (i = 0; i < n; i++) {
		uint32_t s = frame_seq(rx[i]);
		struct flow fl;
		uint8_t in[40];
		unsigned int len;

		if (s >= total || seen[s]) {
			rte_pktmbuf_free_bulk(rx, n);
			LO_ASSERT(false, "packet %u unknown or seen twice", s);
		}
		seen[s] = true;
		fl = s < RSS_FLOWS ? rss_flow(s) : flow_of(0, 0);
		len = rss_tuple(&fl, rss_hf, in);
		if (len == 0) {
			if (rxq[i] != 0 || rx[i]->ol_flags != 0) {
				printf("#   flow %u (l3 %u proto %u frag %d vlans %u): not hashed, "
					"expected queue 0 and ol_flags 0, got queue %u and ol_flags %#"
					PRIx64 "\n", s, fl.l3, fl.proto, fl.frag, fl.nb_vlan, rxq[i],
					rx[i]->ol_flags);
				rte_pktmbuf_free_bulk(rx, n);
				return -1;
			}
		} else {
			uint32_t h = toeplitz(key, in, len);

			hashed++;
			if (rx[i]->ol_flags != RTE_MBUF_F_RX_RSS_HASH ||
					rx[i]->hash.rss != h || rxq[i] != reta[h % 128]) {
				printf("#   flow %u (l3 %u proto %u frag %d ext %d vlans %u, %u-byte "
					"tuple): expected hash %#x on queue %u, got ol_flags %#" PRIx64
					" hash %#x on queue %u\n", s, fl.l3, fl.proto, fl.frag, fl.ext,
					fl.nb_vlan, len, h, reta[h % 128], rx[i]->ol_flags,
					rx[i]->hash.rss, rxq[i]);
				rte_pktmbuf_free_bulk(rx, n);
				return -1;
			}
		}
	}
	rte_pktmbuf_free_bulk(rx, n);
	LO_ASSERT(n == total, "%u of %u packets received", n, total);
	LO_ASSERT(hashed > 0, "no flow of the set is hashed under rss_hf %#" PRIx64, rss_hf);
	return 0;
}

static int
reta_set(uint16_t port, const uint16_t *reta)
{
	struct rte_eth_rss_reta_entry64 conf[2];
	unsigned int i;

	memset(conf, 0, sizeof(conf));
	for (i = 0; i < 128; i++) {
		conf[i / 64].mask |= 1ULL << (i % 64);
		conf[i / 64].reta[i % 64] = reta[i];
	}
	return rte_eth_dev_rss_reta_update(port, conf, 128);
}

static int
reta_get(uint16_t port, uint16_t *reta)
{
	struct rte_eth_rss_reta_entry64 conf[2];
	unsigned int i;
	int ret;

	memset(conf, 0, sizeof(conf));
	conf[0].mask = conf[1].mask = UINT64_MAX;
	ret = rte_eth_dev_rss_reta_query(port, conf, 128);
	for (i = 0; i < 128; i++)
		reta[i] = conf[i / 64].reta[i % 64];
	return ret;
}

/* What the port reports: this key and rss_hf, and this RETA. */
static int
rss_conf_is(uint16_t port, const uint8_t *key, uint64_t rss_hf, const uint16_t *reta)
{
	uint8_t got_key[40];
	struct rte_eth_rss_conf rc = { .rss_key = got_key, .rss_key_len = sizeof(got_key) };
	uint16_t got_reta[128];
	unsigned int i;

	memset(got_key, 0, sizeof(got_key));
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(port, &rc), 0);
	LO_ASSERT_HEX(rc.rss_hf, rss_hf);
	LO_ASSERT_EQ(rc.rss_key_len, 40);
	LO_ASSERT(memcmp(got_key, key, 40) == 0, "rss_hash_conf_get: another key");
	LO_ASSERT_EQ(reta_get(port, got_reta), 0);
	for (i = 0; i < 128; i++)
		LO_ASSERT(got_reta[i] == reta[i], "reta[%u] = %u, expected %u", i, got_reta[i],
			reta[i]);
	return 0;
}

/* The reference Toeplitz against the published Microsoft verification suite. */
static int
test_toeplitz_reference(void)
{
	uint8_t in[36];

	/* 66.9.149.187:2794 -> 161.142.100.80:1766 */
	ip4_of(in, 66, 9, 149, 187);
	ip4_of(in + 4, 161, 142, 100, 80);
	put16(in + 8, 2794);
	put16(in + 10, 1766);
	LO_ASSERT_HEX(toeplitz(ms_key, in, 12), 0x51ccc178);
	LO_ASSERT_HEX(toeplitz(ms_key, in, 8), 0x323e8fc2);
	/* 3ffe:2501:200:1fff::7:2794 -> 3ffe:2501:200:3::1:1766 */
	memset(in, 0, sizeof(in));
	put16(in, 0x3ffe);
	put16(in + 2, 0x2501);
	put16(in + 4, 0x0200);
	put16(in + 6, 0x1fff);
	put16(in + 14, 0x0007);
	put16(in + 16, 0x3ffe);
	put16(in + 18, 0x2501);
	put16(in + 20, 0x0200);
	put16(in + 22, 0x0003);
	put16(in + 30, 0x0001);
	put16(in + 32, 2794);
	put16(in + 34, 1766);
	LO_ASSERT_HEX(toeplitz(ms_key, in, 36), 0x40207d3d);
	LO_ASSERT_HEX(toeplitz(ms_key, in, 32), 0x2cc18cd5);
	return 0;
}

/*
 * RSS on 4 rx queues (2 tx queues): the default key and RETA, then a custom
 * key and RETA set while started, then a narrower rss_hf; then 3 rx queues
 * configured with that key and the RSS_HASH offload.
 */
static int
test_rss(void)
{
	const uint64_t narrow = RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV6_OTHER |
		RTE_ETH_RSS_FRAG_IPV6;
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_rss_conf rc;
	uint8_t key[40];
	uint16_t reta[128], port;
	char name[32];
	unsigned int i;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT_HEX(info.flow_type_rss_offloads, RSS_ALL);
	LO_ASSERT_EQ(info.hash_key_size, 40);
	LO_ASSERT_EQ(info.reta_size, 128);
	LO_ASSERT(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_RSS_HASH, "no RSS_HASH capa");
	LO_ASSERT_EQ(port_setup(port, 4, 2, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);

	/* defaults: the Microsoft key, reta[i] = i % 4 */
	for (i = 0; i < 128; i++)
		reta[i] = i % 4;
	if (rss_conf_is(port, ms_key, RSS_ALL, reta) != 0)
		return -1;
	if (rss_check(port, 2, port, 4, ms_key, RSS_ALL, reta) != 0)
		return -1;

	/* a key and a RETA of our own, while started */
	for (i = 0; i < 40; i++)
		key[i] = (uint8_t)(0x3c + i * 29);
	for (i = 0; i < 128; i++)
		reta[i] = (i / 3 + 1) % 4;
	memset(&rc, 0, sizeof(rc));
	rc.rss_key = key;
	rc.rss_key_len = 40;
	rc.rss_hf = RSS_ALL;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	LO_ASSERT_EQ(reta_set(port, reta), 0);
	if (rss_conf_is(port, key, RSS_ALL, reta) != 0)
		return -1;
	if (rss_check(port, 2, port, 4, key, RSS_ALL, reta) != 0)
		return -1;

	/* a narrower rss_hf, key kept (no key given), RSS_HASH offload asked */
	rc.rss_key = NULL;
	rc.rss_key_len = 0;
	rc.rss_hf = narrow;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	if (rss_conf_is(port, key, narrow, reta) != 0)
		return -1;
	if (rss_check(port, 2, port, 4, key, narrow, reta) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_hf = narrow;
	conf.rx_adv_conf.rss_conf.rss_key = key;
	conf.rx_adv_conf.rss_conf.rss_key_len = 40;
	LO_ASSERT_EQ(port_setup(port, 3, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	for (i = 0; i < 128; i++)
		reta[i] = i % 3;	/* 3 rx queues now: the default RETA for 3 */
	if (rss_conf_is(port, key, narrow, reta) != 0)
		return -1;
	if (rss_check(port, 1, port, 3, key, narrow, reta) != 0)
		return -1;

	/* RSS mode with no types at start: types set while running are refused */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rx_adv_conf.rss_conf.rss_hf = 0;
	LO_ASSERT_EQ(port_setup(port, 3, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	rc.rss_key = NULL;
	rc.rss_key_len = 0;
	rc.rss_hf = narrow;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), -EBUSY);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (rss_check(port, 1, port, 3, key, narrow, reta) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

#define CK_IP_MASK	RTE_MBUF_F_RX_IP_CKSUM_MASK
#define CK_L4_MASK	RTE_MBUF_F_RX_L4_CKSUM_MASK
#define IP_GOOD		RTE_MBUF_F_RX_IP_CKSUM_GOOD
#define IP_BAD		RTE_MBUF_F_RX_IP_CKSUM_BAD
#define L4_GOOD		RTE_MBUF_F_RX_L4_CKSUM_GOOD
#define L4_BAD		RTE_MBUF_F_RX_L4_CKSUM_BAD

enum ck_mangle { CK_NONE, CK_BAD_IP, CK_BAD_L4, CK_TX_OFFLOAD };

struct ck_case {
	const char *what;
	struct flow fl;
	enum ck_mangle mangle;
	uint64_t want;		/* ol_flags with rx cksum offloads on */
};

/*
 * Prepare f as the sender hands it over: corrupted, or with the checksums
 * left for the tx offload (IPv4 header checksum 0, the pseudo-header sum
 * in the L4 field as rte_ipv4/6_phdr_cksum() make it).
 */
static struct rte_mbuf *
ck_mbuf(const struct ck_case *c, const struct frame *good)
{
	struct frame f = *good;
	struct rte_mbuf *m;
	uint16_t ck_at = 0;

	if (c->fl.proto == IPPROTO_TCP)
		ck_at = f.l4_off + 16;
	else if (c->fl.proto == IPPROTO_UDP)
		ck_at = f.l4_off + 6;
	switch (c->mangle) {
	case CK_BAD_IP:
		f.b[f.l3_off + 10] ^= 0x5a;
		break;
	case CK_BAD_L4:
		f.b[ck_at + 1] ^= 0x01;
		break;
	case CK_TX_OFFLOAD:
		if (c->fl.l3 == 4)
			put16(f.b + f.l3_off + 10, 0);
		put16(f.b + ck_at, 0);
		put16(f.b + ck_at, fold(pseudo_sum(&f, c->fl.proto)));
		break;
	default:
		break;
	}
	m = frame_mbuf(&f);
	if (m == NULL || c->mangle != CK_TX_OFFLOAD)
		return m;
	m->l2_len = f.l2_len;
	m->l3_len = f.l3_len;
	m->ol_flags = c->fl.proto == IPPROTO_TCP ? RTE_MBUF_F_TX_TCP_CKSUM :
		RTE_MBUF_F_TX_UDP_CKSUM;
	m->ol_flags |= c->fl.l3 == 4 ? RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM :
		RTE_MBUF_F_TX_IPV6;
	return m;
}

/*
 * Run cases[] through a started port; want flags (with rx cksum) or none at
 * all. Every case not as expected is reported.
 */
static int
ck_run(uint16_t port, const struct ck_case *cases, unsigned int n, bool rx_cksum)
{
	unsigned int i, failed = 0;

	for (i = 0; i < n; i++) {
		const struct ck_case *c = &cases[i];
		uint64_t want = rx_cksum ? c->want : 0;
		struct rte_mbuf *m, *r = NULL;
		struct frame good, sent;
		bool same;

		build_frame(&c->fl, i, &good);
		LO_ASSERT(c->fl.l3 != 4 || ip4_verify(&good) == 0, "%s: test's IPv4 cksum", c->what);
		m = ck_mbuf(c, &good);
		LO_ASSERT(m != NULL, "no mbuf");
		sent = good;
		memcpy(sent.b, rte_pktmbuf_mtod(m, void *), sent.len);
		LO_ASSERT(tx_all(port, 0, &m, 1) == 1, "%s: not sent", c->what);
		LO_ASSERT(rte_eth_rx_burst(port, 0, &r, 1) == 1, "%s: not received", c->what);
		/*
		 * What the tx offload wrote: every byte as the correct frame has
		 * it; any other frame arrives as it was sent, bad checksums too.
		 */
		same = c->mangle == CK_TX_OFFLOAD ? bytes_equal(r, good.b, good.len) :
			bytes_equal(r, sent.b, sent.len);
		if (!same || r->ol_flags != want) {
			printf("#   %s (rx cksum %s): ol_flags %#" PRIx64 ", expected %#" PRIx64
				"%s\n", c->what, rx_cksum ? "on" : "off", r->ol_flags, want,
				same ? "" : "; the bytes are not the expected ones");
			failed++;
		}
		rte_pktmbuf_free(r);
	}
	return failed == 0 ? 0 : -1;
}

static int
test_checksums(void)
{
	struct ck_case cases[] = {
		{ "IPv4/UDP good", flow_of(4, IPPROTO_UDP), CK_NONE, IP_GOOD | L4_GOOD },
		{ "IPv4/TCP good", flow_of(4, IPPROTO_TCP), CK_NONE, IP_GOOD | L4_GOOD },
		{ "IPv6/UDP good", flow_of(6, IPPROTO_UDP), CK_NONE, L4_GOOD },
		{ "IPv6/TCP good", flow_of(6, IPPROTO_TCP), CK_NONE, L4_GOOD },
		{ "IPv4/UDP bad IP", flow_of(4, IPPROTO_UDP), CK_BAD_IP, IP_BAD | L4_GOOD },
		{ "IPv4/TCP bad IP", flow_of(4, IPPROTO_TCP), CK_BAD_IP, IP_BAD | L4_GOOD },
		{ "IPv4/UDP bad L4", flow_of(4, IPPROTO_UDP), CK_BAD_L4, IP_GOOD | L4_BAD },
		{ "IPv4/TCP bad L4", flow_of(4, IPPROTO_TCP), CK_BAD_L4, IP_GOOD | L4_BAD },
		{ "IPv6/UDP bad L4", flow_of(6, IPPROTO_UDP), CK_BAD_L4, L4_BAD },
		{ "IPv6/TCP bad L4", flow_of(6, IPPROTO_TCP), CK_BAD_L4, L4_BAD },
		{ "IPv4/UDP cksum 0", flow_of(4, IPPROTO_UDP), CK_NONE, IP_GOOD },
		{ "IPv4/ICMP", flow_of(4, IPPROTO_ICMP), CK_NONE, IP_GOOD },
		{ "IPv4/UDP fragment", flow_of(4, IPPROTO_UDP), CK_NONE, IP_GOOD },
		{ "IPv4 options/TCP", flow_of(4, IPPROTO_TCP), CK_NONE, IP_GOOD | L4_GOOD },
		{ "VLAN IPv4/UDP", flow_of(4, IPPROTO_UDP), CK_NONE, IP_GOOD | L4_GOOD },
		{ "IPv6 hop-by-hop/UDP good", flow_of(6, IPPROTO_UDP), CK_NONE, L4_GOOD },
		{ "IPv6 hop-by-hop/TCP good", flow_of(6, IPPROTO_TCP), CK_NONE, L4_GOOD },
		{ "IPv6 hop-by-hop/UDP bad L4", flow_of(6, IPPROTO_UDP), CK_BAD_L4, L4_BAD },
		{ "ARP", flow_of(0, 0), CK_NONE, 0 },
		{ "IPv4/UDP tx offload", flow_of(4, IPPROTO_UDP), CK_TX_OFFLOAD, IP_GOOD | L4_GOOD },
		{ "IPv4/TCP tx offload", flow_of(4, IPPROTO_TCP), CK_TX_OFFLOAD, IP_GOOD | L4_GOOD },
		{ "IPv6/UDP tx offload", flow_of(6, IPPROTO_UDP), CK_TX_OFFLOAD, L4_GOOD },
		{ "IPv6/TCP tx offload", flow_of(6, IPPROTO_TCP), CK_TX_OFFLOAD, L4_GOOD },
		{ "IPv4 options/UDP tx offload", flow_of(4, IPPROTO_UDP), CK_TX_OFFLOAD,
			IP_GOOD | L4_GOOD },
		{ "VLAN IPv4/TCP tx offload", flow_of(4, IPPROTO_TCP), CK_TX_OFFLOAD,
			IP_GOOD | L4_GOOD },
		/* the L4 length of the pseudo-header excludes the extension header */
		{ "IPv6 hop-by-hop/UDP tx offload", flow_of(6, IPPROTO_UDP), CK_TX_OFFLOAD,
			L4_GOOD },
		{ "IPv6 hop-by-hop/TCP tx offload", flow_of(6, IPPROTO_TCP), CK_TX_OFFLOAD,
			L4_GOOD },
	};
	const uint64_t rx_ck = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	const uint64_t tx_ck = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	struct rte_eth_conf conf;
	uint16_t port;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < RTE_DIM(cases); i++) {
		if (strcmp(cases[i].what, "IPv4/UDP cksum 0") == 0)
			cases[i].fl.udp_zero = true;
		if (strstr(cases[i].what, "fragment") != NULL)
			cases[i].fl.frag = true;
		if (strstr(cases[i].what, "options") != NULL ||
				strstr(cases[i].what, "hop-by-hop") != NULL)
			cases[i].fl.ext = true;
		if (strncmp(cases[i].what, "VLAN", 4) == 0)
			cases[i].fl.nb_vlan = 1;
	}
	/* the frames' checksums and pseudo-header sums agree with DPDK's helpers */
	for (i = 0; i < RTE_DIM(cases); i++) {
		const struct ck_case *c = &cases[i];
		struct frame f;
		const void *ip, *l4;

		/* (DPDK's IPv6 helpers take payload_len for the L4 length: no extensions) */
		if (c->fl.l3 == 0 || c->fl.frag || c->fl.udp_zero ||
				(c->fl.proto != IPPROTO_TCP && c->fl.proto != IPPROTO_UDP) ||
				(c->fl.l3 == 6 && c->fl.ext))
			continue;
		build_frame(&c->fl, i, &f);
		ip = f.b + f.l3_off;
		l4 = f.b + f.l4_off;
		if (c->fl.l3 == 4) {
			LO_ASSERT(rte_ipv4_cksum(ip) == 0, "%s: IPv4 cksum", c->what);
			LO_ASSERT(rte_ipv4_udptcp_cksum_verify(ip, l4) == 0, "%s: L4 cksum", c->what);
			LO_ASSERT(rte_ipv4_phdr_cksum(ip, 0) == rte_cpu_to_be_16(fold(pseudo_sum(&f,
				c->fl.proto))), "%s: pseudo-header", c->what);
		} else {
			LO_ASSERT(rte_ipv6_udptcp_cksum_verify(ip, l4) == 0, "%s: L4 cksum", c->what);
			LO_ASSERT(rte_ipv6_phdr_cksum(ip, 0) == rte_cpu_to_be_16(fold(pseudo_sum(&f,
				c->fl.proto))), "%s: pseudo-header", c->what);
		}
	}
	/* rx and tx checksum offloads on */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = rx_ck;
	conf.txmode.offloads = tx_ck;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	ret |= ck_run(port, cases, RTE_DIM(cases), true);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* each rx offload alone turns the verification on */
	for (i = 0; i < 3; i++) {
		static const uint64_t one[3] = {
			RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, RTE_ETH_RX_OFFLOAD_UDP_CKSUM,
			RTE_ETH_RX_OFFLOAD_TCP_CKSUM
		};

		conf.rxmode.offloads = one[i];
		LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
		if (ret == 0)	/* the same failures once are enough */
			ret |= ck_run(port, cases, RTE_DIM(cases), true);
		LO_ASSERT_EQ(port_remove(port), 0);
	}
	/* tx offload only: checksums written, no rx flags at all */
	conf.rxmode.offloads = 0;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	ret |= ck_run(port, cases, RTE_DIM(cases), false);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* no offload at all: good and bad alike carry no cksum flag */
	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	for (i = 0; i < RTE_DIM(cases); i++)
		if (cases[i].mangle == CK_TX_OFFLOAD)
			break;
	ret |= ck_run(port, cases, i, false);
	LO_ASSERT_EQ(port_remove(port), 0);
	return ret;
}

static const uint32_t supported_ptypes[] = {
	RTE_PTYPE_L2_ETHER, RTE_PTYPE_L2_ETHER_VLAN, RTE_PTYPE_L2_ETHER_QINQ,
	RTE_PTYPE_L3_IPV4, RTE_PTYPE_L3_IPV4_EXT, RTE_PTYPE_L3_IPV6, RTE_PTYPE_L3_IPV6_EXT,
	RTE_PTYPE_L4_TCP, RTE_PTYPE_L4_UDP, RTE_PTYPE_L4_SCTP, RTE_PTYPE_L4_ICMP,
	RTE_PTYPE_L4_FRAG,
};

/* The list is the spec's: each of its types, and no other. */
static int
test_ptype_list(void)
{
	uint32_t got[32];
	uint16_t port;
	unsigned int i, j;
	int n, ret = 0;

	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	n = rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_ALL_MASK, got, RTE_DIM(got));
	LO_ASSERT(n > 0 && n <= (int)RTE_DIM(got), "%d types", n);
	for (i = 0; i < RTE_DIM(supported_ptypes); i++) {
		for (j = 0; j < (unsigned int)n; j++)
			if (got[j] == supported_ptypes[i])
				break;
		if (j == (unsigned int)n) {
			char pname[64];

			rte_get_ptype_name(supported_ptypes[i], pname, sizeof(pname));
			printf("#   %#x (%s) not listed\n", supported_ptypes[i], pname);
			ret = -1;
		}
	}
	for (j = 0; j < (unsigned int)n; j++) {
		for (i = 0; i < RTE_DIM(supported_ptypes); i++)
			if (got[j] == supported_ptypes[i])
				break;
		if (i == RTE_DIM(supported_ptypes)) {
			printf("#   %#x listed, not in the spec\n", got[j]);
			ret = -1;
		}
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return ret;
}

struct ptype_case {
	const char *what;
	struct flow fl;
	uint32_t want;		/* as rte_net_get_ptype(L2|L3|L4) reports it */
};

/* Send each case's frame on a started port; packet_type must be want & mask. */
static int
ptype_run(uint16_t port, const struct ptype_case *cases, unsigned int n, uint32_t mask)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct ptype_case *c = &cases[i];
		struct rte_mbuf *m, *r = NULL;
		struct frame f;

		build_frame(&c->fl, i, &f);
		m = frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		m->packet_type = RTE_PTYPE_L2_ETHER_TIMESYNC;	/* stale, from the sender */
		LO_ASSERT(tx_all(port, 0, &m, 1) == 1, "%s: not sent", c->what);
		LO_ASSERT(rte_eth_rx_burst(port, 0, &r, 1) == 1, "%s: not received", c->what);
		if (r->packet_type != (c->want & mask)) {
			printf("#   %s: packet_type %#x, expected %#x\n", c->what, r->packet_type,
				c->want & mask);
			rte_pktmbuf_free(r);
			return -1;
		}
		rte_pktmbuf_free(r);
	}
	return 0;
}

static int
test_ptypes(void)
{
	const uint32_t l2 = RTE_PTYPE_L2_ETHER;
	struct ptype_case cases[] = {
		{ "Ether (ARP)", flow_of(0, 0), l2 },
		{ "Ether+VLAN (ARP)", flow_of(0, 0), RTE_PTYPE_L2_ETHER_VLAN },
		{ "QinQ IPv4/UDP", flow_of(4, IPPROTO_UDP),
			RTE_PTYPE_L2_ETHER_QINQ | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP },
		{ "VLAN IPv4/TCP", flow_of(4, IPPROTO_TCP),
			RTE_PTYPE_L2_ETHER_VLAN | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP },
		{ "IPv4/UDP", flow_of(4, IPPROTO_UDP), l2 | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP },
		{ "IPv4/TCP", flow_of(4, IPPROTO_TCP), l2 | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP },
		{ "IPv4 options/TCP", flow_of(4, IPPROTO_TCP),
			l2 | RTE_PTYPE_L3_IPV4_EXT | RTE_PTYPE_L4_TCP },
		{ "IPv4/SCTP", flow_of(4, IPPROTO_SCTP), l2 | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_SCTP },
		/* L4_ICMP: listed as supported, although rte_net_get_ptype leaves it out */
		{ "IPv4/ICMP", flow_of(4, IPPROTO_ICMP), l2 | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_ICMP },
		{ "IPv4 fragment", flow_of(4, IPPROTO_UDP),
			l2 | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_FRAG },
		{ "IPv6/UDP", flow_of(6, IPPROTO_UDP), l2 | RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_UDP },
		{ "IPv6/TCP", flow_of(6, IPPROTO_TCP), l2 | RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_TCP },
		{ "IPv6 hop-by-hop/TCP", flow_of(6, IPPROTO_TCP),
			l2 | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_TCP },
		{ "IPv6/SCTP", flow_of(6, IPPROTO_SCTP), l2 | RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_SCTP },
		{ "IPv6/ICMPv6", flow_of(6, IPPROTO_ICMPV6),
			l2 | RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_ICMP },
		{ "IPv6 fragment", flow_of(6, IPPROTO_UDP),
			l2 | RTE_PTYPE_L3_IPV6_EXT | RTE_PTYPE_L4_FRAG },
	};
	uint16_t port;
	char name[32];
	unsigned int i;

	for (i = 0; i < RTE_DIM(cases); i++) {
		const char *w = cases[i].what;

		cases[i].fl.nb_vlan = strncmp(w, "QinQ", 4) == 0 ? 2 :
			strstr(w, "VLAN") != NULL ? 1 : 0;
		cases[i].fl.ext = strstr(w, "options") != NULL || strstr(w, "hop-by-hop") != NULL;
		cases[i].fl.frag = strstr(w, "fragment") != NULL;
	}
	/* the table is what DPDK's own parser says of these frames, but for ICMP */
	for (i = 0; i < RTE_DIM(cases); i++) {
		struct rte_mbuf *m;
		struct frame f;
		uint32_t pt;

		build_frame(&cases[i].fl, i, &f);
		m = frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		pt = rte_net_get_ptype(m, NULL, RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK |
			RTE_PTYPE_L4_MASK);
		rte_pktmbuf_free(m);
		if ((pt & RTE_PTYPE_L4_MASK) == 0 && (cases[i].fl.proto == IPPROTO_ICMP ||
				cases[i].fl.proto == IPPROTO_ICMPV6))
			pt |= RTE_PTYPE_L4_ICMP;
		LO_ASSERT(pt == cases[i].want, "%s: rte_net_get_ptype gives %#x, the table %#x",
			cases[i].what, pt, cases[i].want);
	}
	/* nobody asked: no packet types; asked while started: from the next start */
	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), 0) != 0)
		return -1;
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L2_MASK, NULL, 0) > 0,
		"no L2 type listed");
	if (ptype_run(port, cases, RTE_DIM(cases), 0) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), UINT32_MAX) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);

	/* asked before start, as l3fwd does: the spec's list, then parsed */
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool), 0);
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L2_MASK, NULL, 0) > 0,
		"no L2 type listed");
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), UINT32_MAX) != 0)
		return -1;

	/* only the L2 and L3 classes */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_ptypes(port, RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK,
		NULL, 0), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK) != 0)
		return -1;

	/* off, as testpmd sets it by default */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_ptypes(port, RTE_PTYPE_UNKNOWN, NULL, 0), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), 0) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);

	/*
	 * l3fwd's order: rx checksums on, start, then ask; the senders already
	 * run the offload path, so types come from the next burst on
	 */
	{
		struct rte_eth_conf conf;

		memset(&conf, 0, sizeof(conf));
		conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;
		LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
		if (ptype_run(port, cases, RTE_DIM(cases), 0) != 0)
			return -1;
		LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L3_MASK, NULL, 0) > 0,
			"no L3 type listed");
		if (ptype_run(port, cases, RTE_DIM(cases), UINT32_MAX) != 0)
			return -1;
		LO_ASSERT_EQ(rte_eth_dev_set_ptypes(port, RTE_PTYPE_UNKNOWN, NULL, 0), 0);
		if (ptype_run(port, cases, RTE_DIM(cases), 0) != 0)
			return -1;
		LO_ASSERT_EQ(port_remove(port), 0);
	}

	/* set_ptypes with a mask before the first start turns parsing on too */
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_set_ptypes(port, RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK |
		RTE_PTYPE_L4_MASK, NULL, 0), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (ptype_run(port, cases, RTE_DIM(cases), UINT32_MAX) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static unsigned int ext_freed;

static void
ext_free_cb(void *addr __rte_unused, void *opaque __rte_unused)
{
	ext_freed++;
}

/* Stale rx and tx marks, as a sender may leave them. */
#define STALE_FLAGS (RTE_MBUF_F_RX_RSS_HASH | RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_IP_CKSUM_BAD | \
	RTE_MBUF_F_RX_L4_CKSUM_GOOD | RTE_MBUF_F_RX_VLAN_STRIPPED | RTE_MBUF_F_TX_IPV4 | \
	RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM | RTE_MBUF_F_TX_VLAN)
#define STALE_PTYPE (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP)

/* n stale IPv4/UDP packets through a started port; received as cleaned or untouched. */
static int
meta_run(uint16_t port, unsigned int n, bool untouched, uint64_t want_flags)
{
	struct rte_mbuf *m[BURST], *r[BURST];
	struct flow fl = flow_of(4, IPPROTO_UDP);
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct frame f;

		build_frame(&fl, i, &f);
		m[i] = frame_mbuf(&f);
		LO_ASSERT(m[i] != NULL, "no mbuf");
		m[i]->ol_flags = STALE_FLAGS;
		m[i]->packet_type = STALE_PTYPE;
		m[i]->port = 4321;
		m[i]->hash.rss = 0xdeadbeef;
		m[i]->vlan_tci = 0x0abc;
	}
	LO_ASSERT_EQ(tx_all(port, 0, m, n), n);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, r, BURST), n);
	for (i = 0; i < n; i++) {
		uint64_t fl_want = untouched ? STALE_FLAGS : want_flags;
		uint32_t pt_want = untouched ? STALE_PTYPE : 0;
		uint16_t port_want = untouched ? 4321 : port;

		if (r[i] != m[i] || r[i]->ol_flags != fl_want || r[i]->packet_type != pt_want ||
				r[i]->port != port_want) {
			printf("#   packet %u: ol_flags %#" PRIx64 " packet_type %#x port %u, "
				"expected %#" PRIx64 " %#x %u%s\n", i, r[i]->ol_flags,
				r[i]->packet_type, r[i]->port, fl_want, pt_want, port_want,
				r[i] != m[i] ? " (another mbuf)" : "");
			rte_pktmbuf_free_bulk(r, n);
			return -1;
		}
	}
	rte_pktmbuf_free_bulk(r, n);
	return 0;
}

static int
test_metadata(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	uint16_t port;

	/* byte counting (the default): only what this port computed, here nothing */
	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	if (meta_run(port, 9, false, 0) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	/* with rx checksum on: its bits and nothing stale */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	if (meta_run(port, 9, false, IP_GOOD | L4_GOOD) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	/* an indirect mbuf: INDIRECT stays, the stale marks go */
	{
		struct rte_mbuf *md, *mi, *r = NULL;

		LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
		LO_ASSERT_EQ(mk_pkts(&md, 1, 5, PKT_LEN), 0);
		mi = rte_pktmbuf_alloc(pool);
		LO_ASSERT(mi != NULL, "no mbuf");
		rte_pktmbuf_attach(mi, md);
		mi->ol_flags |= STALE_FLAGS;
		mi->packet_type = STALE_PTYPE;
		LO_ASSERT_EQ(tx_all(port, 0, &mi, 1), 1);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
		LO_ASSERT(r == mi, "another mbuf");
		LO_ASSERT_HEX(r->ol_flags, RTE_MBUF_F_INDIRECT);
		LO_ASSERT_EQ(r->packet_type, 0);
		rte_pktmbuf_free(r);
		LO_ASSERT_EQ(rte_mbuf_refcnt_read(md), 1);
		rte_pktmbuf_free(md);
		LO_ASSERT_EQ(port_remove(port), 0);
	}
	/* an external buffer: EXTERNAL stays, the stale marks go */
	{
		struct rte_mbuf_ext_shared_info *shinfo;
		struct rte_mbuf *me, *r = NULL;
		uint16_t buf_len = 2048;
		void *ext = rte_malloc(NULL, buf_len, RTE_CACHE_LINE_SIZE);

		LO_ASSERT(ext != NULL, "no external buffer");
		shinfo = rte_pktmbuf_ext_shinfo_init_helper(ext, &buf_len, ext_free_cb, NULL);
		LO_ASSERT(shinfo != NULL, "no shinfo");
		ext_freed = 0;
		LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
		me = rte_pktmbuf_alloc(pool);
		LO_ASSERT(me != NULL, "no mbuf");
		rte_pktmbuf_attach_extbuf(me, ext, rte_malloc_virt2iova(ext), buf_len, shinfo);
		me->data_off = RTE_PKTMBUF_HEADROOM;
		LO_ASSERT(rte_pktmbuf_append(me, PKT_LEN) != NULL, "append");
		me->ol_flags |= STALE_FLAGS;
		me->packet_type = STALE_PTYPE;
		LO_ASSERT_EQ(tx_all(port, 0, &me, 1), 1);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
		LO_ASSERT(r == me, "another mbuf");
		LO_ASSERT_HEX(r->ol_flags, RTE_MBUF_F_EXTERNAL);
		LO_ASSERT_EQ(r->packet_type, 0);
		rte_pktmbuf_free(r);
		LO_ASSERT_EQ(ext_freed, 1);
		rte_free(ext);
		LO_ASSERT_EQ(port_remove(port), 0);
	}
	/* byte_stats=off and no offload: the mbuf is not touched at all */
	LO_ASSERT_EQ(port_open("byte_stats=off", 1, 1, NULL, &port), 0);
	if (meta_run(port, 9, true, 0) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ipackets, 9);
	LO_ASSERT(st.obytes == 0 && st.ibytes == 0, "obytes %" PRIu64 ", ibytes %" PRIu64,
		st.obytes, st.ibytes);
	LO_ASSERT_EQ(port_remove(port), 0);
	/* byte_stats=off with an offload: cleaned and offloaded, bytes still not counted */
	LO_ASSERT_EQ(port_open("byte_stats=off", 1, 1, &conf, &port), 0);
	if (meta_run(port, 9, false, IP_GOOD | L4_GOOD) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.ipackets, 9);
	LO_ASSERT(st.obytes == 0 && st.ibytes == 0, "obytes %" PRIu64 ", ibytes %" PRIu64,
		st.obytes, st.ibytes);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* Put a 0x8100 tag of tci after the MACs, as VLAN insert does on the wire. */
static void
tag_frame(struct frame *f, uint16_t tci)
{
	memmove(f->b + 16, f->b + 12, f->len - 12);
	put16(f->b + 12, RTE_ETHER_TYPE_VLAN);
	put16(f->b + 14, tci);
	f->len += 4;
	f->l2_len += 4;
	f->l3_off += 4;
	if (f->l4_off != 0)
		f->l4_off += 4;
}

/* One IPv4/UDP frame, optionally with a 0x8100 tag of tci after the MACs. */
static void
vlan_frame(struct frame *f, bool tagged, uint16_t tci, uint32_t seq)
{
	struct flow fl = flow_of(4, IPPROTO_UDP);

	build_frame(&fl, seq, f);
	if (tagged)
		tag_frame(f, tci);
}

static int
test_vlan(void)
{
	const uint16_t tci = 0x2123;	/* priority 1, VLAN 0x123 */
	struct rte_mbuf *m, *r = NULL;
	struct frame plain, tagged;
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_stats st;
	uint16_t port;

	vlan_frame(&plain, false, 0, 1);
	vlan_frame(&tagged, true, tci, 1);

	/* insert on tx, strip on rx: the bytes sent, the TCI in vlan_tci */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_VLAN_INSERT;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT(info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_STRIP, "no VLAN_STRIP capa");
	LO_ASSERT(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_VLAN_INSERT, "no VLAN_INSERT capa");
	m = frame_mbuf(&plain);
	LO_ASSERT(m != NULL, "no mbuf");
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = tci;
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(bytes_equal(r, plain.b, plain.len), "round trip changed the bytes (%u, %u)",
		r->pkt_len, plain.len);
	LO_ASSERT_HEX(r->vlan_tci, tci);
	LO_ASSERT_HEX(r->ol_flags, RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED);
	rte_pktmbuf_free(r);
	/* an untagged frame without a request: as sent, no VLAN flag */
	m = frame_mbuf(&plain);
	LO_ASSERT(m != NULL, "no mbuf");
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(bytes_equal(r, plain.b, plain.len), "untagged frame changed");
	LO_ASSERT_HEX(r->ol_flags, 0);
	rte_pktmbuf_free(r);
	LO_ASSERT_EQ(port_remove(port), 0);

	/* insert only: the tag on the wire */
	conf.rxmode.offloads = 0;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	m = frame_mbuf(&plain);
	LO_ASSERT(m != NULL, "no mbuf");
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = tci;
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(bytes_equal(r, tagged.b, tagged.len), "no 0x8100 tag %#x inserted (len %u)",
		tci, r->pkt_len);
	LO_ASSERT_HEX(r->ol_flags, 0);
	rte_pktmbuf_free(r);
	/* no room for the tag (headroom 2): freed, counted as an error */
	m = rte_pktmbuf_alloc(pool);
	LO_ASSERT(m != NULL, "no mbuf");
	m->data_off = 2;
	LO_ASSERT(rte_pktmbuf_append(m, plain.len) != NULL, "append");
	memcpy(rte_pktmbuf_mtod(m, void *), plain.b, plain.len);
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = tci;
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 0);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.oerrors, 1);
	LO_ASSERT_EQ(st.opackets, 1);
	XSTAT_EQ(port, "tx_q0_errors", 1);
	LO_ASSERT_EQ(port_remove(port), 0);

	/* strip only, on a frame sent tagged */
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	conf.txmode.offloads = 0;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	m = frame_mbuf(&tagged);
	LO_ASSERT(m != NULL, "no mbuf");
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(bytes_equal(r, plain.b, plain.len), "tag not stripped (len %u)", r->pkt_len);
	LO_ASSERT_HEX(r->vlan_tci, tci);
	LO_ASSERT_HEX(r->ol_flags, RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED);
	rte_pktmbuf_free(r);
	/* two 802.1Q tags: the outer one only */
	{
		struct frame twice = tagged;

		tag_frame(&twice, 0x0777);
		m = frame_mbuf(&twice);
		LO_ASSERT(m != NULL, "no mbuf");
		LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
		LO_ASSERT(bytes_equal(r, tagged.b, tagged.len), "not the outer tag alone stripped "
			"(len %u)", r->pkt_len);
		LO_ASSERT_HEX(r->vlan_tci, 0x0777);
		LO_ASSERT_HEX(r->ol_flags, RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED);
		rte_pktmbuf_free(r);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
test_timestamp(void)
{
	struct rte_mbuf *m[BURST], *r[BURST];
	uint64_t before[4], after[4], clk, t0, last = 0, flag;
	struct rte_eth_conf conf;
	uint16_t port, port2, n, i;
	unsigned int k, got = 0;
	int off, bit;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_TIMESTAMP;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
	bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
	LO_ASSERT(off >= 0, "timestamp field not registered");
	LO_ASSERT(bit >= 0, "rx timestamp flag not registered");
	flag = 1ULL << bit;
	t0 = rte_rdtsc();
	LO_ASSERT_EQ(rte_eth_read_clock(port, &clk), 0);
	LO_ASSERT(clk >= t0 && clk <= rte_rdtsc(), "read_clock %" PRIu64 " is not the TSC", clk);
	/* 4 bursts of 8, each stamped in its own tx call */
	for (k = 0; k < 4; k++) {
		LO_ASSERT_EQ(mk_pkts(m, 8, k * 8, PKT_LEN), 0);
		rte_delay_us_block(20);
		before[k] = rte_rdtsc();
		LO_ASSERT_EQ(tx_all(port, 0, m, 8), 8);
		after[k] = rte_rdtsc();
	}
	while ((n = rte_eth_rx_burst(port, 0, r, 5)) > 0) {
		for (i = 0; i < n; i++) {
			uint32_t s = seq_of(r[i]);
			uint64_t ts = *RTE_MBUF_DYNFIELD(r[i], off, rte_mbuf_timestamp_t *);

			k = s / 8;
			if (s != got || r[i]->ol_flags != flag || ts < before[k] || ts > after[k] ||
					ts < last) {
				printf("#   packet %u: ol_flags %#" PRIx64 " (flag %#" PRIx64 "), "
					"stamp %" PRIu64 ", its tx call ran %" PRIu64 "..%" PRIu64
					", previous stamp %" PRIu64 "\n", s, r[i]->ol_flags, flag, ts,
					before[k], after[k], last);
				rte_pktmbuf_free_bulk(r, n);
				return -1;
			}
			last = ts;
			got++;
		}
		rte_pktmbuf_free_bulk(r, n);
	}
	LO_ASSERT_EQ(got, 32);
	/* a port without the offload stamps nothing */
	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port2), 0);
	LO_ASSERT_EQ(mk_pkts(m, 4, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(port2, 0, m, 4), 4);
	LO_ASSERT_EQ(rte_eth_rx_burst(port2, 0, r, BURST), 4);
	for (i = 0; i < 4; i++)
		LO_ASSERT_HEX(r[i]->ol_flags, 0);
	rte_pktmbuf_free_bulk(r, 4);
	LO_ASSERT_EQ(port_remove(port2), 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
link_is(uint16_t port, uint16_t status)
{
	struct rte_eth_link link;

	LO_ASSERT_EQ(rte_eth_link_get_nowait(port, &link), 0);
	LO_ASSERT(link.link_status == status, "port %u link %s, expected %s", port,
		link.link_status ? "up" : "down", status ? "up" : "down");
	return 0;
}

/* A tx on a port whose link is down takes nothing; the mbufs stay ours, untouched. */
static int
tx_refused(uint16_t port)
{
	struct rte_mbuf *m[4];
	unsigned int i;

	LO_ASSERT_EQ(mk_pkts(m, 4, 900, PKT_LEN), 0);
	if (rte_eth_tx_burst(port, 0, m, 4) != 0) {
		printf("#   port %u: tx accepted with the link down\n", port);
		return -1;
	}
	for (i = 0; i < 4; i++)
		LO_ASSERT_EQ(rte_mbuf_refcnt_read(m[i]), 1);
	rte_pktmbuf_free_bulk(m, 4);
	return 0;
}

/*
 * Send n on each of port's nb_tx queues; all must arrive on peer's queue
 * t % peer_rx, none on port's own nb_rx queues.
 */
static int
pair_traffic(uint16_t port, uint16_t nb_rx, uint16_t nb_tx, uint16_t peer, uint16_t peer_rx,
	uint16_t n)
{
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	struct rte_mbuf *m[BURST];
	unsigned int got, i;
	uint16_t t;

	for (t = 0; t < nb_tx; t++) {
		LO_ASSERT_EQ(mk_pkts(m, n, (uint32_t)t << 16, PKT_LEN), 0);
		LO_ASSERT_EQ(tx_all(port, t, m, n), n);
	}
	LO_ASSERT_EQ(rx_all(port, nb_rx, rx, rxq, MAX_RX), 0);	/* nothing loops back */
	got = rx_all(peer, peer_rx, rx, rxq, MAX_RX);
	for (i = 0; i < got; i++) {
		uint16_t src = seq_of(rx[i]) >> 16;

		if (rx[i]->port != peer || rxq[i] != src % peer_rx) {
			printf("#   %u -> %u: packet of tx q%u on rx q%u, port field %u\n", port,
				peer, src, rxq[i], rx[i]->port);
			rte_pktmbuf_free_bulk(rx, got);
			return -1;
		}
	}
	rte_pktmbuf_free_bulk(rx, got);
	LO_ASSERT_EQ(got, (unsigned int)nb_tx * n);
	return 0;
}

/* A port whose peer is bad must fail at probe or at start, and go away cleanly. */
static int
bad_peer(const char *name, const char *peer)
{
	struct rte_eth_dev_info info;
	char args[64];
	uint16_t port;

	snprintf(args, sizeof(args), "peer=%s", peer);
	if (port_probe(name, args, &port) != 0)
		return 0;	/* refused at probe */
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool), 0);
	if (rte_eth_dev_start(port) == 0) {
		printf("#   %s with peer '%s' started\n", name, peer);
		port_remove(port);
		return -1;
	}
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT_EQ(rte_dev_remove(info.device), 0);
	return 0;
}

/* B names A (and A names B when both): a pair all the same, traffic both ways. */
static int
pair_simple(bool both)
{
	char a_name[32], b_name[32], a_args[64], b_args[64];
	uint16_t a, b;

	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(a_args, sizeof(a_args), "peer=%s", b_name);
	snprintf(b_args, sizeof(b_args), "peer=%s", a_name);
	if (both) {
		LO_ASSERT_EQ(port_probe(a_name, a_args, &a), 0);
	} else {
		LO_ASSERT_EQ(port_probe(a_name, "", &a), 0);
	}
	LO_ASSERT_EQ(port_probe(b_name, b_args, &b), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	if (link_is(a, RTE_ETH_LINK_UP) != 0 || link_is(b, RTE_ETH_LINK_UP) != 0 ||
			pair_traffic(a, 1, 1, b, 1, 6) != 0 || pair_traffic(b, 1, 1, a, 1, 7) != 0) {
		printf("#   pair with the peer named on %s\n", both ? "both sides" : "B only");
		return -1;
	}
	LO_ASSERT_EQ(port_remove(b), 0);
	LO_ASSERT_EQ(port_remove(a), 0);
	return 0;
}

/*
 * Packets in flight when the receiver stops are freed; A copy=on sender
 * copies into the receiver's pool; a side hot-unplugged takes the link
 * down and the other side's tx with it.
 */
static int
test_pair_lifecycle(void)
{
	char a_name[32], b_name[32], args[64];
	struct rte_mbuf *m[8], *r = NULL, *shared;
	uint16_t a, b;

	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(args, sizeof(args), "peer=%s,copy=on", b_name);
	LO_ASSERT_EQ(port_probe(a_name, args, &a), 0);
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 1, NULL, pool2), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	/* in flight on B when B stops: freed there */
	LO_ASSERT_EQ(mk_pkts(m, 8, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(tx_all(a, 0, m, 8), 8);
	LO_ASSERT_EQ(rte_eth_dev_stop(b), 0);
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	LO_ASSERT_EQ(rte_eth_rx_burst(b, 0, &r, 1), 0);
	/* copy=on on A: a shared mbuf arrives as a copy from B's pool */
	LO_ASSERT_EQ(mk_pkts(&shared, 1, 77, PKT_LEN), 0);
	rte_mbuf_refcnt_update(shared, 1);
	LO_ASSERT_EQ(rte_eth_tx_burst(a, 0, &shared, 1), 1);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(shared), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(b, 0, &r, 1), 1);
	LO_ASSERT(r != shared && r->pool == pool2 && seq_of(r) == 77 && r->port == b,
		"not a copy in B's pool");
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(shared);
	/* B unplugged: A's link down, A's tx refused */
	LO_ASSERT_EQ(port_remove(b), 0);
	if (link_is(a, RTE_ETH_LINK_DOWN) != 0 || tx_refused(a) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_set_link_up(a), 0);
	if (link_is(a, RTE_ETH_LINK_DOWN) != 0)
		return -1;
	/* B plugged in again while A runs: the cable is back, both ways */
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 1, NULL, pool2), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	if (link_is(a, RTE_ETH_LINK_UP) != 0 || link_is(b, RTE_ETH_LINK_UP) != 0 ||
			pair_traffic(a, 1, 1, b, 1, 8) != 0 || pair_traffic(b, 1, 1, a, 1, 9) != 0) {
		printf("#   pair after B was plugged in again\n");
		return -1;
	}
	LO_ASSERT_EQ(port_remove(b), 0);
	LO_ASSERT_EQ(port_remove(a), 0);
	return 0;
}

static int
test_pairs(void)
{
	char a_name[32], b_name[32], c_name[32], args[64];
	struct rte_eth_stats st;
	struct lo_qstats qs;
	uint16_t a, b;

	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(args, sizeof(args), "peer=%s", b_name);
	/* A names B before B exists, as --vdev=A,peer=B --vdev=B does */
	LO_ASSERT_EQ(port_probe(a_name, args, &a), 0);
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(a, 2, 2, NULL, pool), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 3, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	if (link_is(a, RTE_ETH_LINK_DOWN) != 0 || tx_refused(a) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	if (link_is(a, RTE_ETH_LINK_UP) != 0 || link_is(b, RTE_ETH_LINK_UP) != 0)
		return -1;
	/* both ways, mapped by the receiver's queue count */
	if (pair_traffic(a, 2, 2, b, 1, 5) != 0 || pair_traffic(b, 1, 3, a, 2, 4) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_stats_get(a, &st), 0);
	LO_ASSERT_EQ(lo_qstats_get(a, &qs), 0);
	LO_ASSERT_EQ(st.opackets, 10);
	LO_ASSERT_EQ(st.ipackets, 12);
	LO_ASSERT_EQ(qs.q_ipackets[0], 8);	/* B's tx q0 and q2 */
	LO_ASSERT_EQ(qs.q_ipackets[1], 4);
	LO_ASSERT_EQ(rte_eth_stats_get(b, &st), 0);
	LO_ASSERT_EQ(st.opackets, 12);
	LO_ASSERT_EQ(st.ipackets, 10);
	LO_ASSERT_EQ(st.ibytes, 10 * PKT_LEN);
	/* link down on one side: both down, no tx either way */
	LO_ASSERT_EQ(rte_eth_dev_set_link_down(b), 0);
	if (link_is(a, RTE_ETH_LINK_DOWN) != 0 || link_is(b, RTE_ETH_LINK_DOWN) != 0 ||
			tx_refused(a) != 0 || tx_refused(b) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_set_link_up(b), 0);
	if (link_is(a, RTE_ETH_LINK_UP) != 0 || pair_traffic(a, 2, 1, b, 1, 3) != 0)
		return -1;
	/* B stopped: A's link down, A's tx refused; B back: traffic again */
	LO_ASSERT_EQ(rte_eth_dev_stop(b), 0);
	if (link_is(a, RTE_ETH_LINK_DOWN) != 0 || tx_refused(a) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	if (link_is(a, RTE_ETH_LINK_UP) != 0 || pair_traffic(a, 2, 2, b, 1, 2) != 0 ||
			pair_traffic(b, 1, 1, a, 2, 2) != 0)
		return -1;
	/* a third port naming B, which A holds: refused */
	fresh_name(c_name, sizeof(c_name));
	if (bad_peer(c_name, b_name) != 0)
		return -1;
	if (pair_traffic(a, 2, 1, b, 1, 2) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(a), 0);
	LO_ASSERT_EQ(port_remove(b), 0);
	/* the peer named on the other side only, then on both sides */
	if (pair_simple(false) != 0 || pair_simple(true) != 0)
		return -1;
	return test_pair_lifecycle();
}

static int
test_bad_peers(void)
{
	char name[32], other[32];
	uint16_t null_port;

	fresh_name(name, sizeof(name));
	if (bad_peer(name, name) != 0)
		return -1;
	fresh_name(name, sizeof(name));
	fresh_name(other, sizeof(other));	/* never probed */
	if (bad_peer(name, other) != 0)
		return -1;
	fresh_name(name, sizeof(name));
	if (bad_peer(name, "") != 0)
		return -1;
	/* not a net_lo: a net_null port, where that driver is loaded */
	if (port_probe("net_null_lo_peer", "", &null_port) == 0) {
		struct rte_eth_dev_info info;

		fresh_name(name, sizeof(name));
		if (bad_peer(name, "net_null_lo_peer") != 0)
			return -1;
		LO_ASSERT_EQ(rte_eth_dev_info_get(null_port, &info), 0);
		LO_ASSERT_EQ(rte_dev_remove(info.device), 0);
	} else {
		printf("# net_null not loaded: the not-a-net_lo peer is not tried\n");
	}
	return 0;
}

/* A copy of sent on a copy=on port: another mbuf, direct, refcnt 1, from pool2, same bytes. */
static int
copy_check(const struct rte_mbuf *r, const struct rte_mbuf *sent, const uint8_t *bytes,
	uint16_t len)
{
	LO_ASSERT(r != sent, "the sender's mbuf itself arrived");
	LO_ASSERT(RTE_MBUF_DIRECT(r), "a copy that is not direct (ol_flags %#" PRIx64 ")",
		r->ol_flags);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(r), 1);
	LO_ASSERT(r->pool == pool2, "copy not from the rx queue's pool (%s)", r->pool->name);
	LO_ASSERT(bytes_equal(r, bytes, len), "copy's bytes differ");
	return 0;
}

static int
test_copy_mode(void)
{
	struct rte_mbuf *m, *mi, *r = NULL, *hold[NB_MBUF_RX2];
	struct rte_mbuf_ext_shared_info *shinfo;
	struct rte_eth_stats st;
	uint16_t port, buf_len = 2048;
	uint8_t bytes[PKT_LEN];
	char name[32];
	void *ext;
	unsigned int i, held;

	for (i = 0; i < PKT_LEN; i++)
		bytes[i] = (uint8_t)(i * 13 + 5);
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "copy=on", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool2), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);

	/* shared: refcnt 2 */
	LO_ASSERT_EQ(mk_pkts(&m, 1, 0, PKT_LEN), 0);
	memcpy(rte_pktmbuf_mtod(m, void *), bytes, PKT_LEN);
	rte_mbuf_refcnt_update(m, 1);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	if (copy_check(r, m, bytes, PKT_LEN) != 0)
		return -1;
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);

	/* indirect: attached to m, which it holds a reference of */
	LO_ASSERT_EQ(mk_pkts(&m, 1, 0, PKT_LEN), 0);
	memcpy(rte_pktmbuf_mtod(m, void *), bytes, PKT_LEN);
	mi = rte_pktmbuf_alloc(pool);
	LO_ASSERT(mi != NULL, "no mbuf");
	rte_pktmbuf_attach(mi, m);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 2);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &mi, 1), 1);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	if (copy_check(r, mi, bytes, PKT_LEN) != 0)
		return -1;
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);

	/* an external buffer: copied, and the buffer handed back once */
	ext = rte_malloc(NULL, buf_len, RTE_CACHE_LINE_SIZE);
	LO_ASSERT(ext != NULL, "no external buffer");
	shinfo = rte_pktmbuf_ext_shinfo_init_helper(ext, &buf_len, ext_free_cb, NULL);
	LO_ASSERT(shinfo != NULL, "no shinfo");
	ext_freed = 0;
	m = rte_pktmbuf_alloc(pool);
	LO_ASSERT(m != NULL, "no mbuf");
	rte_pktmbuf_attach_extbuf(m, ext, rte_malloc_virt2iova(ext), buf_len, shinfo);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	memcpy(rte_pktmbuf_append(m, PKT_LEN), bytes, PKT_LEN);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(ext_freed, 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	if (copy_check(r, m, bytes, PKT_LEN) != 0)
		return -1;
	rte_pktmbuf_free(r);
	rte_free(ext);

	/* a direct refcnt-1 mbuf passes as is */
	LO_ASSERT_EQ(mk_pkts(&m, 1, 0, PKT_LEN), 0);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(r == m, "a direct refcnt-1 mbuf was copied");
	rte_pktmbuf_free(r);

	/* no mbuf for the copy: freed, counted in rx_nombuf */
	for (held = 0; held < RTE_DIM(hold); held++) {
		hold[held] = rte_pktmbuf_alloc(pool2);
		if (hold[held] == NULL)
			break;
	}
	LO_ASSERT_EQ(mk_pkts(&m, 1, 0, PKT_LEN), 0);
	rte_mbuf_refcnt_update(m, 1);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	rte_pktmbuf_free_bulk(hold, held);
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 1);
	rte_pktmbuf_free(m);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 0);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.rx_nombuf, 1);
	LO_ASSERT_EQ(port_remove(port), 0);

	/* copy off (the default): the shared mbuf itself arrives */
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool2), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(mk_pkts(&m, 1, 0, PKT_LEN), 0);
	rte_mbuf_refcnt_update(m, 1);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	LO_ASSERT(r == m, "copy=off copied");
	LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 2);
	rte_pktmbuf_free(r);
	rte_pktmbuf_free(m);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static int
test_desc_lims_scatter(void)
{
	struct rte_eth_dev_info info;
	struct rte_eth_rxq_info qi;
	struct rte_eth_conf conf;
	struct rte_eth_rxconf rxconf;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT_EQ(info.rx_desc_lim.nb_seg_max, UINT16_MAX);
	LO_ASSERT_EQ(info.rx_desc_lim.nb_mtu_seg_max, UINT16_MAX);
	LO_ASSERT_EQ(info.tx_desc_lim.nb_seg_max, UINT16_MAX);
	LO_ASSERT_EQ(info.tx_desc_lim.nb_mtu_seg_max, UINT16_MAX);
	LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
	LO_ASSERT_EQ(qi.scattered_rx, 0);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	/* on the port */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
	LO_ASSERT_EQ(qi.scattered_rx, 1);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	/* off again */
	LO_ASSERT_EQ(port_setup(port, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
	LO_ASSERT_EQ(qi.scattered_rx, 0);
	/* on one queue, where the driver offers it per queue */
	if (info.rx_queue_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) {
		LO_ASSERT_EQ(rte_eth_dev_configure(port, 2, 1, &(struct rte_eth_conf){ 0 }), 0);
		memset(&rxconf, 0, sizeof(rxconf));
		LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, 0, NB_DESC, SOCKET_ID_ANY, &rxconf,
			pool), 0);
		rxconf.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
		LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, 1, NB_DESC, SOCKET_ID_ANY, &rxconf,
			pool), 0);
		LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 0, &qi), 0);
		LO_ASSERT_EQ(qi.scattered_rx, 0);
		LO_ASSERT_EQ(rte_eth_rx_queue_info_get(port, 1, &qi), 0);
		LO_ASSERT_EQ(qi.scattered_rx, 1);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* The mbuf asks for every tx checksum offload its frame can take, and for a VLAN tag. */
static void
ask_tx_offloads(struct rte_mbuf *m, const struct frame *f, uint8_t l3, uint8_t proto,
	uint16_t tci)
{
	m->l2_len = f->l2_len;
	m->l3_len = f->l3_len;
	/* what the mbuf is (indirect, external) stays */
	m->ol_flags &= RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL;
	m->ol_flags |= proto == IPPROTO_TCP ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM;
	m->ol_flags |= l3 == 4 ? RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM : RTE_MBUF_F_TX_IPV6;
	m->ol_flags |= RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = tci;
}

/* f as the sender hands it to a tx checksum offload: IPv4 cksum 0, L4 the pseudo-header sum. */
static void
frame_for_tx_offload(struct frame *f, uint8_t l3, uint8_t proto)
{
	uint16_t at = f->l4_off + (proto == IPPROTO_TCP ? 16 : 6);

	if (l3 == 4)
		put16(f->b + f->l3_off + 10, 0);
	put16(f->b + at, 0);
	put16(f->b + at, fold(pseudo_sum(f, proto)));
}

#define RX_ALL_OFFLOADS (RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_TIMESTAMP | \
	RTE_ETH_RX_OFFLOAD_RSS_HASH)
#define TX_ALL_OFFLOADS (RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | \
	RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM)

/*
 * Every offload at once on one port of 4 RSS queues: checksums written and
 * a tag inserted on tx, the tag stripped, checksums verified, hashed and
 * stamped on rx. Each packet arrives as the correct untagged frame, with
 * exactly the flags of all of them.
 */
static int
test_offloads_together(void)
{
	static const uint8_t kinds[4][2] = {
		{ 4, IPPROTO_UDP }, { 4, IPPROTO_TCP }, { 6, IPPROTO_UDP }, { 6, IPPROTO_TCP },
	};
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	struct rte_eth_conf conf;
	uint64_t ts_flag, t0;
	uint16_t port;
	unsigned int i, n, k;
	int ts_off;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RX_ALL_OFFLOADS;
	conf.txmode.offloads = TX_ALL_OFFLOADS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	LO_ASSERT_EQ(port_open("", 4, 2, &conf, &port), 0);
	ts_off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
	LO_ASSERT(ts_off >= 0, "no timestamp field");
	ts_flag = 1ULL << rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
	t0 = rte_rdtsc();
	for (i = 0; i < 32; i++) {
		struct flow fl;
		struct frame f;
		struct rte_mbuf *m;

		fl = rss_flow(i);
		fl.l3 = kinds[i % 4][0];
		fl.proto = kinds[i % 4][1];
		fl.frag = false;
		fl.ext = false;
		fl.nb_vlan = 0;
		build_frame(&fl, i, &f);
		frame_for_tx_offload(&f, fl.l3, fl.proto);
		m = frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		ask_tx_offloads(m, &f, fl.l3, fl.proto, (uint16_t)(0x100 + i));
		LO_ASSERT(tx_all(port, i % 2, &m, 1) == 1, "packet %u not sent", i);
	}
	n = rx_all(port, 4, rx, rxq, MAX_RX);
	for (k = 0; k < n; k++) {
		struct rte_mbuf *r = rx[k];
		uint32_t s = frame_seq(r), h;
		uint64_t want, ts;
		struct frame good;
		struct flow fl;
		uint8_t in[40];
		unsigned int len;

		if (s >= 32) {
			rte_pktmbuf_free_bulk(rx, n);
			LO_ASSERT(false, "packet %u unknown", s);
		}
		fl = rss_flow(s);
		fl.l3 = kinds[s % 4][0];
		fl.proto = kinds[s % 4][1];
		fl.frag = false;
		fl.ext = false;
		fl.nb_vlan = 0;
		build_frame(&fl, s, &good);
		len = rss_tuple(&fl, RSS_ALL, in);
		h = toeplitz(ms_key, in, len);
		want = RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED | RTE_MBUF_F_RX_RSS_HASH |
			L4_GOOD | ts_flag | (fl.l3 == 4 ? IP_GOOD : 0);
		ts = *RTE_MBUF_DYNFIELD(r, ts_off, rte_mbuf_timestamp_t *);
		if (!bytes_equal(r, good.b, good.len) || r->vlan_tci != 0x100 + s ||
				r->ol_flags != want || r->hash.rss != h || rxq[k] != h % 128 % 4 ||
				ts < t0 || ts > rte_rdtsc()) {
			printf("#   packet %u (IPv%u proto %u): bytes %s, vlan_tci %#x, ol_flags %#"
				PRIx64 " (expected %#" PRIx64 "), hash %#x on q%u (expected %#x on "
				"q%u)\n", s, fl.l3, fl.proto,
				bytes_equal(r, good.b, good.len) ? "as expected" : "differ",
				r->vlan_tci, r->ol_flags, want, r->hash.rss, rxq[k], h, h % 128 % 4);
			rte_pktmbuf_free_bulk(rx, n);
			return -1;
		}
	}
	rte_pktmbuf_free_bulk(rx, n);
	LO_ASSERT_EQ(n, 32);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Copy mode with tx offloads: a shared or indirect mbuf is copied before
 * the checksums are written and the tag inserted, so the sender's buffer
 * stays as it was handed over.
 */
static int
test_copy_mode_offloads(void)
{
	struct rte_mbuf *m, *mi, *r = NULL;
	struct frame f, want;
	struct rte_eth_conf conf;
	struct flow fl = flow_of(4, IPPROTO_TCP);
	uint16_t port;
	char name[32];
	unsigned int k;

	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = TX_ALL_OFFLOADS;
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "copy=on", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool2), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	build_frame(&fl, 7, &want);
	f = want;
	frame_for_tx_offload(&f, 4, IPPROTO_TCP);
	tag_frame(&want, 0x0123);
	for (k = 0; k < 2; k++) {
		struct rte_mbuf *sent;

		m = frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		if (k == 0) {		/* shared */
			rte_mbuf_refcnt_update(m, 1);
			sent = m;
		} else {		/* indirect */
			mi = rte_pktmbuf_alloc(pool);
			LO_ASSERT(mi != NULL, "no mbuf");
			rte_pktmbuf_attach(mi, m);
			sent = mi;
		}
		ask_tx_offloads(sent, &f, 4, IPPROTO_TCP, 0x0123);
		LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &sent, 1), 1);
		LO_ASSERT_EQ(rte_mbuf_refcnt_read(m), 1);
		LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
		LO_ASSERT(r != sent && r != m && r->pool == pool2, "%s: not a copy",
			k == 0 ? "shared" : "indirect");
		LO_ASSERT(bytes_equal(r, want.b, want.len), "%s: the copy is not the tagged frame "
			"with its checksums (len %u)", k == 0 ? "shared" : "indirect", r->pkt_len);
		/* the sender's buffer: untouched */
		LO_ASSERT(bytes_equal(m, f.b, f.len), "%s: the sender's buffer was written",
			k == 0 ? "shared" : "indirect");
		rte_pktmbuf_free(r);
		rte_pktmbuf_free(m);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * A pair maps and hashes by the receiver's configuration: A (one rx queue,
 * 2 tx queues, tx checksum offloads) sends to B (RSS on 4 rx queues, rx
 * checksum offloads): the RSS set spreads on B as the reference says, and
 * a packet whose checksums A was asked to write arrives correct and GOOD.
 */
static int
test_pair_receiver_config(void)
{
	char a_name[32], b_name[32], args[64];
	struct rte_eth_conf ca, cb;
	struct rte_mbuf *m, *r = NULL;
	struct frame f, good;
	struct flow fl = flow_of(4, IPPROTO_UDP);
	uint16_t a, b, reta[128];
	unsigned int i;

	memset(&ca, 0, sizeof(ca));
	ca.txmode.offloads = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	memset(&cb, 0, sizeof(cb));
	cb.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	cb.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(args, sizeof(args), "peer=%s", b_name);
	LO_ASSERT_EQ(port_probe(a_name, args, &a), 0);
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 2, &ca, pool), 0);
	LO_ASSERT_EQ(port_setup(b, 4, 1, &cb, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	for (i = 0; i < 128; i++)
		reta[i] = i % 4;
	if (rss_check(a, 2, b, 4, ms_key, RSS_ALL, reta) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_rx_burst(a, 0, &r, 1), 0);
	/* B's rx checksum on, from A's tx checksum offload */
	LO_ASSERT_EQ(rte_eth_dev_stop(b), 0);
	cb.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	cb.rx_adv_conf.rss_conf.rss_hf = 0;
	cb.rxmode.offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
	LO_ASSERT_EQ(port_setup(b, 1, 1, &cb, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	build_frame(&fl, 3, &good);
	f = good;
	frame_for_tx_offload(&f, 4, IPPROTO_UDP);
	m = frame_mbuf(&f);
	LO_ASSERT(m != NULL, "no mbuf");
	ask_tx_offloads(m, &f, 4, IPPROTO_UDP, 0);
	m->ol_flags &= ~RTE_MBUF_F_TX_VLAN;
	LO_ASSERT_EQ(tx_all(a, 1, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(b, 0, &r, 1), 1);
	LO_ASSERT(bytes_equal(r, good.b, good.len), "checksums not written on the way to B");
	LO_ASSERT_HEX(r->ol_flags, IP_GOOD | L4_GOOD);
	LO_ASSERT_EQ(r->port, b);
	rte_pktmbuf_free(r);
	LO_ASSERT_EQ(port_remove(a), 0);
	LO_ASSERT_EQ(port_remove(b), 0);
	return 0;
}

/* The frame's bytes in segments cut at cut[0] < cut[1] < ... (ncut cuts). */
static struct rte_mbuf *
frame_mbuf_segs(const struct frame *f, const uint16_t *cut, unsigned int ncut)
{
	struct rte_mbuf *head = NULL;
	uint16_t from = 0;
	unsigned int i;

	for (i = 0; i <= ncut; i++) {
		uint16_t to = i < ncut ? cut[i] : f->len;
		struct rte_mbuf *seg = rte_pktmbuf_alloc(pool);
		char *p = seg != NULL ? rte_pktmbuf_append(seg, to - from) : NULL;

		if (p == NULL) {
			rte_pktmbuf_free(seg);
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(p, f->b + from, to - from);
		if (head == NULL)
			head = seg;
		else if (rte_pktmbuf_chain(head, seg) != 0)
			return NULL;
		from = to;
	}
	return head;
}

/* A (possibly multi-segment) mbuf holds exactly the len bytes at want. */
static bool
segs_equal(const struct rte_mbuf *m, const uint8_t *want, uint16_t len)
{
	uint8_t buf[sizeof(((struct frame *)NULL)->b)];
	const void *p;

	if (m->pkt_len != len || len > sizeof(buf))
		return false;
	p = rte_pktmbuf_read(m, 0, len, buf);
	return p != NULL && memcmp(p, want, len) == 0;
}

/*
 * Multi-segment packets through every offload that reads or writes the
 * headers: 24 packets, kind i % 4 (IPv4/IPv6, UDP/TCP), mode i / 4 % 3
 * (good, corrupted L4, checksums left to the tx offload), cut i / 12.
 * The layout says where the segments are cut: after all the headers (as
 * DPDK's tx offload contract has them: rte_net_intel_cksum_flags_prepare
 * refuses split headers), at even or at odd offsets of the L4 data, or
 * inside the headers. Good frames verify GOOD, a corrupted L4 BAD, the tx
 * offload writes correct checksums, RSS hashes across the cuts. Every
 * packet that is not as expected is reported; returns how many.
 */
enum seg_layout {
	SEG_HEADERS_FIRST,	/* all headers in the first segment, cuts after, even */
	SEG_SPLIT_HEADERS,	/* cut inside the L4 header; after Ethernet and after L3 */
	SEG_ODD_PAYLOAD,	/* headers first; 1001 bytes of payload cut at odd offsets */
};

static unsigned int
multiseg_run(uint16_t port, enum seg_layout layout)
{
	static const uint8_t kinds[4][2] = {
		{ 4, IPPROTO_UDP }, { 4, IPPROTO_TCP }, { 6, IPPROTO_UDP }, { 6, IPPROTO_TCP },
	};
	static const char *const mode_name[3] = { "good", "bad L4", "tx offload" };
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	struct frame sent[24], good[24];
	uint64_t want[24];
	unsigned int i, n, k, failed = 0;

	for (i = 0; i < 24; i++) {
		struct flow fl = rss_flow(i);
		unsigned int mode = i / 4 % 3;
		uint16_t cut[2], l4_hdr;
		struct rte_mbuf *m;

		fl.l3 = kinds[i % 4][0];
		fl.proto = kinds[i % 4][1];
		fl.frag = false;
		fl.ext = false;
		fl.nb_vlan = 0;
		if (layout == SEG_ODD_PAYLOAD)
			fl.payload_len = 1001;
		l4_hdr = fl.proto == IPPROTO_TCP ? 20 : 8;
		build_frame(&fl, i, &good[i]);
		sent[i] = good[i];
		want[i] = L4_GOOD | (fl.l3 == 4 ? IP_GOOD : 0);
		if (mode == 1) {
			sent[i].b[good[i].l4_off + (fl.proto == IPPROTO_TCP ? 17 : 7)] ^= 0x10;
			good[i] = sent[i];
			want[i] = L4_BAD | (fl.l3 == 4 ? IP_GOOD : 0);
		} else if (mode == 2) {
			frame_for_tx_offload(&sent[i], fl.l3, fl.proto);
		}
		if (layout == SEG_HEADERS_FIRST) {	/* even offsets of the L4 data */
			cut[0] = good[i].l4_off + l4_hdr + (i < 12 ? 0 : 4);
			cut[1] = good[i].len - (i < 12 ? 8 : 2);
		} else if (layout == SEG_ODD_PAYLOAD) {
			cut[0] = good[i].l4_off + l4_hdr + (i < 12 ? 101 : 1);
			cut[1] = cut[0] + (i < 12 ? 501 : 700);
		} else if (i < 12) {
			cut[0] = good[i].l4_off + 5;
			cut[1] = good[i].len - 9;
		} else {
			cut[0] = RTE_ETHER_HDR_LEN;
			cut[1] = good[i].l4_off;
		}
		m = frame_mbuf_segs(&sent[i], cut, 2);
		if (m == NULL) {
			printf("#   no mbuf\n");
			return 1;
		}
		if (mode == 2) {
			ask_tx_offloads(m, &sent[i], fl.l3, fl.proto, 0);
			m->ol_flags &= ~RTE_MBUF_F_TX_VLAN;
		}
		if (tx_all(port, 0, &m, 1) != 1) {
			printf("#   packet %u not sent\n", i);
			return 1;
		}
	}
	n = rx_all(port, 4, rx, rxq, MAX_RX);
	for (k = 0; k < n; k++) {
		struct rte_mbuf *r = rx[k];
		uint32_t s = frame_seq(r), h;
		uint64_t w;
		struct flow fl;
		uint8_t in[40];
		bool same;

		if (s >= 24) {
			printf("#   packet %u unknown\n", s);
			failed++;
			continue;
		}
		fl = rss_flow(s);
		fl.l3 = kinds[s % 4][0];
		fl.proto = kinds[s % 4][1];
		fl.frag = false;
		fl.ext = false;
		h = toeplitz(ms_key, in, rss_tuple(&fl, RSS_ALL, in));
		w = want[s] | RTE_MBUF_F_RX_RSS_HASH;
		same = segs_equal(r, good[s].b, good[s].len);
		if (!same || r->ol_flags != w || r->hash.rss != h || rxq[k] != h % 128 % 4) {
			printf("#   packet %u (IPv%u %s, %s, cut %s, %u segs): bytes %s, ol_flags %#"
				PRIx64 " (expected %#" PRIx64 "), hash %#x on q%u (expected %#x on "
				"q%u)\n", s, fl.l3, fl.proto == IPPROTO_TCP ? "TCP" : "UDP",
				mode_name[s / 4 % 3], layout == SEG_HEADERS_FIRST ? "after the L4 header" :
				layout == SEG_ODD_PAYLOAD ? "at odd offsets of 1001 payload bytes" :
				s < 12 ? "in the L4 header" : "after Ethernet and after L3",
				r->nb_segs, same ? "as expected" : "differ", r->ol_flags, w,
				r->hash.rss, rxq[k], h, h % 128 % 4);
			failed++;
		}
	}
	rte_pktmbuf_free_bulk(rx, n);
	if (n != 24) {
		printf("#   %u of 24 received\n", n);
		failed++;
	}
	return failed;
}

static int
multiseg_port(uint16_t *port)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RX_ALL_OFFLOADS & ~RTE_ETH_RX_OFFLOAD_TIMESTAMP;
	conf.txmode.offloads = TX_ALL_OFFLOADS | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	return port_open("", 4, 1, &conf, port);
}

/* Chains with all headers in the first segment; and VLAN strip on a chain. */
static int
test_multiseg_offloads(void)
{
	struct frame plain, tagged;
	struct rte_mbuf *m, *r = NULL;
	const uint16_t cut[1] = { 30 };
	uint16_t port, q;

	LO_ASSERT_EQ(multiseg_port(&port), 0);
	if (multiseg_run(port, SEG_HEADERS_FIRST) != 0)
		return -1;
	vlan_frame(&plain, false, 0, 99);
	vlan_frame(&tagged, true, 0x0456, 99);
	m = frame_mbuf_segs(&tagged, cut, 1);
	LO_ASSERT(m != NULL, "no mbuf");
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rx_all(port, 4, &r, &q, 1), 1);
	LO_ASSERT(segs_equal(r, plain.b, plain.len), "tag not stripped from a chain");
	LO_ASSERT_HEX(r->vlan_tci, 0x0456);
	LO_ASSERT_HEX(r->ol_flags & (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED),
		RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED);
	rte_pktmbuf_free(r);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Headers in the first segment, a long payload in segments of odd length:
 * the checksums (verified on rx, written on tx) run over all of them.
 */
/* One layout of multiseg_run on a port of its own. */
static int
multiseg_case(enum seg_layout layout)
{
	unsigned int failed;
	uint16_t port;

	LO_ASSERT_EQ(multiseg_port(&port), 0);
	failed = multiseg_run(port, layout);
	LO_ASSERT_EQ(port_remove(port), 0);
	LO_ASSERT(failed == 0, "%u of 24 packets not as expected", failed);
	return 0;
}

static int
test_multiseg_odd_payload(void)
{
	return multiseg_case(SEG_ODD_PAYLOAD);
}

/* Chains cut inside the headers: verified, written and hashed all the same. */
static int
test_multiseg_split_headers(void)
{
	return multiseg_case(SEG_SPLIT_HEADERS);
}

/* The capabilities the spec adds, advertised. */
static int
test_capabilities(void)
{
	const uint64_t rx = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_RSS_HASH |
		RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_TIMESTAMP |
		RTE_ETH_RX_OFFLOAD_SCATTER;
	const uint64_t tx = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_VLAN_INSERT |
		RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	struct rte_eth_dev_info info;
	uint16_t port;

	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	LO_ASSERT_EQ(rte_eth_dev_info_get(port, &info), 0);
	LO_ASSERT_HEX(info.rx_offload_capa & rx, rx);
	LO_ASSERT_HEX(info.tx_offload_capa & tx, tx);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * Two lcores sending IP flows at once on tx queues 0 and 1 of tx_port,
 * received on rx_port's nb_rx queues: with RSS any tx queue feeds any rx
 * queue, and across a pair the peer's tx queues feed this port's rings, so
 * every ring two queues reach must take two producers. Each packet
 * arrives once; per source, in order on each rx queue.
 */
#define MPF_PKTS 8000

static uint16_t mpf_tx_port;

/* n frames of the RSS flow set, numbered src << 24 | seq0 + i. */
static int
mk_flow_pkts(struct rte_mbuf **m, unsigned int n, uint32_t src, uint32_t seq0)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct flow fl = rss_flow((seq0 + i) % RSS_FLOWS);
		struct frame f;

		build_frame(&fl, src << 24 | (seq0 + i), &f);
		m[i] = frame_mbuf(&f);
		if (m[i] == NULL) {
			rte_pktmbuf_free_bulk(m, i);
			return -ENOMEM;
		}
	}
	return 0;
}

static int
mpf_worker(void *arg __rte_unused)
{
	struct rte_mbuf *m[16];
	uint32_t sent = 0;

	while (sent < MPF_PKTS) {
		uint16_t n = RTE_MIN(16u, MPF_PKTS - sent), done = 0;

		if (mk_flow_pkts(m, n, 1, sent) != 0) {
			mp_worker_err = 1;
			return -1;
		}
		while (done < n && !mp_stop)
			done += rte_eth_tx_burst(mpf_tx_port, 1, m + done, n - done);
		if (done < n) {
			rte_pktmbuf_free_bulk(m + done, n - done);
			return -1;
		}
		sent += n;
	}
	return 0;
}

static int
two_lcores_flows(uint16_t tx_port, uint16_t rx_port, uint16_t nb_rx)
{
	static uint8_t seen[2][MPF_PKTS];
	int32_t last[2][8];
	struct rte_mbuf *m[16], *r[BURST];
	uint32_t sent = 0, got = 0, dup = 0, disorder = 0, alien = 0;
	uint64_t hz = rte_get_tsc_hz(), t_last = rte_rdtsc();
	unsigned int worker, q;
	uint16_t n, i;
	int stalled = 0;

	worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		lo_test_skip_reason = "needs a second lcore";
		return LO_TEST_SKIP;
	}
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 2; i++)
		for (q = 0; q < 8; q++)
			last[i][q] = -1;
	mpf_tx_port = tx_port;
	mp_worker_err = 0;
	mp_stop = 0;
	LO_ASSERT_EQ(rte_eal_remote_launch(mpf_worker, NULL, worker), 0);
	while (got < 2 * MPF_PKTS && !stalled) {
		bool any = false;

		if (sent < MPF_PKTS) {
			uint16_t k = RTE_MIN(16u, MPF_PKTS - sent), done;

			if (mk_flow_pkts(m, k, 0, sent) != 0)
				break;
			done = rte_eth_tx_burst(tx_port, 0, m, k);
			rte_pktmbuf_free_bulk(m + done, k - done);	/* made again */
			sent += done;
		}
		for (q = 0; q < nb_rx; q++) {
			n = rte_eth_rx_burst(rx_port, q, r, BURST);
			for (i = 0; i < n; i++) {
				uint32_t s = frame_seq(r[i]), src = s >> 24, seq = s & 0xffffff;

				if (src > 1 || seq >= MPF_PKTS) {
					alien++;
					continue;
				}
				dup += seen[src][seq]++ != 0;
				disorder += (int32_t)seq <= last[src][q];
				last[src][q] = (int32_t)seq;
			}
			rte_pktmbuf_free_bulk(r, n);
			got += n;
			any |= n > 0;
		}
		if (any)
			t_last = rte_rdtsc();
		else if (rte_rdtsc() - t_last > 2 * hz)
			stalled = 1;
	}
	mp_stop = 1;
	rte_eal_wait_lcore(worker);
	for (q = 0; q < nb_rx; q++)
		while ((n = rte_eth_rx_burst(rx_port, q, r, BURST)) > 0) {
			rte_pktmbuf_free_bulk(r, n);
			got += n;
		}
	LO_ASSERT(!mp_worker_err, "worker failed");
	LO_ASSERT(got == 2 * MPF_PKTS && dup == 0 && disorder == 0 && alien == 0,
		"%u of %u received%s: %u duplicates, %u out of order, %u unknown", got,
		2 * MPF_PKTS, stalled ? " (stalled)" : "", dup, disorder, alien);
	return 0;
}

static int
test_two_lcores_rss_and_pair(void)
{
	char a_name[32], b_name[32], args[64];
	struct rte_eth_conf conf;
	uint16_t port, a, b;
	int ret;

	/* RSS: both tx queues into all 4 rx queues */
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	LO_ASSERT_EQ(port_open("", 4, 2, &conf, &port), 0);
	ret = two_lcores_flows(port, port, 4);
	LO_ASSERT_EQ(port_remove(port), 0);
	if (ret != 0)
		return ret;
	/* a pair: A's two tx queues into B's one rx queue */
	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(args, sizeof(args), "peer=%s", b_name);
	LO_ASSERT_EQ(port_probe(a_name, args, &a), 0);
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 2, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	ret = two_lcores_flows(a, b, 1);
	LO_ASSERT_EQ(port_remove(a), 0);
	LO_ASSERT_EQ(port_remove(b), 0);
	if (ret != 0)
		return ret;
	/* A started first, then B; then A alone restarted with 2 tx queues */
	fresh_name(a_name, sizeof(a_name));
	fresh_name(b_name, sizeof(b_name));
	snprintf(args, sizeof(args), "peer=%s", b_name);
	LO_ASSERT_EQ(port_probe(a_name, args, &a), 0);
	LO_ASSERT_EQ(port_probe(b_name, "", &b), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(port_setup(b, 1, 1, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(b), 0);
	LO_ASSERT_EQ(rte_eth_dev_stop(a), 0);
	LO_ASSERT_EQ(port_setup(a, 1, 2, NULL, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(a), 0);
	ret = two_lcores_flows(a, b, 1);
	LO_ASSERT_EQ(port_remove(a), 0);
	LO_ASSERT_EQ(port_remove(b), 0);
	return ret;
}

/* --- the rules of "work nobody can observe is not done" (lo_tx_full.c) --- */

#define RSS1_SENTINEL	0x5eed1234u
#define RSS1_HF		(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP)
#define RX_CK_OFFLOADS	(RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
	RTE_ETH_RX_OFFLOAD_TCP_CKSUM)
#define TX_CK_OFFLOADS	(RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | \
	RTE_ETH_TX_OFFLOAD_TCP_CKSUM)

/* IPv4/UDP flow i of the one-queue RSS set: addresses and ports vary. */
static struct flow
rss1_flow(unsigned int i)
{
	struct flow fl = flow_of(4, IPPROTO_UDP);

	ip4_of(fl.src, 10, 1, (uint8_t)(i * 7), (uint8_t)(i + 1));
	ip4_of(fl.dst, 172, 16, (uint8_t)(i * 3), 9);
	fl.sport = (uint16_t)(1024 + i * 331);
	fl.dport = (uint16_t)(53 + i);
	return fl;
}

/* The port's RSS key, types and RETA, as it reports them. */
static int
rss_read_back(uint16_t port, uint8_t *key, uint64_t *rss_hf, uint16_t *reta)
{
	struct rte_eth_rss_conf rc = { .rss_key = key, .rss_key_len = 40 };

	LO_ASSERT_EQ(rte_eth_dev_rss_hash_conf_get(port, &rc), 0);
	LO_ASSERT_EQ(rc.rss_key_len, 40);
	*rss_hf = rc.rss_hf;
	LO_ASSERT_EQ(reta_get(port, reta), 0);
	return 0;
}

/*
 * n IPv4/UDP frames (rss1_flow(i), sequence seq0 + i; chained, cut after
 * the IP header, when chain) whose hash.rss holds the sentinel, sent on
 * port's tx queue 0. Each must arrive once: with hashed, on reta[h % 128]
 * with ol_flags RX_RSS_HASH | extra and hash.rss = h, the reference
 * Toeplitz of the port's key and types (read back); else on queue 0 with
 * ol_flags extra and the sentinel still in hash.rss. *spread: a bit for
 * each rx queue that got one.
 */
static int
rss1_run(uint16_t port, uint16_t nb_rx, unsigned int n, uint32_t seq0, bool chain, bool hashed,
	uint64_t extra, unsigned int *spread)
{
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	bool seen[BURST] = { false };
	uint8_t key[40];
	uint16_t reta[128];
	uint64_t rss_hf;
	unsigned int i, got, failed = 0;

	LO_ASSERT(n <= BURST, "at most %u", BURST);
	if (rss_read_back(port, key, &rss_hf, reta) != 0)
		return -1;
	*spread = 0;
	for (i = 0; i < n; i++) {
		struct flow fl = rss1_flow(i);
		struct rte_mbuf *m;
		struct frame f;
		uint16_t cut;

		build_frame(&fl, seq0 + i, &f);
		cut = f.l4_off;
		m = chain ? frame_mbuf_segs(&f, &cut, 1) : frame_mbuf(&f);
		LO_ASSERT(m != NULL, "no mbuf");
		m->hash.rss = RSS1_SENTINEL;
		LO_ASSERT(tx_all(port, 0, &m, 1) == 1, "frame %u not sent", i);
	}
	got = rx_all(port, nb_rx, rx, rxq, MAX_RX);
	for (i = 0; i < got; i++) {
		struct rte_mbuf *r = rx[i];
		uint32_t s = frame_seq(r) - seq0, h = RSS1_SENTINEL;
		uint64_t want_fl = extra;
		uint16_t want_q = 0;
		struct flow fl;
		uint8_t in[40];

		if (s >= n || seen[s]) {
			printf("#   packet %u unknown or seen twice\n", s + seq0);
			failed++;
			continue;
		}
		seen[s] = true;
		fl = rss1_flow(s);
		if (hashed) {
			h = toeplitz(key, in, rss_tuple(&fl, rss_hf, in));
			want_fl |= RTE_MBUF_F_RX_RSS_HASH;
			want_q = reta[h % 128];
		}
		*spread |= 1u << rxq[i];
		if (r->ol_flags != want_fl || r->hash.rss != h || rxq[i] != want_q ||
				r->nb_segs != (chain ? 2 : 1)) {
			printf("#   frame %u (%s, rss_hf %#" PRIx64 "): ol_flags %#" PRIx64 " hash %#x "
				"on q%u, expected %#" PRIx64 " %#x on q%u\n", s,
				chain ? "2 segments" : "1 segment", rss_hf, r->ol_flags, r->hash.rss,
				rxq[i], want_fl, h, want_q);
			failed++;
		}
	}
	rte_pktmbuf_free_bulk(rx, got);
	LO_ASSERT(got == n, "%u of %u received", got, n);
	LO_ASSERT(failed == 0, "%u of %u not as expected", failed, n);
	return 0;
}

/* The tx burst mode of port's queue 0 into info. */
static int
tx_mode_of(uint16_t port, char *info, size_t size)
{
	struct rte_eth_burst_mode mode;

	memset(&mode, 0, sizeof(mode));
	LO_ASSERT_EQ(rte_eth_tx_burst_mode_get(port, 0, &mode), 0);
	snprintf(info, size, "%s", mode.info);
	return 0;
}

/*
 * RSS into rings that fill: nb_q rx queues of ring_size slots each, one
 * burst of the 32 RSS flows from seq (fast-path and generic frames mixed),
 * each mbuf marked stale. tx must take exactly the prefix before the
 * first packet whose queue is full (the reference hash and the default
 * RETA say which), write no mbuf after it, and each queue must hold its
 * packets in order. *bytes grows by what was sent.
 */
static int
rss_full_run(uint16_t port, uint16_t nb_q, unsigned int ring_size, uint32_t seq,
	uint64_t *bytes)
{
	struct rte_mbuf *m[32], *rx[32];
	uint16_t rxq[32], want_q[32];
	unsigned int fill[RTE_MAX_QUEUES_PER_PORT] = { 0 }, next[RTE_MAX_QUEUES_PER_PORT] = { 0 };
	unsigned int i, n, k, keep = 32;
	uint16_t sent;

	for (i = 0; i < 32; i++) {
		struct flow fl = rss_flow((seq + i) % RSS_FLOWS);
		struct frame f;
		uint8_t in[40];
		unsigned int len = rss_tuple(&fl, RSS_ALL, in);

		want_q[i] = len == 0 ? 0 : (toeplitz(ms_key, in, len) % 128) % nb_q;
		if (keep == 32 && fill[want_q[i]]++ == ring_size)
			keep = i;
		build_frame(&fl, seq + i, &f);
		m[i] = frame_mbuf(&f);
		if (m[i] == NULL) {
			if (i > 0)
				rte_pktmbuf_free_bulk(m, i);
			LO_ASSERT(false, "no mbuf");
		}
		if (keep == 32)
			*bytes += m[i]->pkt_len;
		m[i]->ol_flags = STALE_FLAGS;
		m[i]->packet_type = STALE_PTYPE;
		m[i]->port = 4321;
		m[i]->hash.rss = 0x5eed;
	}
	if (keep == 32)
		rte_pktmbuf_free_bulk(m, 32);
	LO_ASSERT(keep < 32, "the flows fill no queue of %u: the case tests nothing",
		ring_size);
	sent = rte_eth_tx_burst(port, 0, m, 32);
	for (i = sent; i < 32; i++)
		if (m[i]->ol_flags != STALE_FLAGS || m[i]->packet_type != STALE_PTYPE ||
				m[i]->port != 4321 || m[i]->hash.rss != 0x5eed) {
			rte_pktmbuf_free_bulk(m + sent, 32 - sent);
			LO_ASSERT(false, "packet %u (%u queues), not sent, was written", i, nb_q);
		}
	if (sent < 32)
		rte_pktmbuf_free_bulk(m + sent, 32 - sent);
	LO_ASSERT_EQ(sent, keep);
	n = rx_all(port, nb_q, rx, rxq, 32);
	for (i = 0; i < n; i++) {
		const uint32_t s = frame_seq(rx[i]);

		/* each queue gets its packets in the order sent */
		for (k = next[rxq[i]]; k < keep && want_q[k] != rxq[i]; k++)
			;
		if (s != seq + k || k >= keep) {
			rte_pktmbuf_free_bulk(rx, n);
			LO_ASSERT(false, "queue %u: packet %u where %u was due", rxq[i], s - seq, k);
		}
		next[rxq[i]] = k + 1;
	}
	rte_pktmbuf_free_bulk(rx, n);
	LO_ASSERT_EQ(n, keep);
	return 0;
}

/*
 * The same with each RSS loop (alone, with checksums, packet types or
 * both; on 4 queues in one pass, on 9 in three steps), 12 bursts a port so
 * that the rings wrap; then the port's counters: every packet and byte
 * sent, once.
 */
static int
test_rss_ring_full(void)
{
	static const struct { uint64_t offloads; bool ptypes; } mix[] = {
		{ 0, false }, { RX_CK_OFFLOADS, false }, { 0, true }, { RX_CK_OFFLOADS, true },
	};
	static const uint16_t queues[] = { 4, 9 };
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	uint16_t port, q;
	unsigned int c, nq, size, r;
	uint64_t bytes, packets;
	char name[32];

	for (c = 0; c < RTE_DIM(mix); c++)
	for (nq = 0; nq < RTE_DIM(queues); nq++)
	for (size = 2; size <= (queues[nq] < 8 ? 6u : 3u); size += queues[nq] < 8 ? 4 : 1) {
		memset(&conf, 0, sizeof(conf));
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rxmode.offloads = mix[c].offloads;
		conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
		fresh_name(name, sizeof(name));
		LO_ASSERT_EQ(port_probe(name, "", &port), 0);
		LO_ASSERT_EQ(rte_eth_dev_configure(port, queues[nq], 1, &conf), 0);
		for (q = 0; q < queues[nq]; q++)
			LO_ASSERT_EQ(rte_eth_rx_queue_setup(port, q, size, SOCKET_ID_ANY, NULL,
				pool), 0);
		LO_ASSERT_EQ(rte_eth_tx_queue_setup(port, 0, NB_DESC, SOCKET_ID_ANY, NULL), 0);
		LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
		LO_ASSERT_EQ(rte_eth_dev_set_ptypes(port, mix[c].ptypes ? RTE_PTYPE_ALL_MASK :
			RTE_PTYPE_UNKNOWN, NULL, 0), 0);
		bytes = 0;
		packets = 0;
		for (r = 0; r < 12; r++) {
			uint64_t before = bytes;

			if (rss_full_run(port, queues[nq], size, r * 7, &bytes) != 0) {
				printf("#   offloads %#" PRIx64 ", ptypes %d, %u queues of %u, burst %u\n",
					mix[c].offloads, mix[c].ptypes, queues[nq], size, r);
				return -1;
			}
			LO_ASSERT(bytes > before, "burst %u sent nothing", r);
		}
		LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
		for (q = 0; q < queues[nq]; q++)
			packets += st.q_ipackets[q];
		LO_ASSERT_EQ(st.ipackets, packets);
		LO_ASSERT_EQ(st.opackets, st.ipackets);
		LO_ASSERT_EQ(st.obytes, bytes);
		LO_ASSERT_EQ(st.ibytes, bytes);
		LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
		LO_ASSERT_EQ(rte_eth_dev_close(port), 0);
	}
	LO_ASSERT_EQ(rte_mempool_in_use_count(pool), pool_in_use_at_start);
	return 0;
}

/*
 * One rx queue, RSS mode, no RSS_HASH: every packet lands on queue 0 and
 * carries no hash, so none is computed (lo_rss_observed): no flag and
 * hash.rss as the sender left it, on the default path, on the offload path
 * (rx checksums on) and on its generic side (chains). Types set while
 * started are only recorded. With RSS_HASH asked: the reference hash. With
 * two rx queues and no RSS_HASH: the hash picks the queue, and is delivered.
 */
static int
test_rss_one_queue(void)
{
	struct rte_eth_conf conf;
	struct rte_eth_rss_conf rc;
	uint8_t key[40];
	uint16_t reta[128], port;
	uint64_t hf;
	unsigned int spread, c;
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS1_HF;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 0, c == 1, false, 0, &spread) != 0)
			return -1;
	/* another rss_hf while started: accepted, recorded, still nobody sees a hash */
	memset(&rc, 0, sizeof(rc));
	rc.rss_hf = RSS_ALL;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	if (rss_read_back(port, key, &hf, reta) != 0)
		return -1;
	LO_ASSERT_HEX(hf, RSS_ALL);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 100, c == 1, false, 0, &spread) != 0)
			return -1;

	/* the offload path (rx checksums): checksummed, still no hash */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rxmode.offloads = RX_CK_OFFLOADS;
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (tx_mode_of(port, mode, sizeof(mode)) != 0)
		return -1;
	LO_ASSERT(strstr(mode, "RSS") == NULL, "tx burst mode \"%s\": RSS on one queue without "
		"RSS_HASH", mode);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 200, c == 1, false, IP_GOOD | L4_GOOD, &spread) != 0)
			return -1;
	rc.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_TCP;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	if (rss1_run(port, 1, 16, 300, false, false, IP_GOOD | L4_GOOD, &spread) != 0)
		return -1;

	/* RSS_HASH asked: the hash of the port's key and types, on queue 0 */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (rss_read_back(port, key, &hf, reta) != 0)
		return -1;
	LO_ASSERT_HEX(hf, RSS1_HF);
	LO_ASSERT(memcmp(key, ms_key, 40) == 0, "not the default key");
	if (tx_mode_of(port, mode, sizeof(mode)) != 0)
		return -1;
	LO_ASSERT(strstr(mode, "RSS") != NULL, "tx burst mode \"%s\": no RSS", mode);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 400, c == 1, true, 0, &spread) != 0)
			return -1;
	/* types changed while started: the next burst hashes the addresses only */
	rc.rss_hf = RTE_ETH_RSS_IPV4;
	LO_ASSERT_EQ(rte_eth_dev_rss_hash_update(port, &rc), 0);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 500, c == 1, true, 0, &spread) != 0)
			return -1;
	/* and with the checksums: the fast path's hash too */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH | RX_CK_OFFLOADS;
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	for (c = 0; c < 2; c++)
		if (rss1_run(port, 1, 16, 600, c == 1, true, IP_GOOD | L4_GOOD, &spread) != 0)
			return -1;

	/* two rx queues, no RSS_HASH: the hash picks the queue and comes with the packet */
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	conf.rxmode.offloads = 0;
	LO_ASSERT_EQ(port_setup(port, 2, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	for (c = 0; c < 2; c++) {
		if (rss1_run(port, 2, BURST, 700, c == 1, true, 0, &spread) != 0)
			return -1;
		LO_ASSERT(spread == 3, "not spread over both queues (queues seen %#x)", spread);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* The received bytes as a frame with like's offsets, for ip4_verify and l4_verify. */
static int
frame_from_mbuf(const struct rte_mbuf *m, const struct frame *like, struct frame *f)
{
	const void *p;

	*f = *like;
	if (m->pkt_len > sizeof(f->b))
		return -1;
	p = rte_pktmbuf_read(m, 0, m->pkt_len, f->b);
	if (p == NULL)
		return -1;
	if (p != f->b)
		memcpy(f->b, p, m->pkt_len);
	f->len = (uint16_t)m->pkt_len;
	return 0;
}

/* The rx checksum flags f's bytes call for (IP and TCP/UDP, as build_frame lays them). */
static uint64_t
ck_flags_of(const struct frame *f, uint8_t l3, uint8_t proto)
{
	uint64_t fl = 0;

	if (l3 == 4)
		fl |= ip4_verify(f) == 0 ? IP_GOOD : IP_BAD;
	if (l3 == 4 && proto == IPPROTO_UDP && get16(f->b + f->l4_off + 6) == 0)
		return fl;	/* sent without a UDP checksum */
	return fl | (l4_verify(f, proto) == 0 ? L4_GOOD : L4_BAD);
}

/*
 * What a tx checksum offload writes into an IPv4 frame whose mbuf says the
 * IP header is l3_len bytes at l3_off, right or not: the header checksum
 * over those bytes, at l3_off + 10; then, where the IP total length found
 * there covers at least the header and fits the frame, the TCP/UDP
 * checksum at l3_off + l3_len over the rest (with the pseudo header of
 * the addresses found there); else no L4 checksum (the headers do not add
 * up, lo_tx_cksum).
 */
static void
nic_cksum(struct frame *f, uint16_t l3_off, uint16_t l3_len, uint8_t proto)
{
	const uint16_t l4_off = l3_off + l3_len;
	uint16_t tot, l4_len, at, c;
	uint8_t hdr[60];
	uint32_t s;

	memcpy(hdr, f->b + l3_off, l3_len);
	hdr[10] = 0;
	hdr[11] = 0;
	put16(f->b + l3_off + 10, (uint16_t)~fold(sum16(hdr, l3_len, 0)));
	tot = get16(f->b + l3_off + 2);
	if (tot < l3_len || l3_off + tot > f->len)
		return;
	l4_len = tot - l3_len;
	at = l4_off + (proto == IPPROTO_TCP ? 16 : 6);
	if (at + 2 > l4_off + l4_len)
		return;
	put16(f->b + at, 0);
	s = sum16(f->b + l3_off + 12, 8, 0) + proto + l4_len;
	c = (uint16_t)~fold(sum16(f->b + l4_off, l4_len, s));
	if (c == 0 && proto == IPPROTO_UDP)
		c = 0xffff;
	put16(f->b + at, c);
}

#define CKW_N	16

/*
 * Checksums the sender's offload wrote are GOOD on rx (and the bytes verify),
 * from wrong ones in the frame; in the same burst, a frame with bad
 * checksums and no request stays BAD. The guard: an mbuf whose l2_len or
 * l3_len lies has its checksums written at the wrong place, so the
 * receiver, which finds the headers where they are, checks the bytes as
 * they are: BAD. obytes and ibytes exact.
 */
static int
test_tx_cksum_written(void)
{
	static const uint8_t kinds[4][2] = {
		{ 4, IPPROTO_UDP }, { 4, IPPROTO_TCP }, { 6, IPPROTO_TCP }, { 6, IPPROTO_UDP },
	};
	enum { CKW_ASK, CKW_NO_ASK, CKW_LIE_L2, CKW_LIE_L3 };
	static const char *const what[] = { "offload asked", "not asked, bad checksums",
		"l2_len 18 without a tag", "l3_len 24 without options" };
	struct frame want[CKW_N], shape[CKW_N];
	uint8_t l3[CKW_N], proto[CKW_N], how[CKW_N];
	struct rte_mbuf *m[CKW_N], *r[BURST];
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	uint64_t bytes = 0;
	uint16_t port;
	unsigned int i, n = 0, got, failed = 0;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RX_CK_OFFLOADS;
	conf.txmode.offloads = TX_CK_OFFLOADS;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	/* each kind twice asking, once not asking; then the two lies (IPv4/UDP) */
	for (i = 0; i < 14; i++) {
		const unsigned int k = i < 12 ? i % 4 : 0;
		struct flow fl;
		struct frame f;
		uint16_t ck_at;

		how[n] = i < 8 ? CKW_ASK : i < 12 ? CKW_NO_ASK : i == 12 ? CKW_LIE_L2 : CKW_LIE_L3;
		l3[n] = kinds[k][0];
		proto[n] = kinds[k][1];
		fl = flow_of(l3[n], proto[n]);
		fl.sport = (uint16_t)(2000 + i);
		build_frame(&fl, n, &want[n]);
		shape[n] = want[n];
		f = want[n];
		/* wrong checksums in the frame, whatever is asked */
		ck_at = f.l4_off + (proto[n] == IPPROTO_TCP ? 16 : 6);
		put16(f.b + ck_at, get16(f.b + ck_at) ^ 0xa5a5);
		if (l3[n] == 4)
			put16(f.b + f.l3_off + 10, get16(f.b + f.l3_off + 10) ^ 0x5a5a);
		m[n] = frame_mbuf(&f);
		LO_ASSERT(m[n] != NULL, "no mbuf");
		if (how[n] != CKW_NO_ASK) {
			ask_tx_offloads(m[n], &f, l3[n], proto[n], 0);
			m[n]->ol_flags &= ~RTE_MBUF_F_TX_VLAN;
		}
		switch (how[n]) {
		case CKW_NO_ASK:
			want[n] = f;
			break;
		case CKW_LIE_L2:
			m[n]->l2_len = 18;
			want[n] = f;
			nic_cksum(&want[n], 18, 20, proto[n]);
			break;
		case CKW_LIE_L3:
			m[n]->l3_len = 24;
			want[n] = f;
			nic_cksum(&want[n], 14, 24, proto[n]);
			break;
		default:
			break;
		}
		bytes += f.len;
		n++;
	}
	/* the lies must give headers that do not verify, or they test nothing */
	for (i = 0; i < n; i++)
		if (how[i] == CKW_LIE_L2 || how[i] == CKW_LIE_L3) {
			if (ip4_verify(&want[i]) == 0 || l4_verify(&want[i], proto[i]) == 0) {
				rte_pktmbuf_free_bulk(m, n);
				LO_ASSERT(false, "%s: the lie gives a valid header (ip %#x, l4 %#x)",
					what[how[i]], ip4_verify(&want[i]),
					l4_verify(&want[i], proto[i]));
			}
		}
	LO_ASSERT_EQ(tx_all(port, 0, m, n), n);
	got = rte_eth_rx_burst(port, 0, r, BURST);
	for (i = 0; i < got; i++) {
		uint32_t s = frame_seq(r[i]);
		struct frame rcv;
		uint64_t w;
		bool same;

		if (s >= n || r[i] != m[s]) {
			printf("#   packet %u: unknown or another mbuf\n", s);
			failed++;
			continue;
		}
		w = how[s] == CKW_ASK ? (l3[s] == 4 ? IP_GOOD : 0) | L4_GOOD :
			(l3[s] == 4 ? IP_BAD : 0) | L4_BAD;
		same = bytes_equal(r[i], want[s].b, want[s].len);
		if (frame_from_mbuf(r[i], &shape[s], &rcv) != 0 || !same ||
				r[i]->ol_flags != w || ck_flags_of(&rcv, l3[s], proto[s]) != w ||
				(how[s] == CKW_ASK && ((l3[s] == 4 && ip4_verify(&rcv) != 0) ||
				l4_verify(&rcv, proto[s]) != 0))) {
			printf("#   packet %u (IPv%u %s, %s): ol_flags %#" PRIx64 ", expected %#"
				PRIx64 "; the bytes %s (ip %#x, l4 %#x)\n", s, l3[s],
				proto[s] == IPPROTO_TCP ? "TCP" : "UDP", what[how[s]], r[i]->ol_flags,
				w, same ? "as expected" : "differ",
				l3[s] == 4 ? ip4_verify(&rcv) : 0, l4_verify(&rcv, proto[s]));
			failed++;
		}
	}
	rte_pktmbuf_free_bulk(r, got);
	LO_ASSERT_EQ(got, n);
	LO_ASSERT(failed == 0, "%u of %u packets not as expected", failed, n);
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, n);
	LO_ASSERT_EQ(st.ipackets, n);
	LO_ASSERT_EQ(st.obytes, bytes);
	LO_ASSERT_EQ(st.ibytes, bytes);
	LO_ASSERT_EQ(st.oerrors, 0);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

#define VIS_N		8
#define VIS_TCI		0x0123

/*
 * n untagged IPv4/UDP frames of 100 bytes asking for a tag through a port
 * that strips it: each back as sent, byte for byte, in the same mbuf at the
 * same data_off, with the tag's trace (vlan_tci, RX_VLAN | RX_VLAN_STRIPPED,
 * l2_len 14 + 4) and packet_type pt.
 */
static int
vis_run(uint16_t port, uint32_t seq0, uint32_t pt)
{
	struct rte_mbuf *m[VIS_N], *r[BURST];
	struct frame f[VIS_N];
	uint16_t off[VIS_N];
	unsigned int i, got, failed = 0;

	for (i = 0; i < VIS_N; i++) {
		struct flow fl = flow_of(4, IPPROTO_UDP);

		fl.payload_len = PKT_LEN - RTE_ETHER_HDR_LEN - 20 - 8;
		build_frame(&fl, seq0 + i, &f[i]);
		LO_ASSERT_EQ(f[i].len, PKT_LEN);
		m[i] = frame_mbuf(&f[i]);
		LO_ASSERT(m[i] != NULL, "no mbuf");
		m[i]->ol_flags = RTE_MBUF_F_TX_VLAN;
		m[i]->vlan_tci = VIS_TCI;
		m[i]->l2_len = RTE_ETHER_HDR_LEN;
		m[i]->l3_len = 20;
		off[i] = m[i]->data_off;
	}
	LO_ASSERT_EQ(tx_all(port, 0, m, VIS_N), VIS_N);
	got = rte_eth_rx_burst(port, 0, r, BURST);
	for (i = 0; i < got && i < VIS_N; i++) {
		if (r[i] != m[i] || !bytes_equal(r[i], f[i].b, PKT_LEN) ||
				r[i]->vlan_tci != VIS_TCI ||
				r[i]->ol_flags != (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED) ||
				r[i]->l2_len != RTE_ETHER_HDR_LEN + 4 || r[i]->l3_len != 20 ||
				r[i]->data_off != off[i] || r[i]->packet_type != pt) {
			printf("#   frame %u: %s, bytes %s (len %u), vlan_tci %#x, ol_flags %#" PRIx64
				", l2_len %u, l3_len %u, data_off %u (sent at %u), packet_type %#x "
				"(expected %#x)\n", i, r[i] == m[i] ? "the same mbuf" : "another mbuf",
				bytes_equal(r[i], f[i].b, PKT_LEN) ? "as sent" : "differ",
				r[i]->pkt_len, r[i]->vlan_tci, r[i]->ol_flags, r[i]->l2_len,
				r[i]->l3_len, r[i]->data_off, off[i], r[i]->packet_type, pt);
			failed++;
		}
	}
	rte_pktmbuf_free_bulk(r, got);
	LO_ASSERT_EQ(got, VIS_N);
	LO_ASSERT(failed == 0, "%u of %u frames not as expected", failed, VIS_N);
	return 0;
}

/*
 * A frame of len bytes (12 to 14: the MACs, then what fits of the
 * Ethernet type 0x0800) asking for the tag, through the insert+strip port.
 * From 14 bytes on it is an Ethernet header, its tag inserted and stripped
 * (not done): back as sent; shorter, rte_vlan_insert then the generic strip
 * rule (a tagged header, 18 bytes, is not there): the tag stays in the
 * bytes, no RX_VLAN flag. *wire: the bytes the sender sent.
 */
static int
vis_short(uint16_t port, uint16_t len, uint64_t *wire)
{
	uint8_t frame[14], tagged[18];
	struct rte_mbuf *m, *r = NULL;
	const bool strip = len >= RTE_ETHER_HDR_LEN;
	uint16_t off;

	memset(frame, 0, sizeof(frame));
	memcpy(frame, (const uint8_t[]){ 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01 }, 12);
	put16(frame + 12, RTE_ETHER_TYPE_IPV4);
	memcpy(tagged, frame, 12);
	put16(tagged + 12, RTE_ETHER_TYPE_VLAN);
	put16(tagged + 14, VIS_TCI);
	memcpy(tagged + 16, frame + 12, len - 12);
	m = rte_pktmbuf_alloc(pool);
	LO_ASSERT(m != NULL, "no mbuf");
	LO_ASSERT(rte_pktmbuf_append(m, len) != NULL, "append");
	memcpy(rte_pktmbuf_mtod(m, void *), frame, len);
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = VIS_TCI;
	off = m->data_off;
	LO_ASSERT_EQ(tx_all(port, 0, &m, 1), 1);
	LO_ASSERT_EQ(rte_eth_rx_burst(port, 0, &r, 1), 1);
	if (r != m || !bytes_equal(r, strip ? frame : tagged, strip ? len : len + 4) ||
			r->ol_flags != (strip ? RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED : 0) ||
			r->l2_len != 4 || r->data_off != (strip ? off : off - 4) ||
			(strip && r->vlan_tci != VIS_TCI)) {
		printf("#   %u-byte frame: %s, len %u, bytes %s, ol_flags %#" PRIx64 ", l2_len %u, "
			"data_off %u (sent at %u), vlan_tci %#x; expected %s\n", len,
			r == m ? "the same mbuf" : "another mbuf", r->pkt_len,
			bytes_equal(r, strip ? frame : tagged, strip ? len : len + 4) ?
			"as expected" : "differ", r->ol_flags, r->l2_len, r->data_off, off,
			r->vlan_tci, strip ? "stripped" : "tagged, not stripped");
		rte_pktmbuf_free(r);
		return -1;
	}
	rte_pktmbuf_free(r);
	*wire += len + 4;
	return 0;
}

/*
 * VLAN insert on tx and strip on rx of the same port: the frame is never
 * touched, the tag leaves what a real insert and strip leave (vlan_tci,
 * the flags, l2_len + 4); the sender counts the tag, the receiver not.
 * Frames too short for an Ethernet header go the generic way; with packet
 * types on (asked as l3fwd asks), the stripped frame's type.
 */
static int
test_vlan_insert_strip_elided(void)
{
	const uint32_t pt = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP;
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	uint32_t ptypes[16];
	uint64_t wire = 0;
	uint16_t port, len;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_VLAN_INSERT;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	if (vis_run(port, 0, RTE_PTYPE_UNKNOWN) != 0)
		return -1;
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, VIS_N);
	LO_ASSERT_EQ(st.ipackets, VIS_N);
	LO_ASSERT_EQ(st.obytes, VIS_N * (PKT_LEN + 4));
	LO_ASSERT_EQ(st.ibytes, VIS_N * PKT_LEN);
	/* 12 and 13 bytes: inserted for real, not stripped; 14: a header, not touched */
	for (len = 12; len <= 14; len++)
		if (vis_short(port, len, &wire) != 0)
			return -1;
	LO_ASSERT_EQ(rte_eth_stats_get(port, &st), 0);
	LO_ASSERT_EQ(st.opackets, VIS_N + 3);
	LO_ASSERT_EQ(st.ipackets, VIS_N + 3);
	LO_ASSERT_EQ(st.obytes, VIS_N * (PKT_LEN + 4) + wire);
	/* the receiver gets the 12- and 13-byte frames with their tag, the 14 without */
	LO_ASSERT_EQ(st.ibytes, VIS_N * PKT_LEN + wire - 4);
	LO_ASSERT_EQ(st.oerrors, 0);

	/* packet types asked after start, as l3fwd asks: from the next burst */
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L3_MASK, NULL, 0) > 0,
		"no L3 type listed");
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L3_MASK, ptypes,
		RTE_DIM(ptypes)) > 0, "no L3 type listed");
	if (vis_run(port, 100, pt) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/*
 * The checksum and Toeplitz variants this process runs, as the driver
 * picks them (the CPU's flags, EAL's SIMD width): named at the end of the
 * offload path's tx burst mode, and on no other path.
 */
static void
variant_expected(uint16_t bits, char *want, size_t size)
{
	const char *sum = "scalar", *tp = "table";

#ifdef RTE_ARCH_X86
	if (bits >= RTE_VECT_SIMD_512 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512F) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512BW) > 0)
		sum = "avx512";
	else if (bits >= RTE_VECT_SIMD_256 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) > 0)
		sum = "avx2";
	if (bits >= RTE_VECT_SIMD_512 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_GFNI) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512F) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512BW) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512DQ) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512VL) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512VBMI) > 0)
		tp = "gfni";
#else
	RTE_SET_USED(bits);
#endif
	snprintf(want, size, "; checksum %s, Toeplitz %s", sum, tp);
}

/* The tx burst mode of port's queue 0 ends with want. */
static int
mode_ends_with(uint16_t port, const char *want)
{
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
	size_t ml, wl = strlen(want);

	if (tx_mode_of(port, mode, sizeof(mode)) != 0)
		return -1;
	printf("# tx burst mode: \"%s\" (max SIMD %u bits)\n", mode,
		rte_vect_get_max_simd_bitwidth());
	ml = strlen(mode);
	LO_ASSERT(ml >= wl && strcmp(mode + ml - wl, want) == 0,
		"tx burst mode \"%s\" does not end with \"%s\"", mode, want);
	return 0;
}

static int
test_offload_variant_named(void)
{
	const uint16_t bits = rte_vect_get_max_simd_bitwidth();
	char want[96], mode[RTE_ETH_BURST_MODE_INFO_SIZE];
	struct rte_eth_conf conf;
	uint16_t port;
	int ret;

	variant_expected(bits, want, sizeof(want));
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	if (mode_ends_with(port, want) != 0)
		return -1;
	if (tx_mode_of(port, mode, sizeof(mode)) != 0)
		return -1;
	LO_ASSERT(strncmp(mode, "offloads: checksum check;", 25) == 0,
		"tx burst mode \"%s\": not the offload path with the checksum check", mode);
	LO_ASSERT_EQ(port_remove(port), 0);

	/* the default path: no offload variant runs, none is named */
	LO_ASSERT_EQ(port_open("", 1, 1, NULL, &port), 0);
	if (tx_mode_of(port, mode, sizeof(mode)) != 0)
		return -1;
	printf("# tx burst mode without offloads: \"%s\"\n", mode);
	LO_ASSERT(strstr(mode, "Toeplitz") == NULL && strstr(mode, "checksum") == NULL,
		"tx burst mode \"%s\" names an offload variant", mode);
	LO_ASSERT_EQ(port_remove(port), 0);

	/* the width lowered at run time: the next start picks scalar, then back */
	ret = rte_vect_set_max_simd_bitwidth(RTE_VECT_SIMD_DISABLED);
	if (ret != 0) {
		LO_ASSERT_EQ(ret, -EPERM);	/* --force-max-simd-bitwidth given */
		printf("# SIMD width forced on the command line: not changed at run time\n");
		return 0;
	}
	ret = port_open("", 1, 1, &conf, &port);
	if (ret == 0)
		ret = mode_ends_with(port, "; checksum scalar, Toeplitz table");
	LO_ASSERT_EQ(rte_vect_set_max_simd_bitwidth(bits), 0);
	LO_ASSERT_EQ(ret, 0);
	LO_ASSERT_EQ(rte_eth_dev_stop(port), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	if (mode_ends_with(port, want) != 0)
		return -1;
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* What the receiver sees of a packet. */
struct rx_view {
	uint64_t ol_flags;
	uint32_t packet_type, hash;
	uint16_t q, nb_segs;
	bool got;
};

enum fg_mangle { FG_GOOD, FG_BAD_IP, FG_BAD_L4, FG_L4_ZERO, FG_MANGLES };
static const char *const fg_mangle_name[FG_MANGLES] = { "good", "bad IP", "bad L4",
	"L4 cksum 0" };

#define FG_MAX	64

/* Frame i of the fast/generic set: its flow and how its checksums are spoiled; false: none. */
static bool
fg_frame(unsigned int i, struct flow *fl, enum fg_mangle *mg, struct frame *f)
{
	static const uint8_t kinds[4][2] = {
		{ 4, IPPROTO_UDP }, { 4, IPPROTO_TCP }, { 6, IPPROTO_UDP }, { 6, IPPROTO_TCP },
	};
	/* 16 bytes: summed inline; 1001: the SIMD variant's long sum, an odd tail */
	static const uint16_t payload[2] = { 16, 1001 };
	const unsigned int k = i % 4, p = i / 4 % 2;
	uint16_t ck_at;

	*mg = (enum fg_mangle)(i / 8);
	if (*mg >= FG_MANGLES)
		return false;
	*fl = rss_flow(i);
	fl->l3 = kinds[k][0];
	fl->proto = kinds[k][1];
	fl->frag = false;
	fl->ext = false;
	fl->nb_vlan = 0;
	fl->payload_len = payload[p];
	if (*mg == FG_BAD_IP && fl->l3 != 4)
		*mg = FG_GOOD;	/* no such frame: a good one instead */
	/* left 0: "none" for UDP/IPv4 only; BAD for TCP, and for UDP/IPv6 (RFC 8200 8.1) */
	fl->udp_zero = *mg == FG_L4_ZERO;
	build_frame(fl, i, f);
	ck_at = f->l4_off + (fl->proto == IPPROTO_TCP ? 16 : 6);
	if (*mg == FG_BAD_IP)
		f->b[f->l3_off + 10] ^= 0x5a;
	else if (*mg == FG_BAD_L4)
		f->b[ck_at + 1] ^= 0x01;
	return true;
}

/* The same view: flags, type, hash and queue. */
static bool
view_eq(const struct rx_view *a, const struct rx_view *b)
{
	return a->ol_flags == b->ol_flags && a->packet_type == b->packet_type &&
		a->hash == b->hash && a->q == b->q;
}

/*
 * The fast/generic set through port (4 rx queues): each frame in one
 * segment (layout 0: the fast path takes it), or in two, cut after the IP
 * header (1) or after the L4 header (2): the generic path. Its view in v[].
 */
static int
fg_run(uint16_t port, unsigned int layout, struct rx_view *v, unsigned int *n)
{
	static struct rte_mbuf *rx[MAX_RX];
	static uint16_t rxq[MAX_RX];
	unsigned int i, got;

	memset(v, 0, FG_MAX * sizeof(*v));
	for (i = 0; i < FG_MAX; i++) {
		struct flow fl;
		struct frame f;
		enum fg_mangle mg;
		struct rte_mbuf *m;
		uint16_t cut;

		if (!fg_frame(i, &fl, &mg, &f))
			break;
		cut = layout == 1 ? f.l4_off : f.l4_off + (fl.proto == IPPROTO_TCP ? 20 : 8);
		m = layout == 0 ? frame_mbuf(&f) : frame_mbuf_segs(&f, &cut, 1);
		LO_ASSERT(m != NULL, "no mbuf");
		LO_ASSERT(tx_all(port, 0, &m, 1) == 1, "frame %u not sent", i);
	}
	*n = i;
	got = rx_all(port, 4, rx, rxq, MAX_RX);
	for (i = 0; i < got; i++) {
		uint32_t s = frame_seq(rx[i]);

		if (s >= *n || v[s].got) {
			rte_pktmbuf_free_bulk(rx, got);
			LO_ASSERT(false, "frame %u unknown or seen twice", s);
		}
		v[s].got = true;
		v[s].ol_flags = rx[i]->ol_flags;
		v[s].packet_type = rx[i]->packet_type;
		v[s].hash = rx[i]->hash.rss;
		v[s].q = rxq[i];
		v[s].nb_segs = rx[i]->nb_segs;
	}
	rte_pktmbuf_free_bulk(rx, got);
	LO_ASSERT(got == *n, "%u of %u frames received (layout %u)", got, *n, layout);
	return 0;
}

/*
 * The fast/generic set through port, started (again) now, and compared:
 * each view the reference's, the generic path's the fast path's. Every
 * frame not as expected is reported; returns how many.
 */
static unsigned int
fg_compare(uint16_t port)
{
	static struct rx_view v[3][FG_MAX];
	static const char *const layout_name[3] = { "1 segment", "cut after IP",
		"cut after L4" };
	char mode[RTE_ETH_BURST_MODE_INFO_SIZE];
	uint8_t key[40];
	uint16_t reta[128];
	uint64_t hf;
	unsigned int i, l, n = 0, failed = 0;

	if (tx_mode_of(port, mode, sizeof(mode)) != 0 ||
			rss_read_back(port, key, &hf, reta) != 0)
		return 1;
	printf("# max SIMD %u bits: \"%s\"\n", rte_vect_get_max_simd_bitwidth(), mode);
	if (hf != RSS_ALL) {
		printf("#   rss_hf %#" PRIx64 ", expected %#" PRIx64 "\n", hf, (uint64_t)RSS_ALL);
		return 1;
	}
	for (l = 0; l < 3; l++)
		if (fg_run(port, l, v[l], &n) != 0)
			return 1;
	for (i = 0; i < n; i++) {
		struct flow fl;
		struct frame f;
		enum fg_mangle mg;
		struct rx_view ref;
		uint8_t in[40];

		fg_frame(i, &fl, &mg, &f);
		ref.ol_flags = ck_flags_of(&f, fl.l3, fl.proto) | RTE_MBUF_F_RX_RSS_HASH;
		ref.packet_type = RTE_PTYPE_L2_ETHER |
			(fl.l3 == 4 ? RTE_PTYPE_L3_IPV4 : RTE_PTYPE_L3_IPV6) |
			(fl.proto == IPPROTO_TCP ? RTE_PTYPE_L4_TCP : RTE_PTYPE_L4_UDP);
		ref.hash = toeplitz(key, in, rss_tuple(&fl, RSS_ALL, in));
		ref.q = reta[ref.hash % 128];
		for (l = 0; l < 3; l++) {
			const struct rx_view *g = &v[l][i];

			if (!view_eq(g, &ref) || !view_eq(g, &v[0][i]) ||
					g->nb_segs != (l == 0 ? 1 : 2)) {
				printf("#   frame %u (IPv%u %s, %u payload bytes, %s; %s): ol_flags %#"
					PRIx64 " packet_type %#x hash %#x q%u; expected %#" PRIx64
					" %#x %#x q%u%s\n", i, fl.l3,
					fl.proto == IPPROTO_TCP ? "TCP" : "UDP", fl.payload_len,
					fg_mangle_name[mg], layout_name[l], g->ol_flags,
					g->packet_type, g->hash, g->q, ref.ol_flags,
					ref.packet_type, ref.hash, ref.q,
					l > 0 && !view_eq(g, &v[0][i]) ?
					" (and not the fast path's view)" : "");
				failed++;
			}
		}
	}
	return failed;
}

/*
 * The same IPv4/IPv6 TCP/UDP frames, good and with bad checksums, short
 * and long, in one segment (the fast path) and in two (the generic one):
 * the same ol_flags, packet_type, hash and rx queue, and those the
 * reference's (the bytes' checksums, DPDK's type, Toeplitz and RETA).
 * At EAL's SIMD width, then, where it is not forced on the command line,
 * at 512 bits (AVX-512 sums and GFNI Toeplitz where the CPU has them; no
 * test runs at 512 otherwise, EAL's default on x86 being 256) and at 64.
 */
static int
test_fast_generic_same_view(void)
{
	const uint16_t bits = rte_vect_get_max_simd_bitwidth();
	static const uint16_t other[2] = { RTE_VECT_SIMD_512, RTE_VECT_SIMD_DISABLED };
	struct rte_eth_conf conf;
	unsigned int failed, w;
	uint16_t port;
	char name[32];

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RX_CK_OFFLOADS | RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS_ALL;
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 4, 1, &conf, pool), 0);
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_L3_MASK, NULL, 0) > 0,
		"no L3 type listed");
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	failed = fg_compare(port);
	for (w = 0; w < RTE_DIM(other) && failed == 0; w++) {
		if (other[w] == bits)
			continue;
		if (rte_vect_set_max_simd_bitwidth(other[w]) != 0)
			break;	/* forced on the command line */
		/* the variant is picked at start (lo_offload_select) */
		if (rte_eth_dev_stop(port) != 0 || rte_eth_dev_start(port) != 0)
			failed++;
		else
			failed = fg_compare(port);
		LO_ASSERT_EQ(rte_vect_set_max_simd_bitwidth(bits), 0);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	LO_ASSERT(failed == 0, "%u views not as expected", failed);
	return 0;
}

/*
 * One frame of the long-sum set: IPv4/UDP (kind 0) or IPv6/TCP (1) whose
 * L4 span is span bytes, its payload filled by pattern (0: zero bytes,
 * 1: 0xff, 2: words 0x8000, 3: pseudo-random), its checksums right, then
 * one bit flipped where bad. The last 4 payload bytes keep the sequence.
 */
static void
ls_frame(unsigned int kind, unsigned int pattern, uint16_t span, bool bad, uint32_t seq,
	struct flow *fl, struct frame *f)
{
	const uint16_t hdr = kind == 0 ? 8 : 20, ck_at = kind == 0 ? 6 : 16;
	uint32_t r = seq * 2654435761u + span;
	uint16_t i, c, from;

	*fl = flow_of(kind == 0 ? 4 : 6, kind == 0 ? IPPROTO_UDP : IPPROTO_TCP);
	fl->payload_len = span - hdr;
	build_frame(fl, seq, f);
	from = f->l4_off + hdr;
	for (i = from; i < f->len - 4; i++) {
		r = r * 1103515245u + 12345u;
		f->b[i] = pattern == 0 ? 0 : pattern == 1 ? 0xff :
			pattern == 2 ? ((i - from) % 2 == 0 ? 0x80 : 0) : (uint8_t)(r >> 16);
	}
	put16(f->b + f->l4_off + ck_at, 0);
	c = l4_verify(f, fl->proto);
	put16(f->b + f->l4_off + ck_at, c == 0 && kind == 0 ? 0xffff : c);
	if (bad)
		f->b[f->len - 5] ^= 0x10;
}

/* The long-sum set through port, one frame a burst; how many got wrong flags. */
static unsigned int
ls_run(uint16_t port)
{
	static const uint16_t spans[][2] = { { 65, 320 }, { 1400, 1472 } };
	unsigned int kind, pattern, g, failed = 0, sent = 0;
	uint32_t seq = 0;

	for (kind = 0; kind < 2; kind++)
	for (pattern = 0; pattern < 4; pattern++)
	for (g = 0; g < RTE_DIM(spans); g++) {
		uint16_t span;

		for (span = spans[g][0]; span <= spans[g][1]; span++) {
			unsigned int bad;

			for (bad = 0; bad < 2; bad++) {
				struct rte_mbuf *m, *r = NULL;
				struct flow fl;
				struct frame f;
				uint64_t want, got;

				ls_frame(kind, pattern, span, bad != 0, seq++, &fl, &f);
				want = ck_flags_of(&f, fl.l3, fl.proto);
				m = frame_mbuf(&f);
				if (m == NULL || tx_all(port, 0, &m, 1) != 1 ||
						rte_eth_rx_burst(port, 0, &r, 1) != 1) {
					printf("#   span %u: frame not looped\n", span);
					return failed + 1;
				}
				sent++;
				got = r->ol_flags & (CK_IP_MASK | CK_L4_MASK);
				if (got != want || (bad != 0) != ((want & L4_BAD) != 0)) {
					if (failed < 8)
						printf("#   %s, pattern %u, L4 span %u, %s: "
							"flags %#" PRIx64 ", expected %#" PRIx64 "\n",
							kind == 0 ? "IPv4/UDP" : "IPv6/TCP", pattern,
							span, bad ? "bad" : "good", got, want);
					failed++;
				}
				rte_pktmbuf_free(r);
			}
		}
	}
	printf("# max SIMD %u bits: %u frames, %u with wrong flags\n",
		rte_vect_get_max_simd_bitwidth(), sent, failed);
	return failed;
}

/*
 * The long sums (lo_sum_long) where each variant splits a span: every L4
 * length from 65 to 320 bytes (each tail of a 128-byte block, twice) and
 * 1400 to 1472, over bytes that test the sums' corners (zeros, all ones,
 * words 0x8000: the sign the multiply-add flips, random), good and with a
 * bit flipped: the flags the bytes' checksums give, at EAL's SIMD width
 * and, where not forced, at 512 and at 64 bits.
 */
static int
test_long_sums(void)
{
	const uint16_t bits = rte_vect_get_max_simd_bitwidth();
	static const uint16_t other[2] = { RTE_VECT_SIMD_512, RTE_VECT_SIMD_DISABLED };
	struct rte_eth_conf conf;
	unsigned int failed, w;
	uint16_t port;
	char name[32];

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RX_CK_OFFLOADS;
	fresh_name(name, sizeof(name));
	LO_ASSERT_EQ(port_probe(name, "", &port), 0);
	LO_ASSERT_EQ(port_setup(port, 1, 1, &conf, pool), 0);
	LO_ASSERT_EQ(rte_eth_dev_start(port), 0);
	failed = ls_run(port);
	for (w = 0; w < RTE_DIM(other); w++) {
		if (other[w] == bits)
			continue;
		if (rte_vect_set_max_simd_bitwidth(other[w]) != 0)
			break;	/* forced on the command line */
		if (rte_eth_dev_stop(port) != 0 || rte_eth_dev_start(port) != 0)
			failed++;
		else
			failed += ls_run(port);
		LO_ASSERT_EQ(rte_vect_set_max_simd_bitwidth(bits), 0);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	LO_ASSERT(failed == 0, "%u frames with wrong checksum flags", failed);
	return 0;
}

/*
 * The checksum the sender wrote, then a tag stripped: the bytes moved, so
 * the receiver checks the frame as it is. A tagged IPv4/UDP frame whose
 * mbuf says l2_len 14 (4 short): tx sums the wrong 20 bytes and writes
 * into the real header's flags, so the header stays BAD.
 */
static int
test_tx_cksum_then_strip(void)
{
	struct flow fl = flow_of(4, IPPROTO_UDP);
	struct rte_eth_conf conf;
	struct rte_mbuf *m, *r[BURST];
	struct frame f;
	uint16_t port, got;
	uint64_t fl_ip;

	fl.nb_vlan = 1;
	build_frame(&fl, 1, &f);
	put16(f.b + f.l3_off + 10, get16(f.b + f.l3_off + 10) ^ 0x5a5a);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RX_CK_OFFLOADS | RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	conf.txmode.offloads = TX_CK_OFFLOADS;
	LO_ASSERT_EQ(port_open("", 1, 1, &conf, &port), 0);
	m = frame_mbuf(&f);
	LO_ASSERT(m != NULL, "no mbuf");
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	m->l2_len = RTE_ETHER_HDR_LEN;
	m->l3_len = sizeof(struct rte_ipv4_hdr);
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, &m, 1), 1);
	got = rte_eth_rx_burst(port, 0, r, BURST);
	LO_ASSERT_EQ(got, 1);
	fl_ip = r[0]->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	LO_ASSERT((r[0]->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) != 0, "tag not stripped");
	rte_pktmbuf_free(r[0]);
	LO_ASSERT_HEX(fl_ip, RTE_MBUF_F_RX_IP_CKSUM_BAD);
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

/* RSS and packet types without rx checksums: no checksum flag on any packet. */
static int
test_rss_ptypes_no_cksum(void)
{
	struct rte_mbuf *m[8], *r[MAX_RX];
	struct rte_eth_conf conf;
	uint16_t port, q[MAX_RX];
	unsigned int i, got;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_RSS_HASH;
	conf.rx_adv_conf.rss_conf.rss_hf = RSS1_HF;
	LO_ASSERT_EQ(port_open("", 2, 1, &conf, &port), 0);
	LO_ASSERT(rte_eth_dev_get_supported_ptypes(port, RTE_PTYPE_ALL_MASK, NULL, 0) > 0,
		"no packet types");
	for (i = 0; i < RTE_DIM(m); i++) {
		struct flow fl = rss1_flow(i);
		struct frame f;

		build_frame(&fl, i, &f);
		m[i] = frame_mbuf(&f);
		LO_ASSERT(m[i] != NULL, "no mbuf");
	}
	LO_ASSERT_EQ(rte_eth_tx_burst(port, 0, m, RTE_DIM(m)), RTE_DIM(m));
	got = rx_all(port, 2, r, q, MAX_RX);
	LO_ASSERT_EQ(got, RTE_DIM(m));
	for (i = 0; i < got; i++) {
		const uint64_t ofl = r[i]->ol_flags;
		const uint32_t pt = r[i]->packet_type;

		rte_pktmbuf_free(r[i]);
		LO_ASSERT_HEX(ofl, RTE_MBUF_F_RX_RSS_HASH);
		LO_ASSERT_HEX(pt, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
	}
	LO_ASSERT_EQ(port_remove(port), 0);
	return 0;
}

static const struct lo_test_case cases[] = {
	{ "offload capabilities advertised", test_capabilities },
	{ "unequal queue counts 1..8 x 1..8: t -> t % nb_rx, exactly once", test_queue_counts },
	{ "two tx lcores into one rx queue: once each, in order", test_queue_counts_two_lcores },
	{ "reference Toeplitz matches the Microsoft vectors", test_toeplitz_reference },
	{ "RSS: default/custom key and RETA, narrower rss_hf", test_rss },
	{ "rx checksum flags and tx checksum offload", test_checksums },
	{ "packet types: the supported list is the spec's", test_ptype_list },
	{ "packet types: parsed when asked, masked, off", test_ptypes },
	{ "rx metadata cleaned; byte_stats=off untouched", test_metadata },
	{ "VLAN insert, strip, round trip", test_vlan },
	{ "rx timestamp: TSC of the tx call, non-decreasing", test_timestamp },
	{ "two tx lcores through RSS and through a pair: once each, in order",
		test_two_lcores_rss_and_pair },
	{ "rx timestamp: non-decreasing with two tx lcores on one rx queue",
		test_timestamp_two_lcores },
	{ "pairs: both ways, shared link, peer taken", test_pairs },
	{ "bad peers fail probe or start cleanly", test_bad_peers },
	{ "copy mode never aliases; off passes the mbuf", test_copy_mode },
	{ "desc lims seg max; scattered_rx follows SCATTER", test_desc_lims_scatter },
	{ "every offload at once: bytes, flags, hash, stamp", test_offloads_together },
	{ "copy mode with tx offloads leaves the sender's buffer alone", test_copy_mode_offloads },
	{ "pairs: RSS and checksums by each side's config", test_pair_receiver_config },
	{ "multi-segment packets through checksums, RSS and VLAN strip", test_multiseg_offloads },
	{ "multi-segment checksums over odd-length payload segments", test_multiseg_odd_payload },
	{ "multi-segment packets cut inside the headers", test_multiseg_split_headers },
	{ "RSS on one rx queue: a hash only when RSS_HASH is asked", test_rss_one_queue },
	{ "tx checksum written: rx GOOD without a second sum, where it is at the same place",
		test_tx_cksum_written },
	{ "RSS into rings that fill: the prefix sent, the rest untouched", test_rss_ring_full },
	{ "VLAN insert then strip: the frame untouched, the tag's trace kept",
		test_vlan_insert_strip_elided },
	{ "offload path variant named in the tx burst mode", test_offload_variant_named },
	{ "fast and generic frames give the same view", test_fast_generic_same_view },
	{ "long checksum sums: every tail, zeros, ones, 0x8000 words", test_long_sums },
	{ "a sender's checksum, then a stripped tag: checked as it is", test_tx_cksum_then_strip },
	{ "RSS and packet types without rx checksums: no checksum flags",
		test_rss_ptypes_no_cksum },
};

static int
record_baseline(void)
{
	pool_in_use_at_start = rte_mempool_in_use_count(pool);
	pool2_in_use_at_start = rte_mempool_in_use_count(pool2);
	ports_at_start = rte_eth_dev_count_avail();
	return 0;
}

/*
 * After every case both mempools hold exactly what they held before it,
 * and no port is left; ports a failed case left behind are removed so the
 * next case starts clean.
 */
static int
check_no_leak(void)
{
	unsigned int in_use = rte_mempool_in_use_count(pool);
	unsigned int in_use2 = rte_mempool_in_use_count(pool2);
	uint16_t left = rte_eth_dev_count_avail();
	struct rte_eth_dev_info info;
	uint16_t port;
	int ret = 0;

	if (left != ports_at_start) {
		printf("#   %u ports left, %u before the case\n", left, ports_at_start);
		RTE_ETH_FOREACH_DEV(port) {
			if (rte_eth_dev_info_get(port, &info) == 0 &&
					strncmp(rte_dev_name(info.device), "net_lo", 6) == 0)
				port_remove(port);
		}
		ret = -1;
		in_use = rte_mempool_in_use_count(pool);
		in_use2 = rte_mempool_in_use_count(pool2);
	}
	if (in_use != pool_in_use_at_start) {
		printf("#   mbuf leak: %u in use, %u before the case\n", in_use, pool_in_use_at_start);
		ret = -1;
	}
	if (in_use2 != pool2_in_use_at_start) {
		printf("#   mbuf leak in the rx pool: %u in use, %u before the case\n", in_use2,
			pool2_in_use_at_start);
		ret = -1;
	}
	return ret;
}

int
main(int argc, char **argv)
{
	char file_prefix[64], run_dir[PATH_MAX], lcores[64];
	const char *const own[] = { lcores, "--no-huge", "-m", "512", "--no-pci", "--no-shconf",
		file_prefix, NULL };
	int ret;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/librte_net_lo.so [EAL options]\n", argv[0]);
		return 1;
	}
	snprintf(file_prefix, sizeof(file_prefix), "--file-prefix=netlo-offload-%d", getpid());
	/* two lcores, on the first two CPUs of this process's set (or both on one) */
	{
		int c, cpu[2] = { 0, 0 }, n = 0;
		cpu_set_t set;

		if (sched_getaffinity(0, sizeof(set), &set) == 0)
			for (c = 0; c < CPU_SETSIZE && n < 2; c++)
				if (CPU_ISSET(c, &set))
					cpu[n++] = c;
		snprintf(lcores, sizeof(lcores), "--lcores=0@%d,1@%d", cpu[0],
			n > 1 ? cpu[1] : cpu[0]);
	}
	if (lo_test_eal_init(argv[0], own, argv[1], argc - 2, argv + 2) < 0) {
		printf("1..0 # SKIP EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	pool = rte_pktmbuf_pool_create("netlo_offload", NB_MBUF, 32, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	pool2 = rte_pktmbuf_pool_create("netlo_offload_rx2", NB_MBUF_RX2, 0, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL || pool2 == NULL) {
		printf("Bail out! cannot create the mbuf pools: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	ret = lo_test_run(cases, RTE_DIM(cases), record_baseline, check_no_leak);
	rte_mempool_free(pool2);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	/* leave the machine as found: EAL leaves its runtime directory behind */
	if (strstr(run_dir, "/netlo-offload-") != NULL)
		nftw(run_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
