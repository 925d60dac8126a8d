#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every C source and header follows .clang-format (STYLE.md §8); `make format` fixes them.
set -u
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
cd "$src" || exit 1
if ! command -v clang-format >/dev/null; then
    echo "clang-format is not installed (scripts/deps.sh installs it)" >&2
    echo "0 passed, 1 failed"; exit 1
fi
if git rev-parse --git-dir >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.c' '*.h')
else
    mapfile -t files < <(find app include src tests bench -name '*.[ch]')
fi
pass=0; fail=0
for f in "${files[@]}"; do
    if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        pass=$((pass+1))
    else
        fail=$((fail+1)); echo "not formatted: $f (run: make format)" >&2
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
