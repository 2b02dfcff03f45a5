"""Turns a bench run's raw measurements into tests/bench/results/<commit>.{json,md}."""
import json
import statistics
import sys
from pathlib import Path

work, out_dir, commit, body_bytes, upstream_per_1000, rss_before, rss_idle, latency_ms = sys.argv[1:9]
work, out_dir = Path(work), Path(out_dir)
latency_ms = float(latency_ms)

warm = {}
for line in (work / "warm.tsv").read_text().split("\n"):
    if not line.strip():
        continue
    name, server, rps, p50, p99, server_busy, client_busy = line.split()
    warm.setdefault(name, {"gateway": [], "nginx": []})[server].append(
        (float(rps), float(p50), float(p99), float(server_busy), float(client_busy)))

report = {"commit": commit, "body_bytes": int(body_bytes), "warm": {}, "goals": {}}
for name, runs in warm.items():
    pairs = list(zip(runs["gateway"], runs["nginx"]))
    ratios = [g[0] / n[0] for g, n in pairs]
    report["warm"][name] = {
        "gateway_rps_median": statistics.median(r[0] for r in runs["gateway"]),
        "nginx_rps_median": statistics.median(r[0] for r in runs["nginx"]),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "gateway_p50_ms": statistics.median(r[1] for r in runs["gateway"]),
        "gateway_p99_ms": statistics.median(r[2] for r in runs["gateway"]),
        "nginx_p99_ms": statistics.median(r[2] for r in runs["nginx"]),
        # Share of core 0 (the server's) and core 1 (wrk's) in use during the runs, and what the
        # server spent of its core per request: when wrk's core is saturated, the ratio above
        # measures the client, and the cost per request is the comparison that still holds.
        "gateway_core_busy": statistics.median(r[3] for r in runs["gateway"]),
        "nginx_core_busy": statistics.median(r[3] for r in runs["nginx"]),
        "wrk_core_busy": statistics.median(r[4] for r in runs["gateway"] + runs["nginx"]),
        "gateway_core_us_per_request": round(statistics.median(1e6 * r[3] / r[0] for r in runs["gateway"]), 1),
        "nginx_core_us_per_request": round(statistics.median(1e6 * r[3] / r[0] for r in runs["nginx"]), 1),
    }

cold = sorted(float(x) * 1000 for x in (work / "cold.txt").read_text().split())
critical = 2 * latency_ms  # per provider: first page, then the rest in parallel; providers in parallel
report["cold"] = {"emulator_latency_ms": latency_ms, "critical_path_ms": critical,
                  "median_ms": round(statistics.median(cold), 1), "max_ms": round(max(cold), 1),
                  "samples_ms": [round(c, 1) for c in cold]}
report["upstream_calls_per_1000_requests"] = int(upstream_per_1000)
soak = [int(x) for x in (work / "soak.txt").read_text().split()]
report["memory"] = {"rss_kib_before": int(rss_before), "rss_kib_1000_idle_connections": int(rss_idle),
                    "soak_rss_kib": soak}

g = report["goals"]
w = report["warm"]
g["warm default ≥ 1.0× nginx"] = w["default"]["ratio_median"] >= 1.0
g["warm default p99 < 5 ms"] = w["default"]["gateway_p99_ms"] < 5
g["filtered ≥ 0.8× nginx"] = w["filtered"]["ratio_median"] >= 0.8
g["csv ≥ 0.8× nginx"] = w["csv"]["ratio_median"] >= 0.8
g["cold ≤ 1.2× critical path + 50 ms"] = report["cold"]["median_ms"] <= 1.2 * critical + 50
g["RSS < 64 MB at 1,000 connections"] = int(rss_idle) < 64 * 1024
g["no RSS growth over the soak"] = soak[-1] <= max(soak[1:3]) * 1.10 + 1024

out_dir.mkdir(parents=True, exist_ok=True)
(out_dir / f"{commit}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
md = [f"# Benchmark {commit}", "",
      f"Body of the default answer: {body_bytes} bytes. Gateway and nginx (one worker) each pinned to core 0, wrk to core 1, "
      f"50 keep-alive connections, runs alternated; ratio = median of per-pair gateway/nginx requests per second.", "",
      "| query | gateway req/s | nginx req/s | ratio (median) | gateway p50 | gateway p99 | nginx p99 |",
      "|---|---|---|---|---|---|---|"]
for name, v in w.items():
    md.append(f"| {name} | {v['gateway_rps_median']:.0f} | {v['nginx_rps_median']:.0f} | {v['ratio_median']:.2f}× "
              f"| {v['gateway_p50_ms']:.2f} ms | {v['gateway_p99_ms']:.2f} ms | {v['nginx_p99_ms']:.2f} ms |")
md += ["", "CPU during the warm runs (core 0 serves, core 1 runs wrk); µs of core 0 per request is what each "
           "server spends on one answer, kernel included:", "",
       "| query | gateway core busy | nginx core busy | wrk core busy | gateway µs/request | nginx µs/request |",
       "|---|---|---|---|---|---|"]
client_bound = []
for name, v in w.items():
    md.append(f"| {name} | {100 * v['gateway_core_busy']:.0f} % | {100 * v['nginx_core_busy']:.0f} % "
              f"| {100 * v['wrk_core_busy']:.0f} % | {v['gateway_core_us_per_request']} | {v['nginx_core_us_per_request']} |")
    if v["wrk_core_busy"] >= 0.97 and min(v["gateway_core_busy"], v["nginx_core_busy"]) < 0.90:
        client_bound.append(name)
report["client_bound"] = client_bound
if client_bound:
    md += ["", f"Client-bound: {', '.join(client_bound)}. wrk's core was saturated while a server's core had idle "
               "time, so those throughput ratios and p99 figures measure wrk as much as the servers."]
c = report["cold"]
md += ["", f"Cold `GET /quotas?refresh=true` with {latency_ms:.0f} ms emulator latency per call: median {c['median_ms']} ms "
           f"(max {c['max_ms']} ms) against a critical path of {critical:.0f} ms (bound {1.2 * critical + 50:.0f} ms).",
       f"Upstream calls per 1,000 client requests within one TTL: {upstream_per_1000}.",
       f"RSS: {int(rss_before) // 1024} MiB warm, {int(rss_idle) // 1024} MiB with 1,000 idle keep-alive connections; "
       f"soak samples (KiB): {', '.join(map(str, soak))}.", "", "| goal | met |", "|---|---|"]
md += [f"| {k} | {'yes' if v else 'NO'} |" for k, v in g.items()]
(out_dir / f"{commit}.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if all(g.values()) else 1)
