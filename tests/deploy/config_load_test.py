#!/usr/bin/env python3
"""The shipped gateway configurations start the real gateway.

    python3 tests/deploy/config_load_test.py --binary build/gateway/quota-gateway

For gateway/deploy/compose-gateway.yaml (docker-compose.yml) and the gateway.yaml of the
Kubernetes ConfigMap (gateway/deploy/kubernetes/configmap.yaml), the built quota-gateway is
started on the configuration and must print its listening line (its loader and validation
accept every key and value, the *_file secrets are readable), then exit 0 on SIGTERM.

So that nothing leaves this machine the configuration is rewritten first, and only where
addresses are concerned: the listeners become 127.0.0.1:0, redis.url points at a closed
loopback port (the gateway then runs on its local fallbacks, as it does when Redis is down),
every account's endpoint becomes http://127.0.0.1:1 (the fetches fail at once; the
Kubernetes accounts have no endpoint, i.e. the public clouds, which are never called here).
The Kubernetes Secret's values are written to files in a temporary directory and the *_file
paths point there; ${VAR}s come from the container's env (secretKeyRef values).

Before the rewrite, statically: an http:// endpoint to a host that is not loopback has
allow_insecure_endpoint: true (the gateway refuses it otherwise).

Top-level keys that the loader (quota-gateway --list-config-keys) does not know yet and that are being added
alongside (PENDING_CONFIG_KEYS) are dropped with a note; any other unknown key fails here,
as it fails the gateway's start.
"""

import argparse
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

from loader_keys import top_level_keys

try:
    import yaml
except ImportError:
    print("FAIL: python3 cannot import yaml: install Debian's python3-yaml (listed in .ci/packages-test)")
    sys.exit(1)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PENDING_CONFIG_KEYS = set()  # keys a change in flight adds before the loader knows them; none now
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
START_TIMEOUT = 30
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def check_endpoints(name, config):
    for i, account in enumerate(config.get("accounts") or []):
        endpoint = str(account.get("endpoint", ""))
        m = re.match(r"http://(\[[^\]]*\]|[^/:]+)", endpoint)
        if m and m.group(1) not in LOOPBACK_HOSTS and not m.group(1).startswith("127."):
            check(account.get("allow_insecure_endpoint") is True,
                  f"{name}: accounts[{i}].endpoint {endpoint} is plain HTTP to a host that is not loopback "
                  "without allow_insecure_endpoint: true: the gateway refuses to start")


def for_loopback(name, config, known):
    c = dict(config)
    for key in list(c):
        if key not in known and key in PENDING_CONFIG_KEYS:
            print(f"note: {name}: '{key}' is dropped: the loader does not know it yet")
            del c[key]
    c["listen"] = "127.0.0.1:0"
    if "metrics_listen" in c:
        c["metrics_listen"] = "127.0.0.1:0"
    if "redis" in c:
        redis = dict(c["redis"])
        m = re.fullmatch(r"(redis://)((?:[^@/]*@)?)(\[[^\]]*\]|[^/:@]+)(:\d+)?(/.*)?", str(redis["url"]))
        if check(m, f"{name}: redis.url {redis['url']} is not redis://[:password@]host[:port][/db]"):
            redis["url"] = m.group(1) + m.group(2) + "127.0.0.1:1" + (m.group(5) or "")
        c["redis"] = redis
    accounts = []
    for a in c.get("accounts") or []:
        a = dict(a)
        a["endpoint"] = "http://127.0.0.1:1"
        accounts.append(a)
    c["accounts"] = accounts
    return c


def start(binary, name, config, env, tmp):
    path = os.path.join(tmp, re.sub(r"\W", "_", name) + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    log_path = path + ".log"
    log = open(log_path, "wb")  # a file, not a pipe: nothing blocks on an unread log
    proc = subprocess.Popen([os.path.abspath(binary), "--config", path], stdout=subprocess.PIPE, stderr=log,
                            env={**os.environ, **env}, cwd=tmp)

    def log_tail():
        log.flush()
        with open(log_path, "rb") as f:
            return f.read().decode(errors="replace")[-3000:]

    deadline = time.monotonic() + START_TIMEOUT
    out = b""
    listening = False
    while time.monotonic() < deadline and not listening:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            break
        out += chunk
        listening = b"quota-gateway listening on http://127.0.0.1:" in out
    if not listening:
        proc.kill()
        proc.communicate(timeout=10)
        failures.append(f"{name}: the gateway did not start (exit {proc.returncode}):\n" + log_tail())
        log.close()
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        failures.append(f"{name}: the gateway did not stop within 60 s of SIGTERM")
        log.close()
        return
    check(proc.returncode == 0, f"{name}: exit {proc.returncode} after SIGTERM:\n" + log_tail())
    log.close()
    if proc.returncode == 0:
        print(f"{name}: started and stopped cleanly")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    known = top_level_keys(args.binary)
    check(known, f"{args.binary} --list-config-keys printed no key")

    with tempfile.TemporaryDirectory() as tmp:
        # docker-compose.yml's gateways.
        name = "gateway/deploy/compose-gateway.yaml"
        with open(os.path.join(REPO, name), encoding="utf-8") as f:
            compose = yaml.safe_load(f)
        check_endpoints(name, compose)
        start(args.binary, name, for_loopback(name, compose, known), {"QUOTA_GATEWAY_API_KEY": "compose-test-key"}, tmp)

        # The Kubernetes example: its Secret becomes files, its env variables come from the Secret.
        name = "gateway/deploy/kubernetes/configmap.yaml"
        docs = {}
        for file in ("configmap.yaml", "secret.yaml", "deployment.yaml"):
            with open(os.path.join(REPO, "gateway", "deploy", "kubernetes", file), encoding="utf-8") as f:
                for d in yaml.safe_load_all(f):
                    docs[d["kind"]] = d
        secret_values = docs["Secret"].get("stringData", {})
        secret_dir = os.path.join(tmp, "secrets")
        os.makedirs(secret_dir)
        for key, value in secret_values.items():
            with open(os.path.join(secret_dir, key), "w", encoding="utf-8") as f:
                f.write(value)
        container = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
        mount = next(m["mountPath"] for m in container["volumeMounts"] if m["name"] == "secrets")
        env = {}
        for e in container.get("env", []):
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            env[e["name"]] = secret_values[ref["key"]] if ref else str(e.get("value", ""))
        text = docs["ConfigMap"]["data"]["gateway.yaml"].replace(mount.rstrip("/") + "/", secret_dir + "/")
        k8s = yaml.safe_load(text)
        check_endpoints(name, k8s)
        start(args.binary, name, for_loopback(name, k8s, known), env, tmp)

    for f in failures:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("the shipped configurations start the gateway")
    return 0


if __name__ == "__main__":
    sys.exit(main())
