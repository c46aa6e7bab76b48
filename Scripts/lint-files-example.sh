#!/usr/bin/env bash
# Runs the Files example and checks its responses with REDbot, the HTTP linter (from PyPI):
# caching, validators and ranges. Fails if REDbot reports any BAD note.
# Usage: Scripts/lint-files-example.sh [port]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port="${1:-18100}"
venv=".build/redbot-venv"
[ -x "$venv/bin/redbot" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q redbot; }
swift build --product Files >/dev/null
.build/debug/Files --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/static/" && break; sleep 0.05; done
status=0
for path in /static/ /static/index.html /static/css/site.css /download/report /view/report /; do
    "$venv/bin/redbot" -o har "http://127.0.0.1:$port$path" | python3 -c '
import json, sys
path = sys.argv[1]
notes = json.load(sys.stdin)["log"]["entries"][0]["_red_messages"]
for note in notes:
    print("%-24s %-5s %-15s %s" % (path, note["level"], note["category"], note["summary"]))
sys.exit(1 if any(note["level"] == "BAD" for note in notes) else 0)
' "$path" || status=1
done
[ "$status" -eq 0 ] && echo "REDbot: no BAD notes" || echo "REDbot reported problems"
exit $status
