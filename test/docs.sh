#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The guides build with Sphinx, warnings as errors, as -Ddocs=true builds
# them: into a temporary directory inside the build tree, removed after.
# Checks that every page was built, that the design page's picture was
# rendered to SVG, and that the feature matrix holds every row of lo.ini.
# Skipped where Sphinx or Graphviz is not installed.
#   docs.sh GUIDES_DIR BUILD_DIR
set -u
guides=$1
build=$2
pass() { echo "ok $1 - $2"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }
if ! command -v sphinx-build >/dev/null 2>&1; then
	echo "1..1"
	echo "ok 1 - sphinx docs # SKIP sphinx-build not installed (apt-get install python3-sphinx graphviz)"
	exit 0
fi
if ! command -v dot >/dev/null 2>&1; then
	echo "1..1"
	echo "ok 1 - sphinx docs # SKIP dot not installed (apt-get install graphviz)"
	exit 0
fi
tmp=$(mktemp -d "$build/docs-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
out=$tmp/html
echo "1..4"

# 1: the build, -W: a warning fails it (-q: what it prints is warnings)
if log=$(sphinx-build -W --keep-going -q -b html -d "$tmp/doctrees" "$guides" "$out" 2>&1) &&
		[ -z "$log" ]; then
	pass 1 "sphinx-build -W -b html: no warning ($(sphinx-build --version 2>&1))"
else
	fail 1 "sphinx-build -W -b html failed or warned" "$log"
fi

# 2: a page for every .rst
missing=""
n=0
while IFS= read -r rst; do
	page=${rst%.rst}.html
	n=$((n + 1))
	[ -s "$out/$page" ] || missing="$missing $page"
done < <(cd "$guides" && find . -name '*.rst' | sed 's|^\./||' | sort)
if [ "$n" -gt 0 ] && [ -z "$missing" ]; then
	pass 2 "every page built: $n pages"
else
	fail 2 "pages not built:${missing:- no .rst found}"
fi

# 3: the design page shows its picture, an SVG rendered from the .dot
svg=$(grep -o '_images/graphviz-[0-9a-f]*\.svg' "$out/design.html" 2>/dev/null | head -n 1)
if [ -n "$svg" ] && grep -q '<svg' "$out/$svg" && grep -q 'lo_tx_full' "$out/$svg" &&
		grep -q 'lo_rx_burst' "$out/$svg"; then
	pass 3 "design.html shows $svg ($(wc -c < "$out/$svg") bytes)"
else
	fail 3 "design.html has no rendered SVG picture" "svg: ${svg:-none}" \
		"$(ls "$out/_images" 2>&1)"
fi

# 4: the feature matrix has every feature of lo.ini
ini=$guides/nics/features/lo.ini
rows=0
absent=""
while IFS= read -r feature; do
	rows=$((rows + 1))
	grep -qF "<p>$feature</p>" "$out/nics/overview.html" 2>/dev/null || absent="$absent '$feature'"
done < <(sed -n 's/^\([^;[][^=]*[^ =]\) *=.*/\1/p' "$ini")
if [ "$rows" -gt 0 ] && [ -z "$absent" ]; then
	pass 4 "feature matrix: all $rows features of lo.ini"
else
	fail 4 "feature matrix lacks:${absent:- every row (none parsed)}"
fi
