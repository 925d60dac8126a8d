#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command's global behaviour: --version, --help, unknown commands and options exit non-zero.
set -u
bin="${LQ_BIN:?LQ_BIN not set}"
pass=0; fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

out=$("$bin" --version); check "--version prints the version" '[[ "$out" =~ ^liquidus\ [0-9]+\.[0-9]+\.[0-9]+$ ]]'
"$bin" --help >/dev/null; check "--help exits 0" '[ $? -eq 0 ]'
"$bin" >/dev/null 2>&1; check "no command exits 2" '[ $? -eq 2 ]'
err=$("$bin" no-such-command 2>&1 >/dev/null); rc=$?
check "unknown command exits 2" '[ $rc -eq 2 ]'
check "unknown command is named" '[[ "$err" == *no-such-command* ]]'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
