/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * RSS of the offload path: the Toeplitz tables made from the key, which
 * tuple a packet's type and the enabled RSS types call for, the hash by
 * byte table or by GFNI (lo_rss_gfni.c, where the CPU has it and EAL's
 * SIMD width allows 512 bits), and the generic hash of any frame.
 */

#include <string.h>

#include <rte_cpuflags.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>
#include <rte_thash.h>
#include <rte_vect.h>

#include "lo_offload.h"

bool lo_rss_gfni;	/* lo_rss_gfni.c's function, built with the instructions it needs */

void
lo_rss_key_set(struct lo_rx_features *rxf, const uint8_t *key)
{
	unsigned int i, v, b;

	memcpy(rxf->rss_key, key, LO_RSS_KEY_LEN);
	for (i = 0; i < LO_RSS_TUPLE_MAX; i++) {
		uint32_t bit[8];

		/* the key's 32 bits from bit 8i + b on (big-endian), b = 0 the MSB */
		for (b = 0; b < 8; b++) {
			uint64_t w = 0;
			unsigned int k;

			for (k = 0; k < 5; k++)
				w = w << 8 | (i + k < LO_RSS_KEY_LEN ? key[i + k] : 0);
			bit[b] = (uint32_t)(w >> (8 - b));
		}
		for (v = 0; v < 256; v++) {
			uint32_t h = 0;

			for (b = 0; b < 8; b++)
				if ((v & (0x80 >> b)) != 0)
					h ^= bit[b];
			rxf->rss_byte[i][v] = h;
		}
	}
	rte_thash_complete_matrix(rxf->rss_gfni, key, LO_RSS_KEY_LEN);
}

/* As lo_offload_select, which calls it: process-wide, stored whole. */
const char *
lo_rss_select(uint16_t simd_bits)
{
	bool gfni = false;

#ifdef RTE_ARCH_X86
	/* the instructions lo_rss_gfni.c is built with */
	if (simd_bits >= RTE_VECT_SIMD_512 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_GFNI) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512F) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512BW) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512DQ) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512VL) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512VBMI) > 0)
		gfni = lo_toeplitz_gfni(NULL, NULL, 0) == 0;
#else
	RTE_SET_USED(simd_bits);
#endif
	/* relaxed: both ways give the same hash */
	__atomic_store_n(&lo_rss_gfni, gfni, __ATOMIC_RELAXED);
	return gfni ? "gfni" : "table";
}

/* What RSS hashes of one IP version: which types. */
struct lo_rss_family {
	unsigned int alen;	/* bytes of one address */
	uint64_t all, fragment, tcp, udp, other;	/* RTE_ETH_RSS_* */
};

static const struct lo_rss_family lo_rss_v4 = {
	4, RTE_ETH_RSS_IPV4, RTE_ETH_RSS_FRAG_IPV4, RTE_ETH_RSS_NONFRAG_IPV4_TCP,
	RTE_ETH_RSS_NONFRAG_IPV4_UDP, RTE_ETH_RSS_NONFRAG_IPV4_OTHER,
};
static const struct lo_rss_family lo_rss_v6 = {
	16, RTE_ETH_RSS_IPV6, RTE_ETH_RSS_FRAG_IPV6, RTE_ETH_RSS_NONFRAG_IPV6_TCP,
	RTE_ETH_RSS_NONFRAG_IPV6_UDP, RTE_ETH_RSS_NONFRAG_IPV6_OTHER,
};

/*
 * The tuple RSS hashes, by the packet's type and the enabled types:
 * addresses and ports of a TCP or UDP packet that is not a fragment when
 * its NONFRAG_*_TCP/UDP type is on; else addresses only, when the IPV4/IPV6
 * type is on, or FRAG_* for a fragment, or NONFRAG_*_OTHER for other
 * protocols. Its length in bytes; 0: not hashed.
 */
unsigned int
lo_rss_tuple_len(uint64_t hf, uint32_t pt)
{
	const uint32_t l4 = pt & RTE_PTYPE_L4_MASK;
	const bool frag = l4 == RTE_PTYPE_L4_FRAG;
	const bool tcp = l4 == RTE_PTYPE_L4_TCP, udp = l4 == RTE_PTYPE_L4_UDP;
	const struct lo_rss_family *f = RTE_ETH_IS_IPV4_HDR(pt) ? &lo_rss_v4 :
		RTE_ETH_IS_IPV6_HDR(pt) ? &lo_rss_v6 : NULL;

	if (f == NULL)
		return 0;
	if ((tcp && (hf & f->tcp) != 0) || (udp && (hf & f->udp) != 0))
		return 2 * f->alen + 4;
	if ((hf & f->all) != 0 || (frag && (hf & f->fragment) != 0) ||
			(!frag && !tcp && !udp && (hf & f->other) != 0))
		return 2 * f->alen;
	return 0;
}

/* The tuple lengths by lo_rss_kind: IPv4/TCP, IPv4/UDP, IPv6/TCP, IPv6/UDP. */
void
lo_rss_fast_lens(uint64_t hf, uint8_t lens[LO_RSS_KINDS])
{
	static const uint32_t kinds[LO_RSS_KINDS] = {
		RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_TCP, RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP,
		RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_TCP, RTE_PTYPE_L3_IPV6 | RTE_PTYPE_L4_UDP,
	};
	unsigned int k;

	for (k = 0; k < LO_RSS_KINDS; k++)
		lens[k] = (uint8_t)lo_rss_tuple_len(hf, RTE_PTYPE_L2_ETHER | kinds[k]);
}

/* The Toeplitz hash of any frame over the tuple its type calls for; false: not hashed. */
bool
lo_rss_hash(const struct lo_rx_features *rxf, const struct rte_mbuf *m, uint32_t *hash)
{
	struct rte_net_hdr_lens hl;
	const uint32_t pt = rte_net_get_ptype(m, &hl, LO_PARSED);
	const unsigned int len = lo_rss_tuple_len(rxf->rss_hf, pt);
	const unsigned int alen = RTE_ETH_IS_IPV4_HDR(pt) ? 4 : 16;
	const unsigned int addr_off = RTE_ETH_IS_IPV4_HDR(pt) ?
		offsetof(struct rte_ipv4_hdr, src_addr) : offsetof(struct rte_ipv6_hdr, src_addr);
	uint8_t tuple[LO_RSS_TUPLE_MAX], buf[LO_RSS_TUPLE_MAX];
	const void *p;

	if (len == 0)
		return false;
	/* the tuple in wire order: source and destination address, then ports */
	p = rte_pktmbuf_read(m, hl.l2_len + addr_off, 2 * alen, buf);
	if (p == NULL)
		return false;
	memcpy(tuple, p, 2 * alen);
	if (len > 2 * alen) {
		p = rte_pktmbuf_read(m, hl.l2_len + hl.l3_len, 4, buf);
		if (p == NULL)
			return false;
		memcpy(tuple + 2 * alen, p, 4);
	}
	*hash = lo_toeplitz(rxf, tuple, len);
	return true;
}
