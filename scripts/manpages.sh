#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes man pages (section 1) from the --help text of the `liquidus` command and each subcommand.
# usage: manpages.sh LIQUIDUS_BINARY OUTDIR   (run by the build; pages are installed to share/man)
set -euo pipefail
bin="$1"
out="$2"
mkdir -p "$out"
version=$("$bin" --version 2>/dev/null | head -n1 | awk '{print $NF}')

# roff: backslashes escaped, lines starting with '.' or "'" protected.
roff_body() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }

page() { # page NAME SUMMARY HELP_TEXT_FILE
    local name="$1" summary="$2" text="$3" upper
    upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
    {
        printf '.TH %s 1 "" "liquidus %s" "liquidus manual"\n' "$upper" "$version"
        printf '.SH NAME\n%s \\- %s\n' "$name" "$(printf '%s' "$summary" | roff_body)"
        printf '.SH DESCRIPTION\n.nf\n'
        roff_body <"$text"
        printf '.fi\n.SH ENVIRONMENT\n'
        printf 'LIQUIDUS_DATA_DIR: folder of the bundled data (databases, potentials), instead of\n'
        printf 'the installed share/liquidus.\n'
        if [ "$name" != liquidus ]; then printf '.SH SEE ALSO\nliquidus(1)\n'; fi
    } >"$out/$name.1"
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bin" --help >"$tmp"
page liquidus "thermodynamics and electrochemistry of alloys made in molten salts" "$tmp"

# Subcommands: the indented "name summary" lines after "commands:" in `liquidus --help`.
sed -n '/^commands:/,/^$/p' "$tmp" | sed -n 's/^  \([a-z][a-z0-9_-]*\)  *\(.*\)$/\1\t\2/p' |
    while IFS=$'\t' read -r cmd summary; do
        "$bin" "$cmd" --help >"$tmp.sub" 2>&1 || true
        page "liquidus-$cmd" "$summary" "$tmp.sub"
        # Nested subcommands named in the usage lines ("liquidus md run [options]").
        sed -n "s/^\\(usage:\\)\\{0,1\\} *liquidus $cmd \\([a-z][a-z0-9-]*\\) .*/\\2/p" "$tmp.sub" |
            sort -u | while read -r sub; do
                "$bin" "$cmd" "$sub" --help >"$tmp.sub2" 2>&1 || true
                page "liquidus-$cmd-$sub" "$summary ($sub)" "$tmp.sub2"
            done
    done
rm -f "$tmp.sub" "$tmp.sub2"
