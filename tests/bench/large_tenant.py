"""The large tenant's query path, measured from a client on one keep-alive connection: how many
records there are, distinct uncached queries (q, a multi-key sort, page_size=50, then the next
page of some), and the whole set as CSV. Prints one JSON object.

    python3 large_tenant.py PORT
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

port = int(sys.argv[1])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def get(target, headers=None):
    start = time.perf_counter()
    conn.request("GET", target, headers=headers or {})
    r = conn.getresponse()
    body = r.read()
    elapsed = time.perf_counter() - start
    if r.status != 200:
        sys.exit(f"{target}: HTTP {r.status} {body[:300]!r}")
    return elapsed, body, r


def total(query):
    _, body, _ = get("/quotas?page_size=1&" + query if query else "/quotas?page_size=1")
    return json.loads(body)["total_items"]


# What a search box and a column header send: a substring, a sort on several keys, a page of 50.
# Forty distinct combinations, none asked before, so none is in a rendered-answer cache.
SEARCHES = ["traffic", "transcode", "linkmic", "oral", "essay", "homework", "explain", "license",
            "live-0", "rtc-1", "aic-0", "2810", "3811", "4812", "cn1001", "airec", "tencent", "ice",
            "aicontent", "audio", "vision", "1771", "9000", "口语", "批改", "讲题", "作业", "包",
            "live-13", "rtc-07", "aic-12", "28105", "38120", "48110", "_public", "license_", "-cn-4",
            "ai-", "live:", "package"]
SORTS = ["-remaining,name", "kind,-expires_at", "status,-utilization,name", "provider,account,-total",
         "-expires_at,name", "unit,-used,kind", "name,-remaining", "account,status,expires_at"]

queries = []
for i, q in enumerate(SEARCHES):
    queries.append("q=" + urllib.parse.quote(q) + "&sort=" + SORTS[i % len(SORTS)] + "&page_size=50")

records = total("")
not_expired = total("expires_after=now")
first_pages, next_pages, matched = [], [], []
tokens = []
for target in queries:
    elapsed, body, _ = get("/quotas?" + target)
    doc = json.loads(body)
    first_pages.append(elapsed * 1000)
    matched.append(doc["total_items"])
    if doc["next_page_token"] and len(tokens) < 20:
        tokens.append(target + "&page_token=" + urllib.parse.quote(doc["next_page_token"]))
for target in tokens:
    elapsed, _, _ = get("/quotas?" + target)
    next_pages.append(elapsed * 1000)

# The whole set as CSV: streamed, every record; timed to the last byte. Three in a row (each is
# rendered anew: exports are never cached).
csv_runs = []
for _ in range(3):
    elapsed, body, response = get("/quotas?format=csv")
    csv_runs.append({"ms": round(elapsed * 1000, 1), "bytes": len(body), "rows": body.count(b"\r\n") - 1,
                     "chunked": response.getheader("Transfer-Encoding") == "chunked"})

queried = first_pages + next_pages
print(json.dumps({
    "records": records,
    "not_expired": not_expired,
    "queries": len(queried),
    "query_ms_median": round(statistics.median(queried), 2),
    "query_ms_p90": round(sorted(queried)[int(0.9 * (len(queried) - 1))], 2),
    "query_ms_max": round(max(queried), 2),
    "first_page_ms_median": round(statistics.median(first_pages), 2),
    "next_page_ms_median": round(statistics.median(next_pages), 2) if next_pages else None,
    "matched_median": statistics.median(matched),
    "query_ms": [round(x, 2) for x in queried],
    "csv": csv_runs,
    "csv_ms_median": statistics.median(r["ms"] for r in csv_runs),
}))
