/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_H
#define LO_H

/*
 * net_lo private header: queue and port state shared by the control path
 * (lo_ethdev.c and the files lo_ethdev.h lists) and the burst functions
 * (lo_rxtx.c, lo_tx_full.c).
 *
 * Tx queue i feeds the ring owned by rx queue i % nb_rx of the receiving
 * port (this port, or its peer in a pair); with RSS, each packet goes to
 * the ring its hash picks. Each ring has one consumer, its rx queue's
 * lcore; its producer is single (SP) when one tx queue can feed it and
 * multi-producer (HTS) otherwise, decided when the queues are wired at
 * start. Each mbuf is touched once, by tx, where the sender has just
 * written it: tx reads its length and makes it look received (port, no
 * flags or packet type from upstream); rx moves pointers and reads two byte
 * totals per burst, never an mbuf. Offloads the application enabled (RSS,
 * checksums, packet types, VLAN, timestamps, copy mode) run in a separate
 * tx function, lo_tx_full (lo_tx_full.c, lo_offload.h), picked only then.
 *
 * Counters have one writer. The datapath counters (packets, bytes,
 * ring_full, fault_drops, rate_limited, errors) are written only by the queue's
 * lcore, with relaxed atomic load+store (never a locked instruction); drops
 * are written only by the control path, when it drains a quiesced ring.
 * Readers use relaxed loads.
 * A reset copies the current values into a base that the readers subtract,
 * so it never writes a datapath counter; readers load the base (acquire)
 * before the counter, so a reset in between cannot underflow.
 *
 * The one exception is ring_hwm, a level (the highest occupancy seen), not
 * a count: a maximum cannot be rebased, so a reset stores 0 into it while
 * the lcore may be updating it. Both stores are atomic 64-bit, so a value
 * is never torn, and the lcore stores only an occupancy it measured after
 * its previous burst. If its load/compare/store straddles the reset, the
 * value after the reset is that occupancy, measured at most one burst
 * before the reset; otherwise it is the maximum since the reset. It is
 * never more than the ring's capacity. The datapath pays nothing for this:
 * no epoch to check per burst.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_version.h>

#include "lo_devargs.h"

extern int lo_logtype;

#define LO_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, lo_logtype, "net_lo: " fmt "\n", ## __VA_ARGS__)

/* Per-queue counters; every field is a uint64_t so one table can read them. */
struct lo_rxq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t drops;		/* freed undelivered when the ring was drained */
};

/* The four every tx burst writes first: one cache line in lo_txq. */
struct lo_txq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t ring_full;	/* rejected because the ring was full */
	uint64_t ring_hwm;	/* highest ring occupancy seen after a burst; see above */
	uint64_t fault_drops;	/* accepted, then freed by tx_drop_ppm */
	uint64_t rate_limited;	/* refused by tx_pps (refusals, not distinct packets) */
	uint64_t errors;	/* accepted, then freed: an offload could not be applied */
};

/*
 * What a burst function needs of a queue's ring. Besides each mbuf pointer,
 * the producer writes into totals[] the running byte count of the ring
 * through that packet, so the consumer counts a burst's bytes as the
 * difference of two totals instead of reading every mbuf again:
 *
 *    slot:     first-1    first  ...  last
 *    slots[]:  (taken)    m0     ...  mk     pointers, as rte_ring moves them
 *    totals[]: T          T+len0 ...  T'     written by tx, read by rx
 *                                             rx bytes += T' - T
 *
 * totals[first-1] is still intact when rx reads it: an rte_ring's capacity
 * is at most size - 1, so the producer reaches the slot before the
 * consumer's tail only after the consumer has released more slots.
 * Whoever consumed that slot (rx, or the control path draining a stopped
 * queue) is thereby accounted for, so drained packets never count as
 * received bytes. Both arrays are published by the ring's own release
 * (prod.tail) and acquire.
 */
struct lo_ring_ref {
	struct rte_ring *ring;	/* its slot array follows its header: lo_ring_slots() */
	uint64_t *totals;	/* one per slot; NULL in pointer-only mode */
};

/* The ring's slot array: rte_ring keeps it right after its header. */
static __rte_always_inline struct rte_mbuf **
lo_ring_slots(const struct rte_ring *ring)
{
	return (struct rte_mbuf **)(uintptr_t)(ring + 1);
}

struct lo_rxq {
	/* Read by the datapath. */
	struct lo_ring_ref r;	/* owned: lo_ring_create()/lo_ring_free() */
	uint8_t open;		/* link up and queue started */
	uint8_t intr_armed;	/* rx interrupt enabled: the next enqueue wakes (lo_rx_wake) */
	int intr_fd;		/* its eventfd, the primary's; -1: no rx interrupts */
	struct lo_rxq_stats stats;

	/* Control path only. */
	struct lo_rxq_stats base __rte_cache_aligned;
	struct rte_mempool *mb_pool;
	struct rte_eth_rxconf conf;
} __rte_cache_aligned;

/*
 * 32 bytes of an mbuf's first line, rearm_data (which holds port) through
 * ol_flags and packet_type, as one vector: tx checks port, flags and packet
 * type of a whole burst with it (lo_rxtx.c). lo_u64x4_in reads them from
 * the mbuf: may_alias since it reads mbuf fields, aligned(1) since an mbuf
 * is only as aligned as its pool made it (RTE_MEMPOOL_F_NO_CACHE_ALIGN:
 * 8 bytes). One load with AVX2, two without.
 */
typedef uint64_t lo_u64x4 __attribute__((vector_size(32)));
typedef uint64_t lo_u64x4_in __attribute__((vector_size(32), may_alias, aligned(1)));

/*
 * What a tx burst function does with the mbufs it accepts; a queue's mode
 * (lo_txq.mode) is one of the first four. The port's function is the
 * mode's own when every queue has the same mode, or one that looks at each
 * queue's mode (dispatch, shaped).
 */
enum lo_tx_mode {
	LO_TX_PTR,	/* nothing: pointer only */
	LO_TX_VECTOR,	/* count bytes, mark received; vector check */
	LO_TX_SCALAR,	/* count bytes, mark received; scalar check */
	LO_TX_FULL,	/* offloads, RSS, copy: lo_tx_full */
	LO_TX_DISPATCH,	/* each queue's own mode */
	LO_TX_SHAPED,	/* each queue's own mode, shaped: lo_tx_shaped */
	LO_TX_GUARDED,	/* wiring may change while running: lo_tx_guarded */
};

/* What a receiving port asks of each packet it gets (lo_rx_features.flags). */
#define LO_RXF_RSS		(1u << 0)	/* hash, pick the queue by RETA */
#define LO_RXF_CKSUM		(1u << 1)	/* verify IPv4, TCP, UDP checksums */
#define LO_RXF_PTYPE		(1u << 2)	/* fill packet_type */
#define LO_RXF_VLAN_STRIP	(1u << 3)
#define LO_RXF_TIMESTAMP	(1u << 4)	/* TSC at tx, dynamic field */
#define LO_RXF_INTR		(1u << 5)	/* rx queue interrupts: wake armed queues */

/* What a sending queue does to each packet it sends (lo_txq.txf). */
#define LO_TXF_COPY		(1u << 0)	/* copy shared, indirect, external mbufs */
#define LO_TXF_VLAN_INSERT	(1u << 1)
#define LO_TXF_IP_CKSUM		(1u << 2)	/* write requested checksums: IPv4 header */
#define LO_TXF_UDP_CKSUM	(1u << 3)	/* UDP */
#define LO_TXF_TCP_CKSUM	(1u << 4)	/* TCP */

#define LO_RSS_KEY_LEN		40
#define LO_RETA_SIZE		128
#define LO_RSS_TUPLE_MAX	36	/* IPv6 addresses and ports */

/*
 * The receiving port's side of lo_tx_full, in its lo_private: flags and
 * ptype_mask are set at its start (packet types also when asked while it
 * runs); the RSS key, types and RETA also by the RSS ops at any time (a
 * burst may see an update half done: only which queue a packet lands on,
 * and the hash it carries, can differ).
 */
struct lo_rx_features {
	uint32_t flags;		/* LO_RXF_* */
	uint32_t ptype_mask;	/* packet type classes reported (RTE_PTYPE_*_MASK) */
	uint64_t rss_hf;	/* RTE_ETH_RSS_* types hashed */
	int ts_offset;		/* rx timestamp dynamic field */
	uint64_t ts_flag;	/* rx timestamp dynamic flag */
	uint8_t rss_key[LO_RSS_KEY_LEN];
	uint16_t reta[LO_RETA_SIZE];
	/* the key's Toeplitz contribution of each byte value at each tuple byte */
	uint32_t rss_byte[LO_RSS_TUPLE_MAX][256];
	/* the same as GF(2) matrices, for GFNI (rte_thash_complete_matrix) */
	uint64_t rss_gfni[LO_RSS_KEY_LEN];
};

/*
 * Shaping and faults for users' CI (devargs tx_pps, tx_drop_ppm,
 * tx_delay_cycles), applied by lo_tx_shaped around the mode's own tx.
 */
struct lo_tx_shape {
	uint32_t drop_ppm;	/* drop this many per million accepted packets */
	uint32_t drop_acc;	/* ppm accumulated toward the next drop */
	uint32_t delay;		/* TSC cycles per call */
	int64_t debt;		/* cycles owed by the delay */
	double pps_per_cycle;	/* rate cap in packets per TSC cycle; 0: none */
	double bucket;		/* most packets the cap lets through at once */
	double tokens;		/* packets the cap lets through now */
	uint64_t last_tsc;	/* when tokens was last refilled */
};

struct lo_txq {
	/* Read by the datapath. */
	struct lo_ring_ref r;	/* borrowed at start from rx queue rx_qid of rx_port */
	uint8_t open;		/* link up and queue started */
	uint8_t mode;		/* enum lo_tx_mode, one of the first four */
	uint8_t txf;		/* LO_TXF_*: lo_tx_full only */
	uint8_t busy;		/* inside lo_tx_guarded; see there */
	uint8_t shaped;		/* a shaping devarg is set: lo_tx_guarded runs lo_tx_shaped */
	uint16_t rx_port;	/* the port whose rx queue receives what this queue sends */
	uint16_t rx_qid;	/* that rx queue, without RSS */
	lo_u64x4 mark_mask;	/* port, ol_flags but INDIRECT and EXTERNAL, packet_type */
	lo_u64x4 mark_want;	/* their received values: port = rx_port, the rest 0 */
	struct lo_txq_stats stats;
	struct rte_eth_dev_data *rx_data;	/* rx_port's; lo_tx_full only */

	/* lo_tx_shaped only: set at start, then written by the tx lcore only. */
	struct lo_tx_shape shape;

	/* Control path only. */
	struct lo_txq_stats base __rte_cache_aligned;
	struct rte_eth_txconf conf;
	uint16_t nb_desc;	/* reported only: tx has no ring of its own */
} __rte_cache_aligned;

struct lo_private {
	struct lo_params params;
	/*
	 * The tx function (enum lo_tx_mode) the primary picked at its last
	 * start. A secondary reads it once, at its probe.
	 */
	uint8_t tx_fn;
	/* Byte counting picked lo_tx_scalar for senders into this port's rings. */
	bool tx_scalar;
	bool started;		/* between dev_start and dev_stop */
	bool wired;		/* tx queues point at live rings (lo_wire); until close */
	bool admin_down;	/* set_link_down, until set_link_up */
	bool ptype_set;		/* the application chose packet types (set_ptypes) */
	uint32_t ptype_mask;	/* packet type classes asked for; 0: parsing off */
	uint16_t peer_port;	/* the other end of a pair; RTE_MAX_ETHPORTS: none */
	struct lo_rx_features rxf;	/* read by whoever sends into this port */
	struct rte_ether_addr mac;	/* data->mac_addrs points here */
};

/* What a received mbuf keeps of ol_flags: what the buffer is, not offloads. */
#define LO_KEEP_FLAGS	(RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL)

static __rte_always_inline bool
lo_gate_open(const uint8_t *open)
{
	/*
	 * acquire: pairs with the release that opened the gate, so the wiring
	 * written before (ring, mode, receiver) is what this burst sees; a
	 * plain load on x86
	 */
	return __atomic_load_n(open, __ATOMIC_ACQUIRE) != 0;
}

/* Index of the slot a zero-copy span starts at. */
static __rte_always_inline uint32_t
lo_slot_of(const struct lo_ring_ref *r, const void *span)
{
	return (uint32_t)((struct rte_mbuf *const *)span - lo_ring_slots(r->ring));
}

/* Datapath counter update: one writer, so a plain load+store, untorn. */
static __rte_always_inline void
lo_counter_add(uint64_t *c, uint64_t n)
{
	/* relaxed: readers only need an untorn value, not ordering */
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n, __ATOMIC_RELAXED);
}

static __rte_always_inline uint64_t
lo_counter_read(const uint64_t *c)
{
	/* relaxed: statistics are a snapshot, ordering across queues is moot */
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

/*
 * lo_rxtx.c: the burst functions. Byte counting: lo_rx with lo_tx, or with
 * lo_tx_scalar when an rx pool gives each mbuf a small page of its own
 * (lo_start.c picks at start); pointer only: lo_rx_ptr with lo_tx_ptr.
 * With offloads, RSS or copy mode, tx is lo_tx_full (lo_tx_full.c). With
 * tx_pps, tx_drop_ppm or tx_delay_cycles, tx is lo_tx_shaped around the
 * queue's mode; with queues of different modes, lo_tx_dispatch; in a pair
 * and in secondary processes, lo_tx_guarded.
 */
uint16_t lo_rx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx_scalar(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_rx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx_ptr(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t lo_tx_full(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
/* The queue's own mode's function. */
uint16_t lo_tx_dispatch(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
/* lo_tx_dispatch or lo_tx_shaped, telling the control path when it runs. */
uint16_t lo_tx_guarded(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
/* The queue's own mode with rate cap, drops and delay (lo_tx_shape). */
uint16_t lo_tx_shaped(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
/* Every tx function by enum lo_tx_mode. */
extern const eth_tx_burst_t lo_tx_by_mode[];

/* lo_rss.c: the RSS hash of any packet (the generic path of lo_tx_full). */
bool lo_rss_hash(const struct lo_rx_features *rxf, const struct rte_mbuf *m, uint32_t *hash);
/* Set the RSS key and the tables lo_rss_hash computes with. */
void lo_rss_key_set(struct lo_rx_features *rxf, const uint8_t *key);
/*
 * Rx queue interrupts: write the queue's eventfd if it is armed, disarming
 * it (one wake per rte_eth_dev_rx_intr_enable). Called after an enqueue,
 * and by the enable itself when packets already wait.
 */
void lo_rx_wake(struct lo_rxq *rxq);
/* DPDK 25.11 has eth_rx_queue_count_t return int, not uint32_t. */
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
int lo_rx_queue_count(void *queue);
#else
uint32_t lo_rx_queue_count(void *queue);
#endif
int lo_rx_descriptor_status(void *queue, uint16_t offset);
int lo_tx_descriptor_status(void *queue, uint16_t offset);
struct rte_power_monitor_cond;
int lo_get_monitor_addr(void *queue, struct rte_power_monitor_cond *pmc);

#endif /* LO_H */
