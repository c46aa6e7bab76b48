#!/usr/bin/env bash
# Builds one libFuzzer target with the address sanitizer and runs it.
#   Fuzz/run.sh TARGET [SECONDS]      e.g. Fuzz/run.sh RequestHead 600
# Targets: RequestHead ChunkedBody ByteRanges Cookies Accept ETagLists HTTPDates Multipart WebSocketFrames (StrataHTTP)
#          FormDecoding (StrataCodecs)  PathMatching (Strata)
# The package's modules are built once as instrumented static libraries (again only when a
# source changed); a target is one file that `@testable import`s the module it fuzzes.
# Seeds come from Fuzz/Corpus/TARGET; the growing corpus and any crash go to .build/fuzz/TARGET.
# A crash becomes a regression test: add its input to the target's unit tests.
# FUZZ_BUILD_ONLY=1 builds the fuzzer and stops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${1:?usage: Fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-60}"
[ -f "Fuzz/Targets/$target.swift" ] || { echo "no target Fuzz/Targets/$target.swift" >&2; exit 1; }
out=".build/fuzz/$target"
lib=.build/fuzz/lib
mkdir -p "$out/corpus" "$out/artifacts" "$lib"
rm -f "$out/fuzzer"  # a failed build must not leave an old fuzzer to run
if ! command -v swiftc >/dev/null 2>&1; then export PATH="/opt/swift/usr/bin:$PATH"; fi
# `-package-name`: the modules share `package` declarations, as under SwiftPM.
flags=(-parse-as-library -sanitize=fuzzer,address -O -g -package-name Strata -I Sources/CStrataSystem -I Sources/CStrataZlib -I "$lib" -L "$lib")
# Builds a module as a static library unless it is newer than all of its sources.
library() {
    local module="$1"; shift
    local archive="$lib/lib$module.a"
    if [ -f "$archive" ] && [ -z "$(find "Sources/$module" Fuzz/run.sh -newer "$archive" -print -quit)" ]; then return; fi
    mapfile -t files < <(find "Sources/$module" -name '*.swift' | sort)
    swiftc "${flags[@]}" -enable-testing -emit-module -emit-library -static -module-name "$module" \
        -emit-module-path "$lib/$module.swiftmodule" -o "$archive" "$@" "${files[@]}" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -f "$archive" ] || { echo "$module did not build" >&2; exit 1; }
}
# Dependencies first, so a rebuilt module is never linked against an older interface.
library StrataHTTP
library StrataCodecs -lStrataHTTP
library StrataMustache -lStrataHTTP -lStrataCodecs
library Strata -lStrataHTTP -lStrataCodecs -lStrataMustache
swiftc "${flags[@]}" -module-name "Fuzz$target" -lStrata -lStrataMustache -lStrataCodecs -lStrataHTTP -lz \
    "Fuzz/Targets/$target.swift" -o "$out/fuzzer" 2>&1 | grep -v "Cannot export local symbol" || true
[ -x "$out/fuzzer" ] || { echo "the $target fuzzer did not build" >&2; exit 1; }
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0
"$out/fuzzer" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus" "Fuzz/Corpus/$target"
