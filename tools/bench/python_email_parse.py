#!/usr/bin/env python3
"""Baseline for `mailhub bench parse`: CPython's email package on the same folder.

Parses every *.eml in the folder over and over for N seconds with
message_from_bytes(policy=default) and reads the bodies with get_body (plain, html),
then prints one JSON line like the C# bench.

    python3 tools/bench/python_email_parse.py /work/shared/mime-corpus/synthetic --seconds 10
"""
import argparse
import email
import email.policy
import json
import pathlib
import sys
import time


def parse_all(messages):
    for raw in messages:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for preference in ("plain", "html"):
            part = msg.get_body(preferencelist=(preference,))
            if part is not None:
                try:
                    part.get_content()
                except (LookupError, UnicodeError):
                    pass
        list(msg.iter_attachments())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    messages = [p.read_bytes() for p in sorted(pathlib.Path(args.folder).rglob("*.eml"))]
    total_bytes = sum(len(m) for m in messages)
    parse_all(messages)  # warm up
    count = 0
    size = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while time.perf_counter() - start < args.seconds:
        parse_all(messages)
        count += len(messages)
        size += total_bytes
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"python email: {count} messages in {elapsed:.1f} s wall, {cpu:.1f} s CPU: {count / cpu:.0f} messages per CPU-second",
          file=sys.stderr)
    print(json.dumps({"messagesPerSecond": round(count / elapsed), "megabytesPerSecond": round(size / elapsed / 1e6, 2)}))


if __name__ == "__main__":
    main()
