#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The main job: build (installing what is missing), then run stock
# dpdk-testpmd io forwarding on net_lo0 for a few seconds and print its
# throughput. Uses 2 MB hugepages when enough are free, else 4 KB pages.
#   run-benchmark.sh [SECONDS]   (default 5)
set -eu
cd "$(dirname "$0")/.."
buildtools/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec test/bench/testpmd-io.sh --pages auto --rounds 1 --seconds "${1:-5}" net_lo0
