# Normalizing normalized records changes nothing: the second run writes
# the bytes of the first.
HOME=$T
export HOME
git init -q "$T/app" && git init -q "$T/lib" || exit 99
printf 'Ann Example <ann@example.com> <ann@old.example>\n' >"$T/app/.mailmap"
sed "s|@T@|$T|g" repo-mailmap.in >"$T/in.ndjson"
dp-normalize --mailmap people.mailmap <"$T/in.ndjson" >"$T/once.ndjson" &&
dp-normalize --mailmap people.mailmap <"$T/once.ndjson" >"$T/twice.ndjson" ||
    exit 1
cmp -s "$T/in.ndjson" "$T/once.ndjson" || echo 'first run: changed'
cmp "$T/once.ndjson" "$T/twice.ndjson" && echo 'second run: identical'
