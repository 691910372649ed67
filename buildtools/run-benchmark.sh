#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The main job: build (installing what is missing), then run lo-perf with
# its defaults: io forwarding on net_lo0, 1 s warm-up, 3 trials of 1 s,
# 2 MB hugepages when enough are free, else 4 KB pages. Extra arguments go
# to lo-perf (see build/app/lo-perf/lo-perf --help).
set -eu
cd "$(dirname "$0")/.."
buildtools/install-deps.sh
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/app/lo-perf/lo-perf "$@"
