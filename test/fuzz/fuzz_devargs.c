/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * libFuzzer target: net_lo's devargs parser (drivers/net/lo/lo_devargs.c),
 * as rte_dev_probe() hands it a string. Any input must give 0 or -EINVAL
 * with a one-line message, never a crash, a leak or a value out of range.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lo_devargs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lo_params p;
	char err[256];
	char *args;
	int ret;

	args = malloc(size + 1);
	if (args == NULL)
		return 0;
	memcpy(args, data, size);
	args[size] = '\0';
	lo_params_init(&p);
	err[0] = '\0';
	ret = lo_devargs_parse(args, &p, err, sizeof(err));
	if (ret != 0 && (ret != -EINVAL || err[0] == '\0' || strchr(err, '\n') != NULL))
		abort();
	if (ret == 0 && (p.max_queues < 1 || p.max_queues > LO_MAX_QUEUES_MAX ||
			p.ring_size < 1 || p.speed < 1 || p.speed > LO_SPEED_MAX ||
			p.tx_delay > LO_TX_DELAY_MAX || p.tx_drop_ppm > LO_TX_DROP_MAX ||
			p.tx_pps > LO_TX_PPS_MAX))
		abort();
	free(args);
	return 0;
}
