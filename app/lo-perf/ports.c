/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* Ports: resolve a name or id (probing a vdev), a pool each, start, drain. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "lo_perf_main.h"

/* Whether the port's driver receives only what the port itself sends. */
bool
port_is_loopback(uint16_t id)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(id, &info) != 0 || info.driver_name == NULL)
		return false;
	return strcmp(info.driver_name, "net_lo") == 0 || strcmp(info.driver_name, "net_ring") == 0;
}

/* A port by id, by name, or hot-plugged as a vdev. */
int
port_resolve(const char *spec, struct port_ctx *p)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	char *end;
	unsigned long id;
	int ret;

	p->name = spec;
	errno = 0;
	id = strtoul(spec, &end, 10);
	if (spec[0] >= '0' && spec[0] <= '9' && *end == '\0' && errno == 0) {
		if (id >= RTE_MAX_ETHPORTS || !rte_eth_dev_is_valid_port((uint16_t)id)) {
			fprintf(stderr, "lo-perf: no port %s (%u port(s) exist)\n", spec,
				rte_eth_dev_count_avail());
			return -1;
		}
		p->id = (uint16_t)id;
		return 0;
	}
	/* "net_lo1,byte_stats=off": the port is named by what precedes the devargs */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(spec, ","), spec);
	if (rte_eth_dev_get_port_by_name(name, &p->id) == 0) {
		if (spec[strlen(name)] == ',') {
			fprintf(stderr, "lo-perf: port '%s' exists already, so its devargs '%s' "
				"would be ignored; name a new port for them\n", name,
				spec + strlen(name) + 1);
			return -1;
		}
		return 0;
	}
	ret = rte_dev_probe(spec);
	if (ret != 0 || rte_eth_dev_get_port_by_name(name, &p->id) != 0) {
		fprintf(stderr, "lo-perf: no such port '%s' (not a port name, id or vdev that probes)\n",
			spec);
		/* no bus took the name (no driver of that name): EAL says -EFAULT */
		if ((ret == -EFAULT || ret == -ENOENT) && strncmp(name, "net_lo", 6) == 0)
			fprintf(stderr, "lo-perf: no net_lo driver is loaded: install it (meson install, or the .deb), run the lo-perf of its build tree, or name it in EAL options: -d PATH/librte_net_lo.so\n");
		return -1;
	}
	return 0;
}

int
port_pool(struct port_ctx *p, unsigned int workers, uint32_t max_pkt)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	unsigned int n;

	n = cfg.queues * (cfg.desc + cfg.inflight + 2 * cfg.burst) + workers * 2 * cfg.burst +
		4 * 256 + 1024;
	snprintf(name, sizeof(name), "loperf_p%u", p->id);
	p->pool = rte_pktmbuf_pool_create(name, n, 256, 0,
		RTE_MAX((uint32_t)RTE_MBUF_DEFAULT_BUF_SIZE, max_pkt + RTE_PKTMBUF_HEADROOM),
		rte_eth_dev_socket_id(p->id));
	if (p->pool == NULL) {
		fprintf(stderr, "lo-perf: port %s: cannot create a pool of %u mbufs: %s\n", p->name,
			n, rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

int
port_start(const struct port_ctx *p)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(p->id, cfg.queues, cfg.queues, &conf);
	for (q = 0; ret == 0 && q < cfg.queues; q++) {
		ret = rte_eth_rx_queue_setup(p->id, q, cfg.desc, rte_eth_dev_socket_id(p->id),
			NULL, p->pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(p->id, q, cfg.desc,
				rte_eth_dev_socket_id(p->id), NULL);
	}
	if (ret == 0)
		ret = rte_eth_dev_start(p->id);
	if (ret == 0)
		ret = rte_eth_stats_reset(p->id);
	if (ret != 0)
		fprintf(stderr, "lo-perf: port %s: setup with %u queues of %u descriptors failed: %s\n",
			p->name, cfg.queues, cfg.desc, rte_strerror(-ret));
	return ret;
}

/*
 * Receive and free what the port still holds, so the pool gets it all back.
 * Bounded: a port that makes packets on rx (net_null) is never empty, so
 * stop after what the rings and working set can hold, or 200 ms.
 */
uint64_t
port_drain(const struct port_ctx *p, uint64_t *bytes)
{
	const uint64_t limit = (uint64_t)cfg.queues * (cfg.desc + cfg.inflight + cfg.burst) + 64;
	const uint64_t end = rte_rdtsc() + rte_get_tsc_hz() / 5;
	struct rte_mbuf *m[64];
	uint64_t total = 0;
	unsigned int idle = 0;
	uint16_t q, n, i;

	while (idle < 3 && total < limit && rte_rdtsc() < end) {
		uint64_t round = 0;

		for (q = 0; q < cfg.queues; q++) {
			n = rte_eth_rx_burst(p->id, q, m, RTE_DIM(m));
			for (i = 0; i < n; i++)
				*bytes += m[i]->pkt_len;
			rte_pktmbuf_free_bulk(m, n);
			round += n;
		}
		total += round;
		idle = round == 0 ? idle + 1 : 0;
	}
	return total;
}

/*
 * Each port and peer must be a port of its own: its pool is named by its
 * id, and one port cannot be two sides of a benchmark. used[] holds the
 * n ports and peers resolved before p; is_peer says which p is.
 */
static int
port_taken(const struct port_ctx *p, bool is_peer, const struct port_ctx *used,
	const bool *used_peer, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (used[i].id != p->id)
			continue;
		if (is_peer && i == n - 1 && !used_peer[i])
			fprintf(stderr, "lo-perf: --peer '%s' is the port itself ('%s')\n", p->name,
				used[i].name);
		else if (!is_peer && !used_peer[i])
			fprintf(stderr, "lo-perf: --compare names port %u twice ('%s' and '%s')\n",
				p->id, used[i].name, p->name);
		else
			fprintf(stderr, "lo-perf: %s '%s' is port %u, already used as %s '%s'; each "
				"port and peer must be a port of its own\n",
				is_peer ? "the fwd peer" : "the port", p->name, p->id,
				used_peer[i] ? "the fwd peer" : "the port", used[i].name);
		return -1;
	}
	return 0;
}

int
ports_setup(struct port_ctx *ports, struct port_ctx *peers, unsigned int workers)
{
	/* the names outlive this function: ports keep them */
	static char peer_names[MAX_PORTS][RTE_ETH_NAME_MAX_LEN + LO_PERF_NAME_LEN];
	struct port_ctx used[2 * MAX_PORTS];
	bool used_peer[2 * MAX_PORTS];
	unsigned int p, s, n = 0;
	uint32_t max_pkt = 0;

	for (s = 0; s < cfg.nb_sizes; s++)
		max_pkt = RTE_MAX(max_pkt, cfg.sizes[s]);
	for (p = 0; p < cfg.nb_ports; p++) {
		if (port_resolve(cfg.ports[p], &ports[p]) != 0)
			return -EXIT_RUNTIME;
		if (strcmp(cfg.engine->name, "rxonly") == 0 && port_is_loopback(ports[p].id)) {
			fprintf(stderr, "lo-perf: rxonly on %s: a loopback port receives only what it "
				"sends, so nothing would arrive; use pipeline (txonly and rxonly on two "
				"lcores) or txonly\n", ports[p].name);
			return -EXIT_USAGE;
		}
		if (port_taken(&ports[p], false, used, used_peer, n) != 0)
			return -EXIT_USAGE;
		used_peer[n] = false;
		used[n++] = ports[p];
		if (cfg.engine->nb_ports == 2) {
			char *peer = peer_names[p];
			size_t len = strcspn(cfg.ports[p], ",");

			if (cfg.peer != NULL)
				snprintf(peer, sizeof(peer_names[p]), "%s", cfg.peer);
			else	/* net_lo1,k=v -> net_lo1_peer,k=v */
				snprintf(peer, sizeof(peer_names[p]), "%.*s_peer%s", (int)len,
					cfg.ports[p], cfg.ports[p] + len);
			if (port_resolve(peer, &peers[p]) != 0)
				return -EXIT_RUNTIME;
			if (port_taken(&peers[p], true, used, used_peer, n) != 0)
				return -EXIT_USAGE;
			used_peer[n] = true;
			used[n++] = peers[p];
		}
	}
	for (p = 0; p < cfg.nb_ports; p++)
		if (port_pool(&ports[p], workers, max_pkt) != 0 ||
				(cfg.engine->nb_ports == 2 && port_pool(&peers[p], workers, max_pkt) != 0))
			return -EXIT_RUNTIME;
	return 0;
}

void
ports_close(struct port_ctx *ports, struct port_ctx *peers)
{
	unsigned int p;

	for (p = 0; p < cfg.nb_ports; p++) {
		rte_eth_dev_close(ports[p].id);
		if (cfg.engine->nb_ports == 2)
			rte_eth_dev_close(peers[p].id);
	}
}
