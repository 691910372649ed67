/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/* Unit test of the net_lo devargs parser: no EAL, a table of strings. */

#include <errno.h>
#include <string.h>

#include "lo_devargs.h"
#include "lo_test.h"

struct good_case {
	const char *args;
	uint16_t max_queues;
	uint16_t ring_size;
	uint32_t speed;
	int byte_stats;
	const char *mac;	/* NULL: none given */
};

static const struct good_case good[] = {
	{ NULL, LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 1, NULL },
	{ "", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 1, NULL },
	{ "max_queues=1", 1, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 1, NULL },
	{ "max_queues=1024", 1024, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 1, NULL },
	{ "ring_size=1", LO_DEFAULT_MAX_QUEUES, 1, LO_DEFAULT_SPEED, 1, NULL },
	{ "ring_size=65535", LO_DEFAULT_MAX_QUEUES, 65535, LO_DEFAULT_SPEED, 1, NULL },
	{ "speed=10000", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, 10000, 1, NULL },
	{ "speed=25G", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, 25000, 1, NULL },
	{ "speed=400g", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, 400000, 1, NULL },
	{ "speed=100M", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, 100, 1, NULL },
	{ "byte_stats=off", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 0, NULL },
	{ "byte_stats=0", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 0, NULL },
	{ "byte_stats=on", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE, LO_DEFAULT_SPEED, 1, NULL },
	{ "mac=02:00:00:00:00:01", LO_DEFAULT_MAX_QUEUES, LO_DEFAULT_RING_SIZE,
		LO_DEFAULT_SPEED, 1, "02:00:00:00:00:01" },
	{ "max_queues=4,ring_size=256,mac=0a:1b:2c:3d:4e:5f,speed=40G,byte_stats=off",
		4, 256, 40000, 0, "0A:1B:2C:3D:4E:5F" },
};

struct bad_case {
	const char *args;
	const char *message;	/* must appear in the error */
};

static const struct bad_case bad[] = {
	{ "foo=1", "unknown devarg 'foo'" },
	{ "max_queues=0", "max_queues=0; accepted: 1-1024" },
	{ "max_queues=1025", "max_queues=1025; accepted: 1-1024" },
	{ "max_queues=-1", "max_queues=-1" },
	{ "max_queues=+4", "max_queues=+4" },
	{ "max_queues= 4", "max_queues= 4" },
	{ "max_queues=0x10", "max_queues=0x10" },
	{ "max_queues=4k", "max_queues=4k" },
	{ "max_queues=", "max_queues=; accepted" },
	{ "max_queues", "max_queues=(no value)" },
	{ "max_queues=99999999999999999999999", "accepted: 1-1024" },
	{ "ring_size=0", "ring_size=0; accepted: 1-65535" },
	{ "ring_size=65536", "ring_size=65536; accepted: 1-65535" },
	{ "speed=0", "speed=0; accepted: 1-400000 Mbps" },
	{ "speed=400001", "speed=400001" },
	{ "speed=401G", "speed=401G" },
	{ "speed=10T", "speed=10T" },
	{ "speed=10GG", "speed=10GG" },
	{ "byte_stats=maybe", "byte_stats=maybe; accepted: on, off, 1 or 0" },
	{ "byte_stats=ON", "byte_stats=ON" },
	{ "mac=01:00:5e:00:00:01", "mac=01:00:5e:00:00:01; accepted: a unicast" },
	{ "mac=00:00:00:00:00:00", "mac=00:00:00:00:00:00" },
	{ "mac=02:00:00:00:00", "mac=02:00:00:00:00" },
	{ "mac=zz:00:00:00:00:01", "mac=zz:00:00:00:00:01" },
	{ "ring_size=64,ring_size=128", "devarg 'ring_size' given twice" },
	{ "ring_size=64,bogus=1", "unknown devarg 'bogus'" },
	{ "tx_delay_cycles=1000001", "tx_delay_cycles=1000001; accepted: 0-1000000 TSC cycles" },
	{ "tx_delay_cycles=-1", "tx_delay_cycles=-1" },
	{ "tx_delay_cycles=", "tx_delay_cycles=" },
	{ "tx_delay_cycles=10us", "tx_delay_cycles=10us" },
	{ "tx_delay_cycles=99999999999999999999", "tx_delay_cycles=99999999999999999999" },
	{ "tx_drop_ppm=1000001", "tx_drop_ppm=1000001; accepted: 0-1000000 per million" },
	{ "tx_drop_ppm=0.5", "tx_drop_ppm=0.5" },
	{ "tx_pps=1000000001", "tx_pps=1000000001; accepted: 0-1000000000 packets/s" },
	{ "tx_pps=10k", "tx_pps=10k" },
	/* found by fuzzing: a control byte in a key must not break the line */
	{ "copy=yes", "copy=yes; accepted: on, off, 1 or 0" },
	{ "peer=", "peer=; accepted: the name of another net_lo port" },
	{ "peer", "peer=(no value)" },
	{ "peer=net lo1", "peer=net lo1" },
	{ "peer=net_lo1/x", "peer=net_lo1/x" },
	{ "peer=net_lo_a_name_that_is_far_too_long_for_any_port_name_at_all_0123",
		"accepted: the name of another net_lo port" },
	{ "\niee=1", "unknown devarg '?iee'" },
	{ "speed=1\r0", "invalid devarg speed=1?0" },
};

static int
test_good(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(good); i++) {
		const struct good_case *c = &good[i];
		struct lo_params p;
		char err[256] = "";
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		lo_params_init(&p);
		LO_ASSERT(lo_devargs_parse(c->args, &p, err, sizeof(err)) == 0, "'%s': %s",
			c->args ? c->args : "(null)", err);
		LO_ASSERT_EQ(p.max_queues, c->max_queues);
		LO_ASSERT_EQ(p.ring_size, c->ring_size);
		LO_ASSERT_EQ(p.speed, c->speed);
		LO_ASSERT_EQ(p.byte_stats, c->byte_stats);
		LO_ASSERT_EQ(p.mac_given, c->mac != NULL);
		if (c->mac != NULL) {
			rte_ether_format_addr(mac, sizeof(mac), &p.mac);
			LO_ASSERT(strcmp(mac, c->mac) == 0, "'%s': mac %s", c->args, mac);
		}
	}
	return 0;
}

static int
test_bad(void)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		const struct bad_case *c = &bad[i];
		struct lo_params p;
		char err[256] = "";

		lo_params_init(&p);
		LO_ASSERT_EQ(lo_devargs_parse(c->args, &p, err, sizeof(err)), -EINVAL);
		LO_ASSERT(strstr(err, c->message) != NULL, "'%s': error '%s' lacks '%s'",
			c->args, err, c->message);
		LO_ASSERT(strchr(err, '\n') == NULL, "'%s': error is not one line", c->args);
	}
	return 0;
}

static int
test_too_many_pairs(void)
{
	char args[1024] = "ring_size=64";
	struct lo_params p;
	char err[256] = "";
	int i;

	for (i = 0; i < 40; i++)
		strcat(args, ",speed=1");
	lo_params_init(&p);
	LO_ASSERT_EQ(lo_devargs_parse(args, &p, err, sizeof(err)), -EINVAL);
	LO_ASSERT(err[0] != '\0', "no error message");
	return 0;
}

static int
test_defaults(void)
{
	struct lo_params p;

	lo_params_init(&p);
	LO_ASSERT_EQ(p.max_queues, 64);
	LO_ASSERT_EQ(p.ring_size, 1024);
	LO_ASSERT_EQ(p.speed, 100000);
	LO_ASSERT_EQ(p.byte_stats, 1);
	LO_ASSERT_EQ(p.mac_given, 0);
	LO_ASSERT_EQ(p.tx_delay, 0);
	return 0;
}

static int
test_tx_delay(void)
{
	static const struct {
		const char *args;
		uint32_t cycles;
	} cases[] = {
		{ "tx_delay_cycles=0", 0 },
		{ "tx_delay_cycles=17", 17 },
		{ "tx_delay_cycles=1000000", 1000000 },
		{ "byte_stats=off,tx_delay_cycles=300", 300 },
	};
	struct lo_params q;
	char e[256] = "";
	unsigned int i;

	for (i = 0; i < RTE_DIM(cases); i++) {
		struct lo_params p;
		char err[256] = "";

		lo_params_init(&p);
		LO_ASSERT(lo_devargs_parse(cases[i].args, &p, err, sizeof(err)) == 0, "'%s': %s",
			cases[i].args, err);
		LO_ASSERT_EQ(p.tx_delay, cases[i].cycles);
	}
	lo_params_init(&q);
	LO_ASSERT_EQ(q.tx_drop_ppm, 0);
	LO_ASSERT_EQ(q.tx_pps, 0);
	LO_ASSERT(lo_devargs_parse("tx_drop_ppm=1000000,tx_pps=1000000000", &q, e, sizeof(e)) == 0,
		"%s", e);
	LO_ASSERT_EQ(q.tx_drop_ppm, 1000000);
	LO_ASSERT_EQ(q.tx_pps, 1000000000);
	return 0;
}

static int
test_peer_copy(void)
{
	struct lo_params p;
	char e[256] = "";

	lo_params_init(&p);
	LO_ASSERT_EQ(p.copy, 0);
	LO_ASSERT_EQ(p.peer[0], '\0');
	LO_ASSERT(lo_devargs_parse("peer=net_lo1,copy=on", &p, e, sizeof(e)) == 0, "%s", e);
	LO_ASSERT_EQ(p.copy, 1);
	LO_ASSERT(strcmp(p.peer, "net_lo1") == 0, "peer '%s'", p.peer);
	lo_params_init(&p);
	/* 63 characters: the longest name */
	LO_ASSERT(lo_devargs_parse("copy=0,peer=net_lo.A-b:9_12345678901234567890123456789012345678901234567890",
		&p, e, sizeof(e)) == 0, "%s", e);
	LO_ASSERT_EQ(strlen(p.peer), 63);
	LO_ASSERT_EQ(p.copy, 0);
	return 0;
}

static const struct lo_test_case cases[] = {
	{ "defaults", test_defaults },
	{ "good devargs parse to the expected values", test_good },
	{ "bad devargs fail with key, value and range", test_bad },
	{ "tx_delay_cycles, tx_drop_ppm, tx_pps parse their ranges", test_tx_delay },
	{ "more pairs than kvargs holds fail cleanly", test_too_many_pairs },
	{ "peer and copy parse", test_peer_copy },
};

int
main(void)
{
	return lo_test_run(cases, RTE_DIM(cases), NULL, NULL);
}
