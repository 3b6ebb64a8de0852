#!/usr/bin/env python3
"""nianbao's extractor as a peer sees it: `nianbao extract FILE --format json` on every page.
  nianbao_extract.py NIANBAO PAGES_DIR OUT_DIR [ROUNDS]
Writes OUT_DIR/<name>.txt = the canonical text less its first line (the title: the hand-cut truth
texts have none, as tests/extractor/score_test.cc scores it). Times the children's CPU (getrusage)
over ROUNDS passes and subtracts the same number of runs on a 200-byte page (process start-up and
exit of a 40 MB binary), so MB per CPU-second is the extractor's, comparable with the in-process
peers. Wall MB/s is also printed with start-up included (it is not comparable; bench_extract_html
gives the in-process wall figure)."""
import json, os, resource, subprocess, sys, tempfile, time

nb, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
os.makedirs(out, exist_ok=True)
files = sorted(f for f in os.listdir(src) if f.endswith((".html", ".htm")))
nbytes = sum(os.path.getsize(os.path.join(src, f)) for f in files)


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


failed = 0
for f in files:
    p = subprocess.run([nb, "extract", os.path.join(src, f), "--format", "json"], capture_output=True)
    text = ""
    if p.returncode == 0:
        try:
            text = json.loads(p.stdout).get("text", "")
        except ValueError:
            failed += 1
    else:
        failed += 1
    nl = text.find("\n")
    with open(os.path.join(out, f.rsplit(".", 1)[0] + ".txt"), "w", encoding="utf-8") as fh:
        fh.write(text[nl + 1:] if nl >= 0 else "")

with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as tiny:
    tiny.write('<html><head><meta charset="utf-8"><title>t</title></head><body><p>空</p></body></html>')


def timed(paths):
    c0, t0 = cpu(), time.perf_counter()
    for _ in range(rounds):
        for p in paths:
            subprocess.run([nb, "extract", p, "--format", "json"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    return cpu() - c0, time.perf_counter() - t0


c_pages, w_pages = timed([os.path.join(src, f) for f in files])
c_base, w_base = timed([tiny.name] * len(files))
os.unlink(tiny.name)
net = max(c_pages - c_base, 1e-9)
print(json.dumps({"tool": "nianbao extract (CLI)", "pages": len(files), "bytes": nbytes, "rounds": rounds,
                  "seconds": w_pages, "cpu_seconds": net, "startup_cpu_seconds": c_base,
                  "mb_per_s": nbytes * rounds / 1e6 / w_pages, "mb_per_cpu_s": nbytes * rounds / 1e6 / net,
                  "failed": failed}))
