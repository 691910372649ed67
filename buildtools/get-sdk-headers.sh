#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Put DPDK's driver-SDK headers, which Debian's libdpdk-dev does not ship,
# into OUTDIR (inside the build tree). Called by meson at configure time.
#
#   get-sdk-headers.sh OUTDIR VERSION tree DPDK_SOURCE_DIR
#   get-sdk-headers.sh OUTDIR VERSION apt
#
# "tree" copies them from a DPDK source tree the user named; "apt" fetches
# the source package of exactly the installed DPDK with `apt-get source`,
# through a private apt configuration under OUTDIR (the system's apt
# configuration is read, never written), and keeps its examples/l2fwd, l3fwd, l3fwd-power and
# examples/common in OUTDIR/examples for test/apps.sh. Prints one line on
# failure.

set -eu

HEADERS="ethdev_driver.h ethdev_vdev.h bus_vdev_driver.h dev_driver.h bus_driver.h"

die() {
	echo "get-sdk-headers: $*" >&2
	exit 1
}

[ $# -ge 3 ] || die "usage: $0 OUTDIR VERSION tree DIR | apt"
out=$1
version=$2
mode=$3
inc=$out/include
stamp=$inc/.sdk-source

copy_headers() { # $1: DPDK source tree, $2: description for the stamp
	mkdir -p "$inc"
	for h in $HEADERS; do
		f=$(find "$1/lib" "$1/drivers/bus" -name "$h" -type f 2>/dev/null | head -n 1)
		[ -n "$f" ] || die "$h not found under $1"
		cp "$f" "$inc/$h"
	done
	echo "$2" > "$stamp"
}

# tree_version DIR: the DPDK version a source tree declares
tree_version() {
	[ -f "$1/VERSION" ] || die "$1 is not a DPDK source tree (no VERSION file)"
	sed -n '1s/[[:space:]]*$//p' "$1/VERSION"
}

case $mode in
tree)
	[ $# -eq 4 ] || die "tree mode needs a DPDK source directory"
	src=$4
	[ -d "$src" ] || die "dpdk_source '$src' is not a directory"
	tv=$(tree_version "$src")
	[ "$tv" = "$version" ] ||
		die "dpdk_source '$src' is DPDK $tv, the installed DPDK is $version: use the same version"
	copy_headers "$src" "tree $src $tv"
	;;
apt)
	if [ -f "$stamp" ] && grep -qx "apt dpdk $version" "$stamp"; then
		exit 0 # fetched on an earlier configure
	fi
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found"
	command -v dpkg-source >/dev/null 2>&1 || die "dpkg-source not found (install dpkg-dev)"
	pkgver=$(dpkg-query -W -f '${Version}' libdpdk-dev 2>/dev/null) ||
		die "libdpdk-dev is not installed as a Debian package"
	srcpkg=$(dpkg-query -W -f '${source:Package}' libdpdk-dev)
	case $pkgver in
	"$version"*) ;;
	*) die "libdpdk-dev $pkgver does not match pkg-config's DPDK $version" ;;
	esac

	apt=$out/apt
	rm -rf "$apt"
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" \
		"$apt/cache/archives/partial" "$apt/src"
	: > "$apt/sources.list"
	# deb-src twins of the system's own binary sources, same mirrors.
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$apt/sources.list"
	done
	n=0
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		sed 's/^Types:.*/Types: deb-src/' "$f" > "$apt/sources.list.d/$n.sources"
	done
	opts="-q -o Dir::Etc::SourceList=$apt/sources.list
		-o Dir::Etc::SourceParts=$apt/sources.list.d
		-o Dir::State::Lists=$apt/lists
		-o Dir::Cache=$apt/cache
		-o Debug::NoLocking=1
		-o APT::Sandbox::User=root"
	# A mirror without sources only warns; the source lookup decides.
	# shellcheck disable=SC2086
	apt-get $opts update > "$apt/update.log" 2>&1 || true
	# shellcheck disable=SC2086
	(cd "$apt/src" && apt-get $opts source "$srcpkg=$pkgver") > "$apt/source.log" 2>&1 ||
		die "apt-get source $srcpkg=$pkgver failed (see $apt/source.log);" \
			"enable deb-src access to your mirror or pass -Ddpdk_source=DIR"
	tree=$(find "$apt/src" -mindepth 1 -maxdepth 1 -type d -name "$srcpkg-*" | head -n 1)
	[ -n "$tree" ] || die "apt-get source left no source tree in $apt/src"
	copy_headers "$tree" "apt $srcpkg $version"
	# the examples test/apps.sh builds with make (l2fwd, l3fwd, l3fwd-power), for the test run only
	rm -rf "$out/examples"
	mkdir -p "$out/examples"
	for e in l2fwd l3fwd l3fwd-power common; do
		[ ! -d "$tree/examples/$e" ] || cp -R "$tree/examples/$e" "$out/examples/"
	done
	rm -rf "$apt/src" "$apt/cache" "$apt/lists"
	;;
*)
	die "unknown mode '$mode'"
	;;
esac
