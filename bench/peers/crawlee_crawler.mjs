// Crawlee peer for bench/compare.sh: CheerioCrawler over every start URL's host, same hostname
// only, robots.txt respected, pages parsed (cheerio) and their links enqueued, nothing stored.
// Run (from bench/peers/.cache/node, where @crawlee/cheerio is installed):
//   node crawlee_crawler.mjs URLS.txt PROXY_URL MAX_CONCURRENCY
// Crawlee has no per-host connection limit; maxConcurrency is the total. Its AutoscaledPool scales
// concurrency down when the machine's CPU looks overloaded (as it is on a shared 2-core box).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [urlsFile, proxyUrl, maxConc] = process.argv.slice(2);
const require = createRequire(path.join(process.env.NB_NODE_DIR || process.cwd(), 'package.json'));
const { CheerioCrawler, ProxyConfiguration, Configuration, log } = require('@crawlee/cheerio');

// Crawlee 3.18's BasicCrawler fetches robots.txt with RobotsTxtFile.find(url): without the crawler's
// proxy, so behind a proxy robots.txt fails (after a DNS lookup) for every request and is then
// ignored. Pass the proxy (what a user behind a proxy would have to do too).
const { RobotsTxtFile } = require('@crawlee/utils');
const findRobots = RobotsTxtFile.find.bind(RobotsTxtFile);
RobotsTxtFile.find = (url, proxy, options) => findRobots(url, proxy ?? proxyUrl, options);

log.setLevel(log.LEVELS.WARNING);
const urls = readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean);
const config = new Configuration({ persistStorage: false, purgeOnStart: true });
let pages = 0;
let failed = 0;
const crawler = new CheerioCrawler({
  proxyConfiguration: new ProxyConfiguration({ proxyUrls: [proxyUrl] }),
  maxConcurrency: Number(maxConc),
  minConcurrency: Math.min(Number(maxConc), 8),
  respectRobotsTxtFile: true,
  maxRequestRetries: 2,
  maxRequestsPerCrawl: 10_000_000,
  useSessionPool: false,
  persistCookiesPerSession: false,
  additionalMimeTypes: ['text/html'],
  async requestHandler({ $, enqueueLinks }) {
    pages++;
    await enqueueLinks({ strategy: 'same-hostname' });
  },
  failedRequestHandler() { failed++; },
}, config);
const stats = await crawler.run(urls);
console.log('CRAWLEE_STATS ' + JSON.stringify({ handled: pages, failed, ...stats }));
