/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Soak and faults: a tx lcore sends sequence-tagged packets of varying
 * length on every queue of net_lo0, an rx lcore receives them on another
 * lcore, and the main lcore injects faults the whole time:
 *   concurrently with traffic: stats and xstats reads (never backwards
 *     between resets, never above what was sent), link down/up, a second
 *     port hot-plugged, run and removed, the rx lcore pausing so that the
 *     ring stays full and the sender's small pool runs dry;
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
/* fewer mbufs than the rings hold: a paused receiver starves the sender */
#define NB_MBUF		(NB_QUEUES * RING / 2)

enum { RUN, PAUSE, STOP };

static uint16_t port;
static struct rte_mempool *pool;
static int state;			/* main writes, lcores read */
static int paused[2];			/* each lcore: it sees PAUSE and polls nothing */
static int rx_hold;			/* main asks rx to stop receiving for a while */

/* Written by their lcore only, read by main when the lcores are paused or done. */
static struct {
	uint64_t sent, bytes, alloc_fail, refused;
	uint32_t next_seq[NB_QUEUES];
} tx;
static struct {
	uint64_t received, bytes, gaps, errors;
	uint32_t last_seq[NB_QUEUES];
	bool seen[NB_QUEUES];
} rx;

static uint16_t
len_of(uint32_t seq)
{
	return 60 + seq % 1400;
}

static int
get_state(void)
{
	return __atomic_load_n(&state, __ATOMIC_ACQUIRE);
}

/* An lcore's answer to PAUSE: say so, poll nothing until RUN or STOP. */
static bool
pause_point(int who)
{
	if (get_state() == RUN)
		return true;
	__atomic_store_n(&paused[who], 1, __ATOMIC_RELEASE);
	while (get_state() == PAUSE)
		rte_pause();
	__atomic_store_n(&paused[who], 0, __ATOMIC_RELEASE);
	return get_state() == RUN;
}

static int
tx_loop(void *arg __rte_unused)
{
	struct rte_mbuf *m[BURST];
	uint16_t q = 0, n, i, sent;

	while (pause_point(0)) {
		q = (q + 1) % NB_QUEUES;
		if (rte_pktmbuf_alloc_bulk(pool, m, BURST) != 0) {
			tx.alloc_fail++;
			continue;
		}
		for (i = 0; i < BURST; i++) {
			uint32_t seq = tx.next_seq[q] + i;
			char *p = rte_pktmbuf_append(m[i], len_of(seq));

			memcpy(p, &seq, sizeof(seq));
		}
		/* what the port refuses (ring full, link down) is sent again */
		for (n = 0; n < BURST && get_state() != STOP; n += sent) {
			sent = rte_eth_tx_burst(port, q, m + n, BURST - n);
			for (i = 0; i < sent; i++)
				tx.bytes += m[n + i]->pkt_len;
			tx.refused += sent < BURST - n;
			if (sent == 0 && get_state() == PAUSE)
				pause_point(0);
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
			uint32_t seq;

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

static void
set_state(int s)
{
	__atomic_store_n(&state, s, __ATOMIC_RELEASE);
	if (s == PAUSE)
		while (!__atomic_load_n(&paused[0], __ATOMIC_ACQUIRE) ||
				!__atomic_load_n(&paused[1], __ATOMIC_ACQUIRE))
			rte_pause();
}

/* The port's totals, added up across resets (taken only while paused). */
static struct rte_eth_stats acc;

static void
fold_and_reset(void)
{
	struct rte_eth_stats st;

	rte_eth_stats_get(port, &st);
	acc.ipackets += st.ipackets;
	acc.opackets += st.opackets;
	acc.ibytes += st.ibytes;
	acc.obytes += st.obytes;
	acc.imissed += st.imissed;
	rte_eth_stats_reset(port);
}

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
	if (rte_dev_probe(name) != 0 || rte_eth_dev_get_port_by_name(name, &p) != 0)
		return -1;
	ret = port_setup(p, 1);
	if (ret == 0 && rte_pktmbuf_alloc_bulk(mp, m, 4) == 0) {
		if (rte_eth_tx_burst(p, 0, m, 4) != 4 || rte_eth_rx_burst(p, 0, m, 4) != 4)
			ret = -1;
		rte_pktmbuf_free_bulk(m, 4);
	}
	if (rte_eth_dev_info_get(p, &info) != 0)
		return -1;
	rte_eth_dev_stop(p);
	rte_eth_dev_close(p);
	return rte_dev_remove(info.device) == 0 && ret == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char prefix[64], run_dir[PATH_MAX];
	char lcores[64];
	char *eal[] = { argv[0], lcores, (char *)"--no-huge",
		(char *)"-m", (char *)"512", (char *)"--no-pci", (char *)"--no-shconf",
		(char *)"--log-level=lib.eal:error", (char *)"--log-level=pmd.net.lo:error",
		(char *)"--no-telemetry", prefix,
		(char *)"-d", NULL, (char *)"--vdev=net_lo0", NULL };
	uint64_t end, hz, reads = 0, backwards = 0, above = 0, faults[5] = { 0 }, last_opk = 0;
	uint64_t hotplug_failed = 0;
	struct rte_mempool *side;
	unsigned int lcore, k = 0, who = 0, in_use;
	double secs = argc > 2 ? atof(argv[2]) : 10;
	bool ok;

	if (argc < 2 || !(secs > 0)) {
		fprintf(stderr, "usage: %s PATH/librte_net_lo.so [SECONDS]\n", argv[0]);
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
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0 || rte_lcore_count() < 3) {
		printf("not ok 1 - soak # EAL init: %s\n", rte_strerror(rte_errno));
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
	snprintf(run_dir, sizeof(run_dir), "%s", rte_eal_get_runtime_dir());
	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_remote_launch(who++ == 0 ? tx_loop : rx_loop, NULL, lcore);

	hz = rte_get_tsc_hz();
	end = rte_rdtsc() + (uint64_t)(secs * hz);
	while (rte_rdtsc() < end) {
		struct rte_eth_stats st;
		uint64_t until = rte_rdtsc() + hz / 50;

		/* 20 ms of traffic with stats and xstats read all along */
		while (rte_rdtsc() < until) {
			struct rte_eth_xstat xs[64];

			rte_eth_stats_get(port, &st);
			rte_eth_xstats_get(port, xs, RTE_DIM(xs));
			reads++;
			backwards += st.opackets < last_opk;
			/* a burst in progress may be counted by the port, not yet by tx */
			above += acc.opackets + st.opackets >
				__atomic_load_n(&tx.sent, __ATOMIC_RELAXED) + BURST;
			last_opk = st.opackets;
			/* the main lcore shares a CPU with the tx lcore: mostly sleep */
			rte_delay_us_sleep(200);
		}
		switch (k++ % 6) {
		case 0:	/* link down and up under traffic */
			rte_eth_dev_set_link_down(port);
			rte_delay_us_sleep(2000);
			rte_eth_dev_set_link_up(port);
			faults[0]++;
			break;
		case 1:	/* ring full for a while; the sender's pool runs dry */
			__atomic_store_n(&rx_hold, 1, __ATOMIC_RELEASE);
			rte_delay_us_sleep(30000);
			__atomic_store_n(&rx_hold, 0, __ATOMIC_RELEASE);
			faults[1]++;
			break;
		case 2:	/* hot-plug a second port while this one runs */
			hotplug_failed += hotplug_once(k, side) != 0;
			faults[2]++;
			break;
		case 3:	/* queue stop/start, lcores paused */
			set_state(PAUSE);
			rte_eth_dev_rx_queue_stop(port, k % NB_QUEUES);
			rte_eth_dev_tx_queue_stop(port, (k + 1) % NB_QUEUES);
			rte_eth_dev_rx_queue_start(port, k % NB_QUEUES);
			rte_eth_dev_tx_queue_start(port, (k + 1) % NB_QUEUES);
			set_state(RUN);
			faults[3]++;
			break;
		case 4:	/* port stop/start and a stats reset, lcores paused */
			set_state(PAUSE);
			rte_eth_dev_stop(port);
			fold_and_reset();
			last_opk = 0;
			rte_eth_dev_start(port);
			set_state(RUN);
			faults[4]++;
			break;
		case 5:
			set_state(PAUSE);
			fold_and_reset();
			last_opk = 0;
			set_state(RUN);
			break;
		}
	}
	set_state(PAUSE);
	rte_eth_dev_stop(port);		/* drains what is left: drops */
	fold_and_reset();
	set_state(STOP);
	rte_eal_mp_wait_lcore();
	in_use = rte_mempool_in_use_count(pool);

	printf("# %.0f s: %" PRIu64 " packets sent, %" PRIu64 " received, %" PRIu64
		" drained by stops (%" PRIu64 " gaps), %" PRIu64 " bytes\n", secs, tx.sent,
		rx.received, acc.imissed, rx.gaps, rx.bytes);
	printf("# faults: %" PRIu64 " link flips, %" PRIu64 " ring-full stretches (%" PRIu64
		" refused bursts, %" PRIu64 " pool-empty allocs), %" PRIu64 " hot-plugs, %" PRIu64
		" queue stop/starts, %" PRIu64 " port stop/starts; %" PRIu64 " stats reads\n",
		faults[0], faults[1], tx.refused, tx.alloc_fail, faults[2], faults[3], faults[4],
		reads);
	ok = rx.errors == 0 && backwards == 0 && above == 0 && hotplug_failed == 0 &&
		tx.sent == rx.received + acc.imissed && acc.opackets == tx.sent &&
		acc.ipackets == rx.received && acc.obytes == tx.bytes && acc.ibytes == rx.bytes &&
		in_use == 0 && rx.received > 0;
	if (!ok)
		printf("# errors %" PRIu64 ", stats backwards %" PRIu64 ", above sent %" PRIu64
			", hot-plug failures %" PRIu64 "; port opackets %" PRIu64 " ipackets %" PRIu64
			" obytes %" PRIu64 " (app %" PRIu64 ") ibytes %" PRIu64 "; mbufs in use %u\n",
			rx.errors, backwards, above, hotplug_failed, acc.opackets, acc.ipackets,
			acc.obytes, tx.bytes, acc.ibytes, in_use);
	printf("%s 1 - soak: %" PRIu64 " packets tx lcore -> rx lcore on %d queues under faults; "
		"sent = received + drained, bytes exact, no loss, duplicate or reorder, mempool "
		"back to its start\n", ok ? "ok" : "not ok", tx.sent, NB_QUEUES);
	fflush(stdout);
	rte_eth_dev_close(port);
	rte_mempool_free(pool);
	rte_mempool_free(side);
	rte_eal_cleanup();
	rmdir(run_dir);		/* --no-shconf: EAL left it empty */
	return ok ? 0 : 1;
}
