/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_common.h>
#include <rte_kvargs.h>

#include "lo_devargs.h"

typedef int (*lo_arg_parse_t)(const char *value, struct lo_params *p);

struct lo_arg {
	const char *key;
	lo_arg_parse_t parse;	/* NULL: a decimal uint32_t field, min-max at offset */
	const char *accepted;	/* shown when the value is refused */
	uint32_t min, max;
	size_t offset;
};

/* Decimal digits only: no sign, no blanks, no octal or hex surprises. */
static int
parse_u64(const char *value, uint64_t min, uint64_t max, uint64_t *out, const char **rest)
{
	unsigned long long v;
	char *end;

	if (value[0] < '0' || value[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(value, &end, 10);
	if (errno != 0 || v < min || v > max)
		return -EINVAL;
	if (rest == NULL && *end != '\0')
		return -EINVAL;
	if (rest != NULL)
		*rest = end;
	*out = v;
	return 0;
}

static int
parse_max_queues(const char *value, struct lo_params *p)
{
	uint64_t v;

	if (parse_u64(value, 1, LO_MAX_QUEUES_MAX, &v, NULL) != 0)
		return -EINVAL;
	p->max_queues = (uint16_t)v;
	return 0;
}

static int
parse_ring_size(const char *value, struct lo_params *p)
{
	uint64_t v;

	if (parse_u64(value, 1, LO_RING_SIZE_MAX, &v, NULL) != 0)
		return -EINVAL;
	p->ring_size = (uint16_t)v;
	return 0;
}

static int
parse_mac(const char *value, struct lo_params *p)
{
	if (rte_ether_unformat_addr(value, &p->mac) != 0 ||
			!rte_is_valid_assigned_ether_addr(&p->mac))
		return -EINVAL;
	p->mac_given = true;
	return 0;
}

static int
parse_speed(const char *value, struct lo_params *p)
{
	const char *suffix;
	uint64_t v, scale = 1;

	if (parse_u64(value, 1, LO_SPEED_MAX, &v, &suffix) != 0)
		return -EINVAL;
	if (strcasecmp(suffix, "G") == 0)
		scale = 1000;
	else if (suffix[0] != '\0' && strcasecmp(suffix, "M") != 0)
		return -EINVAL;
	if (v * scale > LO_SPEED_MAX)
		return -EINVAL;
	p->speed = (uint32_t)(v * scale);
	return 0;
}

static int
parse_bool(const char *value, bool *out)
{
	if (strcmp(value, "on") == 0 || strcmp(value, "1") == 0)
		*out = true;
	else if (strcmp(value, "off") == 0 || strcmp(value, "0") == 0)
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static int
parse_byte_stats(const char *value, struct lo_params *p)
{
	return parse_bool(value, &p->byte_stats);
}

static int
parse_copy(const char *value, struct lo_params *p)
{
	return parse_bool(value, &p->copy);
}

/*
 * A vdev name as EAL spells them: letters, digits and '_', '-', '.', ':'
 * (no ',' or '=' can reach here). Whether it names a net_lo port is known
 * only at start, when the other port exists.
 */
static int
parse_peer(const char *value, struct lo_params *p)
{
	size_t i, len = strlen(value);

	if (len == 0 || len >= sizeof(p->peer))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		const char c = value[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				(c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
				c == ':'))
			return -EINVAL;
	}
	memcpy(p->peer, value, len + 1);
	return 0;
}

static const struct lo_arg lo_args[] = {
	{ LO_ARG_BYTE_STATS, parse_byte_stats, "on, off, 1 or 0" },
	{ LO_ARG_COPY, parse_copy, "on, off, 1 or 0" },
	{ LO_ARG_MAC, parse_mac, "a unicast, non-zero MAC such as 02:00:00:00:00:01" },
	{ LO_ARG_MAX_QUEUES, parse_max_queues, "1-" RTE_STR(LO_MAX_QUEUES_MAX) },
	{ LO_ARG_RING_SIZE, parse_ring_size, "1-" RTE_STR(LO_RING_SIZE_MAX) },
	{ LO_ARG_SPEED, parse_speed, "1-" RTE_STR(LO_SPEED_MAX) " Mbps, or 1M-400G" },
	{ LO_ARG_TX_DELAY, NULL, "0-" RTE_STR(LO_TX_DELAY_MAX) " TSC cycles",
		0, LO_TX_DELAY_MAX, offsetof(struct lo_params, tx_delay) },
	{ LO_ARG_TX_DROP, NULL, "0-" RTE_STR(LO_TX_DROP_MAX) " per million",
		0, LO_TX_DROP_MAX, offsetof(struct lo_params, tx_drop_ppm) },
	{ LO_ARG_TX_PPS, NULL, "0-" RTE_STR(LO_TX_PPS_MAX) " packets/s (0: no cap)",
		0, LO_TX_PPS_MAX, offsetof(struct lo_params, tx_pps) },
	{ LO_ARG_PEER, parse_peer, "the name of another net_lo port, such as net_lo1 "
		"(1-63 characters: letters, digits, _ - . :)" },
};

void
lo_params_init(struct lo_params *p)
{
	memset(p, 0, sizeof(*p));
	p->max_queues = LO_DEFAULT_MAX_QUEUES;
	p->ring_size = LO_DEFAULT_RING_SIZE;
	p->speed = LO_DEFAULT_SPEED;
	p->byte_stats = true;
}

/* A value into p: the key's own parser, or a uint32_t field of the table. */
static int
lo_arg_parse(const struct lo_arg *arg, const char *value, struct lo_params *p)
{
	uint64_t v;

	if (arg->parse != NULL)
		return arg->parse(value, p);
	if (parse_u64(value, arg->min, arg->max, &v, NULL) != 0)
		return -EINVAL;
	*(uint32_t *)((uintptr_t)p + arg->offset) = (uint32_t)v;
	return 0;
}

static const struct lo_arg *
lo_arg_find(const char *key)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(lo_args); i++)
		if (strcmp(key, lo_args[i].key) == 0)
			return &lo_args[i];
	return NULL;
}

/* The message quotes the user's bytes: keep it one printable line. */
static void
lo_one_line(char *msg)
{
	for (; *msg != '\0'; msg++)
		if ((unsigned char)*msg < 0x20 || *msg == 0x7f)
			*msg = '?';
}

int
lo_devargs_parse(const char *args, struct lo_params *p, char *err, size_t errlen)
{
	struct rte_kvargs *kvlist;
	unsigned int i, j;
	int ret = -EINVAL;

	if (args == NULL || args[0] == '\0')
		return 0;

	/* No key list here: the loop below names an unknown key itself. */
	kvlist = rte_kvargs_parse(args, NULL);
	if (kvlist == NULL) {
		snprintf(err, errlen, "cannot parse devargs '%s': expected key=value[,key=value...], at most %d pairs",
			args, RTE_KVARGS_MAX);
		lo_one_line(err);
		return -EINVAL;
	}

	for (i = 0; i < kvlist->count; i++) {
		const struct rte_kvargs_pair *pair = &kvlist->pairs[i];
		const struct lo_arg *arg = lo_arg_find(pair->key);

		if (arg == NULL) {
			snprintf(err, errlen, "unknown devarg '%s'; accepted keys: "
				LO_ARG_BYTE_STATS ", " LO_ARG_COPY ", " LO_ARG_MAC ", "
				LO_ARG_MAX_QUEUES ", " LO_ARG_PEER ", " LO_ARG_RING_SIZE ", "
				LO_ARG_SPEED ", " LO_ARG_TX_DELAY ", " LO_ARG_TX_DROP ", "
				LO_ARG_TX_PPS, pair->key);
			goto out;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(kvlist->pairs[j].key, pair->key) == 0) {
				snprintf(err, errlen, "devarg '%s' given twice", pair->key);
				goto out;
			}
		}
		if (pair->value == NULL || lo_arg_parse(arg, pair->value, p) != 0) {
			snprintf(err, errlen, "invalid devarg %s=%s; accepted: %s", pair->key,
				pair->value == NULL ? "(no value)" : pair->value, arg->accepted);
			goto out;
		}
	}
	ret = 0;
out:
	rte_kvargs_free(kvlist);
	if (ret != 0)
		lo_one_line(err);
	return ret;
}
