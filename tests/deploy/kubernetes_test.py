#!/usr/bin/env python3
"""Structural checks of the Kubernetes example in gateway/deploy/kubernetes/.

    python3 tests/deploy/kubernetes_test.py [--dir gateway/deploy/kubernetes]

No Kubernetes schema validator is packaged in Debian 12 (neither kubeconform nor kubeval; both
would also download their schemas at run time), so this is the validation: every YAML document
is parsed (python3-yaml) and checked against a small schema of the fields the example uses (a
misspelt key fails), and against what the gateway needs:
- the kustomization lists exactly the manifests beside it; the five kinds are there, with
  their API versions, names and labels valid;
- the ConfigMap's gateway.yaml parses, uses only top-level keys the gateway's loader knows,
  carries no inline credential, and every *_file path is a key of the Secret under the
  Secret's mount (a directory mount, no subPath, so updates reach the gateway's live reload);
  every ${VAR} it uses without a default is set in the container's env from existing keys;
- the ports agree: listen ↔ containerPort "http" ↔ the Service's http targetPort;
  metrics_listen ↔ containerPort "metrics" ↔ the Service's metrics port ↔ the
  prometheus.io annotations ↔ the probes (on the metrics listener, which clients cannot reach);
- readiness on /readyz, liveness on /healthz; shutdown_delay set and
  terminationGracePeriodSeconds > shutdown_delay + shutdown_grace;
- replicas >= 2, a PodDisruptionBudget with 1 <= minAvailable < replicas, and every selector
  (Deployment, Service, PDB) matching the pod template's labels;
- non-root uid 10001, read-only root filesystem, no privilege escalation, ALL capabilities
  dropped, resource requests <= limits for cpu and memory, threads within the CPU limit;
- the Secret holds placeholders only (every value says REPLACE-ME).
Exit 0 on success, 1 with one line per failed check.
"""

import argparse
import math
import os
import re
import sys

from loader_keys import top_level_keys

try:
    import yaml
except ImportError:
    print("FAIL: python3 cannot import yaml: install Debian's python3-yaml (listed in .ci/packages-test)")
    sys.exit(1)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNTIME_UID = 10001

# Top-level configuration keys this example may use before the loader knows them (they are being
# added alongside). Once the loader lists them (--list-config-keys) this set has no effect; a key
# neither there nor here fails.
PENDING_CONFIG_KEYS = set()  # keys a change in flight adds before the loader knows them; none now

# Credentials that must come from files (docs/configuration.md: every secret…/access_key…/session_token/
# security_token key has a …_file twin).
INLINE_SECRET_KEYS = {"secret_id", "secret_key", "session_token", "access_key_id", "access_key_secret",
                      "security_token", "page_token_secret", "api_keys"}

# The fields the example may use, per object (a small schema: a typo or a field at the wrong
# level fails). "*" = any keys below.
SCHEMA = {
    "metadata": {"name", "labels", "annotations", "namespace"},
    "Deployment.spec": {"replicas", "revisionHistoryLimit", "selector", "strategy", "template", "minReadySeconds",
                        "progressDeadlineSeconds"},
    "pod.spec": {"terminationGracePeriodSeconds", "automountServiceAccountToken", "enableServiceLinks",
                 "securityContext", "topologySpreadConstraints", "affinity", "containers", "volumes",
                 "serviceAccountName", "priorityClassName", "nodeSelector", "tolerations"},
    "pod.securityContext": {"runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "seccompProfile",
                            "fsGroupChangePolicy", "supplementalGroups"},
    "container": {"name", "image", "imagePullPolicy", "args", "command", "env", "envFrom", "ports",
                  "readinessProbe", "livenessProbe", "startupProbe", "resources", "securityContext",
                  "volumeMounts"},
    "container.securityContext": {"runAsNonRoot", "runAsUser", "runAsGroup", "allowPrivilegeEscalation",
                                  "readOnlyRootFilesystem", "capabilities", "privileged", "seccompProfile"},
    "probe": {"httpGet", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold",
              "initialDelaySeconds"},
    "httpGet": {"path", "port", "scheme", "httpHeaders"},
    "port": {"name", "containerPort", "protocol"},
    "volumeMount": {"name", "mountPath", "readOnly", "subPath"},
    "volume": {"name", "configMap", "secret", "emptyDir"},
    "Service.spec": {"type", "selector", "ports", "clusterIP"},
    "servicePort": {"name", "port", "targetPort", "protocol", "appProtocol"},
    "PodDisruptionBudget.spec": {"minAvailable", "maxUnavailable", "selector"},
    "Secret": {"apiVersion", "kind", "metadata", "type", "stringData", "data"},
    "ConfigMap": {"apiVersion", "kind", "metadata", "data"},
    "Deployment": {"apiVersion", "kind", "metadata", "spec"},
    "Service": {"apiVersion", "kind", "metadata", "spec"},
    "PodDisruptionBudget": {"apiVersion", "kind", "metadata", "spec"},
}
API_VERSIONS = {"Deployment": "apps/v1", "Service": "v1", "ConfigMap": "v1", "Secret": "v1",
                "PodDisruptionBudget": "policy/v1"}
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
PORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def keys_in(obj, schema_key, where):
    if not isinstance(obj, dict):
        failures.append(f"{where}: expected a mapping, got {type(obj).__name__}")
        return
    unknown = sorted(set(obj) - SCHEMA[schema_key])
    check(not unknown, f"{where}: unknown field(s) {', '.join(unknown)}")


def duration_seconds(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", str(text).strip())
    if not m:
        raise ValueError(f"'{text}' is not a duration")
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def cpu_cores(q):
    q = str(q)
    return float(q[:-1]) / 1000 if q.endswith("m") else float(q)


def memory_bytes(q):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?", str(q))
    if not m:
        raise ValueError(f"'{q}' is not a memory quantity")
    factor = {None: 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3,
              "Ti": 1024 ** 4}[m.group(2)]
    return float(m.group(1)) * factor


def listen_port(text, key):
    m = re.fullmatch(r"(.+):(\d+)", str(text or ""))
    if not check(m, f"gateway.yaml: {key} '{text}' is not HOST:PORT"):
        return None, None
    return m.group(1), int(m.group(2))


def walk(node, path=""):
    """(path, key, value) for every mapping entry, recursively."""
    if isinstance(node, dict):
        for k, v in node.items():
            p = f"{path}.{k}" if path else str(k)
            yield p, k, v
            yield from walk(v, p)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")


def load_documents(directory):
    docs, files = [], sorted(f for f in os.listdir(directory) if f.endswith((".yaml", ".yml")))
    for name in files:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            try:
                for doc in yaml.safe_load_all(f):
                    if doc is not None:
                        docs.append((name, doc))
            except yaml.YAMLError as e:
                failures.append(f"{name}: not valid YAML: {e}")
    return files, docs


def check_kustomization(files, docs):
    kustomizations = [(n, d) for n, d in docs if d.get("kind") == "Kustomization"]
    if not check(len(kustomizations) == 1, "expected one kustomization.yaml"):
        return
    name, k = kustomizations[0]
    check(k.get("apiVersion") == "kustomize.config.k8s.io/v1beta1", f"{name}: apiVersion")
    listed = set(k.get("resources", []))
    others = {f for f in files if f != name}
    check(listed == others, f"{name}: resources {sorted(listed)} differ from the manifests beside it {sorted(others)}")


def by_kind(docs):
    objects = {}
    for name, d in docs:
        kind = d.get("kind")
        if kind == "Kustomization":
            continue
        if not check(kind in API_VERSIONS, f"{name}: unexpected kind {kind}"):
            continue
        check(d.get("apiVersion") == API_VERSIONS[kind], f"{name}: {kind} needs apiVersion {API_VERSIONS[kind]}")
        keys_in(d, kind, f"{name}: {kind}")
        meta = d.get("metadata", {})
        keys_in(meta, "metadata", f"{name}: {kind}.metadata")
        check(DNS1123.match(str(meta.get("name", ""))) and len(meta.get("name", "")) <= 63,
              f"{name}: {kind} name '{meta.get('name')}' is not a DNS-1123 name")
        for key, value in (meta.get("labels") or {}).items():
            check(isinstance(value, str) and len(value) <= 63, f"{name}: label {key} must be a short string")
        for key, value in (meta.get("annotations") or {}).items():
            check(isinstance(value, str), f"{name}: annotation {key} must be a string (quote it)")
        check(kind not in objects, f"{name}: a second {kind}")
        objects.setdefault(kind, (name, d))
    for kind in API_VERSIONS:
        check(kind in objects, f"no {kind} in the example")
    return objects


def matches(selector, labels, where):
    check(isinstance(selector, dict) and selector, f"{where}: empty selector")
    ok = all(labels.get(k) == v for k, v in (selector or {}).items())
    check(ok, f"{where}: selector {selector} does not match the pod labels {labels}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=os.path.join(REPO, "gateway", "deploy", "kubernetes"))
    parser.add_argument("--binary", required=True, help="the built quota-gateway, asked for the keys its loader accepts")
    args = parser.parse_args()

    files, docs = load_documents(args.dir)
    check_kustomization(files, docs)
    objects = by_kind(docs)
    if any(kind not in objects for kind in API_VERSIONS):
        return report()
    deployment = objects["Deployment"][1]
    service = objects["Service"][1]
    pdb = objects["PodDisruptionBudget"][1]
    configmap = objects["ConfigMap"][1]
    secret = objects["Secret"][1]

    # --- the Secret: placeholders only
    secret_keys = set((secret.get("stringData") or {})) | set((secret.get("data") or {}))
    check(secret_keys, "the Secret has no keys")
    for key, value in (secret.get("stringData") or {}).items():
        check("REPLACE-ME" in str(value), f"Secret key {key} does not look like a placeholder (say REPLACE-ME)")
    check(not secret.get("data"), "the Secret has base64 data: keep the example's values readable placeholders")

    # --- the Deployment's pod
    spec = deployment["spec"]
    keys_in(spec, "Deployment.spec", "Deployment.spec")
    template = spec.get("template", {})
    pod_labels = template.get("metadata", {}).get("labels", {})
    pod = template.get("spec", {})
    keys_in(pod, "pod.spec", "pod spec")
    matches(spec.get("selector", {}).get("matchLabels"), pod_labels, "Deployment")
    replicas = spec.get("replicas", 1)
    check(isinstance(replicas, int) and replicas >= 2, f"replicas is {replicas}, expected >= 2")
    rolling = (spec.get("strategy") or {}).get("rollingUpdate") or {}
    check(rolling.get("maxUnavailable", 1) in (0, "0", "0%"), "a rolling update should keep every replica (maxUnavailable: 0)")
    containers = pod.get("containers", [])
    if not check(len(containers) == 1, f"expected one container, found {len(containers)}"):
        return report()
    c = containers[0]
    keys_in(c, "container", "container")
    for probe_name in ("readinessProbe", "livenessProbe"):
        if probe_name in c:
            keys_in(c[probe_name], "probe", probe_name)
            keys_in(c[probe_name].get("httpGet", {}), "httpGet", probe_name + ".httpGet")
    for p in c.get("ports", []):
        keys_in(p, "port", "container port")
        check(PORT_NAME.match(p.get("name", "")) and len(p.get("name", "")) <= 15,
              f"container port name {p.get('name')!r} is not a valid port name")
    for m in c.get("volumeMounts", []):
        keys_in(m, "volumeMount", "volumeMount")
    for v in pod.get("volumes", []):
        keys_in(v, "volume", "volume")

    named_ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}

    def resolve(port):
        return named_ports.get(port) if isinstance(port, str) else port

    # --- the configuration, from the ConfigMap the container reads
    args_ = c.get("args", [])
    config_path = args_[args_.index("--config") + 1] if "--config" in args_ and args_.index("--config") + 1 < len(args_) else None
    check(config_path, f"container args {args_} give no --config")
    volumes = {v.get("name"): v for v in pod.get("volumes", [])}
    mounts = c.get("volumeMounts", [])

    def projected_files():
        """path → (volume kind, source object name, key) for every file the mounts project."""
        files_ = {}
        for m in mounts:
            v = volumes.get(m.get("name"))
            if not check(v, f"volumeMount {m.get('name')} has no volume"):
                continue
            for kind, ref, obj in (("secret", "secretName", secret), ("configMap", "name", configmap)):
                if kind not in v:
                    continue
                name = v[kind].get(ref)
                source_keys = (set((obj.get("stringData") or {})) | set((obj.get("data") or {}))
                               if name == obj["metadata"]["name"] else set())
                check(name == obj["metadata"]["name"], f"volume {m['name']} names {kind} {name}, which the example lacks")
                items = v[kind].get("items")
                pairs = [(i["key"], i.get("path", i["key"])) for i in items] if items else [(k, k) for k in source_keys]
                for key, rel in pairs:
                    check(key in source_keys, f"volume {m['name']} projects key {key}, missing from {kind} {name}")
                    if m.get("subPath"):
                        if m["subPath"] == rel:
                            files_[m["mountPath"]] = (kind, name, key)
                    else:
                        files_[m["mountPath"].rstrip("/") + "/" + rel] = (kind, name, key)
                check(not m.get("subPath"), f"volumeMount {m['name']} uses subPath: Kubernetes then never updates "
                                            "the file, so a changed Secret or ConfigMap would not reach the gateway")
                check(m.get("readOnly") is True, f"volumeMount {m['name']} ({kind}) should be readOnly")
        return files_

    files_ = projected_files()
    source = files_.get(config_path)
    if not check(source and source[0] == "configMap", f"--config {config_path} is not a file of the ConfigMap's mount"):
        return report()
    try:
        config = yaml.safe_load(configmap["data"][source[2]])
    except yaml.YAMLError as e:
        failures.append(f"ConfigMap {source[2]}: not valid YAML: {e}")
        return report()
    check(isinstance(config, dict), "gateway.yaml is not a mapping")

    known = top_level_keys(args.binary)
    if check(known, f"{args.binary} --list-config-keys listed no configuration key"):
        for key in config:
            if key not in known and key in PENDING_CONFIG_KEYS:
                print(f"note: gateway.yaml uses '{key}', which the loader does not know yet")
            else:
                check(key in known, f"gateway.yaml: top-level key '{key}' is unknown to the gateway (a typo?)")

    host, port = listen_port(config.get("listen"), "listen")
    check(host == "0.0.0.0", f"listen host is {host}: a pod must listen on every interface")
    mhost, mport = listen_port(config.get("metrics_listen"), "metrics_listen")
    check(mport != port, "metrics_listen must be a port of its own")
    check("auth" in config and (config["auth"] or {}).get("api_keys_file"),
          "gateway.yaml: auth.api_keys_file is not set (a pod listens on every interface: keys are required)")
    check("redis" in config, "gateway.yaml: no redis: section (two replicas should share cache and limits)")
    check("history" not in config or "redis" not in config,
          "gateway.yaml: a history: section is unused with redis: (the samples go to Redis)")
    check("10.0.0.0/8" in (config.get("trusted_proxies") or []), "gateway.yaml: trusted_proxies lacks 10.0.0.0/8")

    # Credentials only from files, and every file where the Secret's mount puts it.
    secret_mounts = [m["mountPath"] for m in mounts if "secret" in volumes.get(m.get("name"), {})]
    for path, key, value in walk(config):
        base = str(key)
        if base in INLINE_SECRET_KEYS:
            failures.append(f"gateway.yaml: {path} is inline: read it from the Secret with {base}_file")
        if base.endswith("_file"):
            if not check(isinstance(value, str), f"gateway.yaml: {path} is not a path"):
                continue
            projected = files_.get(value)
            check(projected is not None, f"gateway.yaml: {path} = {value} is not a file any volume mount projects")
            if base != "ca_file" and projected is not None:
                check(projected[0] == "secret" and any(value.startswith(mp.rstrip("/") + "/") for mp in secret_mounts),
                      f"gateway.yaml: {path} = {value} is not in the Secret's mount")

    # ${VAR} without a default must be set in the container's env, from keys that exist.
    env = {e.get("name"): e for e in c.get("env", [])}
    for e in env.values():
        ref = (e.get("valueFrom") or {}).get("secretKeyRef")
        if ref:
            check(ref.get("name") == secret["metadata"]["name"] and ref.get("key") in secret_keys,
                  f"env {e['name']} refers to {ref}, which the Secret does not have")
    for var in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", configmap["data"][source[2]]):
        check(var in env, f"gateway.yaml uses ${{{var}}} without a default, but the container's env does not set it")

    # --- ports: config ↔ container ↔ Service ↔ probes ↔ annotations
    check(named_ports.get("http") == port, f"containerPort 'http' is {named_ports.get('http')}, listen says {port}")
    check(named_ports.get("metrics") == mport,
          f"containerPort 'metrics' is {named_ports.get('metrics')}, metrics_listen says {mport}")
    sspec = service["spec"]
    keys_in(sspec, "Service.spec", "Service.spec")
    matches(sspec.get("selector"), pod_labels, "Service")
    sports = {}
    for p in sspec.get("ports", []):
        keys_in(p, "servicePort", "Service port")
        sports[p.get("name")] = p
    for name, want in (("http", port), ("metrics", mport)):
        p = sports.get(name)
        if check(p, f"the Service has no port named {name}"):
            check(resolve(p.get("targetPort", p.get("port"))) == want,
                  f"Service port {name} targets {p.get('targetPort')}, the container serves it on {want}")
            check(p.get("port") == want, f"Service port {name} is {p.get('port')}; keep it {want} like the config")

    ready = (c.get("readinessProbe") or {}).get("httpGet") or {}
    live = (c.get("livenessProbe") or {}).get("httpGet") or {}
    check(ready.get("path") == "/readyz", f"readinessProbe path is {ready.get('path')}, expected /readyz")
    check(live.get("path") == "/healthz", f"livenessProbe path is {live.get('path')}, expected /healthz")
    # Probes on the metrics listener: what clients do to the API port cannot fail them.
    check(resolve(ready.get("port")) == mport,
          f"readinessProbe port {ready.get('port')} is not the metrics listener's port {mport}")
    check(resolve(live.get("port")) == mport,
          f"livenessProbe port {live.get('port')} is not the metrics listener's port {mport}")
    check("preStop" not in str(c.get("lifecycle", "")), "no preStop needed: shutdown_delay does it")

    ann = template.get("metadata", {}).get("annotations", {})
    check(ann.get("prometheus.io/scrape") == "true", "pod annotation prometheus.io/scrape is not \"true\"")
    check(ann.get("prometheus.io/port") == str(mport), f"pod annotation prometheus.io/port is not \"{mport}\"")
    check(ann.get("prometheus.io/path", "/metrics") == "/metrics", "pod annotation prometheus.io/path is not /metrics")

    # --- shutdown: readiness turns 503 for shutdown_delay, then shutdown_grace of draining
    try:
        delay = duration_seconds(config.get("shutdown_delay", "0s"))
        grace = duration_seconds(config.get("shutdown_grace", "25s"))
        check(delay > 0, "gateway.yaml: shutdown_delay is not set: endpoints would still send traffic to a closing pod")
        tgps = pod.get("terminationGracePeriodSeconds", 30)
        check(tgps > delay + grace, f"terminationGracePeriodSeconds {tgps} is not above shutdown_delay + shutdown_grace "
                                    f"({delay:g}s + {grace:g}s): the kubelet would SIGKILL a draining gateway")
    except ValueError as e:
        failures.append(f"gateway.yaml: {e}")

    # --- the disruption budget
    pspec = pdb["spec"]
    keys_in(pspec, "PodDisruptionBudget.spec", "PodDisruptionBudget.spec")
    matches(pspec.get("selector", {}).get("matchLabels"), pod_labels, "PodDisruptionBudget")
    min_available = pspec.get("minAvailable")
    check(isinstance(min_available, int) and 1 <= min_available < (replicas if isinstance(replicas, int) else 0),
          f"PDB minAvailable is {min_available}: it must be >= 1 and below replicas ({replicas}) or drains block")

    # --- security
    psc = pod.get("securityContext", {})
    csc = c.get("securityContext", {})
    keys_in(psc, "pod.securityContext", "pod securityContext")
    keys_in(csc, "container.securityContext", "container securityContext")
    check(csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True, "runAsNonRoot is not true")
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    check(uid == RUNTIME_UID, f"runAsUser is {uid}, expected the image's user {RUNTIME_UID}")
    check(csc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem is not true")
    check(csc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation is not false")
    check("ALL" in ((csc.get("capabilities") or {}).get("drop") or []), "capabilities do not drop ALL")
    check(not (csc.get("capabilities") or {}).get("add"), "capabilities are added")
    check(csc.get("privileged") is not True, "the container is privileged")
    check(pod.get("automountServiceAccountToken") is False, "the pod mounts a service account token it does not use")
    secret_volume = next((v for v in volumes.values() if "secret" in v), None)
    if secret_volume and "defaultMode" in secret_volume["secret"]:
        check(secret_volume["secret"]["defaultMode"] & 0o007 == 0, "the secret files are readable by others")

    res = c.get("resources", {})
    for kind in ("cpu", "memory"):
        req = (res.get("requests") or {}).get(kind)
        lim = (res.get("limits") or {}).get(kind)
        if check(req is not None and lim is not None, f"resources: {kind} needs a request and a limit"):
            try:
                to = cpu_cores if kind == "cpu" else memory_bytes
                check(to(req) <= to(lim), f"resources: {kind} request {req} exceeds the limit {lim}")
            except ValueError as e:
                failures.append(f"resources: {e}")
    cpu_limit = (res.get("limits") or {}).get("cpu")
    threads = config.get("threads", 0)
    if cpu_limit is not None:
        check(isinstance(threads, int) and 0 < threads <= max(1, math.ceil(cpu_cores(cpu_limit))),
              f"gateway.yaml: threads is {threads}; with a CPU limit of {cpu_limit} set it to at most "
              f"{max(1, math.ceil(cpu_cores(cpu_limit)))} (0 counts the node's cores)")

    return report()


def report():
    for f in failures:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("gateway/deploy/kubernetes: all checks passed "
          "(YAML structure and consistency; no Kubernetes schema validator is packaged in Debian 12)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
