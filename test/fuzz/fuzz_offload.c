/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Differential fuzz target for net_lo's offload path: every frame goes
 * through the fast parse (lo_parse_fast, fixed offsets) and, where that
 * takes it, its packet type, header lengths, rx checksum flags and RSS hash
 * must equal the generic path's (rte_net_get_ptype, lo_rx_cksum,
 * lo_rss_hash), with each checksum width (scalar, AVX2, AVX-512) and each
 * Toeplitz variant (table, GFNI) this CPU has. No EAL: the mbufs are laid
 * out by hand around buffers of the frame's exact size, so AddressSanitizer
 * sees any read past the frame.
 *
 * Input: byte 0 holds options (bit 0: write valid checksums first, bit 1:
 * also split the frame into two segments at byte 1's offset, bits 2-5:
 * which RSS types, bit 6: an RSS key follows), byte 1 the split, then the
 * key's 40 bytes (with bit 6), then the frame.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vect.h>

#include "lo_offload.h"

#define MAX_FRAME	2048

static struct lo_rx_features rxf;
static bool own_key;	/* rxf holds a key from an input, not key0 */

static const uint64_t rss_types[16] = {
	RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_IPV6,
	RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV6_UDP,
	RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV6_TCP,
	RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_NONFRAG_IPV6_OTHER,
	RTE_ETH_RSS_FRAG_IPV4 | RTE_ETH_RSS_FRAG_IPV6,
	RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV4_TCP,
	RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_NONFRAG_IPV6_TCP,
	RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP,
	RTE_ETH_RSS_NONFRAG_IPV4_UDP,
	RTE_ETH_RSS_NONFRAG_IPV6_TCP,
	RTE_ETH_RSS_IPV4,
	RTE_ETH_RSS_IPV6,
	0,
	RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_IPV6,
	RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_IPV4,
	RTE_ETH_RSS_IP,
};

static void
fail(const char *what, unsigned long long a, unsigned long long b)
{
	fprintf(stderr, "fuzz_offload: %s differ: fast 0x%llx, generic 0x%llx\n", what, a, b);
	abort();
}

/* An mbuf of one segment around len bytes at data, no pool. */
static void
mbuf_init(struct rte_mbuf *m, uint8_t *data, uint16_t len)
{
	memset(m, 0, sizeof(*m));
	m->buf_addr = data - RTE_PKTMBUF_HEADROOM;
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->buf_len = RTE_PKTMBUF_HEADROOM + len;
	m->data_len = len;
	m->pkt_len = len;
	m->nb_segs = 1;
	rte_mbuf_refcnt_set(m, 1);
}

/* Valid IPv4 header and TCP/UDP checksums, where lo_parse_fast takes the frame. */
static void
fix_checksums(struct rte_mbuf *m)
{
	struct lo_parsed p;
	uint8_t *l3, *l4;
	uint16_t v;

	if (!lo_parse_fast(m, &p))
		return;
	l3 = (uint8_t *)(uintptr_t)p.l3;
	l4 = l3 + lo_parsed_l3_len(&p);
	if (p.v4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;

		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	/* the checksum field: UDP at 6, TCP at 16 */
	v = 0;
	memcpy(l4 + ((p.ptype & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP ? 6 : 16), &v, 2);
	v = p.v4 ? rte_ipv4_udptcp_cksum((const struct rte_ipv4_hdr *)l3, l4) :
		rte_ipv6_udptcp_cksum((const struct rte_ipv6_hdr *)l3, l4);
	memcpy(l4 + ((p.ptype & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP ? 6 : 16), &v, 2);
}

/* Compare the fast path with the generic one on m (segments as laid out). */
static void
compare(const struct rte_mbuf *m)
{
	static const uint16_t widths[] = { RTE_VECT_SIMD_DISABLED, RTE_VECT_SIMD_256,
		RTE_VECT_SIMD_512 };
	struct rte_net_hdr_lens hl;
	uint8_t lens[LO_RSS_KINDS];
	struct lo_parsed p;
	uint32_t pt, h_fast = 0, h_gen = 0;
	uint64_t fl_gen;
	unsigned int w;
	bool hf, hg;

	memset(&hl, 0, sizeof(hl));
	pt = lo_parse(m, &hl);
	if (!lo_parse_fast(m, &p))
		return;
	if (p.ptype != pt)
		fail("packet types", p.ptype, pt);
	if (p.l2_len != hl.l2_len || lo_parsed_l3_len(&p) != hl.l3_len)
		fail("header lengths (l2 << 16 | l3)", (uint64_t)p.l2_len << 16 |
			lo_parsed_l3_len(&p), (uint64_t)hl.l2_len << 16 | hl.l3_len);
	fl_gen = lo_rx_cksum(m, pt, &hl, NULL);
	hg = lo_rss_hash(&rxf, m, &h_gen);
	lo_rss_fast_lens(rxf.rss_hf, lens);
	for (w = 0; w < RTE_DIM(widths); w++) {
		rte_vect_set_max_simd_bitwidth(widths[w]);
		lo_offload_select();
		if (lo_rx_cksum_fast(&p) != fl_gen)
			fail("checksum flags", lo_rx_cksum_fast(&p), fl_gen);
		hf = lo_rss_hash_fast(&rxf, lens, &p, &h_fast);
		if (hf != hg || (hf && h_fast != h_gen))
			fail("RSS hashes", hf ? h_fast : UINT64_MAX, hg ? h_gen : UINT64_MAX);
	}
}

/*
 * The fast path must take the frames it is for, or every comparison above
 * passes by declining: an IPv4/UDP frame, once per run.
 */
static void
check_fast_path_taken(void)
{
	static bool done;
	uint8_t frame[64] = { 0 };
	struct rte_mbuf m;
	struct lo_parsed p;

	if (done)
		return;
	done = true;
	frame[12] = 0x08;	/* IPv4 */
	frame[14] = 0x45;
	frame[17] = 50;		/* total length: 20 + 8 + 22 */
	frame[23] = IPPROTO_UDP;
	frame[39] = 30;		/* UDP length */
	mbuf_init(&m, frame, sizeof(frame));
	if (!lo_parse_fast(&m, &p) || p.ptype != (RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 |
			RTE_PTYPE_L4_UDP)) {
		fprintf(stderr, "fuzz_offload: lo_parse_fast declines a plain IPv4/UDP frame\n");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key0[LO_RSS_KEY_LEN] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
		0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
		0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
		0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	struct rte_mbuf m, m2;
	uint8_t opt, split, *frame, *a, *b;
	size_t len;

	check_fast_path_taken();
	if (size < 2)
		return 0;
	opt = data[0];
	split = data[1];
	data += 2;
	size -= 2;
	/* the tables take a while to make: the default key's only when it changes */
	if (size >= LO_RSS_KEY_LEN + 14 && (opt & 0x40) != 0) {
		lo_rss_key_set(&rxf, data);
		data += LO_RSS_KEY_LEN;
		size -= LO_RSS_KEY_LEN;
		own_key = true;
	} else if (own_key || rxf.rss_byte[0][1] == 0) {
		lo_rss_key_set(&rxf, key0);
		own_key = false;
	}
	rxf.rss_hf = rss_types[(opt >> 2) & 15];
	len = RTE_MIN(size, (size_t)MAX_FRAME);
	/* the frame in a buffer of its own size */
	frame = malloc(len == 0 ? 1 : len);
	if (frame == NULL)
		return 0;
	memcpy(frame, data, len);
	mbuf_init(&m, frame, (uint16_t)len);
	if ((opt & 1) != 0)
		fix_checksums(&m);
	compare(&m);
	/* the same bytes in two segments: the fast path must decline or agree */
	if ((opt & 2) != 0 && len > 1) {
		const size_t at = 1 + split % (len - 1);

		a = malloc(at);
		b = malloc(len - at);
		if (a != NULL && b != NULL) {
			memcpy(a, frame, at);
			memcpy(b, frame + at, len - at);
			mbuf_init(&m, a, (uint16_t)at);
			mbuf_init(&m2, b, (uint16_t)(len - at));
			m.next = &m2;
			m.nb_segs = 2;
			m.pkt_len = (uint32_t)len;
			compare(&m);
		}
		free(a);
		free(b);
	}
	free(frame);
	return 0;
}
