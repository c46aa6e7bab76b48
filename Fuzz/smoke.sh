#!/usr/bin/env bash
# Builds every fuzz target and runs each for a few seconds on its seed corpus, so a target
# that no longer builds — or a seed that crashes — fails CI.   Fuzz/smoke.sh [SECONDS, default 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-5}"
for file in Fuzz/Targets/*.swift; do
    target="$(basename "$file" .swift)"
    log=".build/fuzz/$target.smoke.log"
    mkdir -p .build/fuzz
    if bash Fuzz/run.sh "$target" "$seconds" >"$log" 2>&1; then
        echo "fuzz $target: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") inputs in ${seconds} s, clean"
    else
        echo "fuzz $target failed:" >&2
        tail -40 "$log" >&2
        exit 1
    fi
done
