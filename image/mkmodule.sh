#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the scenarios' test module (image/module) against one arm's kernel,
# in build/module/BASE/ARM, so that vmrun can put it into that arm's guest.
# usage: image/mkmodule.sh BASE ARM
set -euo pipefail
. "$(dirname "$0")/../kernel/lib.sh"
base=${1:?usage: $0 BASE ARM}
arm=${2:?usage: $0 BASE ARM}
check_arm "$arm"
out=$work/module/$base/$arm
mkdir -p "$out"
cp "$top"/image/module/* "$out/"
kbuild_lock
kbuild_env
kbuild "$(arm_tree "$base" "$arm")" .out M="$out" modules
