#!/usr/bin/env python3
"""Static checks of gateway/Dockerfile (no Docker engine is needed, none is assumed).

    python3 tests/deploy/dockerfile_test.py [--dockerfile PATH] [--binary PATH/TO/quota-gateway]

The Dockerfile is parsed into stages and instructions (line continuations, comments, exec and
shell forms) and checked for what the image promises in docs/operations.md ("Running it in
production"): a build stage that can embed /docs and /ui (nodejs + npm for `npm ci` of
swagger-ui-dist, libsqlite3-dev for the usage history), a runtime stage with every shared
library the binary needs, the binary on PATH, a volume for the history file owned by the
non-root runtime user, the healthcheck, and demo mode on 0.0.0.0:8080 as the default command.

With --binary (CTest passes the built quota-gateway), `ldd` + `dpkg -S` on this Debian machine
list the packages that own the binary's shared libraries, and each must be installed by the
runtime stage (or be part of every Debian image), so a new library dependency that the image
lacks fails here rather than at `docker run`.

Stdlib only. Exit 0 on success, 1 with one line per failed check.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HISTORY_DIR = "/var/lib/quota-gateway"
RUNTIME_UID = "10001"

# Packages in every debian:bookworm(-slim) image (Priority: required), so the runtime stage
# need not name them.
BASE_IMAGE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}

# -dev package of the build stage → the runtime library package the binary then needs.
DEV_TO_RUNTIME = {
    "libssl-dev": ["libssl3"],
    "libboost-json1.81-dev": ["libboost-json1.81.0"],
    "libboost-url1.81-dev": ["libboost-url1.81.0"],
    "libspdlog-dev": ["libspdlog1.10", "libfmt9"],
    "libyaml-cpp-dev": ["libyaml-cpp0.7"],
    "prometheus-cpp-dev": ["libprometheus-cpp-core1.0"],
    "libhiredis-dev": ["libhiredis0.14"],
    "libsqlite3-dev": ["libsqlite3-0"],
    "zlib1g-dev": ["zlib1g"],
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


# ---------------------------------------------------------------------------------------------
# Parsing


class Instruction:
    def __init__(self, keyword, args, line):
        self.keyword = keyword  # upper case
        self.args = args        # the raw argument text, continuations joined
        self.line = line

    def exec_form(self):
        """The JSON array of an exec-form instruction, else None."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None

    def __repr__(self):
        return f"line {self.line}: {self.keyword} {self.args}"


class Stage:
    def __init__(self, base, name, line):
        self.base = base
        self.name = name
        self.line = line
        self.instructions = []

    def all(self, keyword):
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword):
        found = self.all(keyword)
        return found[-1] if found else None


def parse_dockerfile(text):
    """Instructions with their first line number; comment lines (also inside a continued
    instruction, as Docker allows) are dropped."""
    instructions = []
    current, start = None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and current is None):
            continue
        if current is None:
            current, start = "", number
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, args = current.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
        current = None
    if current is not None:
        keyword, _, args = current.strip().partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
    return instructions


def stages_of(instructions):
    stages = []
    for ins in instructions:
        if ins.keyword == "FROM":
            words = ins.args.split()
            words = [w for w in words if not w.startswith("--platform")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append(Stage(words[0], name, ins.line))
        elif stages:
            stages[-1].instructions.append(ins)
        elif ins.keyword not in ("ARG",):
            failures.append(f"{ins!r} comes before the first FROM")
    return stages


def shell_commands(run_args):
    """A RUN's shell text split into simple commands at &&, ||, ; and |."""
    text = run_args.replace("$(echo", " ").replace(")", " ")
    return [c.strip() for c in re.split(r"&&|\|\||;|\|", text) if c.strip()]


def apt_packages(stage):
    packages = set()
    for run in stage.all("RUN"):
        for command in shell_commands(run.args):
            try:
                words = shlex.split(command, posix=True)
            except ValueError:
                words = command.split()
            if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
                after = words[words.index("install") + 1:]
                packages.update(w for w in after if not w.startswith("-"))
    return packages


def run_text(stage):
    return "\n".join(r.args for r in stage.all("RUN"))


# ---------------------------------------------------------------------------------------------
# Checks


def check_build_stage(build, stages):
    packages = apt_packages(build)
    for needed, why in (("nodejs", "npm ci of swagger-ui-dist for /docs"), ("npm", "npm ci of swagger-ui-dist for /docs"),
                        ("libsqlite3-dev", "the SQLite history store"), ("cmake", "the build"), ("g++", "the build")):
        check(needed in packages, f"build stage (line {build.line}) does not apt-get install {needed} ({why})")
    copied = " ".join(c.args for c in build.all("COPY") + build.all("ADD"))
    for source in ("CMakeLists.txt", "adapters", "gateway", "openapi"):
        check(re.search(r"(^|\s)" + re.escape(source) + r"(\s|/|$)", copied),
              f"build stage does not COPY {source} (the gateway's build needs it)")
    text = run_text(build)
    check(re.search(r"cmake\s+--build\b.*--target\b[^&]*\bquota-gateway\b", text, re.S),
          "build stage does not build the quota-gateway target")
    check("-DQG_BUILD_TESTS=OFF" in text, "build stage configures the test suite (needs GTest): pass -DQG_BUILD_TESTS=OFF")
    # npm must not be told to skip the install that /docs needs.
    check("--ignore-scripts" not in text and "npm_config_offline" not in text.lower(),
          "build stage keeps npm from installing swagger-ui-dist")
    return packages


def check_runtime_stage(runtime, build, build_packages):
    packages = apt_packages(runtime)
    check("libsqlite3-0" in packages, f"runtime stage (line {runtime.line}) does not apt-get install libsqlite3-0")
    check("ca-certificates" in packages, "runtime stage does not install ca-certificates (upstream TLS is verified)")
    for dev, runtime_packages in DEV_TO_RUNTIME.items():
        if dev in build_packages:
            for p in runtime_packages:
                check(p in packages or p in BASE_IMAGE_PACKAGES,
                      f"the build links {dev} but the runtime stage does not install {p}")
    leaked = sorted(p for p in packages if p.endswith("-dev") or p in ("nodejs", "npm", "g++", "cmake"))
    check(not leaked, f"runtime stage installs build-only packages: {', '.join(leaked)}")

    # The binary, from the build stage, somewhere on PATH, and the entrypoint runs it.
    copies = [c for c in runtime.all("COPY") if "--from=" in c.args]
    binary_copied = any(re.search(r"--from=" + re.escape(build.name or "0") + r"\b", c.args) and
                        re.search(r"/quota-gateway(\s|$)", c.args) and
                        re.search(r"\s/usr/(local/)?bin/?$", c.args) for c in copies)
    check(binary_copied, "runtime stage does not COPY --from=build the quota-gateway binary into /usr/local/bin")
    entrypoint = runtime.last("ENTRYPOINT")
    ep = entrypoint.exec_form() if entrypoint else None
    check(ep is not None and os.path.basename(ep[0]) == "quota-gateway",
          "ENTRYPOINT is not the exec form [\"quota-gateway\"]")

    # History volume, created and owned by the runtime user before the VOLUME line.
    volumes = []
    for v in runtime.all("VOLUME"):
        form = v.exec_form()
        volumes.extend(form if form is not None else v.args.split())
    check(HISTORY_DIR in [x.rstrip("/") for x in volumes], f"no VOLUME for the usage history directory {HISTORY_DIR}")
    volume_line = min((v.line for v in runtime.all("VOLUME")), default=10**9)
    owned = any(r.line < volume_line and re.search(
        r"(install\s+-d\b[^&;]*-o\s+(" + RUNTIME_UID + r"|quota)\b[^&;]*" + re.escape(HISTORY_DIR) + r")|"
        r"(chown\s+(-R\s+)?(" + RUNTIME_UID + r"|quota)\S*\s+[^&;]*" + re.escape(HISTORY_DIR) + r")", r.args)
        for r in runtime.all("RUN"))
    check(owned, f"{HISTORY_DIR} is not created owned by uid {RUNTIME_UID} before its VOLUME line "
                 "(a new named volume copies the directory's ownership)")
    check(re.search(r"useradd\b[^&;]*--uid\s+" + RUNTIME_UID, run_text(runtime)),
          f"runtime stage does not create a user with uid {RUNTIME_UID}")

    # Not root.
    user = runtime.last("USER")
    name = user.args.split(":")[0].strip() if user else "root"
    check(user is not None and name not in ("root", "0"), f"the runtime user is root ({user!r})")
    check(name in (RUNTIME_UID, "quota"), f"the runtime user is {name}, expected uid {RUNTIME_UID}")
    check(user is None or user.line > max((r.line for r in runtime.all("RUN")), default=0),
          "a RUN after the last USER line would run as that user; USER should come after the RUN lines")

    # Demo mode on every interface by default; the API port is exposed.
    cmd = runtime.last("CMD")
    form = cmd.exec_form() if cmd else None
    check(form is not None, "CMD is not in exec form")
    if form is not None:
        check("--listen" in form and form[form.index("--listen") + 1:form.index("--listen") + 2] == ["0.0.0.0:8080"],
              f"CMD {form} does not listen on 0.0.0.0:8080")
        check("--config" not in form, f"CMD {form} gives a configuration: the default must be demo mode")
    exposed = " ".join(e.args for e in runtime.all("EXPOSE")).split()
    check(any(p.split("/")[0] == "8080" for p in exposed), "port 8080 is not EXPOSEd")

    # The healthcheck that was there: the binary's own --check against /healthz on 8080.
    hc = runtime.last("HEALTHCHECK")
    check(hc is not None, "no HEALTHCHECK")
    if hc is not None:
        m = re.search(r"\bCMD\s+(\[.*\])\s*$", hc.args)
        hc_form = json.loads(m.group(1)) if m else None
        check(hc_form is not None and hc_form[:2] == ["quota-gateway", "--check"] and
              hc_form[2:3] == ["http://127.0.0.1:8080/healthz"],
              f"HEALTHCHECK is not quota-gateway --check http://127.0.0.1:8080/healthz: {hc.args}")
    return packages


def owning_packages(binary):
    """Debian packages owning the shared libraries `ldd` resolves for binary."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    packages, unowned = set(), []
    for line in out.splitlines():
        m = re.search(r"=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)", line)
        if not m:
            continue
        real = os.path.realpath(m.group(1))
        candidates = {m.group(1), real}
        for path in list(candidates):  # merged /usr: dpkg knows one of /lib and /usr/lib
            if path.startswith("/usr/lib/"):
                candidates.add(path[len("/usr"):])
            elif path.startswith("/lib/") or path.startswith("/lib64/"):
                candidates.add("/usr" + path)
        owner = None
        for path in candidates:
            r = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            if r.returncode == 0 and r.stdout.strip():
                owner = r.stdout.split(":")[0].strip()
                break
        if owner:
            packages.add(owner)
        else:
            unowned.append(m.group(1))
    return packages, unowned


def check_binary_libraries(binary, runtime_packages):
    if not (shutil.which("ldd") and shutil.which("dpkg")):
        print(f"note: ldd or dpkg missing: the libraries of {binary} are not checked")
        return
    packages, unowned = owning_packages(binary)
    for p in sorted(packages):
        check(p in runtime_packages or p in BASE_IMAGE_PACKAGES,
              f"{os.path.basename(binary)} needs a library from {p}, which the runtime stage does not install")
    for path in unowned:
        check(path.startswith("linux-vdso") or "ld-linux" in path or path.startswith("/usr/local/"),
              f"{os.path.basename(binary)} needs {path}, which no Debian package owns")
    print(f"{os.path.basename(binary)}: libraries from {', '.join(sorted(packages))}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dockerfile", default=os.path.join(REPO, "gateway", "Dockerfile"))
    parser.add_argument("--binary", help="the built quota-gateway: its shared libraries must be in the runtime stage")
    args = parser.parse_args()

    with open(args.dockerfile, encoding="utf-8") as f:
        stages = stages_of(parse_dockerfile(f.read()))
    if not check(len(stages) >= 2, f"{args.dockerfile}: expected a build stage and a runtime stage, found {len(stages)}"):
        return report()
    build = next((s for s in stages if s.name == "build"), stages[0])
    runtime = stages[-1]
    check(build is not runtime, "the runtime stage is the build stage")
    check(runtime.base.startswith("debian:bookworm"), f"runtime base {runtime.base} is not Debian bookworm "
                                                      "(the library package names are bookworm's)")
    check(build.base.startswith("debian:bookworm"), f"build base {build.base} is not Debian bookworm")
    build_packages = check_build_stage(build, stages)
    runtime_packages = check_runtime_stage(runtime, build, build_packages)
    if args.binary:
        check_binary_libraries(args.binary, runtime_packages)
    return report()


def report():
    for f in failures:
        print("FAIL:", f)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("gateway/Dockerfile: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
