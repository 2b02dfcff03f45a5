"""Reads `wrk --latency` output on stdin; prints 'requests_per_second p50_ms p99_ms'."""
import re
import sys

text = sys.stdin.read()


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors and int(errors.group(1)) > 0:
    sys.exit(f"wrk saw {errors.group(1)} error responses")
print(f"{rps:.0f} {ms(*p50.groups()):.3f} {ms(*p99.groups()):.3f}")
