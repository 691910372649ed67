/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * libFuzzer target: liblo_perf's baseline reader, lo_perf_read_json(), on
 * any file content. The input goes through a memfd, so the reader opens a
 * path as lo-perf --baseline does. It must read a report or fail with a
 * message, never crash or leak; what it reads must be usable.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lo_perf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lo_perf_report r;
	char path[64], err[512];
	unsigned int i;
	int fd;

	fd = memfd_create("baseline", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (lo_perf_read_json(path, &r, err, sizeof(err)) == 0) {
		/* a report it accepted can be judged and written */
		for (i = 0; i < r.n; i++) {
			if (!(r.results[i].mpps.median > 0))
				abort();
			lo_perf_report_find(&r, &r.results[i]);
		}
		lo_perf_compare(&r, &r, 5, NULL);
		lo_perf_report_free(&r);
	} else if (err[0] == '\0') {
		abort();
	}
	close(fd);
	return 0;
}
