#!/usr/bin/env bash
# Two builds of Strata side by side in one run of the shared bench (which takes one extra
# server): a copy of ../shared/bench/run.sh that also takes EXTRA2_SERVER, run from here.
#   Scripts/bench-ab.sh BEFORE_BINARY AFTER_BINARY     (env: SERVERS, ENDPOINTS, ROUNDS, … as run.sh)
# Example: compare this checkout with another one's release build of Hello:
#   Scripts/bench-ab.sh ../old/.build/release/Hello .build/release/Hello
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before="$(realpath "${1:?usage: Scripts/bench-ab.sh BEFORE_BINARY AFTER_BINARY}")"
after="$(realpath "${2:?usage: Scripts/bench-ab.sh BEFORE_BINARY AFTER_BINARY}")"
bench="$(realpath ../shared/bench)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s|^BENCH_DIR=.*|BENCH_DIR=$bench|" \
    -e 's|^if \[ -n "\$EXTRA_SERVER" \]; then|if [ -n "${EXTRA2_SERVER:-}" ]; then SPECS+=("${EXTRA2_NAME:-extra2}\|${EXTRA2_ENDPOINTS:-$EXTRA_ENDPOINTS}\|$CALLER_DIR\|$EXTRA2_SERVER"); fi\nif [ -n "$EXTRA_SERVER" ]; then|' \
    "$bench/run.sh" >"$work/run.sh"
grep -q EXTRA2_SERVER "$work/run.sh" || { echo "the shared run.sh changed; cannot add a second server" >&2; exit 1; }
EXTRA_SERVER="$after --port {port}" EXTRA_NAME="${AFTER_NAME:-strata}" \
EXTRA2_SERVER="$before --port {port}" EXTRA2_NAME="${BEFORE_NAME:-strata-before}" \
EXTRA2_ENDPOINTS="${BEFORE_ENDPOINTS:-${ENDPOINTS:-plaintext json layered}}" \
    bash "$work/run.sh"
