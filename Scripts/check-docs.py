#!/usr/bin/env python3
"""Type-checks every Swift code block in README.md, Documentation/*.md and the DocC comments
(`///`) of Sources/ against the built modules, as a user's code would see them (no `package`
symbols; the DocC examples, which may document `package` helpers, as the package's own code
sees them).

Blocks are marked by their info string:
  ```swift            compiled on its own (imports are added if it has none)
  ```swift continued  compiled after the blocks it continues: every compiled block since the
                      last one that was not `continued`, in the same document
  ```swift partial    a deliberate fragment (a signature, a line of a longer body): skipped

Usage: Scripts/check-docs.py BUILD_DIR   (e.g. .build/debug, after `swift build`)
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPORTS = ["import Foundation", "import Strata", "import StrataTesting", "import Testing"]


def blocks(path):
    """(line, info, code) for each fenced Swift block; in a Swift file, those of `///` comments."""
    found, current, info, start = [], None, None, 0
    is_source = path.endswith(".swift")
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if is_source:
                comment = re.match(r"^\s*/// ?(.*)$", line.rstrip("\n"))
                if not comment:
                    current = None  # a block never spans the end of a comment
                    continue
                line = comment.group(1) + "\n"
            fence = re.match(r"^```(\S*)\s*(.*)$", line.rstrip("\n"))
            if current is None and fence and fence.group(1) == "swift":
                current, info, start = [], fence.group(2).strip(), number
            elif current is not None and line.rstrip("\n") == "```":
                found.append((start, info, "".join(current)))
                current = None
            elif current is not None:
                current.append(line)
    return found


def package_name(build):
    """The name SwiftPM gave the package when it built `build` (its root folder's name)."""
    try:
        with open(build.rstrip("/") + ".yaml", encoding="utf-8") as handle:
            found = re.search(r'-package-name","([^"]+)"', handle.read())
            if found:
                return found.group(1)
    except OSError:
        pass
    return os.path.basename(ROOT).lower()


PACKAGE = "strata"
# The package's C shims (CStrataSystem, CStrataZlib, CStrataBrotli): their module maps.
SHIMS = [flag for name in sorted(os.listdir(os.path.join(ROOT, "Sources"))) if name.startswith("CStrata")
         for flag in ("-I", os.path.join(ROOT, "Sources", name))]


def typecheck(source, modules, scratch, in_package=False):
    """The errors and warnings of `source` as a main file against the built modules; with
    `in_package`, as code of the package sees them (`package` symbols included)."""
    file = os.path.join(scratch, "main.swift")
    with open(file, "w", encoding="utf-8") as handle:
        handle.write(source)
    flags = ["-package-name", PACKAGE] if in_package else []
    result = subprocess.run(
        ["swiftc", "-typecheck", "-swift-version", "6", "-I", modules] + SHIMS + flags + [file],
        capture_output=True, text=True)
    # An example may show a value without using it (`HTTPDate.format(0)  // "Thu, 01 …"`):
    # only that warning is allowed.
    errors = [l for l in (result.stdout + result.stderr).splitlines()
              if "error:" in l or ("warning:" in l and "[#no-usage]" not in l)]
    if result.returncode != 0 and not errors:
        errors = [result.stderr[-2000:] or "swiftc failed"]
    return errors


def main():
    global PACKAGE
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug")
    PACKAGE = package_name(build)
    modules = os.path.join(build, "Modules")
    if not os.path.isdir(modules):
        modules = build
    # The check checks itself: a block that uses Strata must pass, one with a type error or a
    # `package` symbol (invisible to users) must not.
    with tempfile.TemporaryDirectory() as scratch:
        imports = "\n".join(IMPORTS) + "\n"
        good = typecheck(imports + 'let app = App(routes: [Get("/") { _ in "ok" }])\n', modules, scratch)
        bad = typecheck(imports + 'let count: Int = "one"\n', modules, scratch)
        hidden = typecheck(imports + 'let tag = SHA256.hex([])\n', modules, scratch)
        if good or not bad or not hidden:
            print("check-docs self-test failed: " + repr((good, bad, hidden)))
            return 1
    documents = [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "Documentation", name)
        for name in os.listdir(os.path.join(ROOT, "Documentation")) if name.endswith(".md"))
    documents += sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(os.path.join(ROOT, "Sources")) for name in names if name.endswith(".swift"))
    compiled = skipped = 0
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for document in documents:
            chain = []
            for line, info, code in blocks(document):
                where = f"{os.path.relpath(document, ROOT)}:{line}"
                if info == "partial":
                    skipped += 1
                    continue
                if info not in ("", "continued"):
                    failures.append((where, f"unknown block marker '{info}'"))
                    continue
                chain = chain + [code] if info == "continued" else [code]
                source = "\n".join(chain)
                header = "" if re.search(r"^import ", source, re.M) else "\n".join(IMPORTS) + "\n"
                # A DocC example may document a `package` helper: checked as package code sees
                # it. The guides are for users: checked as users see the API.
                errors = typecheck(header + source, modules, scratch, in_package=document.endswith(".swift"))
                compiled += 1
                if errors:
                    failures.append((where, "\n".join(errors[:12])))
    for where, message in failures:
        print(f"{where}: this block does not compile cleanly\n{message}\n")
    print(f"documentation: {compiled} Swift blocks compiled, {skipped} marked partial, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
