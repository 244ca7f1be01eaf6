# -o writes the report into place; no temporary file is left behind.
dp-report -o "$T/report.txt" pipeline.ndjson || exit
cat "$T/report.txt"
ls "$T"
