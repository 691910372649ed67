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
 * A burst goes in chunks, each by the loop lo_chunk_fn picks for what is
 * on: the common mixes, and any mix into one ring, in one pass (see each
 * loop); RSS with any other feature, or into more than LO_RSS_ONE_PASS
 * rings or rings with several producers, in three steps:
 * 1. read only, one pass over the frames: which rx queue each packet goes
 *    to, and, for the frames lo_parse_fast takes (lo_offload.h), all that
 *    the receiver will see: packet type, checksum flags and RSS hash, from
 *    one parse at fixed offsets; the other frames are left to the generic
 *    path;
 * 2. reserve slots on each ring the chunk needs, in ascending queue order
 *    (with several producers, HTS rings, any order would let two senders
 *    each hold the ring the other waits for), and find the prefix of the
 *    chunk that fits: the caller keeps everything from the first packet
 *    whose ring is full, untouched;
 * 3. write what step 1 found into the prefix's mbufs (their headers, not
 *    the frames) and fill the slots; the generic packets get the sender's
 *    offloads and the receiver's view here, from their frames.
 *
 * Work nobody can observe is not done (the driver guide lists the rules):
 * a VLAN tag the sender inserts and the receiver strips never touches the
 * frame; a checksum the sender's offload wrote is GOOD on rx without a
 * second sum; with one rx queue, a port that did not ask for the RSS hash
 * (RTE_ETH_RX_OFFLOAD_RSS_HASH) gets none computed (lo_ethdev.c).
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_prefetch.h>
#include <rte_ring.h>
#include <rte_ring_peek_zc.h>

#include "lo_offload.h"

#define LO_FULL_CHUNK	32
#define LO_PREFETCH	4	/* frames read ahead in step 1 */
#define LO_RSS_ONE_PASS	8	/* rings a chunk counts in one register, 8 bits each */
/* the counts and the order arrays (uint8_t) hold up to a chunk */
_Static_assert(LO_FULL_CHUNK <= UINT8_MAX, "LO_FULL_CHUNK must fit in 8 bits");

/* Where a packet of a chunk goes: a span index, or one of these. */
#define LO_TO_ERROR	0xfe	/* freed: an offload could not be applied */
#define LO_TO_NOMBUF	0xff	/* freed: no mbuf for its copy */

#define LO_TXF_CKSUM	(LO_TXF_IP_CKSUM | LO_TXF_UDP_CKSUM | LO_TXF_TCP_CKSUM)
#define LO_TX_CKSUM_REQ	(RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK)

/* How step 3 treats a packet. */
enum lo_how {
	LO_HOW_FAST,		/* step 1 found its view */
	LO_HOW_FAST_VLAN,	/* the same, its tag inserted then stripped: not done */
	LO_HOW_GENERIC,		/* offloads applied to the frame, the view read from it */
};

/* What step 1 decided for a packet. */
struct lo_plan {
	uint64_t rx_fl;		/* fast: checksum flags */
	uint32_t pt;		/* fast: packet type */
	uint32_t hash;
	uint8_t to;		/* span index, LO_TO_ERROR or LO_TO_NOMBUF */
	uint8_t how;		/* enum lo_how */
	bool hashed;
	bool shared;		/* copy mode copies it */
};

/* Whether any segment of m is shared with someone else: copy mode copies it. */
static bool
lo_shared(const struct rte_mbuf *m)
{
	if (rte_mbuf_refcnt_read(m) > 1 || !RTE_MBUF_DIRECT(m))
		return true;
	if (m->nb_segs == 1)
		return false;	/* no need to read next, in the mbuf's second line */
	for (m = m->next; m != NULL; m = m->next)
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
static __rte_always_inline void
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

/*
 * Place n packets in the first n slots of span s (nothing placed yet):
 * pkts[0..n), or pkts[idx[0..n)] where idx is given. A loop of its own:
 * the running total and the count stay in registers, where lo_span_put's,
 * kept in s, would chain each packet through a store and a load (mbuf
 * stores may alias them). Returns the bytes placed.
 */
static __rte_always_inline uint64_t
lo_span_fill(struct lo_span *s, struct rte_mbuf *const *pkts, const uint8_t *idx,
	unsigned int n)
{
	const unsigned int n1 = RTE_MIN(n, s->zcd.n1);
	struct rte_mbuf **slot1 = s->zcd.ptr1, **slot2 = s->zcd.ptr2;
	uint64_t *totals = s->rxq->r.totals, t0 = s->total, t = t0;
	unsigned int i;

#define LO_FILL_PKT(i) (idx != NULL ? pkts[idx[i]] : pkts[i])
	for (i = 0; i < n1; i++)
		slot1[i] = LO_FILL_PKT(i);
	for (; i < n; i++)
		slot2[i - n1] = LO_FILL_PKT(i);
	if (totals == NULL) {
		for (i = 0; i < n; i++)
			t += LO_FILL_PKT(i)->pkt_len;
	} else {
		/* slots and totals wrap at the same place (lo.h) */
		uint64_t *tot1 = totals + s->first;

		for (i = 0; i < n1; i++) {
			t += LO_FILL_PKT(i)->pkt_len;
			tot1[i] = t;
		}
		for (; i < n; i++) {
			t += LO_FILL_PKT(i)->pkt_len;
			totals[i - n1] = t;
		}
	}
#undef LO_FILL_PKT
	s->total = t;
	s->used = n;
	return t - t0;
}

/* What a chunk did, for the queue's counters. */
struct lo_full_count {
	uint64_t packets;	/* placed in a ring */
	uint64_t bytes;		/* their length as sent */
	uint64_t errors;	/* freed: an offload could not be applied */
	uint64_t nombuf;	/* freed: no mbuf for a copy */
};

/*
 * The receiving port's view of a frame, written into the mbuf: VLAN
 * stripped, checksums checked, packet type, RSS hash, timestamp, port; no
 * other flag survives but what the buffer is (INDIRECT, EXTERNAL). The
 * generic path, for any frame; hashed, hash: the RSS hash step 1 found;
 * k: what the sender's checksum offload wrote.
 */
static void
lo_rx_view(const struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf *m, bool hashed, uint32_t hash, uint64_t tsc,
	const struct lo_cksum_known *k)
{
	uint64_t fl = m->ol_flags & LO_KEEP_FLAGS;
	struct rte_net_hdr_lens hl;
	uint32_t pt = 0;

	if ((want & LO_RXF_VLAN_STRIP) != 0 &&
			m->data_len >= RTE_ETHER_HDR_LEN + sizeof(struct rte_vlan_hdr) &&
			rte_vlan_strip(m) == 0) {
		fl |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
		k = NULL;	/* what the sender wrote moved: checked as it is now */
	}
	if ((want & (LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0) {
		pt = lo_parse(m, &hl);
		if ((want & LO_RXF_CKSUM) != 0)
			fl |= lo_rx_cksum(m, pt, &hl, k);
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

/*
 * The same for a packet step 1 took on the fast path, from its plan. For
 * LO_HOW_FAST_VLAN, the trace the tag leaves: rte_vlan_insert counts it in
 * l2_len (outer_l2_len in a tunnel), and rte_vlan_strip leaves that so.
 */
static __rte_always_inline void
lo_rx_view_fast(const struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf *m, const struct lo_plan *pl, uint64_t tsc)
{
	uint64_t fl = (m->ol_flags & LO_KEEP_FLAGS) | pl->rx_fl;
	uint32_t pt;

	if (pl->how == LO_HOW_FAST_VLAN) {
		if ((m->ol_flags & RTE_MBUF_F_TX_TUNNEL_MASK) != 0)
			m->outer_l2_len += sizeof(struct rte_vlan_hdr);
		else
			m->l2_len += sizeof(struct rte_vlan_hdr);
		fl |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	}
	if (pl->hashed) {
		if (m->hash.rss != pl->hash)
			m->hash.rss = pl->hash;
		fl |= RTE_MBUF_F_RX_RSS_HASH;
	}
	if ((want & LO_RXF_TIMESTAMP) != 0) {
		*RTE_MBUF_DYNFIELD(m, rxf->ts_offset, rte_mbuf_timestamp_t *) = tsc;
		fl |= rxf->ts_flag;
	}
	pt = (want & LO_RXF_PTYPE) != 0 ? pl->pt & rxf->ptype_mask : RTE_PTYPE_UNKNOWN;
	/*
	 * stored only where they change, as lo_tx marks: a line left clean
	 * costs no write-back (an mbuf sent again often holds them already)
	 */
	if (m->ol_flags != fl)
		m->ol_flags = fl;
	if (m->packet_type != pt)
		m->packet_type = pt;
	if (m->port != txq->rx_port)
		m->port = txq->rx_port;
}

/*
 * Step 1 for one packet, reading its mbuf and frame only: how it goes,
 * what the receiver will see of it, and its rx queue (*q, with RSS).
 */
static __rte_always_inline void
lo_plan_packet(const struct lo_txq *txq, const struct lo_rx_features *rxf,
	const uint8_t rss_lens[LO_RSS_KINDS], uint32_t want, uint8_t txf,
	const struct rte_mbuf *m, struct lo_plan *pl, uint16_t *q)
{
	struct lo_parsed p;
	uint16_t type;

	pl->how = LO_HOW_FAST;
	pl->hashed = false;
	pl->hash = 0;
	pl->rx_fl = 0;
	pl->pt = 0;
	pl->shared = (txf & LO_TXF_COPY) != 0 && lo_shared(m);
	if (pl->shared)
		pl->how = LO_HOW_GENERIC;
	if ((txf & LO_TXF_VLAN_INSERT) != 0 && (m->ol_flags & RTE_MBUF_F_TX_VLAN) != 0)
		/* inserted, then stripped by the receiver: the frame as it is */
		pl->how = pl->how == LO_HOW_FAST && (want & LO_RXF_VLAN_STRIP) != 0 &&
			m->data_len >= RTE_ETHER_HDR_LEN ? LO_HOW_FAST_VLAN : LO_HOW_GENERIC;
	if ((txf & LO_TXF_CKSUM) != 0 && (m->ol_flags & LO_TX_CKSUM_REQ) != 0)
		pl->how = LO_HOW_GENERIC;
	if (pl->how == LO_HOW_FAST && (want & LO_RXF_VLAN_STRIP) != 0 &&
			m->data_len >= RTE_ETHER_HDR_LEN + sizeof(struct rte_vlan_hdr)) {
		memcpy(&type, rte_pktmbuf_mtod_offset(m, const uint8_t *, 12), 2);
		if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN))
			pl->how = LO_HOW_GENERIC;	/* a tag of its own to strip */
	}
	if (pl->how != LO_HOW_GENERIC &&
			(want & (LO_RXF_RSS | LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0) {
		if (lo_parse_fast(m, &p)) {
			pl->pt = p.ptype;
			if ((want & LO_RXF_CKSUM) != 0)
				pl->rx_fl = lo_rx_cksum_fast(&p);
			if ((want & LO_RXF_RSS) != 0)
				pl->hashed = lo_rss_hash_fast(rxf, rss_lens, &p, &pl->hash);
		} else {
			pl->how = LO_HOW_GENERIC;
		}
	}
	if ((want & LO_RXF_RSS) != 0) {
		if (pl->how == LO_HOW_GENERIC)
			pl->hashed = lo_rss_hash(rxf, m, &pl->hash);
		*q = pl->hashed ? rxf->reta[pl->hash % LO_RETA_SIZE] : 0;
		if (unlikely(*q >= txq->rx_data->nb_rx_queues))
			*q = 0;
	}
}

/*
 * Step 1's last part, for the packet it planned: its copy, if copy mode
 * copies it (into the receiving queue's pool), and whether the sender's
 * VLAN insert can be applied. 0, or LO_TO_NOMBUF or LO_TO_ERROR: freed.
 */
static __rte_always_inline uint8_t
lo_prepare(uint8_t txf, const struct lo_plan *pl, struct rte_mbuf *m, struct rte_mempool *pool,
	struct rte_mbuf **copy)
{
	*copy = NULL;
	if (unlikely(pl->shared)) {
		*copy = rte_pktmbuf_copy(m, pool, 0, UINT32_MAX);
		if (*copy == NULL)
			return LO_TO_NOMBUF;
		m = *copy;
	}
	if ((txf & LO_TXF_VLAN_INSERT) != 0 && (m->ol_flags & RTE_MBUF_F_TX_VLAN) != 0 &&
			!lo_vlan_insertable(m))
		return LO_TO_ERROR;
	return 0;
}

/* A packet that cannot be sent: freed (with its copy) and counted. */
static __rte_always_inline void
lo_drop(struct rte_mbuf *m, struct rte_mbuf *copy, uint8_t why, struct lo_full_count *c)
{
	rte_pktmbuf_free(m);
	if (copy != NULL)
		rte_pktmbuf_free(copy);
	if (why == LO_TO_NOMBUF)
		c->nombuf++;
	else
		c->errors++;
}

/*
 * Step 3 for one packet: the mbuf that goes into the slot, as the receiver
 * sees it; *bytes grows by what the sender sent.
 */
static __rte_always_inline struct rte_mbuf *
lo_apply(const struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	uint8_t txf, const struct lo_plan *pl, struct rte_mbuf *m, struct rte_mbuf *copy,
	uint64_t tsc, uint64_t *bytes)
{
	struct lo_cksum_known known;

	if (pl->how != LO_HOW_GENERIC) {
		/* the tag inserted counts in what the sender sent */
		*bytes += m->pkt_len + (pl->how == LO_HOW_FAST_VLAN ?
			sizeof(struct rte_vlan_hdr) : 0);
		lo_rx_view_fast(txq, rxf, want, m, pl, tsc);
		return m;
	}
	if (copy != NULL) {
		rte_pktmbuf_free(m);
		m = copy;
	}
	if ((txf & LO_TXF_VLAN_INSERT) != 0 && (m->ol_flags & RTE_MBUF_F_TX_VLAN) != 0)
		rte_vlan_insert(&m);	/* cannot fail: lo_prepare checked */
	known.flags = 0;
	if ((txf & LO_TXF_CKSUM) != 0)
		lo_tx_cksum(m, txf, &known);
	*bytes += m->pkt_len;
	lo_rx_view(txq, rxf, want, m, pl->hashed, pl->hash, tsc, &known);
	return m;
}

/* The span's reservation handed back, its ring's level recorded, its sleeper woken. */
static __rte_always_inline void
lo_span_finish(struct lo_txq *txq, uint32_t want, struct lo_span *s)
{
	uint64_t level;

	if (s->got == 0)
		return;	/* nothing reserved: nothing to finish (lo_tx_burst) */
	rte_ring_enqueue_zc_finish(s->rxq->r.ring, s->used);
	if (s->used == 0)
		return;	/* reserved by a one-pass loop, not used: not this queue's level */
	level = s->rxq->r.ring->capacity - s->free_space - (s->got - s->used);
	if (level > lo_counter_read(&txq->stats.ring_hwm))
		__atomic_store_n(&txq->stats.ring_hwm, level, __ATOMIC_RELAXED);
	if ((want & LO_RXF_INTR) != 0)
		lo_rx_wake(s->rxq);
}

/* Reserve up to want slots of span s. */
static __rte_always_inline void
lo_span_reserve(struct lo_span *s, unsigned int want)
{
	const struct lo_ring_ref *r = &s->rxq->r;

	s->got = rte_ring_enqueue_zc_burst_start(r->ring, want, &s->zcd, &s->free_space);
	if (s->got == 0)
		return;
	s->first = lo_slot_of(r, s->zcd.ptr1);
	if (r->totals != NULL)
		s->total = r->totals[(s->first - 1) & r->ring->mask];
}

/*
 * Send up to LO_FULL_CHUNK packets distributed by RSS; returns how many
 * were consumed, a prefix. Three steps (at the top of this file): the
 * rings are known only once every packet is hashed.
 */
static __rte_always_inline unsigned int
lo_tx_full_rss_tpl(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c, const uint32_t fixed)
{
	const uint8_t txf = fixed != 0 ? 0 : txq->txf;
	const bool parse = (want & (LO_RXF_RSS | LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0;
	struct lo_span spans[LO_FULL_CHUNK];
	uint16_t span_q[LO_FULL_CHUNK];
	uint8_t order[LO_FULL_CHUNK];
	struct rte_mbuf *copy[LO_FULL_CHUNK];
	struct lo_plan plan[LO_FULL_CHUNK];
	uint8_t rss_lens[LO_RSS_KINDS];
	unsigned int nspans = 0, keep = n, i, j, k;
	uint64_t tsc = 0, packets = 0, bytes = 0;

	if (fixed != 0)
		want = fixed | (want & LO_RXF_INTR);
	lo_rss_fast_lens(rxf->rss_hf, rss_lens);
	/* 1: read only, but for the copies */
	for (i = 0; i < n; i++) {
		struct lo_plan *pl = &plan[i];
		uint16_t q = txq->rx_qid;
		uint8_t why;

		if (parse && i + LO_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + LO_PREFETCH], const void *));
		lo_plan_packet(txq, rxf, rss_lens, want, txf, pkts[i], pl, &q);
		pl->to = lo_span_of(spans, span_q, &nspans, txq, q);
		why = lo_prepare(txf, pl, pkts[i], spans[pl->to].rxq->mb_pool, &copy[i]);
		if (unlikely(why != 0))
			pl->to = why;
		else
			spans[pl->to].want++;
	}

	/* 2: reserve, in ascending queue order, and find the prefix that fits */
	for (k = 0; k < nspans; k++) {
		for (j = k; j > 0 && span_q[order[j - 1]] > span_q[k]; j--)
			order[j] = order[j - 1];
		order[j] = (uint8_t)k;
	}
	for (j = 0; j < nspans; j++)
		if (spans[order[j]].want != 0)
			lo_span_reserve(&spans[order[j]], spans[order[j]].want);
	/*
	 * Read while this chunk holds its rings: with several producers (HTS),
	 * the packets of one ring then carry timestamps in ring order. The
	 * precise read: a plain rdtsc may run before the reservation is made.
	 */
	if ((want & LO_RXF_TIMESTAMP) != 0)
		tsc = rte_rdtsc_precise();
	for (i = 0; i < n; i++) {
		if (plan[i].to >= LO_TO_ERROR)
			continue;
		if (spans[plan[i].to].used == spans[plan[i].to].got) {
			keep = i;
			break;
		}
		spans[plan[i].to].used++;
	}
	for (k = 0; k < nspans; k++)
		spans[k].used = 0;

	/*
	 * 3: the prefix gets its offloads, its view and its slots; with up to
	 * 8 rings, each one's count packed in a register and its slots filled
	 * after (as lo_tx_full_rss_plain_tpl), else placed one by one
	 */
	if (nspans <= LO_RSS_ONE_PASS) {
		uint8_t slot_of[LO_RSS_ONE_PASS][LO_FULL_CHUNK];	/* each ring's, in order */
		uint64_t used = 0;

		for (i = 0; i < keep; i++) {
			const struct lo_plan *pl = &plan[i];

			if (unlikely(pl->to >= LO_TO_ERROR)) {
				lo_drop(pkts[i], copy[i], pl->to, c);
				continue;
			}
			slot_of[pl->to][(used >> (8 * pl->to)) & 0xff] = (uint8_t)i;
			used += (uint64_t)1 << (8 * pl->to);
			/* copy[i] now holds what goes into the slot */
			copy[i] = lo_apply(txq, rxf, want, txf, pl, pkts[i], copy[i], tsc, &bytes);
			packets++;
		}
		for (k = 0; k < nspans; k++)
			lo_span_fill(&spans[k], copy, slot_of[k], (used >> (8 * k)) & 0xff);
	} else {
		for (i = 0; i < keep; i++) {
			const struct lo_plan *pl = &plan[i];

			if (unlikely(pl->to >= LO_TO_ERROR)) {
				lo_drop(pkts[i], copy[i], pl->to, c);
				continue;
			}
			lo_span_put(&spans[pl->to], lo_apply(txq, rxf, want, txf, pl, pkts[i],
				copy[i], tsc, &bytes));
			packets++;
		}
	}
	c->packets += packets;
	c->bytes += bytes;
	for (i = keep; i < n; i++)
		if (copy[i] != NULL)
			rte_pktmbuf_free(copy[i]);
	for (k = 0; k < nspans; k++)
		lo_span_finish(txq, want, &spans[k]);
	return keep;
}

/*
 * Send up to LO_FULL_CHUNK packets into the queue's own ring; returns how
 * many were consumed, a prefix. The ring is known before any packet is,
 * so the three steps go in one pass: reserve the whole chunk, then plan
 * and apply each packet in turn, then fill the slots (lo_span_fill); the
 * first packet that finds no slot left, and all after it, stay the
 * caller's, untouched (one that could not have been sent stays too).
 */
static unsigned int
lo_tx_full_one(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c)
{
	const uint8_t txf = txq->txf;
	const uint8_t rss_lens[LO_RSS_KINDS] = { 0 };	/* no RSS: one ring */
	struct rte_mbuf *out[LO_FULL_CHUNK];	/* what goes into the slots, in order */
	struct lo_span s;
	unsigned int i, keep = n, placed = 0;
	uint64_t tsc = 0, bytes = 0;
	bool parse;

	parse = (want & (LO_RXF_RSS | LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0;
	memset(&s, 0, sizeof(s));
	s.rxq = txq->rx_data->rx_queues[txq->rx_qid];
	lo_span_reserve(&s, n);
	if ((want & LO_RXF_TIMESTAMP) != 0)
		tsc = rte_rdtsc_precise();	/* while the ring is held, as lo_tx_full_rss */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i], *copy;
		struct lo_plan pl;
		uint16_t q;
		uint8_t why;

		if (unlikely(placed == s.got)) {
			keep = i;	/* no slot left: this one and the rest stay the caller's */
			break;
		}
		if (parse && i + LO_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + LO_PREFETCH], const void *));
		lo_plan_packet(txq, rxf, rss_lens, want, txf, m, &pl, &q);
		why = lo_prepare(txf, &pl, m, s.rxq->mb_pool, &copy);
		if (unlikely(why != 0)) {
			lo_drop(m, copy, why, c);
			continue;
		}
		out[placed++] = lo_apply(txq, rxf, want, txf, &pl, m, copy, tsc, &bytes);
	}
	lo_span_fill(&s, out, NULL, placed);
	c->packets += placed;
	c->bytes += bytes;	/* as sent: with the tags the receiver stripped */
	lo_span_finish(txq, want, &s);
	return keep;
}

/*
 * The common ports' copies: no tx offload, no copy mode, only checksums
 * and packet types (fixed, a constant) and interrupts on rx. Every packet
 * needs a slot, so the prefix is known at the reservation, and the chunk
 * goes in two tight loops: each packet planned and its view written at
 * once (its mbuf line still in L1, the plan in registers; a plan array
 * between two loops measured 2-3 cycles a packet slower), then the slots
 * filled.
 */
static __rte_always_inline unsigned int
lo_tx_full_plain_tpl(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c, const uint32_t fixed)
{
	const uint8_t rss_lens[LO_RSS_KINDS] = { 0 };	/* no RSS: one ring */
	struct lo_span s;
	unsigned int i;
	uint16_t q;

	want = fixed | (want & LO_RXF_INTR);
	memset(&s, 0, sizeof(s));
	s.rxq = txq->rx_data->rx_queues[txq->rx_qid];
	lo_span_reserve(&s, n);
	for (i = 0; i < s.got; i++) {
		struct rte_mbuf *m = pkts[i];
		struct lo_plan pl;

		if (i + LO_PREFETCH < s.got)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + LO_PREFETCH], const void *));
		lo_plan_packet(txq, rxf, rss_lens, want, 0, m, &pl, &q);
		if (likely(pl.how == LO_HOW_FAST))
			lo_rx_view_fast(txq, rxf, want, m, &pl, 0);
		else
			lo_rx_view(txq, rxf, want, m, pl.hashed, pl.hash, 0, NULL);
	}
	c->packets += s.got;
	c->bytes += lo_span_fill(&s, pkts, NULL, s.got);
	lo_span_finish(txq, want, &s);
	return s.got;
}

/*
 * RSS on a port with few rx queues, each fed by this tx queue alone (SP
 * rings), for the common features (as lo_tx_full_plain_tpl's): every ring
 * reserved first, in ascending order, as much of the chunk as each can
 * take; then one pass,
 * each packet planned and written at once, and its place in its ring
 * noted; the first whose ring has no slot left stops the chunk, untouched,
 * with all after it; then each ring's slots are filled (lo_span_fill).
 * Slots a ring did not use go back at the finish. Reserving rings that get
 * nothing costs a few loads and stores each, so only up to
 * LO_RSS_ONE_PASS queues; more take the three steps. So do rings with
 * several producers (HTS): there a reservation holds the ring against
 * the other senders, and this loop would hold every ring for the whole
 * pass.
 */

static __rte_always_inline unsigned int
lo_tx_full_rss_plain_tpl(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c, const uint32_t fixed)
{
	/* lo_chunk_fn checked; the bound keeps spans[] and the shifts in range */
	const unsigned int nb_q = RTE_MIN(txq->rx_data->nb_rx_queues, LO_RSS_ONE_PASS);
	struct lo_span spans[LO_RSS_ONE_PASS];
	uint8_t order[LO_RSS_ONE_PASS][LO_FULL_CHUNK];	/* each ring's packets, in order */
	uint8_t rss_lens[LO_RSS_KINDS];
	uint64_t got = 0, used = 0, bytes = 0;	/* 8 bits a queue: no chain through memory */
	unsigned int i, k;

	want = fixed | (want & LO_RXF_INTR);
	lo_rss_fast_lens(rxf->rss_hf, rss_lens);
	for (k = 0; k < nb_q; k++) {
		memset(&spans[k], 0, sizeof(spans[k]));
		spans[k].rxq = txq->rx_data->rx_queues[k];
		lo_span_reserve(&spans[k], n);
		got |= (uint64_t)spans[k].got << (8 * k);
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct lo_plan pl;
		unsigned int pos;
		uint16_t q;

		if (i + LO_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + LO_PREFETCH], const void *));
		lo_plan_packet(txq, rxf, rss_lens, want, 0, m, &pl, &q);
		if (unlikely(q >= nb_q))
			q = 0;
		pos = (unsigned int)(used >> (8 * q)) & 0xff;
		if (unlikely(pos == ((got >> (8 * q)) & 0xff)))
			break;	/* its ring is full: this one and the rest stay the caller's */
		if (likely(pl.how == LO_HOW_FAST))
			lo_rx_view_fast(txq, rxf, want, m, &pl, 0);
		else
			lo_rx_view(txq, rxf, want, m, pl.hashed, pl.hash, 0, NULL);
		order[q][pos] = (uint8_t)i;
		used += (uint64_t)1 << (8 * q);
	}
	for (k = 0; k < nb_q; k++) {
		bytes += lo_span_fill(&spans[k], pkts, order[k], (used >> (8 * k)) & 0xff);
		lo_span_finish(txq, want, &spans[k]);
	}
	c->packets += i;
	c->bytes += bytes;
	return i;
}

/* A copy of a template for one set of features (0: any port). */
#define LO_CHUNK_COPY(name, tpl, fixed) \
static unsigned int \
name(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want, \
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c) \
{ \
	return tpl(txq, rxf, want, pkts, n, c, fixed); \
}

/*
 * Any port with RSS; the common ones (as lo_tx_full_plain_tpl's) in three
 * steps (more than LO_RSS_ONE_PASS rx queues, or HTS rings) and in one
 * pass; and without RSS.
 */
LO_CHUNK_COPY(lo_tx_full_rss, lo_tx_full_rss_tpl, 0)
LO_CHUNK_COPY(lo_tx_full_rss_only, lo_tx_full_rss_tpl, LO_RXF_RSS)
LO_CHUNK_COPY(lo_tx_full_rss_cksum, lo_tx_full_rss_tpl, LO_RXF_RSS | LO_RXF_CKSUM)
LO_CHUNK_COPY(lo_tx_full_rss_ptype, lo_tx_full_rss_tpl, LO_RXF_RSS | LO_RXF_PTYPE)
LO_CHUNK_COPY(lo_tx_full_rss_cksum_ptype, lo_tx_full_rss_tpl,
	LO_RXF_RSS | LO_RXF_CKSUM | LO_RXF_PTYPE)
LO_CHUNK_COPY(lo_tx_full_rss_few_only, lo_tx_full_rss_plain_tpl, LO_RXF_RSS)
LO_CHUNK_COPY(lo_tx_full_rss_few_cksum, lo_tx_full_rss_plain_tpl, LO_RXF_RSS | LO_RXF_CKSUM)
LO_CHUNK_COPY(lo_tx_full_rss_few_ptype, lo_tx_full_rss_plain_tpl, LO_RXF_RSS | LO_RXF_PTYPE)
LO_CHUNK_COPY(lo_tx_full_rss_few_cksum_ptype, lo_tx_full_rss_plain_tpl,
	LO_RXF_RSS | LO_RXF_CKSUM | LO_RXF_PTYPE)
LO_CHUNK_COPY(lo_tx_full_cksum, lo_tx_full_plain_tpl, LO_RXF_CKSUM)
LO_CHUNK_COPY(lo_tx_full_ptype, lo_tx_full_plain_tpl, LO_RXF_PTYPE)
LO_CHUNK_COPY(lo_tx_full_cksum_ptype, lo_tx_full_plain_tpl, LO_RXF_CKSUM | LO_RXF_PTYPE)

/*
 * A chunk that needs nothing of the frames (rx timestamps, rx interrupts,
 * copy mode's check, alone or together) into the queue's own ring: the
 * default path's one touch of each mbuf, plus the timestamp. Packets that
 * copy mode must copy send the chunk the long way, lo_tx_full_one.
 */
static unsigned int
lo_tx_light(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c)
{
	const uint64_t ts_flag = (want & LO_RXF_TIMESTAMP) != 0 ? rxf->ts_flag : 0;
	const uint16_t port = txq->rx_port;
	uint64_t tsc = 0;
	struct lo_span s;
	unsigned int i;

	if ((txq->txf & LO_TXF_COPY) != 0)
		for (i = 0; i < n; i++)
			if (lo_shared(pkts[i]))
				return lo_tx_full_one(txq, rxf, want, pkts, n, c);
	memset(&s, 0, sizeof(s));
	s.rxq = txq->rx_data->rx_queues[txq->rx_qid];
	lo_span_reserve(&s, n);
	if (ts_flag != 0)
		tsc = rte_rdtsc_precise();	/* while the ring is held, as lo_tx_full_rss */
	for (i = 0; i < s.got; i++) {
		struct rte_mbuf *m = pkts[i];
		const uint64_t fl = (m->ol_flags & LO_KEEP_FLAGS) | ts_flag;

		if (ts_flag != 0)
			*RTE_MBUF_DYNFIELD(m, rxf->ts_offset, rte_mbuf_timestamp_t *) = tsc;
		/* stored only where they change (lo_rx_view_fast) */
		if (m->ol_flags != fl)
			m->ol_flags = fl;
		if (m->packet_type != RTE_PTYPE_UNKNOWN)
			m->packet_type = RTE_PTYPE_UNKNOWN;
		if (m->port != port)
			m->port = port;
	}
	c->bytes += lo_span_fill(&s, pkts, NULL, s.got);
	lo_span_finish(txq, want, &s);
	c->packets += s.got;
	return s.got;
}

typedef unsigned int (*lo_chunk_t)(struct lo_txq *txq, const struct lo_rx_features *rxf,
	uint32_t want, struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c);

/*
 * The loop for what is on, picked per burst from the receiver's flags and
 * the queue's offloads: a feature that is off has no code in it.
 */
static __rte_always_inline lo_chunk_t
lo_chunk_fn(const struct lo_txq *txq, uint32_t want)
{
	const uint32_t common = LO_RXF_CKSUM | LO_RXF_PTYPE;

	if ((want & ~(LO_RXF_TIMESTAMP | LO_RXF_INTR)) == 0 && (txq->txf & ~LO_TXF_COPY) == 0)
		return lo_tx_light;
	if (txq->txf != 0 || (want & ~(common | LO_RXF_RSS | LO_RXF_INTR)) != 0)
		return (want & LO_RXF_RSS) != 0 ? lo_tx_full_rss : lo_tx_full_one;
	if ((want & LO_RXF_RSS) != 0 && txq->rx_data->nb_rx_queues <= LO_RSS_ONE_PASS &&
			txq->r.ring->prod.sync_type == RTE_RING_SYNC_ST) {
		switch (want & common) {
		case 0:
			return lo_tx_full_rss_few_only;
		case LO_RXF_CKSUM:
			return lo_tx_full_rss_few_cksum;
		case LO_RXF_PTYPE:
			return lo_tx_full_rss_few_ptype;
		default:
			return lo_tx_full_rss_few_cksum_ptype;
		}
	}
	if ((want & LO_RXF_RSS) != 0) {
		switch (want & common) {
		case 0:
			return lo_tx_full_rss_only;
		case LO_RXF_CKSUM:
			return lo_tx_full_rss_cksum;
		case LO_RXF_PTYPE:
			return lo_tx_full_rss_ptype;
		default:
			return lo_tx_full_rss_cksum_ptype;
		}
	}
	switch (want & common) {
	case LO_RXF_CKSUM:
		return lo_tx_full_cksum;
	case LO_RXF_PTYPE:
		return lo_tx_full_ptype;
	default:
		return lo_tx_full_cksum_ptype;
	}
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
	uint32_t want;
	lo_chunk_t chunk;

	if (unlikely(!lo_gate_open(&txq->open)))
		return 0;
	rx_priv = txq->rx_data->dev_private;
	rxf = &rx_priv->rxf;
	/* acquire: pairs with lo_ptypes_apply's release, the mask before the flag */
	want = __atomic_load_n(&rxf->flags, __ATOMIC_ACQUIRE);
	chunk = lo_chunk_fn(txq, want);
	while (done < nb_pkts) {
		m = RTE_MIN(nb_pkts - done, (unsigned int)LO_FULL_CHUNK);
		k = chunk(txq, rxf, want, pkts + done, m, &c);
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
