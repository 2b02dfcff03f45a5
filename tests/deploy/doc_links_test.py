#!/usr/bin/env python3
"""Every relative link in README.md and docs/*.md leads somewhere.

    python3 tests/deploy/doc_links_test.py [--repo DIR]

A link `[text](target)` or `[text](target#anchor)` that is not absolute (no scheme, not
`mailto:`) must name a file or directory that exists, relative to the Markdown file; an anchor
must be a heading of the target Markdown file (or of the file itself for `#anchor`), slugged as
GitHub does: lower case, characters other than letters, digits, spaces, `-` and `_` dropped,
spaces as `-`, a repeated slug suffixed `-1`, `-2`, …. Links inside code spans and fenced code
blocks are not links and are skipped.
"""

import argparse
import glob
import os
import re
import sys

LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def prose_lines(path):
    """(line number, text) outside fenced code blocks, with code spans blanked."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if not fenced:
                yield number, re.sub(r"`[^`]*`", lambda m: "`" + " " * (len(m.group(0)) - 2) + "`", line)


def slug(heading):
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    seen, out = {}, set()
    fenced = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("```"):
                fenced = not fenced
            m = None if fenced else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not m:
                continue
            base = slug(m.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else f"{base}-{n}")
    return out


def check_file(path, failures):
    # The prose as one text, so that a link whose text wraps onto the next line is still found.
    numbered = list(prose_lines(path))
    text = "".join(line for _, line in numbered)
    starts, offset = [], 0
    for number, line in numbered:
        starts.append((offset, number))
        offset += len(line)
    count = 0
    for m in LINK.finditer(text):
        target = m.group(1)
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            continue  # http:, https:, mailto:
        count += 1
        number = max(n for o, n in starts if o <= m.start())
        file_part, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        where = f"{path}:{number}: ({target})"
        if not os.path.exists(dest):
            failures.append(f"{where}: {file_part} does not exist")
            continue
        if anchor:
            if not dest.endswith(".md"):
                failures.append(f"{where}: an anchor into a file that is not Markdown")
            elif anchor not in anchors(dest):
                failures.append(f"{where}: no heading '#{anchor}' in {dest}")
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    args = parser.parse_args()
    files = [os.path.join(args.repo, "README.md")] + sorted(glob.glob(os.path.join(args.repo, "docs", "*.md")))
    failures, links = [], 0
    for path in files:
        links += check_file(path, failures)
    if links == 0:
        failures.append("no relative link found at all: README.md should link its docs/")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {links} relative links in {len(files)} files lead to existing files and headings")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
