#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Put a result file into README.md between "<!-- NAME:begin -->" and
# "<!-- NAME:end -->", so that tables and figures there come from runs,
# never from typing. A file ending in .txt goes in as a code block.
# usage: harness/readme.sh NAME FILE
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: $0 NAME FILE}
file=${2:?usage: $0 NAME FILE}
[ -s "$file" ] || { echo "error: $file is missing or empty; run the command that makes it" >&2; exit 1; }
grep -q "<!-- $name:begin -->" README.md || { echo "error: README.md has no <!-- $name:begin --> marker" >&2; exit 1; }
tmp=$(mktemp README.md.XXXXXX)
trap 'rm -f "$tmp"' EXIT
awk -v name="$name" -v file="$file" '
	$0 == "<!-- " name ":begin -->" {
		print
		if (file ~ /\.txt$/) print "```"
		while ((getline line < file) > 0) print line
		if (file ~ /\.txt$/) print "```"
		skip = 1
		next
	}
	$0 == "<!-- " name ":end -->" { skip = 0 }
	!skip
' README.md >"$tmp"
mv "$tmp" README.md
trap - EXIT
