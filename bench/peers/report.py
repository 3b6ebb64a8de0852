#!/usr/bin/env python3
"""Tables for bench/compare.sh.

  report.py crawl-run RUN_DIR EXPECTED     → RUN_DIR/result.json from access.log, time.txt, rc, load
  report.py table OUT_DIR                  → prints the crawl and extraction tables (markdown)

Counting is done on nginx's access log of the run (one nginx per run), the only counter that
treats every crawler alike: pages = 200 answers to HTML pages (robots.txt excluded), distinct =
different URLs among them, robots violations = requests for /private/ (disallowed by every host's
robots.txt), errors = answers other than 200 (any path) plus the crawler's own non-zero exit.
"""
import json
import os
import re
import statistics
import sys
from urllib.parse import urlsplit

LINE = re.compile(r'^(\S+) (\d{3}) (\d+) "(\S+) (\S+) [^"]*" "[^"]*" (\d+) (\d+)$')
ORDER = ["nianbao", "nianbao-proxy", "wget2", "scrapy", "crawlee"]
LABEL = {"nianbao": "nianbao crawl", "nianbao-proxy": "nianbao crawl --proxy", "wget2": "wget2",
         "scrapy": "Scrapy (CrawlSpider)",
         "crawlee": "Crawlee CheerioCrawler"}


def parse_time(path):
    """GNU time -v output → dict."""
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.strip().rpartition(": ")
            if k == "User time (seconds)":
                out["user"] = float(v)
            elif k == "System time (seconds)":
                out["sys"] = float(v)
            elif k == "Maximum resident set size (kbytes)":
                out["rss_kb"] = int(v)
            elif k.startswith("Elapsed (wall clock) time"):
                parts = [float(x) for x in v.split(":")]
                secs = 0.0
                for p in parts:
                    secs = secs * 60 + p
                out["wall"] = secs
            elif k == "Exit status":
                out["exit"] = int(v)
    return out


def crawl_run(run, expected):
    pages = robots = private = errors = bad_lines = 0
    distinct, hosts, conns = set(), set(), set()
    status_counts = {}
    body_bytes = 0
    with open(os.path.join(run, "access.log"), errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                bad_lines += 1
                continue
            host, status, nbytes, _method, target, conn, _ = m.groups()
            status = int(status)
            status_counts[status] = status_counts.get(status, 0) + 1
            conns.add(conn)
            path = urlsplit(target).path if target.startswith("http") else target.split("?")[0]
            if status != 200:
                errors += 1
            if path == "/robots.txt":
                robots += 1
                continue
            if path.startswith("/private/"):
                private += 1
            if status == 200:
                pages += 1
                body_bytes += int(nbytes)
                distinct.add((host, path))
                hosts.add(host)
    t = parse_time(os.path.join(run, "time.txt"))
    load = open(os.path.join(run, "load.txt")).read().split("\n") if os.path.exists(os.path.join(run, "load.txt")) else []
    r = {
        "pages": pages, "distinct": len(distinct), "duplicates": pages - len(distinct),
        "hosts": len(hosts), "robots_txt": robots, "robots_violations": private,
        "errors": errors + (1 if t.get("exit", 0) not in (0, 124) else 0), "exit": t.get("exit"),
        "capped": t.get("exit") == 124,
        "status": status_counts, "connections": len(conns), "mb": body_bytes / 1e6,
        "missing": max(0, expected - len(distinct)), "expected": expected,
        "wall": t.get("wall"), "cpu": t.get("user", 0) + t.get("sys", 0), "user": t.get("user"),
        "sys": t.get("sys"), "rss_mb": t.get("rss_kb", 0) / 1024, "load": [l for l in load if l],
        "unparsed_log_lines": bad_lines,
    }
    r["pages_per_s"] = pages / r["wall"] if r["wall"] else 0
    r["cpu_per_1000"] = r["cpu"] / pages * 1000 if pages else float("nan")
    with open(os.path.join(run, "result.json"), "w") as f:
        json.dump(r, f, indent=1)
    print(f"  {os.path.basename(run)}: {pages} pages ({len(distinct)} distinct of {expected}), "
          f"{r['wall']:.1f} s, {r['pages_per_s']:.0f} pages/s, CPU {r['cpu']:.1f} s, "
          f"peak RSS {r['rss_mb']:.0f} MB, errors {r['errors']}, robots violations {private}")


def fmt_ratio(a, b):
    if not a or not b or a != a or b != b:
        return "–"
    return f"{a / b:.2f}×"


def median_runs(runs):
    keys = ["pages", "distinct", "duplicates", "errors", "robots_violations", "missing", "wall", "cpu",
            "rss_mb", "pages_per_s", "cpu_per_1000", "connections"]
    return {k: statistics.median([r[k] for r in runs]) for k in keys} | {"n": len(runs),
            "capped": sum(1 for r in runs if r.get("capped")),
            "load": [r["load"] for r in runs]}


def table(out):
    crawl = {}
    cdir = os.path.join(out, "crawl")
    if os.path.isdir(cdir):
        for d in sorted(os.listdir(cdir)):
            p = os.path.join(cdir, d, "result.json")
            if os.path.exists(p):
                peer = d.split(".")[0]
                crawl.setdefault(peer, []).append(json.load(open(p)))
    skipped = {}
    sp = os.path.join(out, "skipped.txt")
    if os.path.exists(sp):
        for line in open(sp):
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                skipped[k] = v
    meta = json.load(open(os.path.join(out, "meta.json"))) if os.path.exists(os.path.join(out, "meta.json")) else {}
    if crawl or any(k in ORDER for k in skipped):
        print(f"\n### Crawl: {meta.get('hosts')} hosts × {meta.get('pages')} pages "
              f"({meta.get('expected')} in scope), per-host {meta.get('per_host')}, "
              f"concurrency {meta.get('concurrency')}, no delay, robots on"
              + (f", time cap {meta['time_cap']} s" if meta.get("time_cap") else "") + "\n")
        print("| crawler | runs | wall s | pages fetched | distinct / in scope | pages/s | CPU s / 1,000 pages "
              "| pages per CPU-s | peak RSS MB | errors | robots violations | dup | conns |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        med = {p: median_runs(rs) for p, rs in crawl.items()}
        for p in ORDER:
            if p in med:
                m = med[p]
                capped = f" (capped{'' if m['n'] == 1 else ' ×%d' % m['capped']})" if m["capped"] else ""
                print(f"| {LABEL[p]} | {m['n']} | {m['wall']:.1f}{capped} | {m['pages']:.0f} | {m['distinct']:.0f} / "
                      f"{meta.get('expected')} | {m['pages_per_s']:.0f} | {m['cpu_per_1000']:.2f} | {1000 / m['cpu_per_1000']:.0f} | "
                      f"{m['rss_mb']:.0f} | {m['errors']:.0f} | {m['robots_violations']:.0f} | "
                      f"{m['duplicates']:.0f} | {m['connections']:.0f} |")
            elif p in skipped:
                print(f"| {LABEL[p]} | skipped: {skipped[p]} | | | | | | | | | | | |")
        if "nianbao" in med:
            n = med["nianbao"]
            print("\nnianbao / peer, same run (pages/s and pages per CPU-second: above 1 is better for "
                  "nianbao; peak RSS: below 1 is better):\n")
            print("| peer | pages/s ratio | pages per CPU-s ratio | peak RSS ratio |")
            print("|---|---|---|---|")
            for p in ORDER:
                if p in med and not p.startswith("nianbao"):
                    m = med[p]
                    print(f"| {LABEL[p]} | {fmt_ratio(n['pages_per_s'], m['pages_per_s'])} | "
                          f"{fmt_ratio(m['cpu_per_1000'], n['cpu_per_1000'])} | {fmt_ratio(n['rss_mb'], m['rss_mb'])} |")
        print("\nload (uptime before / after each run):")
        for p in ORDER:
            for i, r in enumerate(crawl.get(p, [])):
                print(f"  {p}#{i + 1}: " + " | ".join(l.split("load average:")[-1].strip() for l in r["load"]))
    ex = os.path.join(out, "extract", "results.jsonl")
    if os.path.exists(ex):
        rows = [json.loads(l) for l in open(ex) if l.strip()]
        print(f"\n### Extraction: {meta.get('extract_pages_desc', '')}\n")
        print("| extractor | pages | MB | MB/s (wall) | MB per CPU-second | mean char-F1 | pages F1 ≥ 0.9 |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            if r.get("skipped"):
                print(f"| {r['tool']} | skipped: {r['skipped']} | | | | | |")
                continue
            f1 = r.get("f1") or {}
            print(f"| {r['tool']} | {r['pages']} | {r['bytes'] / 1e6:.2f} | "
                  f"{r['mb_per_s']:.2f} | {r.get('mb_per_cpu_s', float('nan')):.2f} | "
                  f"{f1.get('mean_f1', float('nan')):.3f} | {f1.get('pages_f1_ge_0.9', '–')} / {f1.get('pages', '–')} |")
        nb = next((r for r in rows if r["tool"].startswith("nianbao extract") and not r.get("skipped")), None)
        if nb:
            print("\nnianbao / peer: ", end="")
            parts = []
            for r in rows:
                if r is nb or r.get("skipped") or r["tool"].startswith("nianbao"):
                    continue
                parts.append(f"{r['tool']}: MB per CPU-s {fmt_ratio(nb.get('mb_per_cpu_s'), r.get('mb_per_cpu_s'))}, "
                             f"F1 {nb['f1']['mean_f1']:.3f} vs {r['f1']['mean_f1']:.3f}" if r.get("f1") and nb.get("f1")
                             else f"{r['tool']}: MB per CPU-s {fmt_ratio(nb.get('mb_per_cpu_s'), r.get('mb_per_cpu_s'))}")
            print("; ".join(parts))


if __name__ == "__main__":
    if sys.argv[1] == "crawl-run":
        crawl_run(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)
