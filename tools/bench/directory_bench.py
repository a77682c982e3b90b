#!/usr/bin/env python3
"""Issue #19's figures against a running host (tools/bench/directory.sh starts one and seeds the customers).

1. The import preview of a generated sheet of --rows members (CSV), against an empty directory; applied; then the
   export (XLSX and CSV) of the directory uploaded again as a preview, every row compared with its member ("unchanged").
2. GET /api/directory/suggestions p50/p95/p99, one request at a time, per kind of query.
Prints one JSON object per figure. Standard library only.
"""
import argparse
import io
import json
import math
import random
import statistics
import time
import urllib.parse
import urllib.request
import uuid

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def request(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=600) as response:
        return response.read()


def token(base, email, password):
    body = json.dumps({"email": email, "password": password}).encode()
    answer = json.loads(request(f"{base}/api/auth/token", "POST", body, {"Content-Type": "application/json"}))
    return answer["accessToken"]


def multipart(name, content, media_type):
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: {media_type}\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def sheet(rows):
    out = io.StringIO()
    out.write("Account,Name,Departments,Email,Mobile,Position,Status\r\n")
    rng = random.Random(19)
    for i in range(rows):
        region = f"Region {i % 10}"
        team = f"Team {i % 200}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if i % 3 == 0 else "")
        out.write(f"m{i:05d},{name},Company/{region}/{team},m{i:05d}@corp.example.cn,+86 138 {i % 10000:04d} {i % 7919:04d},Agent,active\r\n")
    return out.getvalue().encode("utf-8")


def upload(base, auth, name, content, fmt, apply, media_type):
    body, content_type = multipart(name, content, media_type)
    started = time.perf_counter()
    answer = json.loads(request(f"{base}/api/directory/import?format={fmt}&apply={'true' if apply else 'false'}", "POST", body,
                                {"Authorization": auth, "Content-Type": content_type}))
    return time.perf_counter() - started, answer


def summary(answer):
    return {k: answer[k] for k in ("created", "updated", "unchanged", "failed", "departmentsCreated")}


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--work", default="/tmp")
    parser.add_argument("--phase", choices=("import", "suggestions", "all"), default="all")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    auth = "Bearer " + token(base, args.email, args.password)

    if args.phase in ("import", "all"):
        imports(base, auth, args)
    if args.phase in ("suggestions", "all"):
        suggestions(base, auth, args)


def imports(base, auth, args):
    csv = sheet(args.rows)
    for run in range(3):
        seconds, answer = upload(base, auth, "members.csv", csv, "csv", False, "text/csv")
        print(json.dumps({"figure": "import preview, new members", "format": "csv", "rows": args.rows, "run": run + 1,
                          "seconds": round(seconds, 3), **summary(answer)}), flush=True)
    seconds, answer = upload(base, auth, "members.csv", csv, "csv", True, "text/csv")
    print(json.dumps({"figure": "import apply, new members", "format": "csv", "rows": args.rows, "seconds": round(seconds, 3),
                      **summary(answer)}), flush=True)

    for fmt, media_type in (("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("csv", "text/csv")):
        started = time.perf_counter()
        exported = request(f"{base}/api/directory/export?format={fmt}", headers={"Authorization": auth})
        export_seconds = time.perf_counter() - started
        print(json.dumps({"figure": "export", "format": fmt, "bytes": len(exported), "seconds": round(export_seconds, 3)}), flush=True)
        for run in range(3):
            seconds, answer = upload(base, auth, f"export.{fmt}", exported, fmt, False, media_type)
            print(json.dumps({"figure": "import preview of the export (every row compared)", "format": fmt, "rows": len(answer["rows"]),
                              "run": run + 1, "seconds": round(seconds, 3), **summary(answer)}), flush=True)



def suggestions(base, auth, args):
    # Suggestions: what an agent types in To/Cc. One CJK character matches thousands of names (no trigram index for
    # fewer than three characters), two characters hundreds, pinyin prefixes match addresses from their start.
    kinds = {
        "one Chinese character": list(SURNAMES),
        "two Chinese characters": [s + g for s in SURNAMES for g in GIVEN],
        "address prefix": ["wang", "li.na", "zhang.w", "chen.ji", "zhao", "m0001", "liu.f", "sun.le"],
        "company domain or long prefix": ["co17.example", "huang.min123", "m00042@corp", "gao.jun9"],
    }
    headers = {"Authorization": auth}
    rng = random.Random(7)
    for q in ("王", "wang"):  # warm up the plans and the connection pool
        request(f"{base}/api/directory/suggestions?q={urllib.parse.quote(q)}&limit=10", headers=headers)
    everything = []
    for kind, queries in kinds.items():
        times = []
        counts = []
        for _ in range(args.requests):
            q = rng.choice(queries)
            started = time.perf_counter()
            answer = json.loads(request(f"{base}/api/directory/suggestions?q={urllib.parse.quote(q)}&limit=10", headers=headers))
            times.append((time.perf_counter() - started) * 1000)
            counts.append(len(answer["items"]))
        everything.extend(times)
        print(json.dumps({"figure": "suggestions", "kind": kind, "requests": len(times), "p50_ms": round(percentile(times, 50), 1),
                          "p95_ms": round(percentile(times, 95), 1), "p99_ms": round(percentile(times, 99), 1),
                          "mean_items": round(statistics.mean(counts), 1)}), flush=True)
    print(json.dumps({"figure": "suggestions", "kind": "all", "requests": len(everything), "p50_ms": round(percentile(everything, 50), 1),
                      "p95_ms": round(percentile(everything, 95), 1), "p99_ms": round(percentile(everything, 99), 1)}), flush=True)


if __name__ == "__main__":
    main()
