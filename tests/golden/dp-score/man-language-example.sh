# The example rule of dp-rules(5) with modifiers loads and passes its tests.
mkdir "$T/rules"
sed -n '/^A rule that uses modifiers/,/^\.Ed/p' \
    "$top_srcdir/man/dp-rules.5" | sed '1,4d;$d' | sed 's/\\e/\\/g' \
    > "$T/rules/example.yml"
head -1 "$T/rules/example.yml"
dp-score --check-rules "$T/rules"
echo "status $?"
