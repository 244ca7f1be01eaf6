# A bad rules/ai/configs.yml is a configuration error with its line.
mkdir -p "$T/rules/ai" && printf 'configs:\n  - tool: Claude\n    patterns: [x]\n' \
    >"$T/rules/ai/configs.yml"
DP_RULES_DIR=$T/rules dp-collect git . 2>&1 >/dev/null | sed "s|$T|T|"
DP_RULES_DIR=$T/rules dp-collect git --no-files . | wc -l
