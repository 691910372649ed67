#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Functional tests of the lo-perf app on net_lo0 (its defaults: no EAL
# options). Each engine runs about a second; the summary line must be there
# and lo-perf must exit 0, which it does only when its counts match the
# port's stats. Then the outputs, the baseline gate and bad input. TAP.
#   lo_perf_app.sh PATH/lo-perf
set -u
lp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
short=(--duration 0.4 --warmup 0.3 --trials 2)
n=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; shift; printf '%s\n' "$@" | tail -15 | sed 's/^/#   /'; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

echo "1..27"

num='[0-9]+\.[0-9]+'
# every engine must measure something: a figure of 0 is a failure, not a pass
for e in io txonly pipeline macswap fwd; do
	out=$("$lp" --engine "$e" "${short[@]}" 2>&1)
	rc=$?
	line=$(echo "$out" | grep -E "^lo-perf: engine=$e port=net_lo0 pkt=64 burst=32 queues=1 Mpps=$num Gbps=$num Gbps_L1=$num cyc/pkt=$num\$")
	mpps=$(echo "$line" | sed -n 's/.* Mpps=\([0-9.]*\) .*/\1/p')
	if [ $rc -eq 0 ] && [ -n "$line" ] && awk -v m="${mpps:-0}" 'BEGIN { exit !(m > 0) }'; then
		pass "engine $e: summary line, counts match the port ($mpps Mpps)"
	else
		fail "engine $e: rc $rc, summary '${line:-none}'" "$out"
	fi
done
# rxonly: refused on a loopback (nothing would arrive), measured on net_null
out=$("$lp" --engine rxonly "${short[@]}" 2>&1)
rc=$?
out2=$("$lp" -l 0,1 --no-huge -m 512 --no-shconf --no-pci --vdev=net_null0 \
	--log-level=lib.eal:error -- --port net_null0 --engine rxonly "${short[@]}" 2>&1)
rc2=$?
mpps=$(echo "$out2" | sed -n 's/^lo-perf: engine=rxonly port=net_null0 .* Mpps=\([0-9.]*\) .*/\1/p')
if [ $rc -eq 1 ] && echo "$out" | grep -q "^lo-perf: rxonly on net_lo0: a loopback port" &&
	[ $rc2 -eq 0 ] && awk -v m="${mpps:-0}" 'BEGIN { exit !(m > 0) }'; then
	pass "engine rxonly: refused on net_lo0, $mpps Mpps on net_null0"
else
	fail "engine rxonly: rc $rc on net_lo0, rc $rc2 on net_null0" "$out" "$out2"
fi

# JSON, CSV, sweep and compare in one run; the JSON names the DPDK it ran on
# (whichever: the version the build used, from meson; else pkg-config's)
dpdk_ver=${LO_DPDK_VERSION:-$(pkg-config --modversion libdpdk 2>/dev/null)}
out=$("$lp" "${short[@]}" --pkt-size 64,1500 --compare net_lo0,net_ring0 --latency \
	--json "$tmp/r.json" --csv "$tmp/r.csv" 2>&1)
rc=$?
rows=$(grep -c '"engine"' "$tmp/r.json" 2>/dev/null)
csvrows=$(($(wc -l < "$tmp/r.csv" 2>/dev/null || echo 0) - 1))
if [ $rc -eq 0 ] && [ "$rows" = 4 ] && [ "$csvrows" = 4 ] &&
	grep -q '"latency_ns": {"min"' "$tmp/r.json" && grep -q "\"dpdk\": \"DPDK $dpdk_ver" "$tmp/r.json" &&
	[ "$(grep -c '"ratio": {"to": "net_lo0", "paired_median": [0-9.]*}' "$tmp/r.json")" = 2 ] &&
	[ "$(cut -d, -f26 "$tmp/r.csv" | grep -c '^"net_lo0"$')" = 2 ] &&
	echo "$out" | grep -qE "^lo-perf: compare engine=io pkt=1500 net_ring0/net_lo0=$num\$"; then
	pass "sweep x compare with latency: 4 scenarios in JSON and CSV, ratios there and in lines"
else
	fail "sweep x compare: rc $rc, json rows $rows, csv rows $csvrows" "$out"
fi

# the gate: a baseline far above reality fails, far below passes
if [ -f "$tmp/r.json" ]; then
	# the gate judges best trials (max), medians where a baseline has no max
	sed -E 's/"mpps": \{"median": ([0-9.]+), "min": ([0-9.]+), "max": ([0-9.]+)/"mpps": {"median": \1e3, "min": \2e3, "max": \3e3/' "$tmp/r.json" > "$tmp/high.json"
	sed -E 's/"mpps": \{"median": ([0-9.]+), "min": ([0-9.]+), "max": ([0-9.]+)/"mpps": {"median": \1e-3, "min": \2e-3, "max": \3e-3/' "$tmp/r.json" > "$tmp/low.json"
fi
out=$("$lp" "${short[@]}" --baseline "$tmp/high.json" --tolerance 10 2>&1)
rc=$?
out2=$("$lp" "${short[@]}" --baseline "$tmp/high.json" --tolerance 10 --no-retry 2>&1)
rc2=$?
if [ $rc -eq 3 ] && echo "$out" | grep -q "engine=io port=net_lo0 pkt=64 burst=32 queues=1: best trial .* REGRESSED" &&
	[ "$(echo "$out" | grep -c "^lo-perf: retry: engine=io port=net_lo0 pkt=64 burst=32 queues=1: .*: measuring it again$")" = 1 ] &&
	[ $rc2 -eq 3 ] && ! echo "$out2" | grep -q "measuring it again"; then
	pass "gate fails (exit 3) on a baseline far above reality, measured twice (once with --no-retry)"
else
	fail "gate on a high baseline: rc $rc / $rc2" "$out" "$out2"
fi
out=$("$lp" "${short[@]}" --baseline "$tmp/low.json" --tolerance 10 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "engine=io port=net_lo0 pkt=64 burst=32 queues=1: .* ok"; then
	pass "gate passes on a baseline far below reality"
else
	fail "gate on a low baseline: rc $rc" "$out"
fi

# a real slowdown, made by the driver (tx_delay_cycles: 4096 cycles a burst
# is several times the io path's cost), is caught against a baseline of the
# same port without it; the port keeps its name, so the scenario matches
eal=(-l 0,1 --no-huge -m 512 --no-shconf --no-pci --log-level=lib.eal:error)
"$lp" "${eal[@]}" --vdev=net_lo0 -- "${short[@]}" --json "$tmp/fast.json" > /dev/null 2>&1
out=$("$lp" "${eal[@]}" --vdev=net_lo0,tx_delay_cycles=4096 -- "${short[@]}" \
	--baseline "$tmp/fast.json" 2>&1)
rc=$?
ratio=$(echo "$out" | sed -n 's/.*queues=1: best trial .* ratio \([0-9.]*\), REGRESSED.*/\1/p')
if [ $rc -eq 3 ] && awk -v r="${ratio:-1}" 'BEGIN { exit !(r < 0.5) }'; then
	pass "gate catches a slowdown made by tx_delay_cycles (ratio $ratio)"
else
	fail "gate on tx_delay_cycles=4096: rc $rc" "$out"
fi

# bad input: one clear line, exit 1, before EAL starts
bad_ok=yes
msgs=""
# a --plot onto a device would replace it (it is written beside, then renamed)
ln -s /dev/null "$tmp/devnull.png"
for a in "--burst 0" "--burst 513" "--pkt-size 59" "--pkt-size 64,x" "--engine nope" \
	"--duration 0" "--bogus" "--trials" "--tolerance -1" "--inflight 2048 --desc 1024" \
	"--pkt-size 64," "--pkt-size ,64" "--pkt-size 64,,1500" "--compare net_lo0," \
	"--json /nonexistent-dir/r.json" "--csv $tmp/no/r.csv" "-x" "--duration 10x" \
	"--warmup inf" "--rxd 64 --txd 128" "--txpkts 64,128" "--forward-mode nope" \
	"--duration 0x1p-3" "--json /" "--latency=1" "--port=" "--no-retry=1" \
	"--compare net_lo0,net_lo1,k=[0,1" "--compare net_lo0],net_lo1" \
	"--port net_lo1,mac=$(printf '0%.0s' {1..300})" \
	"--duration 1 --" "--json --latency" "--csv $tmp/same --json $tmp/same" \
	"--engine txonly --inflight 4" "--peer net_lo1" "--tolerance 5" "--no-retry" \
	"--tolerance 0x10" "--tolerance +5" "--pkt-size 64,64" "--plot $tmp/p.svg" "-engine io" \
	"--port net_lo0 --compare net_lo0,net_ring0" "--duration 2h" "--plot $tmp/devnull.png"; do
	# shellcheck disable=SC2086
	out=$("$lp" $a 2>&1)
	rc=$?
	if [ $rc -ne 1 ] || [ "$(echo "$out" | wc -l)" -ne 1 ] || echo "$out" | grep -q "EAL:"; then
		bad_ok=no
		msgs="$msgs[$a] rc $rc: $out
"
	fi
done
if [ $bad_ok = yes ]; then
	pass "bad options: one line, exit 1, no EAL"
else
	fail "bad options" "$msgs"
fi

# a port name past 64 characters (devargs) is kept whole: summary, JSON, gate
long=net_lo1,mac=02:00:00:00:00:01,ring_size=1024,speed=100G,byte_stats=on,max_queues=4
"$lp" -- --port "$long" "${short[@]}" --json "$tmp/long.json" > /dev/null 2>&1
out=$("$lp" -- --port "$long" "${short[@]}" --baseline "$tmp/long.json" --tolerance 100 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -qF "\"port\": \"$long\"" "$tmp/long.json" &&
	echo "$out" | grep -qF "lo-perf: engine=io port=$long pkt=64 " &&
	echo "$out" | grep -qF "lo-perf: baseline: engine=io port=$long pkt=64 burst=32 queues=1: best trial"; then
	pass "a ${#long}-character port name is kept whole in the summary, the JSON and the gate"
else
	fail "long port name: rc $rc" "$out"
fi

# fault injection: drops reconcile through oerrors; a capped working set
# runs dry and says why
out=$("$lp" -- --port net_lo1,tx_drop_ppm=1000 --engine txonly "${short[@]}" 2>&1)
rc=$?
out2=$("$lp" -- --port net_lo1,tx_pps=1000 "${short[@]}" 2>&1)
rc2=$?
if [ $rc -eq 0 ] && echo "$out" | grep -qE "^lo-perf: engine=txonly port=net_lo1,tx_drop_ppm=1000 .* Mpps=$num " &&
	! echo "$out" | grep -q MISMATCH && [ $rc2 -eq 2 ] &&
	echo "$out2" | grep -q "measured 0 packets: its working set ran dry"; then
	pass "tx_drop_ppm: counts reconcile (oerrors); tx_pps with io: exit 2, saying why"
else
	fail "fault injection under lo-perf: rc $rc / $rc2" "$out" "$out2"
fi

# a devargs list in brackets stays one item: its commas split nothing
out=$("$lp" -- --compare net_lo0,net_lo1,ring_size=[64,128] "${short[@]}" 2>&1)
rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "invalid devarg ring_size=\[64,128\]" &&
	echo "$out" | grep -q "^lo-perf: no such port 'net_lo1,ring_size=\[64,128\]'"; then
	pass "--compare keeps a [list] in devargs whole (net_lo refuses it, naming it)"
else
	fail "--compare with a [list]: rc $rc" "$out"
fi

# another driver, with the user's own EAL options: net_null makes packets on
# every rx, so this also proves the end-of-run drain is bounded
out=$(timeout 60 "$lp" -l 0,1 --no-huge -m 512 --no-shconf --no-pci --vdev=net_null0 \
	--log-level=lib.eal:error -- --port net_null0 "${short[@]}" 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -qE "^lo-perf: engine=io port=net_null0 pkt=64 .* Mpps=$num "; then
	pass "io on net_null0 with EAL options given (no hang, counts match)"
else
	fail "io on net_null0: rc $rc" "$out"
fi

# plot
if command -v gnuplot >/dev/null 2>&1; then
	out=$("$lp" "${short[@]}" --pkt-size 64,512 --plot "$tmp/p.png" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$tmp/p.png" ] && [ "$(head -c 4 "$tmp/p.png" | tail -c 3)" = PNG ]; then
		pass "--plot writes a PNG"
	else
		fail "--plot: rc $rc" "$out"
	fi
else
	skip "--plot writes a PNG" "gnuplot not installed (apt-get install gnuplot-nox)"
fi

# DPDK habits: short options, "--" with nothing before it, devargs in a port
out=$("$lp" -h 2>&1)
rc=$?
out2=$("$lp" -l 0,1 --duration 1 2>&1)
rc2=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "^usage: lo-perf" && [ $rc2 -eq 1 ] &&
	[ "$(echo "$out2" | wc -l)" -eq 1 ] && echo "$out2" | grep -q "unknown option '-l'"; then
	pass "short options: -h prints usage; -l before '--' is one line, exit 1"
else
	fail "short options: -h rc $rc, -l rc $rc2" "$out" "$out2"
fi

out=$("$lp" -- "${short[@]}" 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -qE "^lo-perf: engine=io port=net_lo0 pkt=64 .* Mpps=$num "; then
	pass "an empty EAL section ('lo-perf -- ...') means lo-perf's defaults"
else
	fail "empty EAL section: rc $rc" "$out"
fi

# the user's EAL options without -d: the built net_lo plugin is still loaded
out=$("$lp" -l 0,1 --no-huge -m 512 --no-shconf --no-pci --log-level=lib.eal:error -- \
	--port net_lo1,byte_stats=off "${short[@]}" 2>&1)
rc=$?
if [ $rc -eq 0 ] &&
	echo "$out" | grep -qE "^lo-perf: engine=io port=net_lo1,byte_stats=off pkt=64 .* Mpps=$num "; then
	pass "a port with devargs, with EAL options but no -d"
else
	fail "port with devargs: rc $rc" "$out"
fi

out=$("$lp" -- --compare net_lo0,net_lo0 "${short[@]}" 2>&1)
rc=$?
out2=$("$lp" -- --engine fwd --peer net_lo0 "${short[@]}" 2>&1)
rc2=$?
out3=$("$lp" -- --engine fwd --compare net_lo0,net_lo0_peer "${short[@]}" 2>&1)
rc3=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "^lo-perf: --compare names port 0 twice" &&
	[ $rc2 -eq 1 ] && echo "$out2" | grep -q "^lo-perf: --peer 'net_lo0' is the port itself" &&
	[ $rc3 -eq 1 ] && echo "$out3" | grep -q "^lo-perf: the port 'net_lo0_peer' is port 1, already used as the fwd peer 'net_lo0_peer'"; then
	pass "a port twice in --compare, --peer = --port, a port that is another's peer: one clear line, exit 1"
else
	fail "duplicate ports: rc $rc / $rc2 / $rc3" "$out" "$out2" "$out3"
fi

# results that cannot be written are a failure, not a success
"$lp" "${short[@]}" >&- 2>"$tmp/closed.err"
rc=$?
"$lp" "${short[@]}" >/dev/full 2>"$tmp/full.err"
rc2=$?
"$lp" -h >/dev/full 2>"$tmp/help.err"
rc3=$?
if [ $rc -eq 2 ] && grep -q "standard output is closed" "$tmp/closed.err" &&
	[ $rc2 -eq 2 ] && grep -q "writing the results to standard output failed" "$tmp/full.err" &&
	[ $rc3 -eq 2 ] && grep -q "writing the help to standard output failed" "$tmp/help.err"; then
	pass "stdout closed or full (results, --help): exit 2, saying so"
else
	fail "lost output: closed rc $rc, full rc $rc2, help rc $rc3" \
		"$(cat "$tmp/closed.err" "$tmp/full.err" "$tmp/help.err")"
fi

# a --plot file name is a name, never gnuplot code
if command -v gnuplot >/dev/null 2>&1; then
	name="it's a \"plot\"; system('touch pwned').png"
	out=$(cd "$tmp" && "$lp" "${short[@]}" --pkt-size 64,512 --plot "$name" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ "$(head -c 4 "$tmp/$name" | tail -c 3)" = PNG ] && [ ! -e "$tmp/pwned" ]; then
		pass "--plot with quotes and spaces in the name: the PNG there, nothing run"
	else
		fail "--plot odd name: rc $rc, pwned $([ -e "$tmp/pwned" ] && echo yes || echo no)" "$out"
	fi
else
	skip "--plot with an odd file name" "gnuplot not installed (apt-get install gnuplot-nox)"
fi

# testpmd's names and times with units
out=$("$lp" --forward-mode=macswap --txpkts 128 --rxd 512 --txd 512 --duration 300ms \
	--warmup 200ms --trials 2 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -qE "^lo-perf: engine=macswap port=net_lo0 pkt=128 .* Mpps=$num " &&
	echo "$out" | grep -q "warm-up 0.2s, 2 trial(s) of 0.3s"; then
	pass "--forward-mode, --txpkts, --rxd/--txd and 300ms/200ms times"
else
	fail "testpmd aliases: rc $rc" "$out"
fi

# Gbps from the bytes the port counted; a port that counts none is named
out=$("$lp" -- --compare net_lo0,net_lo1,byte_stats=off --pkt-size 300 "${short[@]}" 2>&1)
rc=$?
gbps=$(echo "$out" | sed -n 's/^lo-perf: engine=io port=net_lo0 pkt=300 .* Mpps=\([0-9.]*\) Gbps=\([0-9.]*\) Gbps_L1=\([0-9.]*\) .*/\1 \2 \3/p')
if [ $rc -eq 0 ] && [ -n "$gbps" ] &&
	echo "$out" | grep -q "^lo-perf: port net_lo1,byte_stats=off counts no bytes" &&
	! echo "$out" | grep -q "^lo-perf: port net_lo0 counts no bytes" &&
	echo "$gbps" | awk '{ l2 = $1 * 300 * 8 / 1000; l1 = $1 * 324 * 8 / 1000
		exit !($2 > l2 * 0.999 && $2 < l2 * 1.001 && $3 > l1 * 0.999 && $3 < l1 * 1.001) }'; then
	pass "Gbps from the port's byte counters (L1: +24 B a packet); net_lo1,byte_stats=off named"
else
	fail "bytes: rc $rc, net_lo0 Mpps/Gbps/L1 '$gbps'" "$out"
fi

# a baseline gate that judges nothing is a failure, and a bad one fails first
printf '{"tool": "lo-perf", "format": 1, "results": [{"engine": "io", "port": "other0", "pkt_size": 64, "burst": 32, "queues": 1, "mpps": {"median": 5}}]}' > "$tmp/other.json"
printf '{"mps": 1}' > "$tmp/shape.json"
out=$("$lp" "${short[@]}" --baseline "$tmp/other.json" 2>&1)
rc=$?
out2=$("$lp" "${short[@]}" --baseline "$tmp/shape.json" 2>&1)
rc2=$?
out3=$("$lp" "${short[@]}" --baseline "$tmp/other.json" --json "$tmp/other.json" 2>&1)
rc3=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "holds none of this run's scenarios" &&
	[ $rc2 -eq 1 ] && [ "$(echo "$out2" | wc -l)" -eq 1 ] &&
	echo "$out2" | grep -q "not a lo-perf --json file" &&
	[ $rc3 -eq 1 ] && echo "$out3" | grep -q "is the --baseline file too: the run would overwrite its baseline"; then
	pass "--baseline: nothing judged exits 2; another shape, or --json = --baseline, exit 1 first"
else
	fail "baseline checks: rc $rc / $rc2 / $rc3" "$out" "$out2" "$out3"
fi

# devargs for a port that exists already (the user's --vdev) would be
# ignored: refused; with lo-perf's own EAL defaults the named port is made
# with them (a pair, too); a peer that counts no bytes makes the pair's Gbps
# assumed, and says so
out=$("$lp" "${eal[@]}" --vdev=net_lo0 -- --port net_lo0,byte_stats=off "${short[@]}" 2>&1)
rc=$?
out2=$("$lp" -- --engine fwd --port net_lo0 --peer net_lo1,byte_stats=off "${short[@]}" 2>&1)
rc2=$?
out3=$("$lp" --engine fwd --port net_lo0,peer=net_lo1 --peer net_lo1 "${short[@]}" 2>&1)
rc3=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "port 'net_lo0' exists already" &&
	[ $rc2 -eq 0 ] && echo "$out2" | grep -q "^lo-perf: port net_lo0 or its peer counts no bytes" &&
	[ $rc3 -eq 0 ] && echo "$out3" | grep -q "^lo-perf: engine=fwd port=net_lo0,peer=net_lo1 "; then
	pass "devargs on an existing port refused; defaults make the port with its devargs (a pair); fwd with a byte-less peer says its Gbps are assumed"
else
	fail "existing port / pair / byte-less peer: rc $rc / $rc2 / $rc3" "$out" "$out2" "$out3"
fi

# a gnuplot that fails leaves no file behind, partial or empty
mkdir -p "$tmp/fakegp" "$tmp/plotdir"
printf '#!/bin/sh\necho partial\nexit 1\n' > "$tmp/fakegp/gnuplot"
chmod +x "$tmp/fakegp/gnuplot"
out=$(PATH="$tmp/fakegp:$PATH" "$lp" "${short[@]}" --plot "$tmp/plotdir/p.png" 2>&1)
rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "gnuplot failed to write" &&
	[ -z "$(ls -A "$tmp/plotdir")" ]; then
	pass "--plot: a failing gnuplot exits 2 and leaves no file"
else
	fail "--plot with a failing gnuplot: rc $rc, left: $(ls -A "$tmp/plotdir")" "$out"
fi
