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
 * (RTE_ETH_RX_OFFLOAD_RSS_HASH) gets none computed (lo_rss_observed, lo_start.c).
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
#include "lo_tx_chunk.h"

/*
 * Step 2 of lo_tx_full_rss_tpl: reserve what each of the nspans rings
 * wants, in ascending queue order, and return the prefix of the chunk
 * that fits (the first packet whose ring is full ends it). The timestamp
 * is read while the chunk holds its rings: with several producers (HTS),
 * the packets of one ring then carry timestamps in ring order; the
 * precise read, as a plain rdtsc may run before the reservation is made.
 */
static __rte_always_inline unsigned int
lo_rss_reserve(struct lo_span *spans, const uint16_t *span_q, unsigned int nspans,
	const struct lo_plan *plan, unsigned int n, uint32_t want, uint64_t *tsc)
{
	uint8_t order[LO_FULL_CHUNK];
	unsigned int keep = n, i, j, k;

	for (k = 0; k < nspans; k++) {
		for (j = k; j > 0 && span_q[order[j - 1]] > span_q[k]; j--)
			order[j] = order[j - 1];
		order[j] = (uint8_t)k;
	}
	for (j = 0; j < nspans; j++)
		if (spans[order[j]].want != 0)
			lo_span_reserve(&spans[order[j]], spans[order[j]].want);
	if ((want & LO_RXF_TIMESTAMP) != 0)
		*tsc = rte_rdtsc_precise();
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
	return keep;
}

/*
 * Step 3 of lo_tx_full_rss_tpl, for the prefix of keep packets: their
 * offloads, their view and their slots; with up to LO_RSS_ONE_PASS rings,
 * each one's count packed in a register and its slots filled after (as
 * lo_tx_full_rss_plain_tpl), else placed one by one. copy[i] ends holding
 * what went into packet i's slot. Returns the packets placed.
 */
static __rte_always_inline uint64_t
lo_rss_place(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	uint8_t txf, struct rte_mbuf **pkts, unsigned int keep, const struct lo_plan *plan,
	struct rte_mbuf **copy, struct lo_span *spans, unsigned int nspans, uint64_t tsc,
	struct lo_full_count *c, uint64_t *bytes)
{
	uint64_t packets = 0;
	unsigned int i, k;

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
			copy[i] = lo_apply(txq, rxf, want, txf, pl, pkts[i], copy[i], tsc, bytes);
			packets++;
		}
		for (k = 0; k < nspans; k++)
			lo_span_fill(&spans[k], copy, slot_of[k], (used >> (8 * k)) & 0xff);
		return packets;
	}
	for (i = 0; i < keep; i++) {
		const struct lo_plan *pl = &plan[i];

		if (unlikely(pl->to >= LO_TO_ERROR)) {
			lo_drop(pkts[i], copy[i], pl->to, c);
			continue;
		}
		lo_span_put(&spans[pl->to], lo_apply(txq, rxf, want, txf, pl, pkts[i], copy[i],
			tsc, bytes));
		packets++;
	}
	return packets;
}

/*
 * Send up to LO_FULL_CHUNK packets distributed by RSS; returns how many
 * were consumed, a prefix. Three steps (at the top of this file): the
 * rings are known only once every packet is hashed. Step 1 is read only,
 * but for the copies.
 */
static __rte_always_inline unsigned int
lo_tx_full_rss_tpl(struct lo_txq *txq, const struct lo_rx_features *rxf, uint32_t want,
	struct rte_mbuf **pkts, unsigned int n, struct lo_full_count *c, const uint32_t fixed)
{
	const uint8_t txf = fixed != 0 ? 0 : txq->txf;
	const bool parse = (want & (LO_RXF_RSS | LO_RXF_PTYPE | LO_RXF_CKSUM)) != 0;
	struct lo_span spans[LO_FULL_CHUNK];
	uint16_t span_q[LO_FULL_CHUNK];
	struct rte_mbuf *copy[LO_FULL_CHUNK];
	struct lo_plan plan[LO_FULL_CHUNK];
	uint8_t rss_lens[LO_RSS_KINDS];
	unsigned int nspans = 0, keep, i, k;
	uint64_t tsc = 0, bytes = 0;

	if (fixed != 0)
		want = fixed | (want & LO_RXF_INTR);
	lo_rss_fast_lens(rxf->rss_hf, rss_lens);
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
	keep = lo_rss_reserve(spans, span_q, nspans, plan, n, want, &tsc);
	c->packets += lo_rss_place(txq, rxf, want, txf, pkts, keep, plan, copy, spans, nspans,
		tsc, c, &bytes);
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
