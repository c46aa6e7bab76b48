#!/usr/bin/env bash
# Builds one libFuzzer target with the address sanitizer and runs it.
#   Fuzz/run.sh TARGET [SECONDS]      e.g. Fuzz/run.sh RequestHead 600
# Targets: RequestHead ChunkedBody ByteRanges Cookies Accept ETagLists HTTPDates (StrataHTTP)
#          PathMatching FormDecoding (Strata)
# Seeds come from Fuzz/Corpus/TARGET; the growing corpus and any crash go to .build/fuzz/TARGET.
# A crash becomes a regression test: add its input to the target's unit tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${1:?usage: Fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-60}"
out=".build/fuzz/$target"
mkdir -p "$out/corpus" "$out/artifacts" .build/fuzz/lib
rm -f "$out/fuzzer"  # a failed build must not leave an old fuzzer to run
flags=(-parse-as-library -sanitize=fuzzer,address -O -g)
http_sources=(Sources/StrataHTTP/*.swift)
if [ "$target" = PathMatching ] || [ "$target" = FormDecoding ]; then
    # Strata on top of StrataHTTP: the HTTP module is built first, then linked in.
    lib=.build/fuzz/lib
    swiftc "${flags[@]}" -emit-module -emit-library -static -module-name StrataHTTP -I Sources/CStrataSystem \
        -emit-module-path "$lib/StrataHTTP.swiftmodule" -o "$lib/libStrataHTTP.a" "${http_sources[@]}"
    swiftc "${flags[@]}" -module-name FuzzTarget -I "$lib" -I Sources/CStrataSystem -L "$lib" -lStrataHTTP \
        Sources/Strata/*.swift "Fuzz/Targets/$target.swift" -o "$out/fuzzer" 2>&1 | grep -v "Cannot export local symbol" || true
else
    swiftc "${flags[@]}" -module-name StrataHTTP -I Sources/CStrataSystem "${http_sources[@]}" "Fuzz/Targets/$target.swift" \
        -o "$out/fuzzer" 2>&1 | grep -v "Cannot export local symbol" || true
fi
[ -x "$out/fuzzer" ] || { echo "the $target fuzzer did not build"; exit 1; }
"$out/fuzzer" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus" "Fuzz/Corpus/$target"
