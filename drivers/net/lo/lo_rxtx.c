/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * The burst functions, and nothing else. Each is a gate check, a ring call,
 * the counter updates and a return; the control path validated everything
 * they rely on, and lo.h draws who touches what. lo_start.c picks the
 * functions (lo_set_burst_functions) from the byte_stats devarg at probe
 * and, for tx, from the pools at start, so no per-packet flag is tested here. The shaping devargs
 * (tx_pps, tx_drop_ppm, tx_delay_cycles) add lo_tx_shaped around them, at
 * the end of this file, only when set.
 */

#include <errno.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_power_intrinsics.h>
#include <rte_ring.h>
#include <rte_ring_peek_zc.h>

#include "lo.h"

/*
 * The ring's zero-copy API hands out the slots as at most two contiguous
 * spans, so moving pointers is a straight loop the compiler vectorizes,
 * instead of rte_ring's per-element wrap-around index.
 */
static __rte_always_inline void
lo_copy(struct rte_mbuf **dst, struct rte_mbuf *const *src, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

/*
 * The one touch of each mbuf, on tx: add its length to the running total t
 * and record the total in the packet's slot (lo.h). Whether port, ol_flags
 * or packet_type must change is decided once per burst from *wrong; the
 * rare fix is a second pass (lo_tx_mark). No branch per packet.
 *
 * Two ways to gather *wrong, same result, picked per port at start:
 * - vector: the 32 bytes from rearm_data (holding port) through ol_flags
 *   and packet_type in one load, XORed with what they should be and ORed
 *   up; the mask is applied once per burst. Three loads per packet with
 *   the pointer and the length.
 * - scalar: port, ol_flags, packet_type and the length as four loads, five
 *   per packet. Faster when the mbuf headers of a burst share one L1 set,
 *   as one-mbuf-per-4 KB-page pools make them: see the driver guide. (One
 *   8-byte load of packet_type and pkt_len, split by a shift, measured 5%
 *   slower there.)
 */

static __rte_always_inline uint64_t
lo_tx_touch_vector(const struct lo_txq *txq, struct rte_mbuf *const *pkts, uint64_t *totals,
	unsigned int n, uint64_t t, lo_u64x4 *wrong)
{
	const lo_u64x4 want = txq->mark_want;
	lo_u64x4 diff = *wrong;
	unsigned int i;

	/* unrolled: fewer loop uops measured faster on 2 MB pages, slower on 4 KB */
#pragma GCC unroll 4
	for (i = 0; i < n; i++) {
		const struct rte_mbuf *m = pkts[i];

		t += m->pkt_len;
		totals[i] = t;
		diff |= *(const lo_u64x4_in *)&m->rearm_data ^ want;
	}
	*wrong = diff;
	return t;
}

static __rte_always_inline uint64_t
lo_tx_touch_scalar(const struct lo_txq *txq, struct rte_mbuf *const *pkts, uint64_t *totals,
	unsigned int n, uint64_t t, lo_u64x4 *wrong)
{
	const uint16_t port = txq->rx_port;
	uint64_t bad = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct rte_mbuf *m = pkts[i];

		t += m->pkt_len;
		totals[i] = t;
		bad |= (uint64_t)(m->port ^ port) | (m->ol_flags & ~LO_KEEP_FLAGS) |
			m->packet_type;
	}
	(*wrong)[0] |= bad;	/* masked already */
	return t;
}

static __rte_always_inline uint64_t
lo_tx_touch(const struct lo_txq *txq, struct rte_mbuf *const *pkts, uint64_t *totals,
	unsigned int n, uint64_t t, lo_u64x4 *wrong, bool vector)
{
	if (vector)
		return lo_tx_touch_vector(txq, pkts, totals, n, t, wrong);
	return lo_tx_touch_scalar(txq, pkts, totals, n, t, wrong);
}

/* True when a burst's *wrong says every mbuf already looks received. */
static __rte_always_inline bool
lo_tx_all_right(const struct lo_txq *txq, lo_u64x4 wrong, bool vector)
{
	if (vector)
		wrong &= txq->mark_mask;
	return (wrong[0] | wrong[1] | wrong[2] | wrong[3]) == 0;
}

/*
 * Make sent mbufs look received on port: no flags but what the buffer is,
 * no packet type. Fields are written only when wrong: mbufs that circulate
 * through a loopback already look received, and a store that changes
 * nothing still dirties the line.
 */
static __rte_noinline void
lo_tx_mark(struct rte_mbuf **pkts, unsigned int n, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (m->port != port || (m->ol_flags & ~LO_KEEP_FLAGS) != 0 ||
				m->packet_type != 0) {
			m->port = port;
			m->ol_flags &= LO_KEEP_FLAGS;
			m->packet_type = RTE_PTYPE_UNKNOWN;
		}
	}
}

static __rte_always_inline uint16_t
lo_rx_burst(struct lo_rxq *rxq, struct rte_mbuf **pkts, uint16_t nb_pkts, bool count_bytes)
{
	/* initialized only for the compiler: the ST ring always sets it */
	struct rte_ring_zc_data zcd = { .n1 = 0 };
	struct rte_ring *ring = rxq->r.ring;
	unsigned int n;

	if (unlikely(!lo_gate_open(&rxq->open)))
		return 0;
	n = rte_ring_dequeue_zc_burst_start(ring, nb_pkts, &zcd, NULL);
	if (n == 0)
		return 0;
	lo_copy(pkts, zcd.ptr1, zcd.n1);
	if (unlikely(n > zcd.n1))
		lo_copy(pkts + zcd.n1, zcd.ptr2, n - zcd.n1);
	if (count_bytes) {
		const uint64_t *totals = rxq->r.totals;
		uint32_t first = lo_slot_of(&rxq->r, zcd.ptr1), mask = ring->mask;

		/* read before zc_finish hands the slots back to the producer */
		lo_counter_add(&rxq->stats.bytes,
			totals[(first + n - 1) & mask] - totals[(first - 1) & mask]);
	}
	rte_ring_dequeue_zc_finish(ring, n);
	lo_counter_add(&rxq->stats.packets, n);
	return (uint16_t)n;
}

static __rte_always_inline uint16_t
lo_tx_burst(struct lo_txq *txq, struct rte_mbuf **pkts, uint16_t nb_pkts, enum lo_tx_mode mode)
{
	const bool count_bytes = mode != LO_TX_PTR, vector = mode == LO_TX_VECTOR;
	/* initialized only for the compiler: the ST ring always sets them */
	struct rte_ring_zc_data zcd = { .n1 = 0 };
	struct rte_ring *ring = txq->r.ring;
	unsigned int free_space = 0, used, n;
	uint64_t t0 = 0, t = 0;

	if (unlikely(!lo_gate_open(&txq->open)))
		return 0;
	n = rte_ring_enqueue_zc_burst_start(ring, nb_pkts, &zcd, &free_space);
	/*
	 * The rx lcore sees the slots only at zc_finish, so until then the
	 * accepted mbufs are still ours to read and write; refused ones are
	 * not touched.
	 */
	if (likely(n != 0)) {
		if (count_bytes) {
			uint64_t *totals = txq->r.totals;
			uint32_t first = lo_slot_of(&txq->r, zcd.ptr1);
			lo_u64x4 wrong = { 0, 0, 0, 0 };

			t0 = totals[(first - 1) & ring->mask];
			t = lo_tx_touch(txq, pkts, totals + first, zcd.n1, t0, &wrong, vector);
			if (unlikely(n > zcd.n1))
				t = lo_tx_touch(txq, pkts + zcd.n1, totals, n - zcd.n1, t, &wrong,
					vector);
			if (unlikely(!lo_tx_all_right(txq, wrong, vector)))
				lo_tx_mark(pkts, n, txq->rx_port);
		}
		lo_copy(zcd.ptr1, pkts, zcd.n1);
		if (unlikely(n > zcd.n1))
			lo_copy(zcd.ptr2, pkts + zcd.n1, n - zcd.n1);
		/*
		 * Only after a reservation: with several producers (HTS), a
		 * finish that reserved nothing would hand back another
		 * producer's slots.
		 */
		rte_ring_enqueue_zc_finish(ring, n);
	}
	if (unlikely(n < nb_pkts))
		lo_counter_add(&txq->stats.ring_full, nb_pkts - n);
	used = ring->capacity - free_space;
	if (unlikely(used > lo_counter_read(&txq->stats.ring_hwm)))
		__atomic_store_n(&txq->stats.ring_hwm, used, __ATOMIC_RELAXED);
	if (count_bytes)
		lo_counter_add(&txq->stats.bytes, t - t0);
	lo_counter_add(&txq->stats.packets, n);
	return (uint16_t)n;
}

/*
 * Rx, byte counting: called only by the lcore polling this queue; the
 * returned mbufs are the caller's, with port set to this port, no flags but
 * INDIRECT/EXTERNAL and no packet type (set by the tx that sent them), or
 * what lo_tx_full computed for this port.
 */
uint16_t
lo_rx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_rx_burst(queue, pkts, nb_pkts, true);
}

/*
 * Tx, byte counting: called only by the lcore polling this queue; the first
 * returned-count mbufs now belong to the driver, marked as received on the
 * receiving port; the rest stay the caller's, untouched. lo_tx checks the
 * marks with vectors, lo_tx_scalar with scalars (lo_tx_touch).
 */
uint16_t
lo_tx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_burst(queue, pkts, nb_pkts, LO_TX_VECTOR);
}

/* Tx, byte counting, scalar check: the same contract as lo_tx. */
uint16_t
lo_tx_scalar(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_burst(queue, pkts, nb_pkts, LO_TX_SCALAR);
}

/*
 * Rx, pointer only (byte_stats=off): as lo_rx but the mbufs are not touched
 * at all, so port and ol_flags are as the sender left them.
 */
uint16_t
lo_rx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_rx_burst(queue, pkts, nb_pkts, false);
}

/* Tx, pointer only (byte_stats=off): as lo_tx without reading the mbufs. */
uint16_t
lo_tx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_burst(queue, pkts, nb_pkts, LO_TX_PTR);
}

/*
 * Shaping and faults (lo_tx_shaped), for users who test how their
 * application copes with a slower, lossy or rate-capped port. Picked at
 * start only when one of its devargs is set, so the functions above carry
 * no trace of it.
 */

/*
 * Each mode's tx function, by enum lo_tx_mode. The queue keeps the mode, an
 * index, not a pointer: it is shared memory, and a secondary process maps
 * the driver elsewhere; this table is each process's own.
 */
const eth_tx_burst_t lo_tx_by_mode[] = {
	[LO_TX_PTR] = lo_tx_ptr,
	[LO_TX_VECTOR] = lo_tx,
	[LO_TX_SCALAR] = lo_tx_scalar,
	[LO_TX_FULL] = lo_tx_full,
	[LO_TX_DISPATCH] = lo_tx_dispatch,
	[LO_TX_SHAPED] = lo_tx_shaped,
	[LO_TX_GUARDED] = lo_tx_guarded,
};

/* The queue's own mode's tx function. */
static __rte_always_inline uint16_t
lo_tx_unshaped(struct lo_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	return lo_tx_by_mode[txq->mode](txq, pkts, n);
}

/*
 * Tx when the port's queues differ in mode, or their mode may change while
 * the port runs (a pair: set when the peer starts): one indirect call per
 * burst.
 */
uint16_t
lo_tx_dispatch(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return lo_tx_unshaped(queue, pkts, nb_pkts);
}

/*
 * Tx of a port in a pair, and of every port in a secondary process: there
 * the rings a queue sends into belong to another port (or another
 * process's view of it), which may stop, close or reconfigure while this
 * queue's lcore sends. busy tells the control path when a burst is inside:
 * it is set, then the gate is read, with a full barrier between; the
 * control path closes the gate, then waits for busy to clear
 * (lo_gates_update). One locked instruction per burst, for these ports
 * only.
 */
uint16_t
lo_tx_guarded(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct lo_txq *txq = queue;
	uint16_t n = 0;

	/* seq_cst exchange: a full barrier before the gate's load (xchg on x86) */
	__atomic_exchange_n(&txq->busy, 1, __ATOMIC_SEQ_CST);
	if (likely(lo_gate_open(&txq->open)))
		n = txq->shaped ? lo_tx_shaped(txq, pkts, nb_pkts) :
			lo_tx_unshaped(txq, pkts, nb_pkts);
	/* release: what this burst did to the rings happens before the wait ends */
	__atomic_store_n(&txq->busy, 0, __ATOMIC_RELEASE);
	return n;
}

/* Whether the next packet is dropped; advances *acc (ppm accumulated). */
static __rte_always_inline bool
lo_drop_next(uint32_t *acc, uint32_t ppm)
{
	*acc += ppm;
	if (*acc < 1000000)
		return false;
	*acc -= 1000000;
	return true;
}

/* Packets a drop pass handles at once: bounds the arrays on the stack. */
#define LO_SHAPE_CHUNK	64

/*
 * Tx n packets of which every (1e6 / drop_ppm)-th is freed instead: the
 * kept ones go to the mode's tx in one call. Returns how many of pkts were
 * consumed (sent or dropped), always a prefix: a packet planned for a drop
 * behind the first one the ring refused stays the caller's, untouched.
 */
static uint16_t
lo_tx_dropping(struct lo_txq *txq, struct rte_mbuf **pkts, uint16_t n)
{
	struct lo_tx_shape *sh = &txq->shape;
	struct rte_mbuf *keep[LO_SHAPE_CHUNK];
	uint16_t keep_at[LO_SHAPE_CHUNK];
	uint16_t done = 0, k = 0, i, sent = 0, used, drops;
	uint32_t acc;

	while (done < n) {
		const uint16_t m = RTE_MIN(n - done, LO_SHAPE_CHUNK);

		/* plan on a copy of the accumulator; commit only what was consumed */
		acc = sh->drop_acc;
		for (i = 0, k = 0; i < m; i++)
			if (!lo_drop_next(&acc, sh->drop_ppm)) {
				keep_at[k] = i;
				keep[k++] = pkts[done + i];
			}
		sent = k > 0 ? lo_tx_unshaped(txq, keep, k) : 0;
		used = sent == k ? m : keep_at[sent];
		for (i = 0, drops = 0; i < used; i++)
			if (lo_drop_next(&sh->drop_acc, sh->drop_ppm)) {
				rte_pktmbuf_free(pkts[done + i]);
				drops++;
			}
		lo_counter_add(&txq->stats.fault_drops, drops);
		done += used;
		if (used < m)
			break;
	}
	/*
	 * The mode's tx counted the kept packets the ring refused; the caller
	 * gets back every packet from the first of them on (planned drops too).
	 */
	if (done < n && lo_gate_open(&txq->open))
		lo_counter_add(&txq->stats.ring_full, (n - done) - (k - sent));
	return done;
}

/*
 * The delay: each call owes sh->delay cycles; the lcore spins the debt off
 * once it reaches this many, and overshoot is credited to later calls. One
 * TSC read costs tens of cycles, so short delays are exact on average.
 */
#define LO_DELAY_CHUNK	1024

static void
lo_tx_spend(struct lo_tx_shape *sh)
{
	uint64_t t0, t;

	sh->debt += sh->delay;
	if (sh->debt < LO_DELAY_CHUNK)
		return;
	t0 = rte_rdtsc();
	do
		t = rte_rdtsc();
	while ((int64_t)(t - t0) < sh->debt);
	sh->debt -= (int64_t)(t - t0);
}

/*
 * Tx, shaped: called only by the lcore polling this queue, with the
 * ownership contract of lo_tx. In order: the rate cap (tx_pps) lets through
 * what its token bucket holds and refuses the rest, as a full ring would,
 * counted in rate_limited; of what passes, drops (tx_drop_ppm) are accepted
 * and freed, counted in fault_drops and not in packets or bytes; the rest
 * is sent; then the delay (tx_delay_cycles) is spent.
 */
uint16_t
lo_tx_shaped(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct lo_txq *txq = queue;
	struct lo_tx_shape *sh = &txq->shape;
	uint16_t allow = nb_pkts, n;

	if (sh->pps_per_cycle > 0) {
		const uint64_t now = rte_rdtsc();

		sh->tokens = RTE_MIN(sh->bucket,
			sh->tokens + (double)(now - sh->last_tsc) * sh->pps_per_cycle);
		sh->last_tsc = now;
		if (sh->tokens < allow)
			allow = (uint16_t)sh->tokens;
		if (allow < nb_pkts && lo_gate_open(&txq->open))
			lo_counter_add(&txq->stats.rate_limited, nb_pkts - allow);
	}
	/*
	 * A link going down between this gate check and the mode's own can
	 * free (and count) the drops planned ahead of the first kept packet of
	 * that burst: the packets were offered while the link was up.
	 */
	if (sh->drop_ppm > 0 && lo_gate_open(&txq->open))
		n = lo_tx_dropping(txq, pkts, allow);
	else
		n = allow > 0 ? lo_tx_unshaped(txq, pkts, allow) : 0;
	if (sh->pps_per_cycle > 0)
		sh->tokens -= n;
	if (sh->delay > 0)
		lo_tx_spend(sh);
	return n;
}

/* Packets waiting in the queue's ring; any lcore, a snapshot. */
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
int
#else
uint32_t
#endif
lo_rx_queue_count(void *queue)
{
	const struct lo_rxq *rxq = queue;

	return rte_ring_count(rxq->r.ring);
}

/*
 * Rx descriptor offset: DONE while a packet waits at that place in the
 * ring, AVAIL for the rest of its capacity. Any lcore, a snapshot.
 */
int
lo_rx_descriptor_status(void *queue, uint16_t offset)
{
	const struct lo_rxq *rxq = queue;

	if (offset >= rte_ring_get_capacity(rxq->r.ring))
		return -EINVAL;
	return offset < rte_ring_count(rxq->r.ring) ? RTE_ETH_RX_DESC_DONE :
		RTE_ETH_RX_DESC_AVAIL;
}

/* Tx holds no mbuf after a burst returns: every descriptor is done. */
int
lo_tx_descriptor_status(void *queue, uint16_t offset)
{
	const struct lo_txq *txq = queue;

	return offset >= txq->nb_desc ? -EINVAL : RTE_ETH_TX_DESC_DONE;
}

/* rte_power_monitor: sleep until the producer tail moves from what it was. */
static int
lo_monitor_wake(const uint64_t value, const uint64_t opaque[RTE_POWER_MONITOR_OPAQUE_SZ])
{
	return (uint32_t)value != (uint32_t)opaque[0] ? -1 : 0;
}

int
lo_get_monitor_addr(void *queue, struct rte_power_monitor_cond *pmc)
{
	const struct lo_rxq *rxq = queue;
	struct rte_ring *ring = rxq->r.ring;

	/* the tail every producer mode publishes an enqueue through (lo.h) */
	pmc->addr = &ring->prod.tail;
	pmc->size = sizeof(ring->prod.tail);
	pmc->opaque[0] = __atomic_load_n(&ring->prod.tail, __ATOMIC_ACQUIRE);
	pmc->fn = lo_monitor_wake;
	return 0;
}
