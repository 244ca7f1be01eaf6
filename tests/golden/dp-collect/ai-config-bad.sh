# A bad rules/ai/configs.yml is a configuration error with its line;
# --no-files does not read it.
mkdir -p "$T/rules/ai" && cp "$DP_RULES_DIR/bots.yml" "$T/rules" &&
    cp -R "$DP_RULES_DIR/secrets" "$T/rules" &&
    cp "$DP_RULES_DIR/ai/markers.yml" "$T/rules/ai" && printf 'configs:\n  - tool: Claude\n    patterns: [x]\n' \
    >"$T/rules/ai/configs.yml"
git init -q "$T/r" || exit 99
DP_RULES_DIR=$T/rules dp-collect git "$T/r" 2>"$T/err"
echo "status $?"
sed "s|$T|T|" "$T/err"
DP_RULES_DIR=$T/rules dp-collect git --no-files "$T/r" | jq -r .kind
echo "status $?"
