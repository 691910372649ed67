/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Soak and faults: a tx lcore sends sequence-tagged packets of varying
 * length on every queue of net_lo0, an rx lcore receives them on another
 * CPU, and the main lcore injects faults the whole time:
 *   concurrently with traffic: stats and xstats reads (never backwards
 *     between resets, never above what was sent), link down/up, a second
 *     port hot-plugged, run and removed, the rx lcore held while tx sends
 *     to queue 0 only (its ring full), the sender's pool emptied by main;
 *   with the lcores paused (the ethdev contract: nobody polls a queue
 *     being stopped): stats resets, rx/tx queue stop/start, port
 *     stop/start (each drains the rings; drained packets are drops).
 * Checked: per queue, sequence numbers only increase (no duplicate, no
 * reorder; gaps only where a drain dropped packets); the app's counts equal
 * the port's, added up across resets: sent = received + drops, bytes
 * exact; the mempool back to its start. TAP, one case; the figures on
 * stdout.
 *   stress_lo PATH/librte_net_lo.so [SECONDS]   (default 10; CI runs 10,
 *                                               a soak by hand: 600 or more)
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity */
#endif
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define NB_QUEUES	4
#define RING		512
#define BURST		32
/*
 * Fewer mbufs than all rings hold, so that a sender outrunning its receiver
 * waits for mbufs, not on full rings; more than one ring holds, so that a
 * stretch with the receiver held and every packet sent to queue 0 fills it.
 */
#define NB_MBUF		(NB_QUEUES * RING / 2)

enum { RUN, PAUSE, STOP };

static uint16_t port;
static struct rte_mempool *pool;
static int state;			/* main writes, lcores read */
/*
 * The pause handshake: main bumps gen, then sets PAUSE; each lcore acks the
 * gen it saw once it polls nothing, and stays paused while that gen holds.
 * A stale ack from an earlier pause can never pass for this one.
 */
static unsigned int gen;
static unsigned int ack[2];
static int rx_hold;			/* main asks rx to stop receiving, tx to use queue 0 */

/* Written by their lcore only, read by main when the lcores are paused or done. */
static struct {
	uint64_t sent, bytes, alloc_fail, refused;
	uint64_t next_seq[NB_QUEUES];
} tx;
static struct {
	uint64_t received, bytes, gaps, errors;
	uint64_t last_seq[NB_QUEUES];
	bool seen[NB_QUEUES];
} rx;

static uint16_t
len_of(uint64_t seq)
{
	return 60 + seq % 1400;
}

static int
get_state(void)
{
	return __atomic_load_n(&state, __ATOMIC_ACQUIRE);
}

/* An lcore's answer to PAUSE: ack it, poll nothing; true for RUN, false for STOP. */
static bool
pause_point(int who)
{
	for (;;) {
		int st = get_state();
		unsigned int g;

		if (st == RUN)
			return true;
		if (st == STOP)
			return false;
		g = __atomic_load_n(&gen, __ATOMIC_ACQUIRE);
		__atomic_store_n(&ack[who], g, __ATOMIC_RELEASE);
		/* sleep: main shares a CPU with the tx lcore and has work to do */
		while (get_state() == PAUSE && __atomic_load_n(&gen, __ATOMIC_ACQUIRE) == g)
			usleep(50);
	}
}

static int
tx_loop(void *arg __rte_unused)
{
	struct rte_mbuf *m[BURST];
	uint16_t q = 0, n, i, sent;

	while (pause_point(0)) {
		q = __atomic_load_n(&rx_hold, __ATOMIC_ACQUIRE) ? 0 : (q + 1) % NB_QUEUES;
		if (rte_pktmbuf_alloc_bulk(pool, m, BURST) != 0) {
			tx.alloc_fail++;
			continue;
		}
		for (i = 0; i < BURST; i++) {
			uint64_t seq = tx.next_seq[q] + i;
			char *p = rte_pktmbuf_append(m[i], len_of(seq));

			memcpy(p, &seq, sizeof(seq));
		}
		/* what the port refuses (ring full, link down) is sent again */
		for (n = 0; n < BURST && get_state() != STOP; n += sent) {
			sent = rte_eth_tx_burst(port, q, m + n, BURST - n);
			/* from the sequence number: a sent mbuf is no longer ours to read */
			for (i = 0; i < sent; i++)
				tx.bytes += len_of(tx.next_seq[q] + n + i);
			tx.refused += sent < BURST - n;
			if (sent == 0 && get_state() == PAUSE && !pause_point(0))
				break;
		}
		rte_pktmbuf_free_bulk(m + n, BURST - n);	/* only when stopping */
		tx.sent += n;
		tx.next_seq[q] += n;
	}
	return 0;
}

static int
rx_loop(void *arg __rte_unused)
{
	struct rte_mbuf *m[BURST];
	uint16_t q = 0, n, i;

	while (pause_point(1)) {
		if (__atomic_load_n(&rx_hold, __ATOMIC_ACQUIRE))
			continue;
		q = (q + 1) % NB_QUEUES;
		n = rte_eth_rx_burst(port, q, m, BURST);
		for (i = 0; i < n; i++) {
			uint64_t seq;

			memcpy(&seq, rte_pktmbuf_mtod(m[i], const char *), sizeof(seq));
			if (rx.seen[q] && seq <= rx.last_seq[q])
				rx.errors++;	/* a duplicate or a reorder */
			else if (rx.seen[q] && seq != rx.last_seq[q] + 1)
				rx.gaps++;	/* drained by a stop: counted as drops */
			if (m[i]->pkt_len != len_of(seq) || m[i]->port != port)
				rx.errors++;
			rx.last_seq[q] = seq;
			rx.seen[q] = true;
			rx.bytes += m[i]->pkt_len;
		}
		rx.received += n;
		rte_pktmbuf_free_bulk(m, n);
	}
	return 0;
}

static bool hung;

/* At exit, after EAL's own handlers: --no-shconf left the runtime directory empty. */
static void
remove_run_dir(void)
{
	const char *dir = rte_eal_get_runtime_dir();

	if (dir != NULL && strstr(dir, "/netlo-stress-") != NULL)
		rmdir(dir);
}

/* RUN, STOP, or PAUSE and wait (at most 5 s) until both lcores poll nothing. */
static void
set_state(int s)
{
	uint64_t deadline = rte_rdtsc() + 5 * rte_get_tsc_hz();
	unsigned int g;

	if (s != PAUSE) {
		__atomic_store_n(&state, s, __ATOMIC_RELEASE);
		return;
	}
	g = __atomic_add_fetch(&gen, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&state, PAUSE, __ATOMIC_RELEASE);
	while (__atomic_load_n(&ack[0], __ATOMIC_ACQUIRE) != g ||
			__atomic_load_n(&ack[1], __ATOMIC_ACQUIRE) != g) {
		if (rte_rdtsc() > deadline) {
			hung = true;
			return;
		}
		usleep(20);	/* let the tx lcore, on this CPU, reach its pause point */
	}
}

/* The port's totals, added up across resets (taken only while paused). */
static struct rte_eth_stats acc;
static uint64_t acc_ring_full;
static unsigned int op_failed;		/* control operations that returned an error */

/* The sum of a counter over the tx queues: tx_qN_<name>, by id (looked up once). */
static uint64_t
txq_xstat_sum(const char *name, uint64_t *ids, bool *looked_up)
{
	uint64_t v[NB_QUEUES], sum = 0;
	char full[64];
	unsigned int q;

	if (!*looked_up) {
		for (q = 0; q < NB_QUEUES; q++) {
			snprintf(full, sizeof(full), "tx_q%u_%s", q, name);
			if (rte_eth_xstats_get_id_by_name(port, full, &ids[q]) != 0)
				return 0;
		}
		*looked_up = true;
	}
	if (rte_eth_xstats_get_by_id(port, ids, v, NB_QUEUES) != NB_QUEUES)
		return 0;
	for (q = 0; q < NB_QUEUES; q++)
		sum += v[q];
	return sum;
}

static uint64_t ring_full_ids[NB_QUEUES], packets_ids[NB_QUEUES];
static bool ring_full_known, packets_known;

static void
fold_and_reset(void)
{
	struct rte_eth_stats st;

	op_failed += rte_eth_stats_get(port, &st) != 0;
	acc.ipackets += st.ipackets;
	acc.opackets += st.opackets;
	acc.ibytes += st.ibytes;
	acc.obytes += st.obytes;
	acc.imissed += st.imissed;
	acc_ring_full += txq_xstat_sum("ring_full", ring_full_ids, &ring_full_known);
	op_failed += rte_eth_stats_reset(port) != 0;
}

#define OP(call) (op_failed += (call) != 0)

static int
port_setup(uint16_t p, uint16_t nbq)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(p, nbq, nbq, &conf);
	for (q = 0; ret == 0 && q < nbq; q++) {
		ret = rte_eth_rx_queue_setup(p, q, RING, SOCKET_ID_ANY, NULL, pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(p, q, RING, SOCKET_ID_ANY, NULL);
	}
	return ret != 0 ? ret : rte_eth_dev_start(p);
}

/* A second port, hot-plugged, used and removed while port 0 runs. */
static int
hotplug_once(unsigned int k, struct rte_mempool *mp)
{
	struct rte_eth_dev_info info;
	char name[32];
	struct rte_mbuf *m[4];
	uint16_t p;
	int ret;

	snprintf(name, sizeof(name), "net_lo%u", 100 + k % 50);
	if (rte_dev_probe(name) != 0)
		return -1;
	if (rte_eth_dev_get_port_by_name(name, &p) != 0 || rte_eth_dev_info_get(p, &info) != 0) {
		rte_eal_hotplug_remove("vdev", name);
		return -1;
	}
	ret = port_setup(p, 1);
	if (ret == 0 && rte_pktmbuf_alloc_bulk(mp, m, 4) == 0) {
		uint16_t sent = rte_eth_tx_burst(p, 0, m, 4), got;

		rte_pktmbuf_free_bulk(m + sent, 4 - sent);	/* refused: still ours */
		got = rte_eth_rx_burst(p, 0, m, 4);
		rte_pktmbuf_free_bulk(m, got);			/* the rest: freed by stop */
		if (sent != 4 || got != 4)
			ret = -1;
	}
	rte_eth_dev_stop(p);
	rte_eth_dev_close(p);
	return rte_dev_remove(info.device) == 0 && ret == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char lcores[64];
	char *eal[] = { argv[0], lcores, (char *)"--no-huge",
		(char *)"-m", (char *)"512", (char *)"--no-pci", (char *)"--no-shconf",
		(char *)"--log-level=lib.eal:error", (char *)"--log-level=pmd.net.lo:error",
		(char *)"--no-telemetry", prefix,
		(char *)"-d", NULL, (char *)"--vdev=net_lo0", NULL };
	uint64_t end, hz, reads = 0, backwards = 0, above = 0, faults[6] = { 0 }, last_opk = 0;
	uint64_t hotplug_failed = 0, last_xpk = 0;
	struct rte_mempool *side;
	unsigned int lcore, k = 0, who = 0, in_use;
	double secs = 10;
	char *stop = NULL;
	bool ok;

	if (argc > 2) {
		errno = 0;
		secs = strtod(argv[2], &stop);
	}
	/* a whole number of seconds, 1-86400: every fault strikes within one */
	if (argc < 2 || argc > 3 || (argc == 3 && (errno != 0 || stop == argv[2] || *stop != '\0' ||
			!(secs >= 1 && secs <= 86400) || secs != (double)(long)secs))) {
		fprintf(stderr, "usage: %s PATH/librte_net_lo.so [SECONDS: 1-86400, default 10]\n",
			argv[0]);
		return 1;
	}
	eal[12] = argv[1];
	snprintf(prefix, sizeof(prefix), "--file-prefix=netlo-stress-%d", getpid());
	printf("1..1\n");
	/* main and tx on the first CPU of this process's set, rx on the second */
	{
		int c, cpu[2], n = 0;
		cpu_set_t set;

		if (sched_getaffinity(0, sizeof(set), &set) == 0)
			for (c = 0; c < CPU_SETSIZE && n < 2; c++)
				if (CPU_ISSET(c, &set))
					cpu[n++] = c;
		if (n < 2) {
			printf("ok 1 - soak # SKIP needs 2 CPUs (tx and rx lcores apart)\n");
			return 0;
		}
		snprintf(lcores, sizeof(lcores), "--lcores=0@%d,1@%d,2@%d", cpu[0], cpu[0], cpu[1]);
	}
	atexit(remove_run_dir);
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0 || rte_lcore_count() < 3) {
		printf("not ok 1 - soak: EAL init: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	pool = rte_pktmbuf_pool_create("stress", NB_MBUF, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
		SOCKET_ID_ANY);
	side = rte_pktmbuf_pool_create("side", 255, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL || side == NULL || rte_eth_dev_get_port_by_name("net_lo0", &port) != 0 ||
			port_setup(port, NB_QUEUES) != 0) {
		printf("not ok 1 - soak # setup failed\n");
		return 1;
	}
	RTE_LCORE_FOREACH_WORKER(lcore)
		if (who < 2 && rte_eal_remote_launch(who++ == 0 ? tx_loop : rx_loop, NULL, lcore) != 0)
			op_failed++;
	if (who < 2 || op_failed != 0) {
		printf("not ok 1 - soak # the tx and rx lcores did not start\n");
		return 1;
	}

	hz = rte_get_tsc_hz();
	end = rte_rdtsc() + (uint64_t)(secs * hz);
	while (rte_rdtsc() < end) {
		struct rte_eth_stats st;
		uint64_t until = rte_rdtsc() + hz / 20;

		/* 50 ms of traffic with stats and xstats read all along */
		while (rte_rdtsc() < until) {
			uint64_t xpk;

			rte_eth_stats_get(port, &st);
			xpk = txq_xstat_sum("packets", packets_ids, &packets_known);
			reads++;
			backwards += st.opackets < last_opk || xpk < last_xpk;
			/* a burst in progress may be counted by the port, not yet by tx */
			above += acc.opackets + st.opackets >
				__atomic_load_n(&tx.sent, __ATOMIC_RELAXED) + BURST;
			above += acc.opackets + xpk >
				__atomic_load_n(&tx.sent, __ATOMIC_RELAXED) + BURST;
			last_opk = st.opackets;
			last_xpk = xpk;
			/* the main lcore shares a CPU with the tx lcore: mostly sleep */
			rte_delay_us_sleep(1000);
		}
		switch (k++ % 7) {
		case 0:	/* link down and up under traffic */
			OP(rte_eth_dev_set_link_down(port));
			rte_delay_us_sleep(2000);
			OP(rte_eth_dev_set_link_up(port));
			faults[0]++;
			break;
		case 1:	/* queue 0's ring full for a while: rx held, tx sends there only */
			__atomic_store_n(&rx_hold, 1, __ATOMIC_RELEASE);
			rte_delay_us_sleep(5000);
			__atomic_store_n(&rx_hold, 0, __ATOMIC_RELEASE);
			faults[1]++;
			break;
		case 6:	/* the sender's pool empty for a while: main holds every free mbuf */
		{
			static struct rte_mbuf *held[NB_MBUF];
			unsigned int h = 0;

			while (h < NB_MBUF && (held[h] = rte_pktmbuf_alloc(pool)) != NULL)
				h++;
			rte_delay_us_sleep(2000);
			rte_pktmbuf_free_bulk(held, h);
			faults[5]++;
			break;
		}
		case 2:	/* hot-plug a second port while this one runs */
			hotplug_failed += hotplug_once(k, side) != 0;
			faults[2]++;
			break;
		case 3:	/* queue stop/start, lcores paused */
			set_state(PAUSE);
			OP(rte_eth_dev_rx_queue_stop(port, k % NB_QUEUES));
			OP(rte_eth_dev_tx_queue_stop(port, (k + 1) % NB_QUEUES));
			OP(rte_eth_dev_rx_queue_start(port, k % NB_QUEUES));
			OP(rte_eth_dev_tx_queue_start(port, (k + 1) % NB_QUEUES));
			set_state(RUN);
			faults[3]++;
			break;
		case 4:	/* port stop/start and a stats reset, lcores paused */
			set_state(PAUSE);
			OP(rte_eth_dev_stop(port));
			fold_and_reset();
			last_opk = last_xpk = 0;
			OP(rte_eth_dev_start(port));
			set_state(RUN);
			faults[4]++;
			break;
		case 5:
			set_state(PAUSE);
			fold_and_reset();
			last_opk = last_xpk = 0;
			set_state(RUN);
			break;
		}
		if (hung)
			break;
	}
	set_state(PAUSE);
	if (hung) {
		printf("not ok 1 - soak: an lcore did not pause within 5 s\n");
		return 1;
	}
	OP(rte_eth_dev_stop(port));	/* drains what is left: drops */
	fold_and_reset();
	set_state(STOP);
	rte_eal_mp_wait_lcore();
	in_use = rte_mempool_in_use_count(pool);

	printf("# %.0f s: %" PRIu64 " packets sent, %" PRIu64 " received, %" PRIu64
		" drained by stops (%" PRIu64 " gaps), %" PRIu64 " bytes\n", secs, tx.sent,
		rx.received, acc.imissed, rx.gaps, rx.bytes);
	printf("# faults: %" PRIu64 " link flips, %" PRIu64 " ring-full stretches (%" PRIu64
		" packets refused by full rings, %" PRIu64 " refused bursts), %" PRIu64
		" pool-empty stretches (%" PRIu64 " failed allocs), %" PRIu64 " hot-plugs, %" PRIu64
		" queue stop/starts, %" PRIu64 " port stop/starts; %" PRIu64 " stats reads\n",
		faults[0], faults[1], acc_ring_full, tx.refused, faults[5], tx.alloc_fail, faults[2],
		faults[3], faults[4], reads);
	/* every fault must have struck, and the accounting must be exact */
	ok = rx.errors == 0 && backwards == 0 && above == 0 && hotplug_failed == 0 &&
		op_failed == 0 && tx.sent == rx.received + acc.imissed && acc.opackets == tx.sent &&
		acc.ipackets == rx.received && acc.obytes == tx.bytes && acc.ibytes == rx.bytes &&
		in_use == 0 && rx.received > 0 && acc_ring_full > 0 && tx.alloc_fail > 0 &&
		acc.imissed > 0 && faults[0] > 0 && faults[1] > 0 && faults[2] > 0 && faults[3] > 0 &&
		faults[4] > 0 && faults[5] > 0;
	if (!ok && (faults[5] == 0 || acc_ring_full == 0 || tx.alloc_fail == 0 || acc.imissed == 0))
		printf("# not every fault struck: give it more seconds\n");
	if (!ok)
		printf("# errors %" PRIu64 ", stats backwards %" PRIu64 ", above sent %" PRIu64
			", hot-plug failures %" PRIu64 ", failed operations %u; port opackets %" PRIu64 " ipackets %" PRIu64
			" obytes %" PRIu64 " (app %" PRIu64 ") ibytes %" PRIu64 "; mbufs in use %u\n",
			rx.errors, backwards, above, hotplug_failed, op_failed, acc.opackets, acc.ipackets,
			acc.obytes, tx.bytes, acc.ibytes, in_use);
	printf("%s 1 - soak: %" PRIu64 " packets tx lcore -> rx lcore on %d queues under faults; "
		"sent = received + drained, bytes exact, no loss, duplicate or reorder, mempool "
		"back to its start\n", ok ? "ok" : "not ok", tx.sent, NB_QUEUES);
	fflush(stdout);
	rte_eth_dev_close(port);
	rte_mempool_free(pool);
	rte_mempool_free(side);
	rte_eal_cleanup();
	return ok ? 0 : 1;
}
