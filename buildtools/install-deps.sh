#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Install what netlo builds and tests with, from Debian's packages (Debian 12
# or Ubuntu, as root), when missing. Elsewhere, say what to install.
#   install-deps.sh [--update]   --update: always apt-get update first
set -eu

PKGS="dpdk dpdk-dev libdpdk-dev meson ninja-build libnuma-dev libjansson-dev pkg-config gcc
	libc6-dev binutils dpkg-dev xz-utils python3 python3-pyelftools gnuplot-nox make
	wireshark-common lintian python3-sphinx python3-sphinx-rtd-theme graphviz"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ "${1:-}" = "--update" ] || [ -n "$missing" ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: no apt-get here. Install DPDK 22.11 with its development files and" >&2
	echo "  dpdk-testpmd, meson >= 0.63, ninja, pkg-config, libnuma, jansson, a C compiler, binutils," >&2
	echo "  Sphinx and Graphviz (the docs), and the DPDK driver-SDK headers (a DPDK built with" >&2
	echo "  -Denable_driver_sdk=true or its source tree for meson -Ddpdk_source=DIR)." >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing; as root run: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing${missing:- (update only)}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing
