// Mozilla Readability peer for bench/compare.sh: extraction MB/s and texts.
//   node readability_js.mjs DOM PAGES_DIR OUT_DIR [MIN_SECONDS]
// DOM is jsdom (what Readability's README uses; it sniffs <meta charset> from the bytes, so GBK
// pages decode) or linkedom (faster; given the bytes decoded by <meta charset> here).
// Writes OUT_DIR/<name>.txt = article.textContent (the body without the title, as the hand-cut
// truth texts are); prints one JSON line: pages, bytes, wall and CPU seconds, MB/s and MB per
// CPU-second (parse + Readability per page, repeated until MIN_SECONDS of wall time have passed).
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [dom, dir, out, minSecondsArg] = process.argv.slice(2);
const minSeconds = Number(minSecondsArg || 3);
const require = createRequire(path.join(process.env.NB_NODE_DIR || process.cwd(), 'package.json'));
const { Readability } = require('@mozilla/readability');
mkdirSync(out, { recursive: true });

function sniffCharset(buf) {
  const head = buf.subarray(0, 2048).toString('latin1');
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)/i);
  const cs = m ? m[1].toLowerCase() : 'utf-8';
  return cs === 'gb2312' || cs === 'gbk' ? 'gb18030' : cs;
}

let parse;
if (dom === 'jsdom') {
  const { JSDOM, VirtualConsole } = require('jsdom');
  const vc = new VirtualConsole();   // silence CSS parse errors
  parse = (buf, url) => new JSDOM(buf, { url, virtualConsole: vc }).window.document;
} else {
  const { parseHTML } = require('linkedom');
  parse = (buf) => {
    let text;
    try { text = new TextDecoder(sniffCharset(buf)).decode(buf); } catch { text = buf.toString('utf8'); }
    return parseHTML(text).document;
  };
}

const files = readdirSync(dir).filter((f) => /\.html?$/.test(f)).sort();
const pages = files.map((f) => ({ name: f.replace(/\.html?$/, ''), buf: readFileSync(path.join(dir, f)) }));
const bytes = pages.reduce((n, p) => n + p.buf.length, 0);
const extract = (p) => {
  try {
    const a = new Readability(parse(p.buf, 'http://example.gov.cn/' + p.name + '.html')).parse();
    return a ? a.textContent : '';
  } catch (e) {
    return '';
  }
};
// One pass writes the texts (and warms the JIT), then timed passes.
for (const p of pages) writeFileSync(path.join(out, p.name + '.txt'), extract(p));
let rounds = 0;
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let secs = 0;
do {
  for (const p of pages) extract(p);
  rounds++;
  secs = Number(process.hrtime.bigint() - t0) / 1e9;
} while (secs < minSeconds);
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.log(JSON.stringify({ tool: `readability.js+${dom}`, pages: pages.length, bytes, rounds, seconds: secs,
  cpu_seconds: cpu, mb_per_s: (bytes * rounds) / 1e6 / secs, mb_per_cpu_s: (bytes * rounds) / 1e6 / cpu }));
