/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * libFuzzer target: lo-perf's option parser (app/lo-perf/options.c and
 * opt_values.c) on any command line. The input is split into arguments at
 * NUL or newline bytes. The parser ends the process on bad input: those
 * files are compiled with -Dexit=lo_fuzz_exit, which jumps back here, so
 * every exit is one input done. Any input must parse or exit 1 (or 0 for
 * --help, 2 for a closed stdout), never crash or leak.
 */

#include <getopt.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lo_perf_main.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void lo_fuzz_exit(int code) __attribute__((noreturn));

static jmp_buf back;
static int exit_code;

void
lo_fuzz_exit(int code)
{
	exit_code = code;
	longjmp(back, 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config defaults;
	static bool saved;
	static char *const reset_argv[] = { (char *)"lo-perf", NULL };
	char *argv[MAX_ARGS + 2], *buf;
	int argc = 1;
	size_t i, start = 0;

	if (!saved) {
		defaults = cfg;
		saved = true;
		/* --help and its like write here; the parser's errors go to stderr */
		if (freopen("/dev/null", "w", stdout) == NULL)
			abort();
	}
	buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = (char *)"lo-perf";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++)
		if (i == size || buf[i] == '\0' || buf[i] == '\n') {
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	/* getopt keeps state across calls: optind 0 makes glibc start afresh */
	optind = 0;
	opterr = 0;
	getopt_long(1, reset_argv, "", NULL, NULL);
	exit_code = -1;
	if (setjmp(back) == 0)
		parse_options(argc, argv);
	if (exit_code != -1 && exit_code != 0 && exit_code != EXIT_USAGE &&
			exit_code != EXIT_RUNTIME)
		abort();
	free(cfg.compare_buf);
	lo_perf_report_free(&baseline);
	cfg = defaults;
	free(buf);
	return 0;
}
