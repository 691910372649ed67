/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Checksums of the offload path: the sender's (written into the frame)
 * and the receiver's (checked), generic over any segment layout; and the
 * long-span sum that the fast check (lo_rx_cksum_fast, lo_offload.h) calls,
 * scalar, AVX2 or AVX-512 as lo_offload_select picks for this process.
 */

#include <string.h>

#include <rte_byteorder.h>
#include <rte_cpuflags.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_vect.h>

#include "lo_offload.h"

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

static inline uint16_t
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
 * is left as it is (a NIC sends garbage in, garbage out). What it wrote
 * goes into *k, for lo_rx_cksum.
 */
void
lo_tx_cksum(struct rte_mbuf *m, uint8_t txf, struct lo_cksum_known *k)
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

	k->flags = 0;
	k->l3_off = l3_off;
	k->l3_len = l3_len;
	k->v4 = v4;
	if (v4 && (fl & RTE_MBUF_F_TX_IP_CKSUM) != 0 && (txf & LO_TXF_IP_CKSUM) != 0 &&
			l3_len >= sizeof(struct rte_ipv4_hdr) && l3_len <= sizeof(hdr)) {
		p = rte_pktmbuf_read(m, l3_off, l3_len, hdr);
		if (p != NULL) {
			memcpy(hdr, p, l3_len);
			memset(&hdr[offsetof(struct rte_ipv4_hdr, hdr_checksum)], 0, 2);
			v = (uint16_t)~rte_raw_cksum(hdr, l3_len);
			lo_mbuf_write(m, l3_off + offsetof(struct rte_ipv4_hdr, hdr_checksum), &v,
				sizeof(v));
			k->flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
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
	k->flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	k->proto = proto;
}

/*
 * Rx checksum flags from the frame's bytes, in any segment: IPv4 header
 * GOOD/BAD; TCP and UDP GOOD/BAD, but UNKNOWN for a UDP/IPv4 datagram sent
 * without one (checksum 0). Lengths that do not add up are BAD.
 *
 * A checksum the sender's offload wrote in this same burst (k, may be
 * NULL) is GOOD without summing again, where the receiver finds it at the
 * same place: the same IP version, header offset and length, and for TCP
 * or UDP the same protocol. The frame cannot change between the write and
 * the check, so summing it again would give GOOD.
 */
uint64_t
lo_rx_cksum(const struct rte_mbuf *m, uint32_t pt, const struct rte_net_hdr_lens *hl,
	const struct lo_cksum_known *k)
{
	const uint32_t l4 = pt & RTE_PTYPE_L4_MASK;
	const uint32_t l3_off = hl->l2_len, l4_off = l3_off + hl->l3_len;
	const bool v4 = RTE_ETH_IS_IPV4_HDR(pt);
	const bool same = k != NULL && k->v4 == v4 && k->l3_off == l3_off &&
		k->l3_len == hl->l3_len;
	uint32_t l4_len, sum, body;
	uint8_t hdr[60];
	const uint8_t *p;
	uint64_t fl = 0;
	uint8_t proto;

	if (v4) {
		if (same && (k->flags & RTE_MBUF_F_RX_IP_CKSUM_GOOD) != 0) {
			fl |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
		} else {
			p = hl->l3_len <= sizeof(hdr) ?
				rte_pktmbuf_read(m, l3_off, hl->l3_len, hdr) : NULL;
			fl |= p != NULL && rte_raw_cksum(p, hl->l3_len) == 0xffff ?
				RTE_MBUF_F_RX_IP_CKSUM_GOOD : RTE_MBUF_F_RX_IP_CKSUM_BAD;
		}
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
	if (same && (k->flags & RTE_MBUF_F_RX_L4_CKSUM_GOOD) != 0 && k->proto == proto)
		return fl | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	if (lo_l4_span(m, l3_off, hl->l3_len, v4, proto, &l4_len, &sum) == 0 &&
			lo_sum_mbuf(m, l4_off, l4_len, &body) == 0 && lo_fold(sum + body) == 0xffff)
		return fl | RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	return fl | RTE_MBUF_F_RX_L4_CKSUM_BAD;
}

/* Two chains of 64-bit words, then lo_sum_scalar for the rest. */
static uint64_t
lo_sum_long_scalar(const uint8_t *p, uint32_t len)
{
	uint64_t s1 = 0, c1 = 0, s2 = 0, c2 = 0, w;

	for (; len >= 32; p += 32, len -= 32) {
		memcpy(&w, p, 8);
		s1 += w;
		c1 += s1 < w;
		memcpy(&w, p + 8, 8);
		s2 += w;
		c2 += s2 < w;
		memcpy(&w, p + 16, 8);
		s1 += w;
		c1 += s1 < w;
		memcpy(&w, p + 24, 8);
		s2 += w;
		c2 += s2 < w;
	}
	/* the rest starts at a multiple of 32: its words keep their parity */
	return lo_add1c(lo_add1c(lo_add1c(s1, c1), lo_add1c(s2, c2)), lo_sum_scalar(p, len));
}

#ifdef RTE_ARCH_X86
/*
 * One multiply-add sums a vector's 16-bit words in pairs, into 32-bit
 * lanes, but reads them signed: each word is first flipped in its top bit
 * (w ^ 0x8000 reads as w - 32768), and 32768 for each word summed is added
 * back at the end, which gives the unsigned sum exactly. A pair is within
 * [-65536, 65534] and a lane adds one pair per 128 bytes: an IP payload is
 * under 65536 bytes, so no lane, nor the lanes' total, leaves 32 bits.
 * Three instructions a vector (xor, multiply-add, add) where masking and
 * shifting the words took four, and no lane store to add up.
 */
__attribute__((target("avx2")))
static uint64_t
lo_sum_avx2(const uint8_t *p, uint32_t len)
{
	const __m256i flip = _mm256_set1_epi16(INT16_MIN), one = _mm256_set1_epi16(1);
	__m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
	const uint32_t words = len / 32 * 16;
	__m128i h;

#define LO_MADD256(acc, at) \
	((acc) = _mm256_add_epi32((acc), _mm256_madd_epi16(_mm256_xor_si256( \
		_mm256_loadu_si256((const void *)(at)), flip), one)))
	for (; len >= 128; p += 128, len -= 128) {
		LO_MADD256(a, p);
		LO_MADD256(b, p + 32);
		LO_MADD256(c, p + 64);
		LO_MADD256(d, p + 96);
	}
	for (; len >= 32; p += 32, len -= 32)
		LO_MADD256(a, p);
#undef LO_MADD256
	a = _mm256_add_epi32(_mm256_add_epi32(a, b), _mm256_add_epi32(c, d));
	h = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(1, 0, 3, 2)));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, _MM_SHUFFLE(2, 3, 0, 1)));
	/* the rest starts at a multiple of 32: its words keep their parity */
	return lo_add1c((uint64_t)((int64_t)_mm_cvtsi128_si32(h) + 32768 * (int64_t)words),
		lo_sum_scalar(p, len));
}

__attribute__((target("avx512f,avx512bw")))
static uint64_t
lo_sum_avx512(const uint8_t *p, uint32_t len)
{
	const __m512i flip = _mm512_set1_epi16(INT16_MIN), one = _mm512_set1_epi16(1);
	__m512i a = _mm512_setzero_si512(), b = a;
	const uint32_t words = len / 64 * 32;

#define LO_MADD512(acc, at) \
	((acc) = _mm512_add_epi32((acc), _mm512_madd_epi16(_mm512_xor_si512( \
		_mm512_loadu_si512((const void *)(at)), flip), one)))
	for (; len >= 128; p += 128, len -= 128) {
		LO_MADD512(a, p);
		LO_MADD512(b, p + 64);
	}
	if (len >= 64) {
		LO_MADD512(a, p);
		p += 64;
		len -= 64;
	}
#undef LO_MADD512
	/* the rest starts at a multiple of 64: its words keep their parity */
	return lo_add1c((uint64_t)((int64_t)_mm512_reduce_add_epi32(_mm512_add_epi32(a, b)) +
		32768 * (int64_t)words), lo_sum_scalar(p, len));
}
#endif

uint64_t (*lo_sum_long)(const uint8_t *p, uint32_t len) = lo_sum_long_scalar;

static char lo_offload_name[64] = "checksum scalar, Toeplitz table";

const char *
lo_offload_variant(void)
{
	return lo_offload_name;
}

/*
 * Process-wide, as EAL's SIMD width is: a start of any port picks again
 * for all, while other lcores may be inside a burst. Every variant gives
 * the same answers, so a burst may use either; the pointer and the flag
 * are stored whole (relaxed atomics), and the name is for reading only.
 */
const char *
lo_offload_select(void)
{
	uint64_t (*sum_fn)(const uint8_t *p, uint32_t len) = lo_sum_long_scalar;
	const uint16_t bits = rte_vect_get_max_simd_bitwidth();
	const char *sum = "scalar";

#ifdef RTE_ARCH_X86
	if (bits >= RTE_VECT_SIMD_512 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512F) > 0 &&
			rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX512BW) > 0) {
		sum_fn = lo_sum_avx512;
		sum = "avx512";
	} else if (bits >= RTE_VECT_SIMD_256 && rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) > 0) {
		sum_fn = lo_sum_avx2;
		sum = "avx2";
	}
#endif
	/* relaxed: any variant is right, a burst needs only a whole pointer */
	__atomic_store_n(&lo_sum_long, sum_fn, __ATOMIC_RELAXED);
	snprintf(lo_offload_name, sizeof(lo_offload_name), "checksum %s, Toeplitz %s", sum,
		lo_rss_select(bits));
	return lo_offload_name;
}
