# The example rule of POLICY in dp-rules(5) loads, passes its tests and
# fires on a forced update of a protected branch under a policy.
mkdir "$T/rules"
sed -n '/^id: example-force-push-protected/,/^\.Ed/p' \
    "$top_srcdir/man/dp-rules.5" | sed '$d' >"$T/rules/example.yml"
dp-score --check-rules "$T/rules" --policy policy.yml
echo "status $?"
grep '"kind":"scm.ref_update"' policy.in |
    dp-score --rules "$T/rules" --policy policy.yml --findings-only |
    jq -r '[.rule.id, .evidence[0]] | @tsv'
