#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# app/ stays thin: every top-level function in app/*.c is shorter than 120 lines (docs/layout.md).
set -u
src="${LQ_SOURCE_DIR:?LQ_SOURCE_DIR not set}"
max=120
# The code is clang-formatted, so a top-level function body opens with "{" at the end of a line
# that starts in column 0 and closes with "}" in column 0; count from the opening line to the
# closing one, both included.
long=$(awk -v max="$max" '
    FNR == 1 { sig = 0; start = 0 }
    # a function signature starts in column 0 (no "=", not a struct/enum/union definition)
    start == 0 && sig == 0 && /^[A-Za-z_]/ && !/[=;]/ && !/^(typedef )?(struct|enum|union) [A-Za-z_]* *\{/ {
        sig = 1; name = $0
    }
    start == 0 && sig == 1 && /[;]$/ { sig = 0 }
    start == 0 && sig == 1 && /\{[ \t]*$/ { start = FNR; sig = 0; next }
    start > 0 && /^\}[ \t]*$/ {
        n = FNR - start + 1
        if (n >= max) printf "%s:%d: %d lines: %s\n", FILENAME, start, n, name
        start = 0; nfun++
    }
    END { print "#" nfun }' "$src"/app/*.c)
nfun=$(printf '%s\n' "$long" | sed -n 's/^#//p')
long=$(printf '%s\n' "$long" | grep -v '^#')
if [ -n "$long" ]; then
    echo "functions in app/ of $max lines or more:"
    echo "$long"
    echo "0 passed, 1 failed ($nfun functions checked)"
    exit 1
fi
echo "1 passed, 0 failed ($nfun functions checked, all under $max lines)"
