/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The netlo authors
 */

/*
 * Option values: numbers, times, lists and file names, each checked in
 * full. A bad value ends the process with one line naming the option, the
 * value and what is accepted (exit 1): bad_option().
 */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lo_perf_main.h"

void __rte_noreturn
bad_option(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lo-perf: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	exit(EXIT_USAGE);
}

unsigned long
parse_uint(const char *opt, const char *s, unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		bad_option("%s '%s': not a number; accepted %lu-%lu", opt, s, min, max);
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		bad_option("%s '%s': accepted %lu-%lu", opt, s, min, max);
	return v;
}

/*
 * The length of the plain decimal s starts with: digits with at most one
 * '.', no sign, exponent, hex, inf or nan. 0 when there is none.
 */
static size_t
plain_decimal_len(const char *s)
{
	size_t whole = strspn(s, "0123456789"), frac;

	if (s[whole] != '.')
		return whole;
	frac = strspn(s + whole + 1, "0123456789");
	return whole + frac > 0 ? whole + 1 + frac : 0;
}

double
parse_double(const char *opt, const char *s, double min, double max)
{
	double v;

	errno = 0;
	v = plain_decimal_len(s) > 0 && s[plain_decimal_len(s)] == '\0' ? strtod(s, NULL) : -1;
	if (errno != 0 || !(v >= min && v <= max))
		bad_option("%s '%s': accepted %g-%g (a plain decimal such as 7.5)", opt, s, min,
			max);
	return v;
}

/* The directory a file name is in: "x" -> ".", "/x" -> "/", "a/b/x" -> "a/b". */
static void
dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, len, ".");
	else
		snprintf(dir, len, "%.*s", slash == path ? 1 : (int)(slash - path), path);
}

/* path's directory made absolute, then its last name: "x.json" -> "/cwd/x.json". */
static bool
canonical(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	dir_of(path, dir, sizeof(dir));
	if (realpath(dir, real) == NULL)
		return false;
	return (size_t)snprintf(out, len, "%s/%s", real, slash ? slash + 1 : path) < len;
}

bool
same_file(const char *a, const char *b)
{
	char ca[PATH_MAX], cb[PATH_MAX];
	struct stat sa, sb;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0) {
		/* a device (/dev/null) may take several outputs */
		if (S_ISCHR(sa.st_mode))
			return false;
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	}
	/* not there yet: the same name in the same directory */
	if (canonical(a, ca, sizeof(ca)) && canonical(b, cb, sizeof(cb)))
		return strcmp(ca, cb) == 0;
	return strcmp(a, b) == 0;
}

/* A time: seconds, or with a unit: 500ms, 10s, 2m, 1h. */
double
parse_seconds(const char *opt, const char *s, double min, double max)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = { { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "m", 60 }, { "h", 3600 } };
	const size_t len = plain_decimal_len(s);
	unsigned int i;
	double v;

	errno = 0;
	v = strtod(s, NULL);
	if (errno == 0 && len > 0)
		for (i = 0; i < RTE_DIM(units); i++)
			if (strcmp(s + len, units[i].unit) == 0) {
				v *= units[i].scale;
				if (v >= min && v <= max)
					return v;
				break;
			}
	bad_option("%s '%s': accepted %g-%g seconds, or with a unit: 500ms, 10s, 2m, 1h", opt,
		s, min, max);
}

/*
 * Split buf, a copy of the comma list arg (--compare, --pkt-size), into at
 * most max items, in place. Commas inside [brackets] belong to the item (a
 * devargs list: net_x0,queues=[0,1]). An empty item ("64,", ",64",
 * "64,,1500") or an unbalanced bracket is an error. Returns the count.
 */
unsigned int
split_list(const char *opt, const char *arg, char *buf, const char **items, unsigned int max)
{
	unsigned int n = 0, depth = 0;
	char *p = buf, *c;

	for (c = buf;; c++) {
		if (*c == '[')
			depth++;
		else if (*c == ']' && depth-- == 0)
			bad_option("%s '%s': a ']' without its '['", opt, arg);
		if (*c != '\0' && (*c != ',' || depth > 0))
			continue;
		if (*c == '\0' && depth > 0)
			bad_option("%s '%s': a '[' without its ']'", opt, arg);
		if (c == p)
			bad_option("%s '%s': an empty item in the list", opt, arg);
		if (n == max)
			bad_option("%s '%s': at most %u items", opt, arg, max);
		items[n++] = p;
		if (*c == '\0')
			return n;
		*c = '\0';
		p = c + 1;
	}
}

/* Whether name is an executable file in one of $PATH's directories. */
bool
have_program(const char *name)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];

	while (path != NULL && *path != '\0') {
		size_t len = strcspn(path, ":");

		snprintf(file, sizeof(file), "%.*s/%s", (int)(len ? len : 1), len ? path : ".",
			name);
		if (access(file, X_OK) == 0)
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

/* An output file must be writable before the benchmark runs, not after. */
void
check_writable(const char *opt, const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	if (path[0] == '\0')
		bad_option("%s: an empty file name", opt);
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			bad_option("%s '%s': a directory, not a file", opt, path);
		if (access(path, W_OK) != 0)
			bad_option("%s '%s': %s", opt, path, strerror(errno));
		return;
	}
	dir_of(path, dir, sizeof(dir));
	if (access(dir, W_OK | X_OK) != 0)
		bad_option("%s '%s': directory '%s': %s", opt, path, dir, strerror(errno));
}
