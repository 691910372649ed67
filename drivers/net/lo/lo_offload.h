/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_OFFLOAD_H
#define LO_OFFLOAD_H

/*
 * The offload path's shared picture, private to its files:
 * - lo_parse.c: the generic parse (any frame, rte_net_get_ptype) and the
 *   fast one below (fixed offsets, the frames that matter);
 * - lo_cksum.c: checksums, generic (any segment layout) and fast (one
 *   contiguous span, SIMD picked at run time);
 * - lo_rss.c: the Toeplitz hash, its byte tables and its GFNI variant;
 * - lo_tx_full.c: the tx function that applies them, lo_tx_full.
 *
 * The fast functions return false for a frame they do not take; the
 * caller then uses the generic ones, which stay the reference (the
 * differential fuzz target, test/fuzz/fuzz_offload.c, holds them to it).
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>

#include "lo.h"

#define LO_PARSED	(RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK | RTE_PTYPE_L4_MASK)

/* What the fast parse found in a single-segment frame. */
struct lo_parsed {
	const uint8_t *l3;	/* the IP header */
	uint32_t ptype;		/* as rte_net_get_ptype reports it for L2, L3, L4 */
	uint16_t l2_len;	/* 14, 18 (VLAN) or 22 (QinQ) */
	uint16_t l4_len;	/* the IP payload: what the TCP/UDP checksum covers */
	bool v4;
};

/*
 * The frames the fast path takes: one segment (or the first holding it all); Ether, one VLAN tag (0x8100)
 * or QinQ (0x88a8 then any tag); IPv4 without options and not a fragment,
 * or IPv6 without extension headers; TCP or UDP whose header is in the
 * frame; IP lengths that fit the frame. For these, rte_net_get_ptype reads
 * exactly these fields, so the packet type and lengths are the same.
 * Everything else (options, extension headers, fragments, tunnels' outer
 * types other than these, other protocols, truncated or multi-segment
 * frames) is left to the generic path.
 */
static __rte_always_inline bool
lo_parse_fast(const struct rte_mbuf *m, struct lo_parsed *p)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	const uint32_t len = m->data_len;
	uint32_t pt = RTE_PTYPE_L2_ETHER, l2 = RTE_ETHER_HDR_LEN, payload, hdr;
	uint16_t type;
	uint8_t proto;

	/*
	 * one segment: all of the frame in data_len (read in the mbuf's first
	 * line; next is in its second)
	 */
	if (len != m->pkt_len || len < RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
		return false;
	memcpy(&type, d + 12, 2);
	if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		pt = RTE_PTYPE_L2_ETHER_VLAN;
		l2 += 4;
		memcpy(&type, d + 16, 2);
	} else if (type == RTE_BE16(RTE_ETHER_TYPE_QINQ)) {
		pt = RTE_PTYPE_L2_ETHER_QINQ;
		l2 += 8;
		memcpy(&type, d + 20, 2);
	}
	p->l3 = d + l2;
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
		uint16_t frag, tot;

		if (l2 + sizeof(struct rte_ipv4_hdr) > len || p->l3[0] != 0x45)
			return false;
		memcpy(&frag, p->l3 + 6, 2);
		if ((frag & RTE_BE16(RTE_IPV4_HDR_OFFSET_MASK | RTE_IPV4_HDR_MF_FLAG)) != 0)
			return false;
		memcpy(&tot, p->l3 + 2, 2);
		tot = rte_be_to_cpu_16(tot);
		if (tot < sizeof(struct rte_ipv4_hdr) || l2 + tot > len)
			return false;
		payload = tot - sizeof(struct rte_ipv4_hdr);
		proto = p->l3[9];
		pt |= RTE_PTYPE_L3_IPV4;
		p->v4 = true;
	} else if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6)) {
		uint16_t plen;

		if (l2 + sizeof(struct rte_ipv6_hdr) > len)
			return false;
		memcpy(&plen, p->l3 + 4, 2);
		payload = rte_be_to_cpu_16(plen);
		if (l2 + sizeof(struct rte_ipv6_hdr) + payload > len)
			return false;
		proto = p->l3[6];
		pt |= RTE_PTYPE_L3_IPV6;
		p->v4 = false;
	} else {
		return false;
	}
	if (proto == IPPROTO_UDP) {
		hdr = 8;
		pt |= RTE_PTYPE_L4_UDP;
	} else if (proto == IPPROTO_TCP) {
		hdr = 20;
		pt |= RTE_PTYPE_L4_TCP;
	} else {
		return false;
	}
	if (payload < hdr)
		return false;
	p->ptype = pt;
	p->l2_len = (uint16_t)l2;
	p->l4_len = (uint16_t)payload;
	return true;
}

/* The IP header's length in a frame lo_parse_fast took. */
static __rte_always_inline uint32_t
lo_parsed_l3_len(const struct lo_parsed *p)
{
	return p->v4 ? sizeof(struct rte_ipv4_hdr) : sizeof(struct rte_ipv6_hdr);
}

/*
 * Whether an unfolded sum verifies: it folds to 0xffff exactly when it is a
 * non-zero multiple of 0xffff (a fold never gives 0 but for 0). The modulo
 * by a constant is a multiply and a shift, a shorter chain than the fold.
 */
static __rte_always_inline bool
lo_sum_ok(uint64_t s)
{
	return s != 0 && s % 0xffff == 0;
}

/* a + b with the carry added back: one's complement, modulo 2^64 - 1 */
static __rte_always_inline uint64_t
lo_add1c(uint64_t a, uint64_t b)
{
	a += b;
	return a + (a < b);
}

/*
 * The one's complement sum of len bytes, in memory order as rte_raw_cksum
 * sums them (16-bit words of the host's order, a last odd byte as the low
 * one), unfolded: 64-bit words added, their carries counted apart (add,
 * add with carry: one cycle a word, where carries added back each time
 * would chain three; GCC keeps an __int128 sum on the stack), then the
 * carries added back, which keeps the sum modulo 0xffff as 2^64 - 1 is a
 * multiple of it. A span of 8 bytes or more ends with one load, of its
 * last 8 bytes, shifted right past those already summed: the new ones end
 * in the low bytes, where the short loads would put them (little-endian),
 * so each byte keeps its place in its 16-bit word.
 */
static __rte_always_inline uint64_t
lo_sum_scalar(const uint8_t *p, uint32_t len)
{
	const uint8_t *const end = p + len;
	const bool long_span = len >= 8;
	uint64_t s = 0, carries = 0, w;

	for (; len >= 16; p += 16, len -= 16) {
		memcpy(&w, p, 8);
		s += w;
		carries += s < w;
		memcpy(&w, p + 8, 8);
		s += w;
		carries += s < w;
	}
	if (len >= 8) {
		memcpy(&w, p, 8);
		s += w;
		carries += s < w;
		p += 8;
		len -= 8;
	}
	if (len > 0) {
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
		if (long_span) {
			/* the span's last 8 bytes, of which the last len are new */
			memcpy(&w, end - 8, 8);
			w >>= 8 * (8 - len);
		} else {
			/* fixed-size pieces: a memcpy of len bytes compiles to a byte loop */
			unsigned int shift = 0;
			uint32_t v4;
			uint16_t v2;

			w = 0;
			if ((len & 4) != 0) {
				memcpy(&v4, p, 4);
				w = v4;
				p += 4;
				shift = 32;
			}
			if ((len & 2) != 0) {
				memcpy(&v2, p, 2);
				w |= (uint64_t)v2 << shift;
				p += 2;
				shift += 16;
			}
			if ((len & 1) != 0)
				w |= (uint64_t)*p << shift;
		}
#else
		RTE_SET_USED(end);
		RTE_SET_USED(long_span);
		w = 0;
		memcpy(&w, p, len);
#endif
		s += w;
		carries += s < w;
	}
	return lo_add1c(s, carries);
}

/* lo_cksum.c: the sum of a long span, with the SIMD width lo_offload_select picked. */
extern uint64_t (*lo_sum_long)(const uint8_t *p, uint32_t len);

#define LO_SUM_SHORT	64	/* spans up to this long are summed inline */

static __rte_always_inline uint64_t
lo_sum(const uint8_t *p, uint32_t len)
{
	/* relaxed: lo_offload_select may swap the variant, any one is right */
	return len <= LO_SUM_SHORT ? lo_sum_scalar(p, len) :
		__atomic_load_n(&lo_sum_long, __ATOMIC_RELAXED)(p, len);
}

/*
 * Rx checksum flags of a frame lo_parse_fast took, as lo_rx_cksum gives
 * them: IPv4 header GOOD/BAD; TCP and UDP GOOD/BAD; nothing for UDP/IPv4
 * sent without a checksum (0). The pseudo header (RFC 768, RFC 8200 8.1)
 * sums as memory-order words: addresses, then 0 and protocol, then the
 * length, the last two big-endian in memory as on the wire.
 */
static __rte_always_inline uint64_t
lo_rx_cksum_fast(const struct lo_parsed *p)
{
	const uint8_t *l4 = p->l3 + lo_parsed_l3_len(p);
	const uint8_t proto = p->l3[p->v4 ? 9 : 6];
	uint64_t fl = 0, s;

	if (p->v4) {
		/* the addresses, in the header's sum and in the pseudo header's */
		const uint64_t addr = lo_sum_scalar(p->l3 + 12, 8);

		fl = lo_sum_ok(lo_add1c(lo_sum_scalar(p->l3, 12), addr)) ?
			RTE_MBUF_F_RX_IP_CKSUM_GOOD : RTE_MBUF_F_RX_IP_CKSUM_BAD;
		if (proto == IPPROTO_UDP && l4[6] == 0 && l4[7] == 0)
			return fl;
		s = addr;
	} else {
		s = lo_sum_scalar(p->l3 + 8, 32);
	}
	s = lo_add1c(s, lo_sum(l4, p->l4_len));
	s = lo_add1c(s, (uint64_t)rte_cpu_to_be_16(proto) + rte_cpu_to_be_16(p->l4_len));
	return fl | (lo_sum_ok(s) ? RTE_MBUF_F_RX_L4_CKSUM_GOOD : RTE_MBUF_F_RX_L4_CKSUM_BAD);
}

/*
 * lo_rss.c. Toeplitz by byte table: the hash is the XOR, over the tuple's
 * set bits, of the 32 key bits from that bit's position on, so
 * rss_byte[i][v] holds that XOR for byte value v at tuple byte i, and a
 * hash is one lookup per tuple byte (12 for IPv4 with ports).
 */
static __rte_always_inline uint32_t
lo_toeplitz_table(const struct lo_rx_features *rxf, const uint8_t *tuple, unsigned int len)
{
	uint32_t a = 0, b = 0, c = 0, d = 0;
	unsigned int i;

	/* four chains of lookups and XORs: every tuple is a multiple of 4 long */
	for (i = 0; i + 4 <= len; i += 4) {
		a ^= rxf->rss_byte[i][tuple[i]];
		b ^= rxf->rss_byte[i + 1][tuple[i + 1]];
		c ^= rxf->rss_byte[i + 2][tuple[i + 2]];
		d ^= rxf->rss_byte[i + 3][tuple[i + 3]];
	}
	for (; i < len; i++)
		a ^= rxf->rss_byte[i][tuple[i]];
	return a ^ b ^ c ^ d;
}

/* lo_rss.c: this process hashes with GFNI (lo_rss_select). */
extern bool lo_rss_gfni;
uint32_t lo_toeplitz_gfni(const uint64_t *matrices, const uint8_t *tuple, unsigned int len);

/*
 * The Toeplitz hash of a tuple in wire order: GFNI where lo_offload_select
 * found it, for the IPv6 tuples; an IPv4 one's 8 or 12 lookups measured
 * faster than the call (the driver guide).
 */
static __rte_always_inline uint32_t
lo_toeplitz(const struct lo_rx_features *rxf, const uint8_t *tuple, unsigned int len)
{
	/* relaxed: as lo_sum's */
	if (__atomic_load_n(&lo_rss_gfni, __ATOMIC_RELAXED) && len > 12)
		return lo_toeplitz_gfni(rxf->rss_gfni, tuple, len);
	/* IPv4 with ports, the common tuple: a copy for its length, its 12 lookups unrolled */
	if (len == 12)
		return lo_toeplitz_table(rxf, tuple, 12);
	return lo_toeplitz_table(rxf, tuple, len);
}

/*
 * Which tuple RSS hashes for a packet of type pt: 0 (not hashed), the
 * addresses only, or addresses and ports (lo_rss.c has the rule).
 */
unsigned int lo_rss_tuple_len(uint64_t hf, uint32_t pt);

/*
 * The fast path's frames are of four kinds, each with its tuple length
 * for the enabled types: lo_rss_fast_lens fills them once per chunk, so a
 * packet's is a lookup.
 */
#define LO_RSS_KINDS	4

static __rte_always_inline unsigned int
lo_rss_kind(const struct lo_parsed *p)
{
	return (p->v4 ? 0 : 2) | ((p->ptype & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP);
}

void lo_rss_fast_lens(uint64_t hf, uint8_t lens[LO_RSS_KINDS]);

/* The RSS hash of a frame lo_parse_fast took; false: not hashed. */
static __rte_always_inline bool
lo_rss_hash_fast(const struct lo_rx_features *rxf, const uint8_t lens[LO_RSS_KINDS],
	const struct lo_parsed *p, uint32_t *hash)
{
	const unsigned int len = lens[lo_rss_kind(p)];

	if (len == 0)
		return false;
	/* addresses then ports, contiguous in these headers */
	*hash = lo_toeplitz(rxf, p->l3 + (p->v4 ? 12 : 8), len);
	return true;
}

/* lo_parse.c: the generic parse, rte_net_get_ptype plus L4_ICMP. */
uint32_t lo_parse(const struct rte_mbuf *m, struct rte_net_hdr_lens *hl);

/* What the sender's checksum offload wrote into a frame (lo_tx_cksum). */
struct lo_cksum_known {
	uint64_t flags;		/* RX_IP_CKSUM_GOOD, RX_L4_CKSUM_GOOD: written */
	uint32_t l3_off, l3_len;	/* where: the sender's l2_len, l3_len */
	uint8_t proto;		/* IPPROTO_TCP or IPPROTO_UDP, with RX_L4_CKSUM_GOOD */
	bool v4;
};

/* lo_cksum.c: the generic checksums, any segment layout. */
void lo_tx_cksum(struct rte_mbuf *m, uint8_t txf, struct lo_cksum_known *k);
uint64_t lo_rx_cksum(const struct rte_mbuf *m, uint32_t pt, const struct rte_net_hdr_lens *hl,
	const struct lo_cksum_known *k);

/* lo_rss.c: the generic RSS hash, any frame (lo_rss_hash, lo.h); the variant for the bits. */
const char *lo_rss_select(uint16_t simd_bits);

/*
 * Pick the checksum and Toeplitz variants from the CPU's flags and EAL's
 * SIMD width (rte_vect_get_max_simd_bitwidth, --force-max-simd-bitwidth),
 * for this process. Returns a name for the logs and the burst mode.
 */
const char *lo_offload_select(void);
/* What lo_offload_select picked last, e.g. "checksum avx512, Toeplitz gfni". */
const char *lo_offload_variant(void);

#endif /* LO_OFFLOAD_H */
