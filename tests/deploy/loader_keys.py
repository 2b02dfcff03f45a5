"""The configuration keys the gateway's loader accepts, asked of the built gateway itself.

`quota-gateway --list-config-keys` prints the loader's own allow-lists (gateway/config/keys.hpp)
as leaf paths, one per line: "listen", "limits.read_timeout", "accounts[].credentials.duration".
Shared by the deploy tests that check configurations and their documentation against the loader.
"""

import re
import subprocess


def accepted_key_paths(binary):
    """Every leaf key path, or None (with the reason printed) when the gateway cannot list them."""
    try:
        out = subprocess.run([binary, "--list-config-keys"], capture_output=True, text=True, timeout=30)
    except OSError as e:
        print(f"{binary} --list-config-keys: {e}")
        return None
    if out.returncode != 0:
        print(f"{binary} --list-config-keys exited {out.returncode}: {out.stderr.strip()}")
        return None
    return set(out.stdout.split())


def top_level_keys(binary):
    """The keys allowed at the top of the file ("limits", "accounts", "listen", …), or None."""
    paths = accepted_key_paths(binary)
    return None if paths is None else {re.split(r"[.\[]", p, maxsplit=1)[0] for p in paths}
