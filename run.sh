#!/bin/sh
# dp quick start.
#
#   ./run.sh [REPO]   install what is missing, build, and run the whole
#                     pipeline over the git repository REPO (default: the
#                     current directory), printing a text report
#   ./run.sh check    install what is missing, build, and run the whole
#                     test suite: unit and golden tests, end-to-end tests,
#                     the same again under AddressSanitizer and
#                     UndefinedBehaviorSanitizer, and make distcheck
set -e
here=$(cd "$(dirname "$0")" && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

"$here/scripts/install-deps"

# build DIR [CONFIGURE-ARGS...]: configures once, then makes
build() {
	dir=$1
	shift
	[ -x "$here/configure" ] || (cd "$here" && autoreconf -fi >/dev/null 2>&1)
	mkdir -p "$dir"
	[ -f "$dir/Makefile" ] || (cd "$dir" && "$here/configure" -q "$@")
	make -s -C "$dir" -j"$jobs" >/dev/null
}

# counts REPORT-DIR...: prints the total of passed and failed test cases
counts() {
	cat "$@" 2>/dev/null | awk '
	/Synthesis: Tested:/ {
		for (i = 1; i <= NF; i++) {
			if ($i == "Passing:") p += $(i + 1)
			if ($i == "Failing:" || $i == "Crashing:") f += $(i + 1)
		}
	}
	/^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
	END { printf "%d passed, %d failed\n", p, f }'
}

# check DIR: runs make check in DIR, showing the logs of failures
check() {
	if ! make -s -C "$1" -j"$jobs" check >"$1/check.out" 2>&1; then
		cat "$1/check.out"
		for log in "$1"/tests/*.log; do
			grep -qE '^(FAIL|ERROR)' "${log%.log}.trs" 2>/dev/null &&
			    { echo "--- $log"; cat "$log"; }
		done
		echo "tests: $(counts "$1"/tests/*.log)"
		exit 1
	fi
	grep -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):|^# ' "$1/check.out"
}

case ${1:-} in
check)
	build "$here/build"
	check "$here/build"
	san="-fsanitize=address,undefined -fno-sanitize-recover=all"
	build "$here/build-asan" CFLAGS="-g -O1 -fno-omit-frame-pointer $san" \
	    LDFLAGS="$san"
	check "$here/build-asan"
	make -s -C "$here/build" distcheck >"$here/build/distcheck.out" 2>&1 ||
	    { cat "$here/build/distcheck.out"; echo "distcheck failed"; exit 1; }
	echo "make distcheck: passed"
	echo "tests: $(counts "$here/build/tests"/*.log "$here/build-asan/tests"/*.log)"
	;;
*)
	build "$here/build"
	b=$here/build
	"$b/dp-collect" git "${1:-.}" | "$b/dp-normalize" |
	    DP_RULES_DIR=$here/rules "$b/dp-score" | "$b/dp-report"
	;;
esac
