/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * lo-perf's EAL arguments. Without EAL options (no "--", or nothing before
 * it) lo-perf picks defaults that work on a plain machine: the net_lo
 * driver (lo_driver_path), --no-pci, --no-huge when no hugepages are free,
 * and every available CPU as an lcore. The ports named (net_lo0 by
 * default) are hot-plugged later, with their devargs (port_resolve). A
 * section of the user's own still gets that driver when a net_lo port is
 * named and the user loads no driver (-d) of their own.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* sched_getaffinity */
#endif
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_build_config.h>

#include "lo_perf_main.h"

/*
 * The net_lo plugin lo-perf loads with -d, or NULL. An installed copy in
 * the DPDK plugin directory (RTE_EAL_PMD_PATH) loads by itself in every
 * DPDK application; loading the build's too would register net_lo twice,
 * so then there is none to load, and lo-perf says which copy runs (once).
 * Otherwise, for the lo-perf of the build tree, the driver built beside it;
 * for an installed lo-perf (which knows the build's paths too), never that
 * one: the installed copy outside the plugin directory (-Dpmd_dir), if any.
 */
static char *
lo_driver_path(void)
{
	static char built[] = LO_NET_LO_PATH, installed[] = LO_NET_LO_INSTALLED;
	static bool said;
	/* pmd_dir == RTE_EAL_PMD_PATH, decided by meson: comparing the two
	 * string constants here makes GCC's -Wstring-compare fire (an error
	 * with -Dwerror=true) whenever -Dpmd_dir has another length */
	const bool autoloads = LO_NET_LO_AUTOLOADS;
	char self[PATH_MAX], build_self[PATH_MAX];
	bool in_build;

	/* the build's driver is for the lo-perf of that build, not an installed copy */
	in_build = realpath("/proc/self/exe", self) != NULL &&
		realpath(LO_PERF_BUILT, build_self) != NULL && strcmp(self, build_self) == 0;
	if (autoloads && access(installed, R_OK) == 0) {
		if (!said && in_build && access(built, R_OK) == 0)
			fprintf(stderr, "lo-perf: net_lo is installed (%s), so DPDK loads it by itself; that copy runs, not the build's (%s)\n",
				installed, built);
		said = true;
		return NULL;
	}
	if (in_build && access(built, R_OK) == 0)
		return built;
	return access(installed, R_OK) == 0 ? installed : NULL;
}

/* EAL arguments when the user gave none: see the top of this file. */
static int
default_eal_args(const char *prog, char **out, int max)
{
	static char lcores[512], mem[24];
	char *dpath = lo_driver_path();
	cpu_set_t set;
	int cpus[256], n = 0, i, argc = 0;
	long hp_free = 0;
	char line[128];
	size_t len = 0;
	FILE *f;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (i = 0; i < CPU_SETSIZE && n < 256; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	if (n == 0)
		return -1;
	/*
	 * main lcore 0 on the first CPU; workers 1..n-1 on the other CPUs, then
	 * one more worker on the first CPU (the main lcore sleeps while
	 * measuring), so two-lcore engines run on a 2-CPU machine.
	 */
	len += snprintf(lcores + len, sizeof(lcores) - len, "--lcores=0@%d", cpus[0]);
	for (i = 1; i < n && len < sizeof(lcores) - 16; i++)
		len += snprintf(lcores + len, sizeof(lcores) - len, ",%d@%d", i, cpus[i]);
	snprintf(lcores + len, sizeof(lcores) - len, ",%d@%d", n, cpus[0]);

	f = fopen("/proc/meminfo", "r");
	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "HugePages_Free: %ld", &hp_free) == 1)
				break;
		fclose(f);
	}
	out[argc++] = (char *)prog;
	out[argc++] = lcores;
	out[argc++] = (char *)"--no-pci";
	out[argc++] = (char *)"--log-level=lib.eal:error";
	out[argc++] = (char *)"--no-telemetry";
	/* 1024 MB, or what the free hugepages hold (at least 512 MB) */
	snprintf(mem, sizeof(mem), "%ld", hp_free >= 256 && hp_free < 512 ? hp_free * 2 : 1024);
	out[argc++] = (char *)"-m";
	out[argc++] = mem;
	/* no files left behind either way; --in-memory needs hugepages */
	if (hp_free < 256) {
		out[argc++] = (char *)"--no-huge";
		out[argc++] = (char *)"--no-shconf";
	} else {
		out[argc++] = (char *)"--in-memory";
	}
	if (dpath != NULL) {
		out[argc++] = (char *)"-d";
		out[argc++] = dpath;
	}
	out[argc] = NULL;
	RTE_VERIFY(argc < max);
	return argc;
}

/*
 * The user's EAL section, plus the net_lo plugin this lo-perf was built with
 * when the options or the EAL section name a net_lo port and the user loads
 * no driver (-d) of their own. NULL when out of memory. Kept for the
 * process's life, reachable from a static (so not a leak): EAL may hold on
 * to argv strings.
 */
static char **
user_eal_args(char **argv, int sep, int *argc_out)
{
	static char dopt[] = "-d";
	static char **out;
	char *dpath;
	bool has_d = false, wants_lo = false;
	unsigned int p;
	int i, n = 0;

	for (i = 1; i < sep; i++) {
		has_d |= strncmp(argv[i], "-d", 2) == 0;
		wants_lo |= strstr(argv[i], "net_lo") != NULL;
	}
	for (p = 0; p < cfg.nb_ports; p++)
		wants_lo |= strncmp(cfg.ports[p], "net_lo", 6) == 0;
	if (cfg.peer != NULL)
		wants_lo |= strncmp(cfg.peer, "net_lo", 6) == 0;
	out = calloc(sep + 3, sizeof(*out));
	if (out == NULL)
		return NULL;
	for (i = 0; i < sep; i++)
		out[n++] = argv[i];
	dpath = wants_lo && !has_d ? lo_driver_path() : NULL;
	if (dpath != NULL) {
		out[n++] = dopt;
		out[n++] = dpath;
	}
	*argc_out = n;
	return out;
}

char **
eal_args(char **argv, int sep, int *argc_out)
{
	static char *defaults[32];

	/* no EAL section, or an empty one ("lo-perf -- --duration 3"): the defaults */
	if (sep < 0 || sep == 1) {
		*argc_out = default_eal_args(argv[0], defaults, RTE_DIM(defaults));
		return *argc_out < 0 ? NULL : defaults;
	}
	return user_eal_args(argv, sep, argc_out);
}
