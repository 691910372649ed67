#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# How well lo-perf's baseline gate tells a real slowdown from noise, as CI
# would use it. Each round is three separate lo-perf processes, like three
# CI jobs on one runner:
#   baseline   the build as it is, --json base.json
#   unchanged  the same build, --baseline base.json: exit 3 is a false alarm
#   slowed     net_lo0 with tx_delay_cycles=D, --baseline base.json: exit 3
#              is a detection
# (unchanged and slowed alternate in order round by round). Every process
# gets the EAL options lo-perf picks by default, written out, so that the
# two differ only in the devarg. D is calibrated first so that it costs
# --slowdown percent of the rate: a first guess from a run's cycles per
# packet (D = cycles/packet x burst x pct / (100 - pct)), then corrected
# once by a paired --compare of net_lo0 with net_lo1,tx_delay_cycles=D.
# The ratio of each slowed run to its baseline is reported too, so the
# slowdown is a measured figure, not an assumed one.
#
#   test/bench/gate.sh [options] [-- lo-perf options]
#   --rounds N       rounds (default 20)
#   --slowdown PCT   the slowdown to detect, 1-50 (default 10)
#   --delay CYCLES   use this tx_delay_cycles instead of calibrating
#   --pages huge|4k  4 KB pages (--no-huge, the default: what a CI runner
#                    without hugepages gets) or 2 MB hugepages (reserved as
#                    root for the run and given back after)
#   --lo-perf PATH   the lo-perf binary (default build/app/lo-perf/lo-perf)
#   --driver SO      the net_lo plugin (default build/drivers/net/lo/librte_net_lo.so)
#   --keep DIR       keep every run's output and JSON in DIR
# Options after -- go to every lo-perf process (e.g. --trials 5); the gate's
# own (--tolerance, --no-retry) only to the runs judged against a baseline.
# Prints one line per round (the baseline's best trial, then each run's
# judged ratio and verdict) and a summary; exits 0 when detection >= 95%,
# false alarms <= 5% and no run failed (a failed run is reported, never
# counted), 1 otherwise.
set -u

rounds=20
slowdown=10
delay=""
pages=4k
keep=""
top=$(cd "$(dirname "$0")/../.." && pwd)
lo_perf=$top/build/app/lo-perf/lo-perf
driver=$top/build/drivers/net/lo/librte_net_lo.so
opts=()

usage() { sed -n '5,37s/^# \{0,1\}//p' "$0"; exit "$1"; }
die() { echo "gate.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) [ $# -ge 2 ] || die "--rounds needs a value"; rounds=$2; shift 2 ;;
	--slowdown) [ $# -ge 2 ] || die "--slowdown needs a value"; slowdown=$2; shift 2 ;;
	--delay) [ $# -ge 2 ] || die "--delay needs a value"; delay=$2; shift 2 ;;
	--pages) [ $# -ge 2 ] || die "--pages needs a value"; pages=$2; shift 2 ;;
	--lo-perf) [ $# -ge 2 ] || die "--lo-perf needs a value"; lo_perf=$2; shift 2 ;;
	--driver) [ $# -ge 2 ] || die "--driver needs a value"; driver=$2; shift 2 ;;
	--keep) [ $# -ge 2 ] || die "--keep needs a value"; keep=$2; shift 2 ;;
	--) shift; opts=("$@"); break ;;
	-h|--help) usage 0 ;;
	*) echo "gate.sh: unknown option '$1'" >&2; usage 1 >&2 ;;
	esac
done
case $rounds in ''|*[!0-9]*|0*) die "--rounds '$rounds': accepted 1-9999" ;; esac
[ "${#rounds}" -le 4 ] || die "--rounds '$rounds': accepted 1-9999"
case $slowdown in ''|*[!0-9]*|0*) die "--slowdown '$slowdown': accepted 1-50" ;; esac
[ "$slowdown" -ge 1 ] && [ "$slowdown" -le 50 ] || die "--slowdown '$slowdown': accepted 1-50"
case $delay in *[!0-9]*|0*) die "--delay '$delay': accepted 1-1000000 cycles" ;; esac
if [ -n "$delay" ] && { [ "${#delay}" -gt 7 ] || [ "$delay" -lt 1 ] || [ "$delay" -gt 1000000 ]; }; then
	die "--delay '$delay': accepted 1-1000000 cycles"
fi
case $pages in huge|4k) ;; *) die "--pages '$pages': accepted huge or 4k" ;; esac
[ -x "$lo_perf" ] || die "no lo-perf at $lo_perf (build first: meson compile -C build)"
[ -r "$driver" ] || die "no net_lo plugin at $driver"

work=$(mktemp -d "$top/build/gate.XXXXXX") || die "cannot make a work directory under $top/build"
. "$top/test/bench/bench-lib.sh"
cleanup() {
	hugepages_restore
	if [ -n "$keep" ]; then
		mkdir -p "$keep" && cp -r "$work"/. "$keep"/
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The EAL options lo-perf's defaults pick, written out (see its --help):
# lcore 0 on the first CPU this process may run on, one lcore on each of
# the others, and one more on the first.
cpus=()
for r in $(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',' ' '); do
	for ((c = ${r%-*}; c <= ${r#*-}; c++)); do cpus+=("$c"); done
done
ncpu=${#cpus[@]}
[ "$ncpu" -gt 0 ] || die "cannot read this process's CPU set"
lcores="--lcores=0@${cpus[0]}"
for ((i = 1; i < ncpu; i++)); do lcores+=",$i@${cpus[$i]}"; done
lcores+=",$ncpu@${cpus[0]}"
if [ "$pages" = huge ]; then
	[ "$(id -u)" = 0 ] || die "--pages huge reserves hugepages: run as root"
	hugepages_reserve 512 || die "cannot reserve 512 free 2 MB hugepages"
	mem=(-m 1024 --in-memory)
else
	mem=(-m 1024 --no-huge --no-shconf)
fi
eal() {	# eal VDEV: the EAL section for one process
	echo "$lcores --no-pci --log-level=lib.eal:error --no-telemetry ${mem[*]} -d $driver --vdev=$1"
}

# run NAME VDEV ARGS...: one lo-perf process; prints its exit code. The
# gate's own options (--tolerance, --no-retry) go only to judged runs.
run() {
	local name=$1 vdev=$2 rc i judged=0 o=()
	shift 2
	case " $* " in *" --baseline "*) judged=1 ;; esac
	for ((i = 0; i < ${#opts[@]}; i++)); do
		case ${opts[$i]} in
		--no-retry) [ $judged = 1 ] && o+=("${opts[$i]}") ;;
		--tolerance) [ $judged = 1 ] && o+=("${opts[$i]}" "${opts[$((i + 1))]}"); i=$((i + 1)) ;;
		--tolerance=*) [ $judged = 1 ] && o+=("${opts[$i]}") ;;
		*) o+=("${opts[$i]}") ;;
		esac
	done
	# shellcheck disable=SC2046 # eal's words are meant to split
	"$lo_perf" $(eal "$vdev") -- "${o[@]}" "$@" > "$work/$name.out" 2>&1
	rc=$?
	echo "$rc"
}

# the ratio lo-perf printed for the judged scenario, or "-"
ratio_of() {
	sed -n 's/.*ratio \([0-9.]*\),.*/\1/p' "$work/$1.out" | head -1 | grep . || echo -
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "gate.sh: $cpu, $ncpu CPUs, $pages pages, lo-perf ${opts[*]:-(defaults)}"

if [ -z "$delay" ]; then
	rc=$(run calibrate net_lo0)
	[ "$rc" = 0 ] || { cat "$work/calibrate.out" >&2; die "calibration run failed (exit $rc)"; }
	line=$(grep '^lo-perf: engine=' "$work/calibrate.out" | head -1)
	cyc=$(echo "$line" | sed -n 's/.*cyc\/pkt=\([0-9.]*\).*/\1/p')
	burst=$(echo "$line" | sed -n 's/.* burst=\([0-9]*\) .*/\1/p')
	[ -n "$cyc" ] && [ -n "$burst" ] || die "no cyc/pkt in the calibration run: $line"
	delay=$(awk -v c="$cyc" -v b="$burst" -v p="$slowdown" \
		'BEGIN { x = c * b * p / (100 - p); if (x < 1) x = 1; printf "%d", x + 0.5 }')
	rc=$(run calibrate2 net_lo0 --compare "net_lo0,net_lo1,tx_delay_cycles=$delay" --trials 5)
	[ "$rc" = 0 ] || { cat "$work/calibrate2.out" >&2; die "calibration run failed (exit $rc)"; }
	r=$(sed -n 's/^lo-perf: compare .*=\([0-9.]*\)$/\1/p' "$work/calibrate2.out" | head -1)
	[ -n "$r" ] || die "no paired ratio in the calibration run"
	first=$delay
	delay=$(awk -v d="$delay" -v r="$r" -v p="$slowdown" \
		'BEGIN { x = r < 1 ? d * (p / (100 - p)) / ((1 - r) / r) : d;
			if (x > 1000000) x = 1000000; if (x < 1) x = 1; printf "%d", x + 0.5 }')
	echo "gate.sh: calibration: $cyc cycles/packet, burst $burst; tx_delay_cycles=$first" \
		"measured a ratio of $r; tx_delay_cycles=$delay for a $slowdown% slowdown"
fi

alarms=0 detected=0 judged_u=0 judged_s=0 failed=0
ratios_u=() ratios_s=()
printf '%-6s %-10s %-18s %-18s\n' round "baseline" "unchanged ratio" "slowed ratio"
for ((r = 1; r <= rounds; r++)); do
	rc=$(run "base$r" net_lo0 --json "$work/base$r.json")
	if [ "$rc" != 0 ]; then
		echo "round $r: the baseline run failed (exit $rc); round dropped"
		failed=$((failed + 1))
		continue
	fi
	if ((r % 2)); then order="u s"; else order="s u"; fi
	for k in $order; do
		if [ "$k" = u ]; then
			rc_u=$(run "unch$r" net_lo0 --baseline "$work/base$r.json")
		else
			rc_s=$(run "slow$r" "net_lo0,tx_delay_cycles=$delay" \
				--baseline "$work/base$r.json")
		fi
	done
	ru=$(ratio_of "unch$r") rs=$(ratio_of "slow$r")
	case $rc_u in
	0) judged_u=$((judged_u + 1)); ratios_u+=("$ru"); vu=ok ;;
	3) judged_u=$((judged_u + 1)); ratios_u+=("$ru"); alarms=$((alarms + 1)); vu="FALSE ALARM" ;;
	*) failed=$((failed + 1)); vu="failed (exit $rc_u)" ;;
	esac
	case $rc_s in
	3) judged_s=$((judged_s + 1)); ratios_s+=("$rs"); detected=$((detected + 1)); vs=detected ;;
	0) judged_s=$((judged_s + 1)); ratios_s+=("$rs"); vs=MISSED ;;
	*) failed=$((failed + 1)); vs="failed (exit $rc_s)" ;;
	esac
	# the best trial: the table's max column
	base=$(awk '$2 == "net_lo0" && $8 ~ /^[0-9.]+$/ { print $8; exit }' "$work/base$r.out")
	printf '%-6s %-10s %-18s %-18s\n' "$r" "$base" "$ru $vu" "$rs $vs"
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.0f%%", 100 * a / b }'; }
echo "gate.sh: unchanged: $alarms false alarm(s) in $judged_u runs ($(pct "$alarms" "$judged_u")), median ratio $(echo "${ratios_u[*]}" | median)"
echo "gate.sh: slowed by tx_delay_cycles=$delay: $detected detected in $judged_s runs ($(pct "$detected" "$judged_s")), median ratio $(echo "${ratios_s[*]}" | median)"
[ "$failed" = 0 ] || echo "gate.sh: $failed run(s) failed and were not counted"
ok=$(awk -v d="$detected" -v s="$judged_s" -v a="$alarms" -v u="$judged_u" \
	'BEGIN { print (s > 0 && u > 0 && d >= 0.95 * s && a <= 0.05 * u) ? 1 : 0 }')
if [ "$ok" = 1 ] && [ "$failed" = 0 ]; then
	echo "gate.sh: PASS (detection >= 95%, false alarms <= 5%)"
	exit 0
fi
echo "gate.sh: FAIL (wanted detection >= 95%, false alarms <= 5%, no failed runs)"
exit 1
