#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Build the libFuzzer targets with clang (AddressSanitizer, UBSan) and run
# each for a bounded time from its seed corpus in test/fuzz/corpus/. TAP:
# one case a target, with the executions it ran; a crash, leak or timeout
# fails it and leaves the input in OUTDIR. Skipped, saying why, where clang
# or its libFuzzer runtime is missing.
#   run.sh SRCDIR OUTDIR [SECONDS]    (default 20 seconds a target)
# Longer by hand: test/fuzz/run.sh . build/fuzz 600
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 SRCDIR OUTDIR [SECONDS: 1-86400, default 20]" >&2
	exit 1
fi
src=$(cd "$1" && pwd) || exit 1
out=$2
secs=${3:-20}
case $secs in
''|*[!0-9]*|0*) echo "run.sh: SECONDS '$secs': accepted 1-86400" >&2; exit 1 ;;
esac
[ "${#secs}" -le 5 ] && [ "$secs" -le 86400 ] || { echo "run.sh: SECONDS '$secs': accepted 1-86400" >&2; exit 1; }
targets=(devargs baseline options offload)
echo "1..${#targets[@]}"

skip_all() {
	local i
	for ((i = 0; i < ${#targets[@]}; i++)); do
		echo "ok $((i + 1)) - fuzz ${targets[$i]} # SKIP $1"
	done
	exit 0
}
cc=$(command -v clang || command -v clang-16 || command -v clang-15 || command -v clang-14)
[ -n "$cc" ] || skip_all "clang not installed (apt-get install clang)"
mkdir -p "$out" && out=$(cd "$out" && pwd)
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
		"$cc" -x c -fsanitize=fuzzer - -o "$out/probe" 2>/dev/null; then
	skip_all "clang's libFuzzer runtime is missing (apt-get install libclang-rt-14-dev)"
fi

# The same code the builds compile; -Dexit=lo_fuzz_exit only for the option parser.
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	$(pkg-config --cflags libdpdk jansson) -DALLOW_EXPERIMENTAL_API)
libs=($(pkg-config --libs libdpdk jansson) -lm)
build() {	# build NAME SOURCES...
	local name=$1
	shift
	"$cc" "${flags[@]}" "$@" "${libs[@]}" -o "$out/fuzz_$name" 2> "$out/fuzz_$name.build.log"
}
build_options() {
	local f objs=()
	for f in options.c opt_values.c; do
		"$cc" "${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" -Dexit=lo_fuzz_exit \
			-I"$src/app/lo-perf" -I"$src/lib" -c "$src/app/lo-perf/$f" \
			-o "$out/opt_$f.o" || return 1
		objs+=("$out/opt_$f.o")
	done
	build options -I"$src/app/lo-perf" -I"$src/lib" -DLO_NET_LO_PATH='""' \
		"$src/test/fuzz/fuzz_options.c" "${objs[@]}" "$src/app/lo-perf/lo_engines.c" \
		"$src/app/lo-perf/engine_"*.c "$src/lib/lo_perf_report.c" "$src/lib/lo_perf_stats.c"
}

# the driver's offload code, the GFNI file with the instructions it needs
build_offload() {
	local d=$src/drivers/net/lo
	"$cc" "${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" -mavx512f -mavx512bw \
		-mavx512dq -mavx512vl -mavx512vbmi -mgfni -c "$d/lo_rss_gfni.c" \
		-o "$out/lo_rss_gfni.o" || return 1
	build offload -I"$d" "$src/test/fuzz/fuzz_offload.c" "$d/lo_parse.c" "$d/lo_cksum.c" \
		"$d/lo_rss.c" "$out/lo_rss_gfni.o"
}

n=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	case $t in
	devargs) build devargs -I"$src/drivers/net/lo" "$src/test/fuzz/fuzz_devargs.c" \
		"$src/drivers/net/lo/lo_devargs.c" ;;
	baseline) build baseline -I"$src/lib" "$src/test/fuzz/fuzz_baseline.c" \
		"$src/lib/lo_perf_report.c" "$src/lib/lo_perf_stats.c" ;;
	options) build_options 2> "$out/fuzz_options.compile.log" ;;
	offload) build_offload 2> "$out/fuzz_offload.compile.log" ;;
	esac
	if [ $? -ne 0 ]; then
		echo "not ok $n - fuzz $t: the target did not build"
		cat "$out/fuzz_$t".*.log 2>/dev/null | sed 's/^/#   /' | tail -20
		continue
	fi
	# a work copy of the seeds: the repository's corpus stays as committed
	rm -rf "$out/corpus_$t" && mkdir -p "$out/corpus_$t"
	cp "$src/test/fuzz/corpus/$t/"* "$out/corpus_$t/"
	log=$out/fuzz_$t.log
	(cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./fuzz_$t" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="$out/crash_$t-" "corpus_$t" > "$log" 2>&1)
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -1)
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok $n - fuzz $t: $runs executions in ${secs} s, no crash, leak or timeout"
	else
		echo "not ok $n - fuzz $t: exit $rc after ${runs:-?} executions (input in $out/crash_$t-*)"
		grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -10 | sed 's/^/#   /'
	fi
done
