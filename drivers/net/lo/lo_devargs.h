/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_DEVARGS_H
#define LO_DEVARGS_H

/*
 * net_lo device arguments: one key table, one defaults struct, one strict
 * parser. Needs librte_kvargs and librte_net but no EAL, so it is
 * unit-tested on its own.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#define LO_ARG_MAX_QUEUES	"max_queues"
#define LO_ARG_RING_SIZE	"ring_size"
#define LO_ARG_MAC		"mac"
#define LO_ARG_SPEED		"speed"
#define LO_ARG_BYTE_STATS	"byte_stats"
#define LO_ARG_TX_DELAY		"tx_delay_cycles"
#define LO_ARG_TX_DROP		"tx_drop_ppm"
#define LO_ARG_TX_PPS		"tx_pps"
#define LO_ARG_PEER		"peer"
#define LO_ARG_COPY		"copy"

/* The string dpdk-pmdinfo.py and `--vdev` users see. */
#define LO_PARAM_STRING \
	LO_ARG_MAX_QUEUES "=<1-1024> " \
	LO_ARG_RING_SIZE "=<1-65535> " \
	LO_ARG_MAC "=<xx:xx:xx:xx:xx:xx> " \
	LO_ARG_SPEED "=<1-400000 Mbps, or with suffix M/G> " \
	LO_ARG_BYTE_STATS "=<on|off> " \
	LO_ARG_TX_DELAY "=<0-1000000> " \
	LO_ARG_TX_DROP "=<0-1000000> " \
	LO_ARG_TX_PPS "=<0-1000000000> " \
	LO_ARG_PEER "=<net_lo port name> " \
	LO_ARG_COPY "=<on|off>"

#define LO_MAX_QUEUES_MAX	1024	/* RTE_MAX_QUEUES_PER_PORT in 22.11 */
#define LO_RING_SIZE_MAX	65535	/* rte_eth_desc_lim.nb_max is 16 bit */
#define LO_SPEED_MAX		400000	/* RTE_ETH_SPEED_NUM_400G */
#define LO_TX_DELAY_MAX		1000000	/* TSC cycles per tx burst */
#define LO_TX_DROP_MAX		1000000	/* parts per million */
#define LO_TX_PPS_MAX		1000000000
#define LO_PEER_NAME_LEN	64	/* RTE_DEV_NAME_MAX_LEN */

#define LO_DEFAULT_MAX_QUEUES	64
#define LO_DEFAULT_RING_SIZE	1024
#define LO_DEFAULT_SPEED	100000	/* Mbps */

struct lo_params {
	uint16_t max_queues;	/* rx and tx queue limit reported by infos */
	uint16_t ring_size;	/* ring size when queue setup asks for 0 */
	uint32_t speed;		/* link speed in Mbps */
	bool byte_stats;	/* count bytes (touches each mbuf) */
	uint32_t tx_delay;	/* TSC cycles spent per tx burst, on average; 0: none */
	uint32_t tx_drop_ppm;	/* tx frees this many per million packets; 0: none */
	uint32_t tx_pps;	/* tx rate cap per queue, packets/s; 0: none */
	bool copy;		/* tx copies shared, indirect and external mbufs */
	char peer[LO_PEER_NAME_LEN];	/* the other end of a pair; "": none */
	bool mac_given;		/* mac holds the user's address */
	struct rte_ether_addr mac;
};

/* Fill p with the defaults every key falls back to. */
void lo_params_init(struct lo_params *p);

/*
 * Parse "key=value,..." (NULL or "" means no arguments) into p, which must
 * hold defaults. On error return -EINVAL and write one line naming the key,
 * the value and the accepted range into err; p is then unspecified.
 */
int lo_devargs_parse(const char *args, struct lo_params *p, char *err, size_t errlen);

#endif /* LO_DEVARGS_H */
