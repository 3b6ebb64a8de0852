"""Scrapy peer for bench/compare.sh: crawl every start URL's host, same host only, robots on.

Run: http_proxy=http://127.0.0.1:PORT scrapy runspider scrapy_spider.py -a urls=URLS.txt \
       -s CONCURRENT_REQUESTS=N -s CONCURRENT_REQUESTS_PER_DOMAIN=M
The proxy (nginx, which serves absolute-URI requests itself) is picked up from http_proxy by
Scrapy's HttpProxyMiddleware. Pages are parsed (links extracted), not stored: what a user's spider
does before its item pipeline. Prints a one-line JSON summary of Scrapy's own stats at the end.
"""
import json
from urllib.parse import urlsplit

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class BenchSpider(CrawlSpider):
    name = "bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "RETRY_TIMES": 2,
        "DEPTH_LIMIT": 0,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        # Scrapy's "Broad Crawls" advice for many domains at once (docs/topics/broad-crawls):
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "COOKIES_ENABLED": False,
    }
    rules = (Rule(LinkExtractor(), callback="parse_page", follow=True, process_links="same_host"),)

    def __init__(self, urls=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(urls) as f:
            self.start_urls = [u.strip() for u in f if u.strip()]

    def same_host(self, links):
        # Scope: links on the host of the page they are on (set per response in _requests_to_follow).
        return [l for l in links if urlsplit(l.url).hostname == self._current_host]

    def _requests_to_follow(self, response):
        self._current_host = urlsplit(response.url).hostname
        return super()._requests_to_follow(response)

    def parse_start_url(self, response):
        return self.parse_page(response)

    def parse_page(self, response):
        return None

    def closed(self, reason):
        s = self.crawler.stats.get_stats()
        keep = {k: v for k, v in s.items() if k.startswith(("downloader/response_status_count",
                "downloader/exception", "retry/", "robotstxt/", "finish_reason", "response_received_count",
                "log_count/ERROR", "elapsed_time_seconds"))}
        print("SCRAPY_STATS " + json.dumps(keep, default=str, sort_keys=True))
