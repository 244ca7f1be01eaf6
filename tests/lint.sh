#!/bin/sh
# House rules checked by machine: man pages lint clean, no banned calls,
# libdp never prints or exits.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

cd "$top_srcdir" || exit 99

if [ -n "$MANDOC" ] || MANDOC=$(command -v mandoc); then
	for page in man/*.[1-8]; do
		out=$("$MANDOC" -Tlint -Wwarning "$page" 2>&1)
		if [ -z "$out" ]; then ok; else not_ok "mandoc -Tlint $page"; printf '%s\n' "$out"; fi
	done
else
	not_ok "mandoc is not installed: apt-get install mandoc"
fi

banned=$(grep -nE '\b(atoi|sprintf|strcpy|strcat|gets|strtok|vsprintf)[[:space:]]*\(' \
    lib/*.c lib/*.h cmd/*.c cmd/*.h)
if [ -z "$banned" ]; then ok; else not_ok "banned calls"; printf '%s\n' "$banned"; fi

prints=$(grep -nE '\b(printf|fprintf|puts|fputs|perror|exit|abort)[[:space:]]*\(' lib/*.c |
    grep -vE 'snprintf|vsnprintf')
if [ -z "$prints" ]; then ok; else not_ok "lib/ prints or exits"; printf '%s\n' "$prints"; fi

finish lint
