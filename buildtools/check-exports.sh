#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# check-exports.sh LIB [SYMBOL... | MAP]: TAP test that the shared library
# LIB defines no dynamic symbol but the listed ones (version nodes aside);
# a *.map argument stands for the global symbols of that version map.
set -u
lib=$1
shift
if [ $# -eq 1 ] && [ "${1%.map}" != "$1" ]; then
	# shellcheck disable=SC2046
	set -- $(sed -n '/global:/,/local:/p' "$1" | sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p')
fi
echo "1..1"
if ! command -v nm >/dev/null 2>&1; then
	echo "ok 1 - exports of $(basename "$lib") # SKIP nm (binutils) not installed"
	exit 0
fi
extra=$(nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' | sed 's/@.*//' |
	while read -r sym; do
		case " $* " in *" $sym "*) ;; *) echo "$sym" ;; esac
	done)
if [ -z "$extra" ]; then
	echo "ok 1 - $(basename "$lib") exports only: ${*:-nothing}"
else
	echo "not ok 1 - $(basename "$lib") exports more than its version map allows:"
	echo "$extra" | sed 's/^/#   /'
	exit 1
fi
