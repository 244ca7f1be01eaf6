#!/usr/bin/env bash
# Raw detector throughput: generates a tree of realistic text (C source,
# YAML and INI configuration, .env files, minified JavaScript, npm lock
# files full of base64 hashes, documentation with example keys, and a
# few live-looking secrets), scans it with dp-collect scan and the full
# detector pack, and prints MB/s per core (bytes over user+system CPU
# time).  The target is at least 300 MB/s per core.
#
#	bench/detect.sh [MB] [DETECTORS-DIR]
#
# MB defaults to 256; DETECTORS-DIR to rules/secrets of this source
# tree.  dp-collect must be on PATH or in $DP_COLLECT.

set -eu
mb=${1:-256}
here=$(cd "$(dirname "$0")/.." && pwd)
detectors=${2:-$here/rules/secrets}
collect=${DP_COLLECT:-dp-collect}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# gen KIND SEED: about 4 MB of one kind of file on standard output.
gen() {
	awk -v kind="$1" -v seed="$2" '
	function r(n) { return int(rand() * n) }
	function str(al, n,   s, i) {
		s = ""
		for (i = 0; i < n; i++) s = s substr(al, r(length(al)) + 1, 1)
		return s
	}
	BEGIN {
		srand(seed)
		alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
		    "abcdefghijklmnopqrstuvwxyz0123456789"
		b64 = alnum "+/"
		c = "static int\nparse_%d(struct ctx *c, const char *buf, " \
		    "size_t len)\n{\n\tsize_t i;\n\n" \
		    "\tfor (i = 0; i < len; i++)\n\t\tif (buf[i] == %d)\n" \
		    "\t\t\treturn c->token[%d];\n" \
		    "\t/* the key and the password come from the " \
		    "environment */\n" \
		    "\treturn getenv(\"APP_PASSWORD\") != NULL;\n}\n\n"
		yml = "service_%d:\n  image: registry.example.com/app:%d.%d\n" \
		    "  environment:\n    DB_HOST: db%d.internal\n" \
		    "    DB_PASSWORD: ${DB_PASSWORD}\n" \
		    "    API_TOKEN: \"<your-token>\"\n    replicas: %d\n"
		env = "APP_NAME=app%d\nLOG_LEVEL=debug\nPASSWORD=changeme\n" \
		    "SECRET_KEY=xxxxxxxxxxxxxxxx\nAWS_REGION=eu-west-1\n" \
		    "PORT=%d\n"
		js = "function(e,t,n){\"use strict\";var r=n(%d),o=n.n(r)," \
		    "a=e.exports={key:\"%s\"};return o.a.createElement(" \
		    "\"div\",{className:\"c%d\"},t)},"
		lock = "    \"node_modules/pkg-%d\": {\n" \
		    "      \"version\": \"%d.%d.%d\",\n" \
		    "      \"resolved\": \"https://registry.npmjs.org/" \
		    "pkg-%d/-/pkg-%d-%d.%d.%d.tgz\",\n" \
		    "      \"integrity\": \"sha512-%s==\"\n    },\n"
		md = "## Configuring access %d\n\n" \
		    "Set `aws_access_key_id = AKIAIOSFODNN7EXAMPLE` and\n" \
		    "`aws_secret_access_key = " \
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,\n" \
		    "or export GITHUB_TOKEN=" \
		    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n" \
		    "A JWT looks like " \
		    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.signature.\n\n"
		n = 0
		while (n < 4 * 1024 * 1024) {
			i = r(100000)
			if (kind == "c")
				s = sprintf(c, i, r(256), i % 64)
			else if (kind == "yml")
				s = sprintf(yml, i, r(9), r(99), i, r(8))
			else if (kind == "env")
				s = sprintf(env, i, 1024 + r(60000))
			else if (kind == "js") {
				s = ""
				for (j = 0; j < 40; j++)
					s = s sprintf(js, r(900),
					    str(alnum, 8), r(999))
				s = s "\n"
			} else if (kind == "lock")
				s = sprintf(lock, i, r(9), r(20), r(20), i, i,
				    r(9), r(20), r(20), str(b64, 86))
			else
				s = sprintf(md, i)
			if (r(2000) == 0)
				s = s sprintf("token = ghp_%s\n",
				    str(alnum, 36))
			printf "%s", s
			n += length(s)
		}
	}'
}

echo "generating about $mb MB in $T ..." >&2
kinds="c yml env js lock md"
i=0
for k in $kinds; do
	gen "$k" $((i + 1)) >"$T/seed.$k"
	i=$((i + 1))
done
i=0
bytes=0
while [ "$bytes" -lt $((mb * 1024 * 1024)) ]; do
	for k in $kinds; do
		cp "$T/seed.$k" "$T/f$i.$k"
		bytes=$((bytes + $(wc -c <"$T/f$i.$k")))
		i=$((i + 1))
	done
done
rm -f "$T"/seed.*

# warm the page cache, then scan on one core
cat "$T"/f* >/dev/null
TIMEFORMAT='%U %S'
cpu=$( { time "$collect" scan --detectors "$detectors" -o "$T/out.ndjson" \
    "$T"/f* >/dev/null; } 2>&1 ) || true
set -- $cpu
found=$(wc -l <"$T/out.ndjson")
awk -v b="$bytes" -v u="$1" -v s="$2" -v f="$found" -v n="$i" 'BEGIN {
	mb = b / 1048576
	printf "%d files, %.0f MB, %d findings, %.2f s CPU: " \
	    "%.0f MB/s per core\n", n, mb, f, u + s, mb / (u + s)
}'
