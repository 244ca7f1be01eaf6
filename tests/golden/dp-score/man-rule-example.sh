# The example rule of dp-rules(5) loads and passes its tests.
mkdir "$T/rules"
sed -n '/^A rule with a test of each kind:/,/^\.Ed/p' \
    "$top_srcdir/man/dp-rules.5" | sed '1,2d;$d' | sed 's/\\e/\\/g' \
    > "$T/rules/example.yml"
grep -c . "$T/rules/example.yml"
dp-score --check-rules "$T/rules"
echo "status $?"
printf '%s\n' '{"v":1,"kind":"scm.commit","id":"c1","time":"2026-03-01T09:14:05.000Z","commit":{"message":"Release [CI SKIP]","merge":false}}' \
    '{"v":1,"kind":"scm.commit","id":"c2","time":"2026-03-01T09:14:06.000Z","commit":{"message":"Merge [skip ci]","merge":true}}' |
    dp-score --rules "$T/rules" --findings-only
