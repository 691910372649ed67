/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_TX_CHUNK_H
#define LO_TX_CHUNK_H

/*
 * The pieces lo_tx_full.c's chunk loops are made of, and nothing else
 * includes: a packet's plan (where it goes, what the receiver will see,
 * lo_plan_packet), its copy and the checks before it is sent
 * (lo_prepare), the receiver's view written into its mbuf (lo_rx_view,
 * lo_rx_view_fast, lo_apply), and the spans: one ring's reservation, its
 * slots filled and its byte totals kept (lo_span_reserve, lo_span_fill,
 * lo_span_put, lo_span_finish). All static, as the loops are: one
 * translation unit, so each loop copy inlines what it uses.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
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

#endif /* LO_TX_CHUNK_H */
