#!/usr/bin/python3
"""readability-lxml peer for bench/compare.sh: extraction MB/s and texts.
  /usr/bin/python3 readability_lxml.py PAGES_DIR OUT_DIR [MIN_SECONDS]
Document(bytes).summary() (readability-lxml decodes by <meta charset> itself), then the summary's
text_content(). Writes OUT_DIR/<name>.txt; prints one JSON line with MB/s (repeated until
MIN_SECONDS have passed)."""
import json, os, sys, time
import lxml.html
from readability import Document

src, out = sys.argv[1], sys.argv[2]
min_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
os.makedirs(out, exist_ok=True)
pages = []
for f in sorted(os.listdir(src)):
    if f.endswith((".html", ".htm")):
        with open(os.path.join(src, f), "rb") as fh:
            pages.append((f.rsplit(".", 1)[0], fh.read()))


def extract(raw):
    try:
        html = Document(raw).summary(html_partial=True)
        return lxml.html.fromstring(html).text_content()
    except Exception:
        return ""


for name, raw in pages:
    with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as fh:
        fh.write(extract(raw))
nbytes = sum(len(r) for _, r in pages)
rounds, t0, c0 = 0, time.perf_counter(), time.process_time()
while True:
    for _, raw in pages:
        extract(raw)
    rounds += 1
    secs = time.perf_counter() - t0
    if secs >= min_seconds:
        break
cpu = time.process_time() - c0
print(json.dumps({"tool": "readability-lxml", "pages": len(pages), "bytes": nbytes, "rounds": rounds,
                  "seconds": secs, "cpu_seconds": cpu, "mb_per_s": nbytes * rounds / 1e6 / secs,
                  "mb_per_cpu_s": nbytes * rounds / 1e6 / cpu}))
