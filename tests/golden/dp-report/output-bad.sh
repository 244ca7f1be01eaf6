# A report of the good records is still complete when some lines are bad;
# with --strict there is no report and no file.
dp-report -f json -o "$T/report.json" <bad-json.in
echo "exit $?"
dp-report --strict -f json -o "$T/strict.json" <bad-json.in
echo "exit $?"
ls "$T"
cat "$T/report.json"
