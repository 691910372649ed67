/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_TEST_PORT_H
#define LO_TEST_PORT_H

/*
 * Port and packet helpers the EAL test programs share (test_ethdev.c,
 * test_offload.c): the public ethdev API only, as any application.
 */

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

/*
 * rte_eal_init for a test program: prog, its own EAL options (own,
 * NULL-terminated), errors-only EAL logs, the driver (-d so), then the
 * user's extra options. EAL may keep the strings: the array is static.
 */
static int
lo_test_eal_init(char *prog, const char *const *own, char *so, int nextra, char **extra)
{
	static char *argv[48];
	int argc = 0, i;

	argv[argc++] = prog;
	for (i = 0; own[i] != NULL && argc < 16; i++)
		argv[argc++] = (char *)(uintptr_t)own[i];
	argv[argc++] = (char *)(uintptr_t)"--log-level=lib.eal:error";
	argv[argc++] = (char *)(uintptr_t)"-d";
	argv[argc++] = so;
	for (i = 0; i < nextra && argc < (int)RTE_DIM(argv) - 1; i++)
		argv[argc++] = extra[i];
	argv[argc] = NULL;
	return rte_eal_init(argc, argv);
}

/* Hot-plug vdev name with its devargs; its port id in *port. */
static int
port_probe(const char *name, const char *args, uint16_t *port)
{
	char devargs[256];
	int ret;

	snprintf(devargs, sizeof(devargs), "%s%s%s", name, args[0] ? "," : "", args);
	ret = rte_dev_probe(devargs);
	if (ret != 0)
		return ret;
	return rte_eth_dev_get_port_by_name(name, port);
}

/* Stop and hot-unplug: the driver drains and frees everything. */
static int
port_remove(uint16_t port)
{
	struct rte_eth_dev_info info;
	int ret;

	ret = rte_eth_dev_info_get(port, &info);
	if (ret != 0)
		return ret;
	ret = rte_eth_dev_stop(port);
	if (ret != 0)
		return ret;
	return rte_dev_remove(info.device);
}

/* nftw() callback: remove a file, or a directory emptied before. */
static int
remove_entry(const char *path, const struct stat *st __rte_unused, int flag __rte_unused,
	struct FTW *ftw __rte_unused)
{
	return remove(path) == 0 ? 0 : -1;
}

/* The sequence number the tests write into a packet's first bytes. */
static uint32_t
seq_of(const struct rte_mbuf *m)
{
	uint32_t s;

	memcpy(&s, rte_pktmbuf_mtod(m, const char *), sizeof(s));
	return s;
}

/* Transmit all n or free what was not accepted; returns the count sent. */
static uint16_t
tx_all(uint16_t port, uint16_t q, struct rte_mbuf **m, uint16_t n)
{
	uint16_t sent = rte_eth_tx_burst(port, q, m, n);

	rte_pktmbuf_free_bulk(m + sent, n - sent);
	return sent;
}

/* One xstat by name into *value. */
static int
xstat(uint16_t port, const char *name, uint64_t *value)
{
	uint64_t id;
	int ret = rte_eth_xstats_get_id_by_name(port, name, &id);

	if (ret != 0)
		return ret;
	return rte_eth_xstats_get_by_id(port, &id, value, 1) == 1 ? 0 : -EIO;
}

#endif /* LO_TEST_PORT_H */
