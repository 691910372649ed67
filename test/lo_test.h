/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

#ifndef LO_TEST_H
#define LO_TEST_H

/*
 * A TAP producer for the C test programs: each case is a function that
 * returns 0 (pass), -1 (fail, after printing why) or LO_TEST_SKIP (after
 * setting lo_test_skip_reason). The runner prints "ok"/"not ok" lines that
 * meson and test/run.sh count.
 */

#include <stdio.h>
#include <stdlib.h>

#define LO_TEST_SKIP 77

#define LO_ASSERT(cond, fmt, ...) do { \
	if (!(cond)) { \
		printf("#   %s:%d: %s: " fmt "\n", __FILE__, __LINE__, #cond, ## __VA_ARGS__); \
		return -1; \
	} \
} while (0)

#define LO_ASSERT_EQ(a, b) do { \
	long long lo_a_ = (long long)(a), lo_b_ = (long long)(b); \
	LO_ASSERT(lo_a_ == lo_b_, "%s = %lld, expected %s = %lld", #a, lo_a_, #b, lo_b_); \
} while (0)

struct lo_test_case {
	const char *name;
	int (*fn)(void);
};

static const char *lo_test_skip_reason = "";

/* Optional hooks run around each case; a failing after() fails the case. */
typedef int (*lo_test_hook_t)(void);

static int
lo_test_run(const struct lo_test_case *cases, unsigned int n, lo_test_hook_t before,
	lo_test_hook_t after)
{
	unsigned int i, failed = 0;

	printf("1..%u\n", n);
	for (i = 0; i < n; i++) {
		int ret;

		fflush(stdout);
		if (before != NULL)
			before();
		ret = cases[i].fn();
		if (after != NULL && after() != 0 && ret == 0)
			ret = -1;
		if (ret == LO_TEST_SKIP) {
			printf("ok %u - %s # SKIP %s\n", i + 1, cases[i].name, lo_test_skip_reason);
		} else if (ret == 0) {
			printf("ok %u - %s\n", i + 1, cases[i].name);
		} else {
			printf("not ok %u - %s\n", i + 1, cases[i].name);
			failed++;
		}
		fflush(stdout);
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* LO_TEST_H */
