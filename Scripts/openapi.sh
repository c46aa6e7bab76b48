#!/usr/bin/env bash
# Proves the OpenAPI documents with real tools, on 127.0.0.1 only, bounded:
# 1. openapi-spec-validator checks, as OpenAPI 3.1, Bookshelf's document (served, and printed
#    by `--openapi`) and that of the test app that uses every feature (written by its test);
# 2. the YAML that is served parses to the same document as the JSON;
# 3. schemathesis runs against Bookshelf served by Strata's own server — a fixed seed and a
#    fixed number of examples per operation, signed in as a librarian — with its checks for
#    server errors, documented statuses, content types, headers and response bodies.
#    `GET /events` is left out: its stream never ends, so no response ever completes.
# Installs its Python tools into a venv of its own. Usage: Scripts/openapi.sh [examples]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source Scripts/common.sh
examples="${1:-25}"
venv=".build/openapi-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'openapi-spec-validator==0.9.0' 'schemathesis==4.32.5' 'PyYAML==6.0.4'
fi
work="$(mktemp -d)"
log="$work/server.log"
trap 'kill -9 ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT

swift build --product Bookshelf >&2
binary=".build/debug/Bookshelf"

# The document of the app that uses every feature, as its test writes it.
STRATA_OPENAPI_OUT="$work/every-feature.json" swift test --skip-build --filter OpenAPIDocumentTests >/dev/null
"$venv/bin/openapi-spec-validator" "$work/every-feature.json"

"$binary" --openapi > "$work/printed.json"
start_server "$binary" "$log"
base="http://127.0.0.1:$SERVER_PORT"
curl -sf --max-time 5 "$base/schema/openapi.json" -o "$work/bookshelf.json"
curl -sf --max-time 5 "$base/schema/openapi.yaml" -o "$work/bookshelf.yaml"
"$venv/bin/openapi-spec-validator" "$work/bookshelf.json"
cmp -s "$work/bookshelf.json" <(tr -d '\n' < "$work/printed.json") || { echo "--openapi printed another document than the server serves"; exit 1; }
"$venv/bin/python" - "$work/bookshelf.json" "$work/bookshelf.yaml" <<'PY'
import json, sys, yaml
served, converted = json.load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2]))
if served != converted:
    sys.exit("openapi.yaml is not the same document as openapi.json")
print("openapi.yaml: the same document as openapi.json")
PY

# Signed in as the demo librarian, so the write routes are tested past their guards.
session="$(curl -si --max-time 5 -d username=ada -d password=lovelace "$base/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: session=\([^;]*\).*/\1/p')"
[ -n "$session" ] || { echo "could not sign in"; exit 1; }
"$venv/bin/schemathesis" run "$base/schema/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --exclude-path /events --exclude-path /logout \
    -H "Cookie: session=$session" \
    --max-examples "$examples" --seed 20261203 --workers 1 --request-timeout 5 --max-failures 20 --no-color
stop_server || { echo "Bookshelf did not shut down cleanly"; cat "$log"; exit 1; }
grep -q 'msg="OpenAPI:' "$log" && { echo "Bookshelf's document has warnings:"; grep 'msg="OpenAPI:' "$log"; exit 1; }
echo "OpenAPI: both documents valid, the YAML the same, schemathesis found nothing"
