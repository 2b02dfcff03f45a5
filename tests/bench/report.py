"""Turns a bench run's raw measurements into tests/bench/results/<name>.{json,md}.

    python3 report.py WORK OUT_DIR NAME LATENCY_MS GATEWAY_BINARY

WORK holds warm.tsv (one wrk run per line: case, server, rps, p50, p99, server core, client core)
and facts.json (everything else the run measured). Sections that did not run are left out, and so
are their goals. Exit status 1 when a goal of issue 15 is missed.
"""
import json
import statistics
import sys
from pathlib import Path

work, out_dir, name, latency_ms, gateway = sys.argv[1:6]
work, out_dir = Path(work), Path(out_dir)
latency_ms = float(latency_ms)
facts = json.loads((work / "facts.json").read_text())

warm = {}
for line in (work / "warm.tsv").read_text().split("\n"):
    if not line.strip():
        continue
    case, server, rps, p50, p99, server_busy, client_busy = line.split()
    warm.setdefault(case, {"gateway": [], "nginx": []})[server].append(
        (float(rps), float(p50), float(p99), float(server_busy), float(client_busy)))

report = {"name": name, "gateway": gateway, "facts": facts, "warm": {}, "goals": {}, "earlier_goals": {}}
for case, runs in warm.items():
    pairs = list(zip(runs["gateway"], runs["nginx"]))
    ratios = [g[0] / n[0] for g, n in pairs]
    report["warm"][case] = {
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

# Rounds per API of each cold fetch: its duration in upstream latencies (pages in flight
# together cost one latency; a page waiting for the previous one costs another).
rounds = {}
for provider, fetches in facts.get("cold_fetches", {}).items():
    rounds[provider] = [max(1, round(f["ms"] / latency_ms)) for f in fetches]
report["cold_rounds"] = rounds

g, e, w = report["goals"], report["earlier_goals"], report["warm"]
large = facts.get("large")
if "default" in w:
    g["warm default, identity ≥ 1.00× nginx (sendfile on)"] = w["default"]["ratio_median"] >= 1.0
if "gzip" in w:
    g["warm default, gzip ≥ 1.00× nginx gzip_static"] = w["gzip"]["ratio_median"] >= 1.0
if "outage" in w:
    g["warm, one source in error (breaker open) ≥ 0.95× nginx"] = w["outage"]["ratio_median"] >= 0.95
if large:
    g["45,000 records: distinct uncached queries, median ≤ 5 ms"] = large["query_ms_median"] <= 5
    g["45,000 records: the whole set as CSV ≤ 1 s"] = large["csv_ms_median"] <= 1000
if "large" in w:
    g["45,000 records: warm default ≥ 0.80× nginx"] = w["large"]["ratio_median"] >= 0.8
if "large_rss_kib_after" in facts:
    g["45,000 records: RSS after all of it ≤ 160 MiB"] = facts["large_rss_kib_after"] <= 160 * 1024
refreshing = facts.get("refreshing")
if refreshing and refreshing["idle_p99_ms"] and refreshing["refreshing_p99_ms"]:
    idle_p99 = statistics.median(refreshing["idle_p99_ms"])
    busy_p99 = statistics.median(refreshing["refreshing_p99_ms"])
    g["45,000 records: warm p99 while refreshing ≤ max(3× idle p99, 1.5 ms) (issue 24)"] = \
        busy_p99 <= max(3 * idle_p99, 1.5) and refreshing.get("refreshing_upstream_calls", 0) > 0
if rounds:
    g["cold, 200 ms per call: ≤ 2 rounds per API"] = all(max(r) <= 2 for r in rounds.values())
if "default" in w:
    e["warm default p99 < 5 ms"] = w["default"]["gateway_p99_ms"] < 5
if "filtered" in w:
    e["filtered ≥ 0.8× nginx"] = w["filtered"]["ratio_median"] >= 0.8
if "csv" in w:
    e["csv ≥ 0.8× nginx"] = w["csv"]["ratio_median"] >= 0.8
cold = facts.get("cold_ms")
critical = 2 * latency_ms  # per provider: first page, then the rest in parallel; providers in parallel
if cold:
    report["cold"] = {"emulator_latency_ms": latency_ms, "critical_path_ms": critical,
                      "median_ms": round(statistics.median(cold), 1), "max_ms": round(max(cold), 1), "samples_ms": cold}
    e["cold ≤ 1.2× critical path + 50 ms"] = report["cold"]["median_ms"] <= 1.2 * critical + 50
if "rss_kib_1000_idle_connections" in facts:
    e["RSS < 64 MB at 1,000 connections"] = facts["rss_kib_1000_idle_connections"] < 64 * 1024
soak = facts.get("soak_rss_kib")
if soak:
    e["no RSS growth over the soak"] = soak[-1] <= max(soak[1:3]) * 1.10 + 1024

out_dir.mkdir(parents=True, exist_ok=True)
(out_dir / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

LABELS = {"default": "default, identity", "default-quiet": "default, identity, nginx access_log off",
          "gzip": "default, gzip", "outage": "one source in error",
          "filtered": "filtered page", "csv": "csv page", "large": "45,000 records, default"}
md = [f"# Benchmark {name}", "",
      "Gateway (`threads: 1`, its default log level: an access log line per request) and nginx 1.22 as Debian ships "
      "it (`sendfile on; tcp_nopush on; gzip on;`, `access_log` to a file, `try_files`; `gzip_static on` for gzip "
      "clients; one worker) each pinned to core 0, `wrk -t1 -c50` on core 1, keep-alive, the same bytes (nginx "
      "serves a copy of the gateway's answer); runs alternated; ratio = median of per-pair requests per second. "
      "The `access_log off` row is the same nginx without its log, as the earlier harness ran it (not a goal).",
      ""]
if w:
    sizes = {"default": facts.get("body_bytes"), "default-quiet": facts.get("body_bytes"), "gzip": facts.get("gzip_bytes"),
             "outage": facts.get("outage_bytes"),
             "large": facts.get("large_body_bytes")}
    md += ["| case | body bytes | gateway req/s | nginx req/s | ratio (median) | ratios | gateway p99 | nginx p99 |",
           "|---|---|---|---|---|---|---|---|"]
    for case, v in w.items():
        md.append(f"| {LABELS.get(case, case)} | {sizes.get(case) or ''} | {v['gateway_rps_median']:.0f} "
                  f"| {v['nginx_rps_median']:.0f} | **{v['ratio_median']:.2f}×** | {', '.join(map(str, v['ratios']))} "
                  f"| {v['gateway_p99_ms']:.2f} ms | {v['nginx_p99_ms']:.2f} ms |")
    md += ["", "CPU during the warm runs (core 0 serves, core 1 runs wrk); µs of core 0 per request is what each "
               "server spends on one answer, kernel included:", "",
           "| case | gateway core busy | nginx core busy | wrk core busy | gateway µs/request | nginx µs/request |",
           "|---|---|---|---|---|---|"]
    client_bound = []
    for case, v in w.items():
        md.append(f"| {LABELS.get(case, case)} | {100 * v['gateway_core_busy']:.0f} % | {100 * v['nginx_core_busy']:.0f} % "
                  f"| {100 * v['wrk_core_busy']:.0f} % | {v['gateway_core_us_per_request']} "
                  f"| {v['nginx_core_us_per_request']} |")
        if v["wrk_core_busy"] >= 0.97 and min(v["gateway_core_busy"], v["nginx_core_busy"]) < 0.90:
            client_bound.append(case)
    report["client_bound"] = client_bound
    if client_bound:
        md += ["", f"Client-bound: {', '.join(client_bound)}. wrk's core was saturated while a server's core had idle "
                   "time, so those throughput ratios measure wrk as much as the servers; µs/request still compares."]
if large:
    m = facts.get("large_metrics", {})
    md += ["", f"## Large tenant: 40 accounts, {large['records']} records ({large['not_expired']} not yet expired)", "",
           f"- {large['queries']} distinct uncached queries (`q`, a multi-key `sort`, `page_size=50`; "
           f"{len(large['query_ms']) - 40} of them next pages by `page_token`), timed at the client on one keep-alive "
           f"connection: median **{large['query_ms_median']} ms**, p90 {large['query_ms_p90']} ms, max "
           f"{large['query_ms_max']} ms (first pages {large['first_page_ms_median']} ms, next pages "
           f"{large['next_page_ms_median']} ms; median {large['matched_median']} matches).",
           f"- The whole set as CSV (`format=csv`, streamed chunked): median **{large['csv_ms_median']:.0f} ms** "
           f"({', '.join(str(r['ms']) for r in large['csv'])} ms; {large['csv'][0]['rows']} rows, "
           f"{large['csv'][0]['bytes']} bytes).",
           f"- `/metrics` scrape (new connection each): median **{m.get('scrape_ms_median')} ms**, max "
           f"{m.get('scrape_ms_max')} ms; {m.get('bytes')} bytes, {m.get('series')} series.",
           f"- RSS: {facts.get('large_rss_kib_ready', 0) // 1024} MiB when ready, "
           f"**{facts.get('large_rss_kib_after', 0) // 1024} MiB** after the queries, exports, warm runs and scrapes."]
if refreshing:
    md += ["", "## A warm query while refresh-ahead refetches the large tenant", "",
           f"`account=live-01&page_size=10`, `wrk -t1 -c8`, {len(refreshing['idle_p99_ms'])} runs each; idle "
           f"(ttl 1 h) p99 {', '.join(map(str, refreshing['idle_p99_ms']))} ms at "
           f"{statistics.median(refreshing['idle_rps']):.0f} req/s ({refreshing.get('idle_upstream_calls', 0)} upstream "
           f"calls); while refreshing (ttl 4 s, {refreshing.get('refreshing_upstream_calls', 0)} upstream calls "
           f"during the runs) p99 "
           f"**{', '.join(map(str, refreshing['refreshing_p99_ms']))} ms** at "
           f"{statistics.median(refreshing['refreshing_rps']):.0f} req/s."]
if rounds or cold:
    md += ["", "## Cold"]
    if rounds:
        md += ["", f"Rounds per API (fetch duration / {latency_ms:.0f} ms upstream latency), every fetch of the run; "
                   "AIContent holds 250 resources at the adapter's default page size:", "",
               "| API | rounds per fetch | upstream calls per fetch |", "|---|---|---|"]
        for provider, fetches in facts["cold_fetches"].items():
            md.append(f"| {provider} | {', '.join(map(str, rounds[provider]))} "
                      f"| {', '.join(str(f['calls']) for f in fetches)} |")
    if cold:
        c = report["cold"]
        md += ["", f"Cold `GET /quotas?refresh=true`: median {c['median_ms']} ms (max {c['max_ms']} ms) against a "
                   f"critical path of {critical:.0f} ms (bound {1.2 * critical + 50:.0f} ms)."]
other = []
if "upstream_calls_per_1000_requests" in facts:
    other.append(f"Upstream calls per 1,000 client requests within one TTL: {facts['upstream_calls_per_1000_requests']}.")
if "rss_kib_1000_idle_connections" in facts:
    other.append(f"RSS (3 accounts): {facts['rss_kib_warm'] // 1024} MiB warm, "
                 f"{facts['rss_kib_1000_idle_connections'] // 1024} MiB with 1,000 idle keep-alive connections"
                 + (f"; soak samples (KiB): {', '.join(map(str, soak))}." if soak else "."))
if other:
    md += [""] + other
md += ["", "## Goals (issue 15)", "", "| goal | met |", "|---|---|"]
md += [f"| {k} | {'yes' if v else '**NO**'} |" for k, v in g.items()]
if e:
    md += ["", "Earlier goals, still measured:", "", "| goal | met |", "|---|---|"]
    md += [f"| {k} | {'yes' if v else 'NO'} |" for k, v in e.items()]
(out_dir / f"{name}.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if all(g.values()) else 1)
