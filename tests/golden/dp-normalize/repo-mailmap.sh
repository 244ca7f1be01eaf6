# The mailmap of each record's repository: .mailmap in the work tree and
# the file named by mailmap.file, then --mailmap on top.  The input names
# the scratch folder @T@; app has a mailmap, lib has none.
HOME=$T
export HOME
git init -q "$T/app" && git init -q "$T/lib" || exit 99
cat >"$T/app/.mailmap" <<'MAILMAP'
Ann Example <ann@example.com> <ann@old.example>
Bob Builder <bob@laptop.local>
MAILMAP
printf '<carol@example.com> <carol@home.example>\n' >"$T/extra.mailmap"
git -C "$T/app" config mailmap.file ../extra.mailmap || exit 99
sed "s|@T@|$T|g" >"$T/in.ndjson"
dp-normalize --mailmap corp.mailmap <"$T/in.ndjson" >"$T/out.ndjson"
status=$?
sed "s|$T|@T@|g" "$T/out.ndjson"
exit $status
