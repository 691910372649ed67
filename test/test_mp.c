/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Multi-process: a primary owns net_lo0 (two queues); the same program,
 * started again as a secondary, attaches to it and
 *   1. captures the primary's traffic on queue 0 with librte_pdump, which
 *      hooks ethdev's rx/tx callbacks in the primary: the capture must hold
 *      exactly the packets sent and received there;
 *   2. runs a datapath of its own on queue 1: sends sequence-tagged packets
 *      from the primary's pool and receives them back, in order.
 * Then the primary checks the port's per-queue counts and that its pool is
 * back to its start. Needs 2 MB hugepages (multi-process does); prints a
 * TAP skip without them. One program for both sides, so that both register
 * DPDK's mempool ops in the same order (stock tools linked differently do
 * not: see the driver guide).
 *   test_mp PATH/librte_net_lo.so [FILE_PREFIX]
 * (tools.sh runs it, with hugepages set up, and removes what EAL leaves
 * under FILE_PREFIX: the runtime directory and hugepage files)
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pdump.h>
#include <rte_ring.h>

#include "lo_test_qstats.h"

#define N_PRIMARY	96	/* packets the primary sends and receives on queue 0 */
#define N_SECONDARY	200	/* packets the secondary sends and receives on queue 1 */

/* The primary reserves its memory at 32 TiB, where neither a secondary's own
 * libraries (ASLR) nor ASan's shadow can be: the secondary must map it at the
 * same addresses (see tools.sh). */
static int
eal_start(const char *self, const char *so, const char *prefix, bool secondary)
{
	char pfx[64], dopt[512];
	char *argv[] = { (char *)self, (char *)"-l", (char *)"0", (char *)"-m", (char *)"128",
		(char *)"--no-pci", (char *)"--no-telemetry", (char *)"--log-level=lib.eal:error",
		pfx, (char *)"-d", dopt, (char *)"--base-virtaddr=0x200000000000",
		(char *)(secondary ? "--proc-type=secondary" : "--vdev=net_lo0"), NULL };

	snprintf(pfx, sizeof(pfx), "--file-prefix=%s", prefix);
	snprintf(dopt, sizeof(dopt), "%s", so);
	return rte_eal_init(RTE_DIM(argv) - 1, argv);
}

static int
send_recv(uint16_t port, uint16_t q, struct rte_mempool *mp, unsigned int n, const char *who)
{
	struct rte_mbuf *m[32];
	unsigned int sent = 0, got = 0, i, k;

	while (sent < n) {
		k = RTE_MIN(32u, n - sent);
		if (rte_pktmbuf_alloc_bulk(mp, m, k) != 0) {
			printf("# %s: out of mbufs\n", who);
			return -1;
		}
		for (i = 0; i < k; i++) {
			uint32_t seq = sent + i;

			memcpy(rte_pktmbuf_append(m[i], 64), &seq, sizeof(seq));
		}
		if (rte_eth_tx_burst(port, q, m, k) != k) {
			printf("# %s: queue %u refused packets\n", who, q);
			return -1;
		}
		sent += k;
		while ((k = rte_eth_rx_burst(port, q, m, 32)) > 0) {
			for (i = 0; i < k; i++, got++) {
				uint32_t seq;

				memcpy(&seq, rte_pktmbuf_mtod(m[i], const char *), sizeof(seq));
				if (seq != got) {
					printf("# %s: got seq %u, expected %u\n", who, seq, got);
					return -1;
				}
			}
			rte_pktmbuf_free_bulk(m, k);
		}
	}
	if (got != n)
		printf("# %s: received %u of %u\n", who, got, n);
	return got == n ? 0 : -1;
}

/* The secondary: exit 0 when both of its checks pass. */
static int
secondary(const char *self, const char *so, const char *prefix, int rd, int wr)
{
	struct rte_mempool *mp, *cap_pool;
	struct rte_ring *ring;
	struct rte_mbuf *m[64];
	unsigned int captured = 0, n;
	uint16_t port;
	char c;

	if (eal_start(self, so, prefix, true) < 0) {
		printf("# secondary: EAL: %s\n", rte_strerror(rte_errno));
		return 2;
	}
	mp = rte_mempool_lookup("mp_pool");
	ring = rte_ring_create("mp_cap", 1024, SOCKET_ID_ANY, 0);
	cap_pool = rte_pktmbuf_pool_create("mp_cap_pool", 1023, 0, 0, 256, SOCKET_ID_ANY);
	if (mp == NULL || ring == NULL || cap_pool == NULL ||
			rte_eth_dev_get_port_by_name("net_lo0", &port) != 0) {
		printf("# secondary: no port, pool or capture ring\n");
		return 3;
	}
	if (rte_pdump_enable(port, 0, RTE_PDUMP_FLAG_RXTX, ring, cap_pool, NULL) != 0) {
		printf("# secondary: rte_pdump_enable: %s\n", rte_strerror(rte_errno));
		return 4;
	}
	/* tell the primary to send, wait until it has */
	if (write(wr, "g", 1) != 1 || read(rd, &c, 1) != 1)
		return 5;
	while ((n = rte_ring_dequeue_burst(ring, (void **)m, RTE_DIM(m), NULL)) > 0) {
		captured += n;
		rte_pktmbuf_free_bulk(m, n);
	}
	rte_pdump_disable(port, 0, RTE_PDUMP_FLAG_RXTX);
	printf("# secondary: pdump captured %u packets of the primary's queue 0\n", captured);
	if (captured != 2 * N_PRIMARY)
		return 6;
	if (send_recv(port, 1, mp, N_SECONDARY, "secondary") != 0)
		return 7;
	printf("# secondary: sent and received %u packets on queue 1, in order\n", N_SECONDARY);
	rte_eal_cleanup();
	return 0;
}

/* Whether fd becomes readable (data, or EOF: the other side closed) in secs. */
static bool
wait_readable(int fd, int secs)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, secs * 1000) == 1;
}

int
main(int argc, char **argv)
{
	int to_sec[2], to_pri[2], status = -1;
	struct lo_qstats qs;
	struct rte_eth_conf conf;
	struct rte_mempool *mp;
	char prefix[64], c, rd[16], wr[16];
	unsigned int start;
	uint16_t port, q;
	pid_t pid;
	bool ok;

	if (argc == 6 && strcmp(argv[1], "--secondary") == 0)
		return secondary(argv[0], argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s PATH/librte_net_lo.so [FILE_PREFIX]\n", argv[0]);
		return 1;
	}
	printf("1..1\n");
	fflush(stdout);
	snprintf(prefix, sizeof(prefix), "%s", argc == 3 ? argv[2] : "netlo-mp");
	if (eal_start(argv[0], argv[1], prefix, false) < 0 || !rte_eal_has_hugepages()) {
		printf("ok 1 - a secondary's datapath and pdump capture on net_lo # SKIP "
			"EAL on 2 MB hugepages did not start (%s): multi-process needs them\n",
			rte_strerror(rte_errno));
		return 0;
	}
	rte_pdump_init();
	mp = rte_pktmbuf_pool_create("mp_pool", 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
		SOCKET_ID_ANY);
	memset(&conf, 0, sizeof(conf));
	if (mp == NULL || rte_eth_dev_get_port_by_name("net_lo0", &port) != 0 ||
			rte_eth_dev_configure(port, 2, 2, &conf) != 0) {
		printf("not ok 1 - setup failed\n");
		return 1;
	}
	for (q = 0; q < 2; q++)
		if (rte_eth_rx_queue_setup(port, q, 256, SOCKET_ID_ANY, NULL, mp) != 0 ||
				rte_eth_tx_queue_setup(port, q, 256, SOCKET_ID_ANY, NULL) != 0) {
			printf("not ok 1 - queue setup failed\n");
			return 1;
		}
	if (rte_eth_dev_start(port) != 0) {
		printf("not ok 1 - start failed\n");
		return 1;
	}
	start = rte_mempool_in_use_count(mp);
	if (pipe(to_sec) != 0 || pipe(to_pri) != 0)
		return 1;
	pid = fork();
	if (pid < 0) {
		printf("not ok 1 - fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(to_sec[1]);
		close(to_pri[0]);
		/* a sanitized run: a DPDK secondary's own leaks are suppressed (tools.sh) */
		if (getenv("LO_LSAN_SECONDARY") != NULL)
			setenv("LSAN_OPTIONS", getenv("LO_LSAN_SECONDARY"), 1);
		snprintf(rd, sizeof(rd), "%d", to_sec[0]);
		snprintf(wr, sizeof(wr), "%d", to_pri[1]);
		execl(argv[0], argv[0], "--secondary", argv[1], prefix, rd, wr, (char *)NULL);
		_exit(127);
	}
	close(to_sec[0]);
	close(to_pri[1]);
	/* the secondary's pdump is enabled: traffic on queue 0, then tell it */
	ok = wait_readable(to_pri[0], 30) && read(to_pri[0], &c, 1) == 1 &&
		send_recv(port, 0, mp, N_PRIMARY, "primary") == 0;
	if (write(to_sec[1], "d", 1) != 1)
		ok = false;
	close(to_sec[1]);
	/* the secondary ends within 30 s, or is killed */
	if (!wait_readable(to_pri[0], 30)) {
		printf("# the secondary did not finish within 30 s: killed\n");
		kill(pid, SIGKILL);
	}
	waitpid(pid, &status, 0);
	ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	lo_qstats_get(port, &qs);
	if (qs.q_opackets[0] != N_PRIMARY || qs.q_ipackets[0] != N_PRIMARY ||
			qs.q_opackets[1] != N_SECONDARY || qs.q_ipackets[1] != N_SECONDARY) {
		printf("# port: q0 %" PRIu64 "/%" PRIu64 ", q1 %" PRIu64 "/%" PRIu64 " sent/received\n",
			qs.q_opackets[0], qs.q_ipackets[0], qs.q_opackets[1], qs.q_ipackets[1]);
		ok = false;
	}
	if (rte_mempool_in_use_count(mp) != start) {
		printf("# %u mbufs of the pool still in use\n", rte_mempool_in_use_count(mp) - start);
		ok = false;
	}
	printf("%s 1 - a secondary's datapath on a primary's net_lo queue, and its pdump "
		"capture of the primary's queue (exit %d)\n", ok ? "ok" : "not ok",
		WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_pdump_uninit();
	rte_eal_cleanup();
	return ok ? 0 : 1;
}
