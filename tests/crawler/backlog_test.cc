// The bound on requests held in memory (crawler/src/backlog.h), against a map standing in for the
// frontier's pending records.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>

#include "../../crawler/src/backlog.h"

using nianbao::Status;
using nianbao::crawler::FrontierItem;
using nianbao::crawler::internal::Backlog;

namespace {

// The frontier's pending requests by key, and a Backlog reading them back.
struct Disk {
  std::map<std::string, FrontierItem> pending;
  int scans = 0;
  bool fail = false;

  Backlog Make(size_t per_host, size_t urgent_per_host = 256) {
    Backlog::Options o;
    o.per_host = per_host;
    o.urgent_per_host = urgent_per_host;
    return Backlog(o, [this](const std::string& prefix, const std::string& start, const Backlog::Visit& visit) {
      ++scans;
      if (fail) return Status::IOError("disk gone");
      for (auto it = pending.lower_bound(std::max(prefix, start)); it != pending.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0) break;
        FrontierItem copy = it->second;
        if (!visit(it->first, std::move(copy))) break;
      }
      return Status::OK();
    });
  }
  // Admitted by the frontier: on disk, then offered to the backlog.
  bool Admit(Backlog* b, const FrontierItem& it) {
    pending[it.Key()] = it;
    return b->Admit(it);
  }
  void Done(Backlog* b, const FrontierItem& it) {
    pending.erase(it.Key());
    b->Done(it);
  }
};

FrontierItem Item(const std::string& url, int priority = -1, const std::string& method = "GET") {
  FrontierItem it;
  it.url = url;
  it.method = method;
  if (method == "POST") it.post_body = "p=1";
  it.priority = priority;
  return it;
}

}  // namespace

TEST_CASE("backlog: a host keeps at most per_host requests out; the rest come back as it drains", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(4);
  std::vector<FrontierItem> out;
  for (int i = 0; i < 10; ++i) {
    FrontierItem it = Item("http://a.cn/p" + std::to_string(i) + ".html");
    if (disk.Admit(&b, it)) out.push_back(it);
  }
  REQUIRE(out.size() == 4);
  CHECK(b.spilled() == 6);
  CHECK(disk.Admit(&b, Item("http://b.cn/x.html")));   // another host has its own room

  // One done: still above half, nothing read back.
  disk.Done(&b, out[0]);
  std::vector<FrontierItem> back;
  REQUIRE(b.Refill(&back).ok());
  CHECK(back.empty());
  CHECK(disk.scans == 0);
  // Down to half: refilled to per_host, with keys not out.
  disk.Done(&b, out[1]);
  REQUIRE(b.Refill(&back).ok());
  REQUIRE(back.size() == 2);
  CHECK(b.spilled() == 4);
  std::set<std::string> seen;
  for (size_t i = 2; i < 4; ++i) seen.insert(out[i].url);
  for (const auto& it : back) CHECK(seen.insert(it.url).second);
}

TEST_CASE("backlog: every admitted request is handed out exactly once, whatever the order", "[backlog]") {
  for (unsigned seed = 1; seed <= 30; ++seed) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    Disk disk;
    const size_t per_host = 1 + seed % 5;
    Backlog b = disk.Make(per_host, 2);
    const char* hosts[] = {"http://a.cn/", "https://a.cn/", "http://b.cn:8080/", "http://c.cn/"};
    std::vector<FrontierItem> queued;   // handed out, not done
    std::map<std::string, int> handed, returned;
    int admitted = 0;
    auto hand = [&](FrontierItem it) {
      ++handed[it.Key()];
      queued.push_back(std::move(it));
    };
    for (int step = 0; step < 3000; ++step) {
      if (admitted < 1500 && (queued.empty() || rng() % 3 != 0)) {
        // Admit a new request: random host, lane and name, now and then a report-looking one.
        std::string url = std::string(hosts[rng() % 4]) + "p" + std::to_string(rng() % 100000) + "-" +
                          std::to_string(admitted) + ".html";
        FrontierItem it = Item(url, rng() % 10 == 0 ? 50 : -1, rng() % 7 == 0 ? "POST" : "GET");
        ++admitted;
        if (disk.Admit(&b, it)) hand(it);
      } else if (!queued.empty()) {
        size_t k = rng() % queued.size();
        FrontierItem it = queued[k];
        queued.erase(queued.begin() + static_cast<long>(k));
        if (rng() % 20 == 0) {   // its completion's commit failed: pending on disk still
          b.Return(it);
          ++returned[it.Key()];
        } else {
          disk.Done(&b, it);
        }
      }
      // The engine reads back once per batch of completions and admissions.
      if (seed % 2 == 0 || rng() % 8 == 0) {
        std::vector<FrontierItem> back;
        REQUIRE(b.Refill(&back).ok());
        for (auto& it : back) hand(std::move(it));
      }
      // The bound: per host, per_host plus what came in urgent.
      std::map<std::string, size_t> per;
      for (const auto& it : queued) ++per[it.url.substr(it.url.find("://") + 3, 5)];
      for (const auto& [h, n] : per) REQUIRE(n <= per_host + 2);
    }
    for (;;) {   // drain
      std::vector<FrontierItem> back;
      REQUIRE(b.Refill(&back).ok());
      for (auto& it : back) hand(std::move(it));
      if (queued.empty()) break;
      FrontierItem it = queued.back();
      queued.pop_back();
      disk.Done(&b, it);
    }
    CHECK(disk.pending.empty());
    CHECK(b.spilled() == 0);
    CHECK(b.lost() == 0);
    CHECK(handed.size() == static_cast<size_t>(admitted));
    for (const auto& [k, n] : handed) REQUIRE(n == 1 + returned[k]);   // once, and once after each return
  }
}

TEST_CASE("backlog: a report-looking request skips the line, up to its own bound", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(2, 3);
  CHECK(disk.Admit(&b, Item("http://a.cn/1.html")));
  CHECK(disk.Admit(&b, Item("http://a.cn/2.html")));
  CHECK_FALSE(disk.Admit(&b, Item("http://a.cn/3.html")));
  for (int i = 0; i < 3; ++i) CHECK(disk.Admit(&b, Item("http://a.cn/ndbg" + std::to_string(i) + ".html", 35)));
  CHECK_FALSE(disk.Admit(&b, Item("http://a.cn/ndbg9.html", 35)));   // 2 + 3 out: it waits too
  CHECK(b.spilled() == 2);
}

TEST_CASE("backlog: urgency is the link's score, before the depth penalty", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(1);
  CHECK(disk.Admit(&b, Item("http://a.cn/1.html")));
  FrontierItem column = Item("http://a.cn/zwgk/", 20 - 3);   // 政务公开 (20), three hops down
  column.depth = 3;
  CHECK(disk.Admit(&b, column));
  FrontierItem page = Item("http://a.cn/xxgk/t1.html", 15 - 1);   // only "xxgk" in its URL (15)
  page.depth = 1;
  CHECK_FALSE(disk.Admit(&b, page));
}

TEST_CASE("backlog: read-back wraps to keys admitted behind its cursor", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(2);
  std::vector<FrontierItem> out;
  for (const char* n : {"m1", "m2", "m3", "m4"}) {
    FrontierItem it = Item(std::string("http://a.cn/") + n);
    if (disk.Admit(&b, it)) out.push_back(it);
  }
  REQUIRE(out.size() == 2);   // m1, m2 out; m3, m4 on disk
  disk.Done(&b, out[0]);
  std::vector<FrontierItem> back;
  REQUIRE(b.Refill(&back).ok());
  REQUIRE(back.size() == 1);
  CHECK(back[0].url == "http://a.cn/m3");
  // Admitted now, sorting before the cursor (m3): found after the pass from m3 reaches the end.
  CHECK_FALSE(disk.Admit(&b, Item("http://a.cn/a0")));
  disk.Done(&b, out[1]);
  disk.Done(&b, back[0]);
  back.clear();
  REQUIRE(b.Refill(&back).ok());
  REQUIRE(back.size() == 2);
  CHECK(back[0].url == "http://a.cn/m4");
  CHECK(back[1].url == "http://a.cn/a0");
  CHECK(b.spilled() == 0);
  CHECK(b.lost() == 0);
}

TEST_CASE("backlog: a failed read leaves requests on disk and is tried again at the next refill", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(1);
  FrontierItem first = Item("http://a.cn/1");
  REQUIRE(disk.Admit(&b, first));
  REQUIRE_FALSE(disk.Admit(&b, Item("http://a.cn/2")));
  REQUIRE_FALSE(disk.Admit(&b, Item("http://a.cn/3")));
  disk.fail = true;
  disk.Done(&b, first);
  std::vector<FrontierItem> back;
  CHECK_FALSE(b.Refill(&back).ok());
  CHECK(back.empty());
  CHECK(b.spilled() == 2);
  disk.fail = false;
  REQUIRE(b.Refill(&back).ok());   // no completion needed: the host is still waiting
  REQUIRE(back.size() == 1);
  CHECK(b.spilled() == 1);
}

TEST_CASE("backlog: a request whose completion was not committed is read back again", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(1);
  FrontierItem first = Item("http://a.cn/1");
  REQUIRE(disk.Admit(&b, first));
  REQUIRE_FALSE(disk.Admit(&b, Item("http://a.cn/2")));
  b.Return(first);   // still pending on disk
  std::vector<FrontierItem> back;
  REQUIRE(b.Refill(&back).ok());
  REQUIRE(back.size() == 1);
  CHECK(back[0].url == "http://a.cn/1");   // the host has room for one: the first in key order
  disk.Done(&b, back[0]);
  back.clear();
  REQUIRE(b.Refill(&back).ok());
  REQUIRE(back.size() == 1);
  CHECK(back[0].url == "http://a.cn/2");
  CHECK(b.spilled() == 0);
}

TEST_CASE("backlog: requests missing from disk are counted lost, not waited for", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(1);
  FrontierItem first = Item("http://a.cn/1");
  REQUIRE(disk.Admit(&b, first));
  REQUIRE_FALSE(disk.Admit(&b, Item("http://a.cn/2")));
  disk.pending.erase("http://a.cn/2");   // vanished (what a broken invariant would look like)
  disk.Done(&b, first);
  std::vector<FrontierItem> back;
  REQUIRE(b.Refill(&back).ok());
  CHECK(back.empty());
  CHECK(b.spilled() == 0);
  CHECK(b.lost() == 1);
}

TEST_CASE("backlog: per_host 0 hands out everything", "[backlog]") {
  Disk disk;
  Backlog b = disk.Make(0);
  for (int i = 0; i < 1000; ++i) CHECK(disk.Admit(&b, Item("http://a.cn/" + std::to_string(i))));
  CHECK(b.spilled() == 0);
}
