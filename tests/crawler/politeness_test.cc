// The per-host queues (crawler/src/politeness.h) on a fake clock: a simulated scheduler drives
// them the way the engine does, with random answer times, and checks every rule on every step.
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "../../crawler/src/politeness.h"

using namespace nianbao::crawler;

namespace {

FrontierItem Item(const std::string& url, int priority = 0, uint64_t seq = 0) {
  FrontierItem it;
  it.url = url;
  it.priority = priority;
  it.seq = seq;
  return it;
}

}  // namespace

TEST_CASE("politeness: Crawl-delay wins when larger, capped", "[politeness]") {
  HostQueue h;
  h.rules = RobotsRules::Parse("User-agent: *\nCrawl-delay: 2\n", "nianbao");
  h.ApplyCrawlDelay(1000, 30000);
  CHECK(h.delay_ms == 2000);
  h.ApplyCrawlDelay(3000, 30000);
  CHECK(h.delay_ms == 3000);
  h.rules = RobotsRules::Parse("User-agent: *\nCrawl-delay: 3600\n", "nianbao");
  h.ApplyCrawlDelay(1000, 30000);
  CHECK(h.delay_ms == 30000);
  h.rules = RobotsRules::AllowAll();
  h.ApplyCrawlDelay(1000, 30000);
  CHECK(h.delay_ms == 1000);
}

TEST_CASE("politeness: a queued item comes back whole (packed while it waits)", "[politeness]") {
  FrontierItem it;
  it.url = "http://a.test/列表?x=1";
  it.method = "POST";
  it.post_body = std::string("col=1&\0bin", 10);
  it.content_type = "application/json";
  it.agency = "bench-7";
  it.anchor = "2023年政府信息公开工作年度报告";
  it.referrer = "http://a.test/";
  it.etag = "\"abc\"";
  it.last_modified = "Wed, 25 Nov 2026 10:00:00 GMT";
  it.kind = 5;
  it.depth = 3;
  it.priority = -7;
  it.redirects = 2;
  it.report_hint = true;
  it.seq = 1ull << 40;
  it.attempts = 1;
  HostQueue h;
  h.Push(it);
  h.Push(Item("http://a.test/low", -100, 1));
  FrontierItem back = h.Pop();
  CHECK(back.url == it.url);
  CHECK(back.method == it.method);
  CHECK(back.post_body == it.post_body);
  CHECK(back.content_type == it.content_type);
  CHECK(back.agency == it.agency);
  CHECK(back.anchor == it.anchor);
  CHECK(back.referrer == it.referrer);
  CHECK(back.etag == it.etag);
  CHECK(back.last_modified == it.last_modified);
  CHECK(back.kind == it.kind);
  CHECK(back.depth == it.depth);
  CHECK(back.priority == it.priority);
  CHECK(back.redirects == it.redirects);
  CHECK(back.report_hint == it.report_hint);
  CHECK(back.seq == it.seq);
  CHECK(back.attempts == it.attempts);
  CHECK(h.Pop().url == "http://a.test/low");
  CHECK(h.empty());
  // A cut-off packed string gives a partial item, never a read past its end.
  const std::string packed = it.Pack();
  for (size_t n = 0; n < packed.size(); ++n) CHECK(FrontierItem::Unpack(std::string_view(packed).substr(0, n)).url.size() <= it.url.size());
  // With the queue's origin the URLs keep only their paths: smaller, and the same item back.
  const std::string elided = it.Pack("http://a.test");
  CHECK(elided.size() + 2 * std::string("http://a.test").size() == packed.size());
  const FrontierItem back2 = FrontierItem::Unpack(elided, "http://a.test");
  CHECK(back2.url == it.url);
  CHECK(back2.referrer == it.referrer);
  CHECK(back2.priority == it.priority);
  CHECK(back2.seq == it.seq);
  CHECK(back2.attempts == it.attempts);
  CHECK(FrontierItem::Unpack(it.Pack("http://b.test"), "http://b.test").url == it.url);   // not elided
}

TEST_CASE("politeness: a host's queue is by priority, then first come", "[politeness]") {
  Politeness p;
  HostQueue* h = p.Host("a.test", "http://a.test/");
  h->Push(Item("http://a.test/1", 0, 1));
  h->Push(Item("http://a.test/2", 5, 2));
  h->Push(Item("http://a.test/3", 0, 3));
  h->Push(Item("http://a.test/4", 5, 4));
  CHECK(p.queued() == 4);
  CHECK(h->Pop().url == "http://a.test/2");
  CHECK(h->Pop().url == "http://a.test/4");
  CHECK(h->Pop().url == "http://a.test/1");
  CHECK(h->Pop().url == "http://a.test/3");
  CHECK(p.queued() == 0);
}

TEST_CASE("politeness: on a fake clock, the delay and the per-host limit are never broken", "[politeness]") {
  for (int per_host : {1, 2}) {
    for (uint32_t seed : {1u, 2u, 3u}) {
      std::mt19937 rng(seed);
      Politeness p;
      const int64_t delay = 100;
      p.Configure(delay, per_host);
      std::vector<HostQueue*> hosts;
      for (int i = 0; i < 5; ++i) {
        HostQueue* h = p.Host("h" + std::to_string(i) + ".test", "http://x/");
        h->robots_state = HostQueue::kReady;
        h->delay_ms = i == 4 ? 250 : delay;  // one host with a larger Crawl-delay
        for (int k = 0; k < 20; ++k) h->Push(Item("http://h/" + std::to_string(k)));
        hosts.push_back(h);
        p.Reschedule(h, 0);
      }
      // The engine's rules: a start sets next = start + delay; an end sets next = end + delay.
      std::multimap<int64_t, HostQueue*> ends;  // fake time → a transfer of that host ends
      std::map<HostQueue*, std::vector<std::pair<int64_t, int64_t>>> starts;  // (start, end)
      int64_t now = 0;
      int guard = 0;
      while ((p.queued() > 0 || !ends.empty()) && ++guard < 100000) {
        p.Wake(now);
        while (HostQueue* h = p.NextReady(now)) {
          REQUIRE(h->active < per_host);
          REQUIRE(now >= h->next_ms);
          h->Pop();
          h->active++;
          h->next_ms = std::max(h->next_ms, now + h->delay_ms);
          const int64_t end = now + std::uniform_int_distribution<int64_t>(1, 300)(rng);
          ends.emplace(end, h);
          starts[h].push_back({now, end});
          p.Reschedule(h, now);
        }
        // Advance the fake clock to the next event: an answer, or a host waking.
        int64_t next = ends.empty() ? INT64_MAX : ends.begin()->first;
        if (auto w = p.NextWake()) next = std::min(next, *w);
        REQUIRE(next != INT64_MAX);
        now = std::max(now, next);
        while (!ends.empty() && ends.begin()->first <= now) {
          HostQueue* h = ends.begin()->second;
          ends.erase(ends.begin());
          h->active--;
          h->next_ms = std::max(h->next_ms, now + h->delay_ms);
          p.Reschedule(h, now);
        }
      }
      REQUIRE(p.queued() == 0);
      for (auto& [h, v] : starts) {
        REQUIRE(v.size() == 20);
        for (size_t i = 1; i < v.size(); ++i) {
          INFO(h->host << " request " << i);
          CHECK(v[i].first - v[i - 1].first >= h->delay_ms);  // start to start
          if (per_host == 1) CHECK(v[i].first - v[i - 1].second >= h->delay_ms);  // after the answer
        }
        // At most per_host at once.
        for (size_t i = 0; i < v.size(); ++i) {
          int overlapping = 0;
          for (size_t k = 0; k < v.size(); ++k)
            if (v[k].first <= v[i].first && v[i].first < v[k].second) ++overlapping;
          CHECK(overlapping <= per_host);
        }
      }
    }
  }
}
