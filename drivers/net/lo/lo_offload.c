/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * lo_tx_full: the tx function for what the default path leaves out, picked
 * at start only when the application asked for it: RSS on the receiving
 * port, its rx offloads (checksums, packet types, VLAN strip, timestamps),
 * the sender's tx offloads (checksums, VLAN insert) and copy mode. It does
 * what a NIC and the wire between two NICs would: the sender's offloads
 * are applied to the frame, then the receiver's view of it is computed.
 *
 * A burst goes in chunks, each in three passes:
 * 1. read only: which rx queue each packet goes to (RSS hash or the queue's
 *    fixed one), its copy, whether it can be sent at all;
 * 2. reserve slots on each ring the chunk needs, in ascending queue order
 *    (with several producers, HTS rings, any order would let two senders
 *    each hold the ring the other waits for), and find the prefix of the
 *    chunk that fits: the caller keeps everything from the first packet
 *    whose ring is full, untouched;
 * 3. apply the offloads to that prefix, fill the slots, release the rings.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <ethdev_driver.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_net.h>
#include <rte_ring.h>
#include <rte_ring_peek_zc.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "lo.h"

#define LO_FULL_CHUNK	32
#define LO_PARSED	(RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK | RTE_PTYPE_L4_MASK)

/* Where a packet of a chunk goes: a span index, or one of these. */
#define LO_TO_ERROR	0xfe	/* freed: an offload could not be applied */
#define LO_TO_NOMBUF	0xff	/* freed: no mbuf for its copy */

/*
 * The packet's types and header lengths, as rte_net_get_ptype gives them,
 * plus L4_ICMP, which it leaves out: IPv4 protocol 1, or IPv6 next header
 * 58 right after the fixed header, not a fragment.
 */
static uint32_t
lo_parse(const struct rte_mbuf *m, struct rte_net_hdr_lens *hl)
{
	uint32_t pt = rte_net_get_ptype(m, hl, LO_PARSED);
	const uint8_t *proto;
	uint8_t buf;

	if ((pt & RTE_PTYPE_L4_MASK) != 0)
		return pt;
	if (RTE_ETH_IS_IPV4_HDR(pt)) {
		proto = rte_pktmbuf_read(m, hl->l2_len + offsetof(struct rte_ipv4_hdr,
			next_proto_id), 1, &buf);
		if (proto != NULL && *proto == IPPROTO_ICMP)
			pt |= RTE_PTYPE_L4_ICMP;
	} else if ((pt & RTE_PTYPE_L3_MASK) == RTE_PTYPE_L3_IPV6) {
		proto = rte_pktmbuf_read(m, hl->l2_len + offsetof(struct rte_ipv6_hdr, proto),
			1, &buf);
		if (proto != NULL && *proto == IPPROTO_ICMPV6)
			pt |= RTE_PTYPE_L4_ICMP;
	}
	return pt;
}

/*
 * Toeplitz by table: the hash is the XOR, over the tuple's set bits, of the
 * 32 key bits starting at that bit's position. rss_nibble[p][v] holds the
 * XOR for nibble value v at the tuple's nibble p, so a hash is one lookup
 * per nibble instead of a test per bit (24 lookups for IPv4 with ports).
 */
void
lo_rss_key_set(struct lo_rx_features *rxf, const uint8_t *key)
{
	unsigned int p, v, b;

	memcpy(rxf->rss_key, key, LO_RSS_KEY_LEN);
	for (p = 0; p < 2 * LO_RSS_TUPLE_MAX; p++)
		for (v = 0; v < 16; v++) {
			uint32_t h = 0;

			for (b = 0; b < 4; b++) {
				const unsigned int bit = 4 * p + b;	/* in the tuple, from its MSB */
				uint64_t w = 0;
				unsigned int i;

				if (((v >> (3 - b)) & 1) == 0)
					continue;
				/* the key's 32 bits from bit `bit` on, big-endian */
				for (i = 0; i < 5; i++)
					w = w << 8 | (bit / 8 + i < LO_RSS_KEY_LEN ? key[bit / 8 + i] : 0);
				h ^= (uint32_t)(w >> (8 - bit % 8));
			}
			rxf->rss_nibble[p][v] = h;
		}
}

static uint32_t
lo_toeplitz(const struct lo_rx_features *rxf, const uint8_t *tuple, unsigned int len)
{
	uint32_t h = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		h ^= rxf->rss_nibble[2 * i][tuple[i] >> 4] ^ rxf->rss_nibble[2 * i + 1][tuple[i] & 15];
	return h;
}

/*
 * The Toeplitz hash of a packet over the tuple its type and the enabled
 * RSS types call for: addresses and ports of a TCP or UDP packet that is
 * not a fragment when its NONFRAG_*_TCP/UDP type is on; else addresses
 * only, when the IPV4/IPV6 type is on, or FRAG_* for a fragment, or
 * NONFRAG_*_OTHER for other protocols. False: not hashed.
 */
/* What RSS hashes of one IP version: where the addresses are, which types. */
struct lo_rss_family {
	unsigned int addr_off;	/* source address, then destination */
	unsigned int alen;	/* bytes of one address */
	uint64_t all, fragment, tcp, udp, other;	/* RTE_ETH_RSS_* */
};

static const struct lo_rss_family lo_rss_v4 = {
	offsetof(struct rte_ipv4_hdr, src_addr), 4, RTE_ETH_RSS_IPV4, RTE_ETH_RSS_FRAG_IPV4,
	RTE_ETH_RSS_NONFRAG_IPV4_TCP, RTE_ETH_RSS_NONFRAG_IPV4_UDP, RTE_ETH_RSS_NONFRAG_IPV4_OTHER,
};
static const struct lo_rss_family lo_rss_v6 = {
	offsetof(struct rte_ipv6_hdr, src_addr), 16, RTE_ETH_RSS_IPV6, RTE_ETH_RSS_FRAG_IPV6,
	RTE_ETH_RSS_NONFRAG_IPV6_TCP, RTE_ETH_RSS_NONFRAG_IPV6_UDP, RTE_ETH_RSS_NONFRAG_IPV6_OTHER,
};

bool
lo_rss_hash(const struct lo_rx_features *rxf, const struct rte_mbuf *m, uint32_t *hash)
{
	const uint64_t hf = rxf->rss_hf;
	struct rte_net_hdr_lens hl;
	const uint32_t pt = rte_net_get_ptype(m, &hl, LO_PARSED);
	const uint32_t l4 = pt & RTE_PTYPE_L4_MASK;
	const bool frag = l4 == RTE_PTYPE_L4_FRAG;
	const bool tcp = l4 == RTE_PTYPE_L4_TCP, udp = l4 == RTE_PTYPE_L4_UDP;
	const struct lo_rss_family *f = RTE_ETH_IS_IPV4_HDR(pt) ? &lo_rss_v4 :
		RTE_ETH_IS_IPV6_HDR(pt) ? &lo_rss_v6 : NULL;
	uint8_t tuple[LO_RSS_TUPLE_MAX], buf[LO_RSS_TUPLE_MAX];
	unsigned int len;
	const void *p;
	bool ports;

	if (f == NULL)
		return false;
	ports = (tcp && (hf & f->tcp) != 0) || (udp && (hf & f->udp) != 0);
	if (!ports && (hf & f->all) == 0 && !(frag && (hf & f->fragment) != 0) &&
			!(!frag && !tcp && !udp && (hf & f->other) != 0))
		return false;

	/* the tuple in wire order: source and destination address, then ports */
	len = 2 * f->alen;
	p = rte_pktmbuf_read(m, hl.l2_len + f->addr_off, len, buf);
	if (p == NULL)
		return false;
	memcpy(tuple, p, len);
	if (ports) {
		p = rte_pktmbuf_read(m, hl.l2_len + hl.l3_len, 4, buf);
		if (p == NULL)
			return false;
		memcpy(tuple + len, p, 4);
		len += 4;
	}
	*hash = lo_toeplitz(rxf, tuple, len);
	return true;
}

/*
 * The segment holding byte *off of a frame that has len bytes from there,
 * with *off made relative to it; NULL when the frame is shorter.
 */
static struct rte_mbuf *
lo_seg_at(const struct rte_mbuf *m, uint32_t *off, uint32_t len)
{
	if ((uint64_t)*off + len > m->pkt_len)
		return NULL;
	for (; m != NULL && *off >= m->data_len; m = m->next)
		*off -= m->data_len;
	return (struct rte_mbuf *)(uintptr_t)m;
}

/* len bytes at off of a frame, across segments; -1 if the frame is shorter. */
static int
lo_mbuf_write(struct rte_mbuf *m, uint32_t off, const void *src, uint32_t len)
{
	const uint8_t *from = src;

	m = lo_seg_at(m, &off, len);
	if (m == NULL)
		return -1;
	for (; m != NULL && len > 0; m = m->next, off = 0) {
		const uint32_t n = RTE_MIN(len, (uint32_t)m->data_len - off);

		memcpy(rte_pktmbuf_mtod_offset(m, uint8_t *, off), from, n);
		from += n;
		len -= n;
	}
	return len == 0 ? 0 : -1;
}

/*
 * The one's complement sum of len bytes at off of a frame, across
 * segments, unfolded, in memory order as rte_raw_cksum sums. A segment
 * that starts at an odd byte of the range has its sum byte-swapped; DPDK
 * 22.11's rte_raw_cksum_mbuf swaps an unfolded sum there and loses carries.
 */
static int
lo_sum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t *sum)
{
	uint32_t s = 0;
	bool odd = false;

	m = lo_seg_at(m, &off, len);
	if (m == NULL)
		return -1;
	for (; m != NULL && len > 0; m = m->next, off = 0) {
		const uint32_t n = RTE_MIN(len, (uint32_t)m->data_len - off);
		uint16_t part = rte_raw_cksum(rte_pktmbuf_mtod_offset(m, const void *, off), n);

		s += odd ? rte_bswap16(part) : part;
		odd ^= n & 1;
		len -= n;
	}
	*sum = s;
	return len == 0 ? 0 : -1;
}

static uint16_t
lo_fold(uint32_t s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/*
 * Where a TCP or UDP checksum covers: from l4_off, l4_len bytes as the IP
 * header says (IPv4 total length less the header; IPv6 payload length less
 * the extension headers, which l3_len includes), with the pseudo header's
 * sum (RFC 768, RFC 8200 8.1). The IPv6 pseudo header's 32-bit length is
 * below 65536 here, so it sums as the IPv4 one's 16 bits do: one layout,
 * addresses, zero, protocol, length, serves both. -1 when the headers do
 * not add up.
 */
static int
lo_l4_span(const struct rte_mbuf *m, uint32_t l3_off, uint32_t l3_len, bool v4, uint8_t proto,
	uint32_t *l4_len, uint32_t *phdr_sum)
{
	const uint32_t len_off = v4 ? offsetof(struct rte_ipv4_hdr, total_length) :
		offsetof(struct rte_ipv6_hdr, payload_len);
	const uint32_t addr_off = v4 ? offsetof(struct rte_ipv4_hdr, src_addr) :
		offsetof(struct rte_ipv6_hdr, src_addr);
	/* IPv4's length counts its header; IPv6's does not count the fixed one */
	const uint32_t len_base = v4 ? 0 : sizeof(struct rte_ipv6_hdr);
	const uint32_t alen = v4 ? 8 : 32;
	uint8_t ph[36], buf[32];
	const uint8_t *p;
	uint32_t len;

	p = rte_pktmbuf_read(m, l3_off + len_off, 2, buf);
	if (p == NULL)
		return -1;
	len = len_base + ((uint32_t)p[0] << 8 | p[1]);
	if (len < l3_len || (uint64_t)l3_off + len > m->pkt_len)
		return -1;
	len -= l3_len;
	p = rte_pktmbuf_read(m, l3_off + addr_off, alen, buf);
	if (p == NULL)
		return -1;
	memcpy(ph, p, alen);
	ph[alen] = 0;
	ph[alen + 1] = proto;
	ph[alen + 2] = (uint8_t)(len >> 8);
	ph[alen + 3] = (uint8_t)len;
	*phdr_sum = rte_raw_cksum(ph, alen + 4);
	*l4_len = len;
	return 0;
}

/*
 * The sender's checksum offloads, as a NIC applies them on the wire: the
 * requested IPv4 header and TCP/UDP checksums written into the frame, at
 * l2_len and l3_len, in any segment. A request the queue did not enable is
 * ignored, as the flag is cleared anyway; one whose headers do not add up
 * is left as it is (a NIC sends garbage in, garbage out).
 */
static void
lo_tx_cksum(struct rte_mbuf *m, uint8_t txf)
{
	const uint64_t fl = m->ol_flags;
	const uint64_t l4 = fl & RTE_MBUF_F_TX_L4_MASK;
	const uint32_t l3_off = m->l2_len, l3_len = m->l3_len, l4_off = l3_off + l3_len;
	const bool v4 = (fl & RTE_MBUF_F_TX_IPV4) != 0;
	uint32_t field, l4_len, sum, body;
	uint8_t hdr[60];
	const uint8_t *p;
	uint8_t proto;
	uint16_t v;

	if (v4 && (fl & RTE_MBUF_F_TX_IP_CKSUM) != 0 && (txf & LO_TXF_IP_CKSUM) != 0 &&
			l3_len >= sizeof(struct rte_ipv4_hdr) && l3_len <= sizeof(hdr)) {
		p = rte_pktmbuf_read(m, l3_off, l3_len, hdr);
		if (p != NULL) {
			memcpy(hdr, p, l3_len);
			memset(&hdr[offsetof(struct rte_ipv4_hdr, hdr_checksum)], 0, 2);
			v = (uint16_t)~rte_raw_cksum(hdr, l3_len);
			lo_mbuf_write(m, l3_off + offsetof(struct rte_ipv4_hdr, hdr_checksum), &v,
				sizeof(v));
		}
	}
	if (l4 == RTE_MBUF_F_TX_UDP_CKSUM && (txf & LO_TXF_UDP_CKSUM) != 0) {
		proto = IPPROTO_UDP;
		field = l4_off + offsetof(struct rte_udp_hdr, dgram_cksum);
	} else if (l4 == RTE_MBUF_F_TX_TCP_CKSUM && (txf & LO_TXF_TCP_CKSUM) != 0) {
		proto = IPPROTO_TCP;
		field = l4_off + offsetof(struct rte_tcp_hdr, cksum);
	} else {
		return;
	}
	if ((!v4 && (fl & RTE_MBUF_F_TX_IPV6) == 0) ||
			lo_l4_span(m, l3_off, l3_len, v4, proto, &l4_len, &sum) != 0 ||
			field + sizeof(v) > l4_off + l4_len)
		return;
	v = 0;
	lo_mbuf_write(m, field, &v, sizeof(v));
	if (lo_sum_mbuf(m, l4_off, l4_len, &body) != 0)
		return;
	v = (uint16_t)~lo_fold(sum + body);
	/* RFC 768: a computed 0 goes out as all ones; 0 means "none" */
	if (v == 0 && proto == IPPROTO_UDP)
		v = 0xffff;
	lo_mbuf_write(m, field, &v, sizeof(v));
}

/*
 * Rx checksum flags from the frame's bytes, in any segment: IPv4 header
 * GOOD/BAD; TCP and UDP GOOD/BAD, but UNKNOWN for a UDP/IPv4 datagram sent
 * without one (checksum 0). Lengths that do not add up are BAD.
 */
static uint64_t
lo_rx_cksum(const struct rte_mbuf *m, uint32_t pt, const struct rte_net_hdr_lens *hl)
{
	const uint32_t l4 = pt & RTE_PTYPE_L4_MASK;
	const uint32_t l3_off = hl->l2_len, l4_off = l3_off + hl->l3_len;
	const bool v4 = RTE_ETH_IS_IPV4_HDR(pt);
	uint32_t l4_len, sum, body;
	uint8_t hdr[60];
	const uint8_t *p;
	uint64_t fl = 0;
	uint8_t proto;

	if (v4) {
		p = hl->l3_len <= sizeof(hdr) ? rte_pktmbuf_read(m, l3_off, hl->l3_len, hdr) : NULL;
		fl |= p != NULL && rte_raw_cksum(p, hl->l3_len) == 0xffff ?
			RTE_MBUF_F_RX_IP_CKSUM_GOOD : RTE_MBUF_F_RX_IP_CKSUM_BAD;
	}
	if (l4 == RTE_PTYPE_L4_TCP) {
		proto = IPPROTO_TCP;
	} else if (l4 == RTE_PTYPE_L4_UDP) {
		proto = IPPROTO_UDP;
		p = rte_pktmbuf_read(m, l4_off + offsetof(struct rte_udp_hdr, dgram_cksum), 2,
			hdr);
		if (v4 && p != NULL && p[0] == 0 && p[1] == 0)
			return fl;
	} else {
		return fl;
	}
	if (!v4 && !RTE_ETH_IS_IPV6_HDR(pt))
		return fl;
	if (lo_l4_span(m, l3_off, hl->l3_len, v4, proto, &l4_len, &sum) == 0 &&
			lo_sum_mbuf(m, l4_off, l4_len, &body) == 0 && lo_fold(sum + body) == 0xffff)
		return fl | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	return fl | RTE_MBUF_F_RX_L4_CKSUM_BAD;
}

/*
 * The receiving port's view of a frame, written into the mbuf: VLAN
 * stripped, checksums checked, packet type, RSS hash, timestamp, port; no
 * other flag survives but what the buffer is (INDIRECT, EXTERNAL).
 */
static void
lo_rx_view(const struct lo_txq *txq, const struct lo_rx_features *rxf, struct rte_mbuf *m,
	bool hashed, uint32_t hash, uint64_t tsc)
{
	const uint32_t want = rxf->flags;
	uint64_t fl = m->ol_flags & LO_KEEP_FLAGS;
	struct rte_net_hdr_lens hl;
	uint32_t pt = 0;

	if ((want & LO_RXF_VLAN_STRIP) != 0 &&
			m->data_len >= RTE_ETHER_HDR_LEN + sizeof(struct rte_vlan_hdr) &&
			rte_vlan_strip(m) == 0)
		fl |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	if ((want & (LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0) {
		pt = lo_parse(m, &hl);
		if ((want & LO_RXF_CKSUM) != 0)
			fl |= lo_rx_cksum(m, pt, &hl);
	}
	if (hashed) {
		m->hash.rss = hash;
		fl |= RTE_MBUF_F_RX_RSS_HASH;
	}
	if ((want & LO_RXF_TIMESTAMP) != 0) {
		*RTE_MBUF_DYNFIELD(m, rxf->ts_offset, rte_mbuf_timestamp_t *) = tsc;
		fl |= rxf->ts_flag;
	}
	m->ol_flags = fl;
	m->packet_type = (want & LO_RXF_PTYPE) != 0 ? pt & rxf->ptype_mask : RTE_PTYPE_UNKNOWN;
	m->port = txq->rx_port;
}

/* Whether any segment of m is shared with someone else: copy mode copies it. */
static bool
lo_shared(const struct rte_mbuf *m)
{
	for (; m != NULL; m = m->next)
		if (rte_mbuf_refcnt_read(m) > 1 || !RTE_MBUF_DIRECT(m))
			return true;
	return false;
}

/* Whether the sender's VLAN insert offload can be applied to m. */
static bool
lo_vlan_insertable(const struct rte_mbuf *m)
{
	return RTE_MBUF_DIRECT(m) && rte_mbuf_refcnt_read(m) == 1 &&
		rte_pktmbuf_headroom(m) >= sizeof(struct rte_vlan_hdr) &&
		m->data_len >= 2 * RTE_ETHER_ADDR_LEN;
}

/* One ring a chunk sends into: its reservation and how much of it is used. */
struct lo_span {
	struct lo_rxq *rxq;
	struct rte_ring_zc_data zcd;
	unsigned int want;	/* packets of the chunk for this ring */
	unsigned int got;	/* slots reserved */
	unsigned int used;	/* slots filled */
	unsigned int free_space;	/* after the reservation */
	uint32_t first;		/* slot index of the first reserved */
	uint64_t total;		/* running byte total (lo.h) */
};

/* The span of rx queue q, added if new. */
static uint8_t
lo_span_of(struct lo_span *spans, uint16_t *span_q, unsigned int *nspans,
	const struct lo_txq *txq, uint16_t q)
{
	unsigned int k;

	for (k = 0; k < *nspans; k++)
		if (span_q[k] == q)
			return (uint8_t)k;
	span_q[k] = q;
	memset(&spans[k], 0, sizeof(spans[k]));
	spans[k].rxq = txq->rx_data->rx_queues[q];
	(*nspans)++;
	return (uint8_t)k;
}

/* Place m in the next slot of span s. */
static void
lo_span_put(struct lo_span *s, struct rte_mbuf *m)
{
	const struct lo_ring_ref *r = &s->rxq->r;
	struct rte_mbuf **slot = s->used < s->zcd.n1 ?
		(struct rte_mbuf **)s->zcd.ptr1 + s->used :
		(struct rte_mbuf **)s->zcd.ptr2 + (s->used - s->zcd.n1);

	*slot = m;
	if (r->totals != NULL) {
		s->total += m->pkt_len;
		r->totals[(s->first + s->used) & r->ring->mask] = s->total;
	}
	s->used++;
}

/* What a chunk did, for the queue's counters. */
struct lo_full_count {
	uint64_t packets;	/* placed in a ring */
	uint64_t bytes;		/* their length as sent */
	uint64_t errors;	/* freed: an offload could not be applied */
	uint64_t nombuf;	/* freed: no mbuf for a copy */
};

/* Send up to LO_FULL_CHUNK packets; returns how many were consumed, a prefix. */
static unsigned int
lo_tx_full_chunk(struct lo_txq *txq, const struct lo_rx_features *rxf, struct rte_mbuf **pkts,
	unsigned int n, struct lo_full_count *c)
{
	const uint16_t nb_rx = txq->rx_data->nb_rx_queues;
	struct lo_span spans[LO_FULL_CHUNK];
	uint16_t span_q[LO_FULL_CHUNK];
	uint8_t order[LO_FULL_CHUNK];
	struct rte_mbuf *copy[LO_FULL_CHUNK];
	uint32_t hash[LO_FULL_CHUNK];
	uint8_t to[LO_FULL_CHUNK];
	bool hashed[LO_FULL_CHUNK];
	unsigned int nspans = 0, keep = n, i, j, k;
	uint64_t tsc = 0;

	/* 1: read only */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t q = txq->rx_qid;

		copy[i] = NULL;
		hashed[i] = false;
		hash[i] = 0;
		if ((rxf->flags & LO_RXF_RSS) != 0) {
			hashed[i] = lo_rss_hash(rxf, m, &hash[i]);
			q = hashed[i] ? rxf->reta[hash[i] % LO_RETA_SIZE] : 0;
			if (unlikely(q >= nb_rx))
				q = 0;
		}
		to[i] = lo_span_of(spans, span_q, &nspans, txq, q);
		if ((txq->txf & LO_TXF_COPY) != 0 && lo_shared(m)) {
			copy[i] = rte_pktmbuf_copy(m, spans[to[i]].rxq->mb_pool, 0, UINT32_MAX);
			if (copy[i] == NULL) {
				to[i] = LO_TO_NOMBUF;
				continue;
			}
			m = copy[i];
		}
		if ((txq->txf & LO_TXF_VLAN_INSERT) != 0 &&
				(m->ol_flags & RTE_MBUF_F_TX_VLAN) != 0 && !lo_vlan_insertable(m)) {
			to[i] = LO_TO_ERROR;
			continue;
		}
		spans[to[i]].want++;
	}

	/* 2: reserve, in ascending queue order, and find the prefix that fits */
	for (k = 0; k < nspans; k++) {
		for (j = k; j > 0 && span_q[order[j - 1]] > span_q[k]; j--)
			order[j] = order[j - 1];
		order[j] = (uint8_t)k;
	}
	for (j = 0; j < nspans; j++) {
		struct lo_span *s = &spans[order[j]];
		const struct lo_ring_ref *r = &s->rxq->r;

		if (s->want == 0)
			continue;
		s->got = rte_ring_enqueue_zc_burst_start(r->ring, s->want, &s->zcd,
			&s->free_space);
		if (s->got == 0)
			continue;
		s->first = lo_slot_of(r, s->zcd.ptr1);
		if (r->totals != NULL)
			s->total = r->totals[(s->first - 1) & r->ring->mask];
	}
	/*
	 * Read while this chunk holds its rings: with several producers (HTS),
	 * the packets of one ring then carry timestamps in ring order.
	 */
	if ((rxf->flags & LO_RXF_TIMESTAMP) != 0)
		tsc = rte_rdtsc();
	for (i = 0; i < n; i++) {
		if (to[i] >= LO_TO_ERROR)
			continue;
		if (spans[to[i]].used == spans[to[i]].got) {
			keep = i;
			break;
		}
		spans[to[i]].used++;
	}
	for (k = 0; k < nspans; k++)
		spans[k].used = 0;

	/* 3: the prefix gets its offloads and its slots */
	for (i = 0; i < keep; i++) {
		struct rte_mbuf *m = pkts[i];

		if (to[i] >= LO_TO_ERROR) {
			rte_pktmbuf_free(m);
			if (to[i] == LO_TO_NOMBUF)
				c->nombuf++;
			else
				c->errors++;
			if (copy[i] != NULL)
				rte_pktmbuf_free(copy[i]);
			continue;
		}
		if (copy[i] != NULL) {
			rte_pktmbuf_free(m);
			m = copy[i];
		}
		if ((txq->txf & LO_TXF_VLAN_INSERT) != 0 &&
				(m->ol_flags & RTE_MBUF_F_TX_VLAN) != 0)
			rte_vlan_insert(&m);	/* cannot fail: lo_vlan_insertable */
		if ((txq->txf & (LO_TXF_IP_CKSUM | LO_TXF_UDP_CKSUM | LO_TXF_TCP_CKSUM)) != 0)
			lo_tx_cksum(m, txq->txf);
		c->bytes += m->pkt_len;
		lo_rx_view(txq, rxf, m, hashed[i], hash[i], tsc);
		lo_span_put(&spans[to[i]], m);
		c->packets++;
	}
	for (i = keep; i < n; i++)
		if (copy[i] != NULL)
			rte_pktmbuf_free(copy[i]);
	for (k = 0; k < nspans; k++) {
		struct lo_span *s = &spans[k];
		uint64_t level;

		if (s->got == 0)
			continue;	/* nothing reserved: nothing to finish (lo_tx_burst) */
		rte_ring_enqueue_zc_finish(s->rxq->r.ring, s->used);
		level = s->rxq->r.ring->capacity - s->free_space - (s->got - s->used);
		if (level > lo_counter_read(&txq->stats.ring_hwm))
			__atomic_store_n(&txq->stats.ring_hwm, level, __ATOMIC_RELAXED);
		if ((rxf->flags & LO_RXF_INTR) != 0 && s->used != 0)
			lo_rx_wake(s->rxq);
	}
	return keep;
}

/*
 * The sleeper and the sender each write, fence, then read the other's
 * variable (Dekker): intr_enable stores intr_armed and then reads the
 * ring's producer tail; tx publishes the tail (enqueue finish) and then
 * reads intr_armed. At least one of them sees the other's write, so a
 * packet enqueued while the queue arms is never left without a wake; both
 * may, and the exchange lets only one of them write the eventfd. The fd
 * is the primary's: a secondary's tx leaves the queue armed (it cannot
 * write there), and the sleeper wakes at the primary's next enqueue.
 */
void
lo_rx_wake(struct lo_rxq *rxq)
{
	static const uint64_t one = 1;

	/* seq_cst: the enqueue's prod.tail store, then the read of armed */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* relaxed: the fence orders it; the exchange decides who writes */
	if (__atomic_load_n(&rxq->intr_armed, __ATOMIC_RELAXED) == 0 ||
			rte_eal_process_type() != RTE_PROC_PRIMARY)
		return;
	/* relaxed: only atomicity matters, one writer of the eventfd per arm */
	if (__atomic_exchange_n(&rxq->intr_armed, 0, __ATOMIC_RELAXED) == 0)
		return;
	/* an eventfd write fails only on overflow (2^64 - 1 wakes pending) */
	if (write(rxq->intr_fd, &one, sizeof(one)) != sizeof(one))
		LO_LOG(DEBUG, "rx interrupt eventfd %d: %s", rxq->intr_fd, strerror(errno));
}

/*
 * Tx with offloads: called only by the lcore polling this queue, with the
 * ownership contract of lo_tx: the first returned-count mbufs are consumed
 * (sent, or freed and counted when an offload could not be applied or a
 * copy had no mbuf); the rest stay the caller's, untouched.
 */
uint16_t
lo_tx_full(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct lo_txq *txq = queue;
	const struct lo_private *rx_priv;
	const struct lo_rx_features *rxf;
	struct lo_full_count c = { 0 };
	unsigned int done = 0, m, k;

	if (unlikely(!lo_gate_open(&txq->open)))
		return 0;
	rx_priv = txq->rx_data->dev_private;
	rxf = &rx_priv->rxf;
	while (done < nb_pkts) {
		m = RTE_MIN(nb_pkts - done, (unsigned int)LO_FULL_CHUNK);
		k = lo_tx_full_chunk(txq, rxf, pkts + done, m, &c);
		done += k;
		if (k < m)
			break;
	}
	if (unlikely(done < nb_pkts))
		lo_counter_add(&txq->stats.ring_full, nb_pkts - done);
	if (unlikely(c.errors != 0))
		lo_counter_add(&txq->stats.errors, c.errors);
	if (unlikely(c.nombuf != 0))
		/* the receiving port's counter: senders on several lcores share it */
		__atomic_fetch_add(&txq->rx_data->rx_mbuf_alloc_failed, c.nombuf,
			__ATOMIC_RELAXED);
	/* the receiver's byte_stats decides, as for the rings' totals */
	if (rx_priv->params.byte_stats)
		lo_counter_add(&txq->stats.bytes, c.bytes);
	lo_counter_add(&txq->stats.packets, c.packets);
	return (uint16_t)done;
}
