#!/usr/bin/env python3
"""The configuration reference (docs/configuration.md) is the loader's key list, no more, no less.

    python3 tests/deploy/config_docs_test.py --binary build/gateway/quota-gateway

Every key path the loader accepts comes from the gateway itself (`quota-gateway --list-config-keys`
prints its allow-lists, gateway/config/keys.hpp). Every row of a reference table (a table whose
header is `| key | default | bounds | reload | meaning |`) names one key path in backticks.
Checked:
- every accepted key has exactly one row, and every row names an accepted key;
- every row has a default, bounds and a reload column of `live` or `restart`;
- `live` rows are exactly the keys a reload applies: those under the fields that
  gateway/reload/plan.cpp's in_force() copies from the new configuration. in_force() is a short
  list of assignments (`out.X = next.X;`); it is read with a regex because it is code, not data,
  and a wrong parse fails loudly below (no live key found) rather than passing silently.
"""

import argparse
import os
import re
import sys

from loader_keys import accepted_key_paths

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HEADER = ["key", "default", "bounds", "reload", "meaning"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def documented_rows(path):
    """{key path: (default, bounds, reload)} from every reference table, plus duplicates."""
    rows, duplicates = {}, []
    in_table = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.startswith("|"):
                in_table = False
                continue
            row = cells(line)
            if row == HEADER:
                in_table = True
                continue
            if not in_table or set(line.strip()) <= set("|-: "):
                continue
            m = re.fullmatch(r"`([a-z_\[\].]+)`", row[0])
            if not check(m and len(row) == len(HEADER), f"{path}:{number}: a row must be `key` | default | bounds | reload | meaning: {line.strip()}"):
                continue
            key = m.group(1)
            if key in rows:
                duplicates.append(key)
            rows[key] = (row[1], row[2], row[3], number)
    return rows, duplicates


def live_prefixes(plan_cpp):
    """The configuration fields in_force() takes from the new configuration: out.accounts → accounts[]."""
    with open(plan_cpp, encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"in_force\([^)]*\)\s*\{(.*?)\n\}", text, re.S)
    fields = re.findall(r"out\.([a-z_.]+)\s*=\s*next\.\1\s*;", body.group(1)) if body else []
    return {"accounts[]" if f == "accounts" else f for f in fields}


# Keys the loader stores inside another key's field: forwarded_header is the `header` of the
# http::TrustedProxies that trusted_proxies fills, so it is live exactly when trusted_proxies is.
STORED_WITH = {"forwarded_header": "trusted_proxies"}


def is_live(key, prefixes):
    key = STORED_WITH.get(key, key)
    return any(key == p or key.startswith(p + ".") for p in prefixes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--doc", default=os.path.join(REPO, "docs", "configuration.md"))
    parser.add_argument("--plan", default=os.path.join(REPO, "gateway", "reload", "plan.cpp"))
    args = parser.parse_args()

    accepted = accepted_key_paths(args.binary) or set()
    check(len(accepted) > 50, f"--list-config-keys printed only {len(accepted)} keys")
    rows, duplicates = documented_rows(args.doc)
    prefixes = live_prefixes(args.plan)
    check({"accounts[]", "auth", "log.level"} <= prefixes,
          f"in_force() in {args.plan} no longer reads as `out.X = next.X;` lines (found {sorted(prefixes)})")

    for key in sorted(accepted - rows.keys()):
        failures.append(f"{args.doc}: the loader accepts `{key}` but no reference table documents it")
    for key in sorted(rows.keys() - accepted):
        failures.append(f"{args.doc}:{rows[key][3]}: `{key}` is documented but the loader does not accept it")
    for key in duplicates:
        failures.append(f"{args.doc}: `{key}` has more than one row")
    for key, (default, bounds, reload, number) in sorted(rows.items()):
        check(default, f"{args.doc}:{number}: `{key}` has no default (write — where there is none)")
        check(bounds, f"{args.doc}:{number}: `{key}` has no bounds")
        if not check(reload in ("live", "restart"), f"{args.doc}:{number}: `{key}` reload is '{reload}', not live or restart"):
            continue
        expected = "live" if is_live(key, prefixes) else "restart"
        check(reload == expected, f"{args.doc}:{number}: `{key}` says {reload}, but a reload "
                                  f"{'applies' if expected == 'live' else 'does not apply'} it (gateway/reload/plan.cpp)")

    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ok: {len(rows)} keys documented, as the loader accepts them; {sum(is_live(k, prefixes) for k in rows)} live on reload")
    return 0


if __name__ == "__main__":
    sys.exit(main())
