"""/metrics as Prometheus scrapes it, timed to the last byte: a new connection per scrape, as a
scraper does, ten scrapes. Prints one JSON object.

    python3 scrape.py PORT
"""
import http.client
import json
import statistics
import sys
import time

port = int(sys.argv[1])
times, sizes, series = [], [], 0
for _ in range(10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", "/metrics")
    r = conn.getresponse()
    body = r.read()
    times.append((time.perf_counter() - start) * 1000)
    conn.close()
    if r.status != 200:
        sys.exit(f"/metrics: HTTP {r.status}")
    sizes.append(len(body))
    series = sum(1 for line in body.split(b"\n") if line and not line.startswith(b"#"))
print(json.dumps({"scrape_ms_median": round(statistics.median(times), 2), "scrape_ms_max": round(max(times), 2),
                  "bytes": sizes[-1], "series": series}))
