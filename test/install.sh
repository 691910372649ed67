#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# `meson install`, staged with --destdir into the build tree (the system is
# not touched): the driver lands in the installed DPDK's plugin directory,
# lo-perf knows that path, liblo_perf comes with its header and a
# pkg-config file that a program builds and links against.
#   install.sh BUILD_DIR PMD_DIR
set -u
build=$1
pmd_dir=$2
stage=$(cd "$build" && pwd)/install-stage
trap 'rm -rf "$stage"' EXIT
rm -rf "$stage"
pass() { echo "ok $1 - $2"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }
opt() { # the value of one meson option of BUILD_DIR
	meson introspect "$build" --buildoptions |
		python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]][0])' "$1"
}
echo "1..4"
# meson install rewrites meson-logs/install-log.txt, which `ninja uninstall`
# reads: a user's real install must stay what it removes
log=$build/meson-logs/install-log.txt
saved=""
if [ -f "$log" ]; then
	saved=$(mktemp "$build/install-log.XXXXXX")
	cp -p "$log" "$saved"
fi
restore_log() {
	if [ -n "$saved" ]; then
		mv -f "$saved" "$log"
	else
		rm -f "$log"
	fi
}
trap 'restore_log; rm -rf "$stage"' EXIT
trap 'exit 1' INT TERM
if ! out=$(meson install -C "$build" --no-rebuild --destdir "$stage" 2>&1); then
	fail 1 "meson install --destdir" "$out"
	for i in 2 3 4; do echo "not ok $i - # not reached"; done
	exit 0
fi
prefix=$(opt prefix)
libdir=$(opt libdir)
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
so=$stage$pmd_dir/librte_net_lo.so
if [ -f "$so" ] && [ "$(head -c 4 "$so" | od -An -c | tr -d ' ')" = '177ELF' ]; then
	pass 1 "the driver in DPDK's plugin directory: $pmd_dir/librte_net_lo.so"
else
	fail 1 "no driver at $pmd_dir/librte_net_lo.so" "$(cd "$stage" && find . -type f)"
fi
lp=$stage$prefix/bin/lo-perf
if [ -x "$lp" ] && grep -qa "$pmd_dir/librte_net_lo.so" "$lp"; then
	pass 2 "lo-perf installed, knowing the installed driver's path"
else
	fail 2 "lo-perf not installed, or without the installed driver's path" "$(ls -l "$lp" 2>&1)"
fi
pc=$stage$libdir/pkgconfig/liblo_perf.pc
flags=$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_PATH=$stage$libdir/pkgconfig \
	pkg-config --cflags --libs liblo_perf 2>&1)
if [ -f "$pc" ] && [ -f "$stage$prefix/include/lo_perf.h" ] && echo "$flags" | grep -q -- '-llo_perf'; then
	pass 3 "liblo_perf: header, library and liblo_perf.pc ($flags)"
else
	fail 3 "liblo_perf's header or pkg-config file" "$flags" "$(cd "$stage" && find . -type f)"
fi
cat > "$stage/use.c" <<'C'
#include <lo_perf.h>
int main(void)
{
	const double v[3] = { 3, 1, 2 };
	struct lo_perf_stat st;

	lo_perf_stat_of(v, 3, &st);
	return st.median == 2 && st.min == 1 && st.max == 3 ? 0 : 1;
}
C
# a sanitized build's library needs the sanitizer runtimes in the program too
san=""
[ -z "${LO_SANITIZER_PRELOAD:-}" ] || san="-fsanitize=address,undefined"
# shellcheck disable=SC2086
if out=$(cc $san "$stage/use.c" -o "$stage/use" $flags 2>&1) &&
	out=$(LD_LIBRARY_PATH=$stage$libdir "$stage/use" 2>&1); then
	pass 4 "a program builds against the installed liblo_perf and runs"
else
	fail 4 "a program against the installed liblo_perf" "$out"
fi
