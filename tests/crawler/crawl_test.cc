// The crawl engine's politeness and failure rules, with every answer faked by the fault-injecting
// transport (no network, no server): robots.txt failure rules, retries with backoff, 4xx final,
// the per-host delay and Crawl-delay. Times are those at which the engine started each request.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "nianbao/crawler/crawl.h"
#include "nianbao/store/archive.h"

using namespace nianbao;
using namespace nianbao::crawler;

namespace {

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
};

struct Request {
  std::string url;
  double ms;  // since the crawl started (steady clock)
  std::string referer;
};

struct FakeWeb {
  std::function<Answer(const std::string& url, int nth)> answer;
  std::vector<Request> requests;
  std::map<std::string, int> count;

  int Count(const std::string& url) const {
    auto it = count.find(url);
    return it == count.end() ? 0 : it->second;
  }
  std::vector<double> Times(const std::string& url) const {
    std::vector<double> t;
    for (const auto& r : requests)
      if (r.url == url) t.push_back(r.ms);
    return t;
  }
};

std::string TempDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("nianbao-crawl-test-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

// Crawls agency "a" (http://a.test/) into archive, every answer from web.
Result<CrawlSummary> CrawlInto(FakeWeb* web, CrawlOptions o, store::Archive* archive) {
  SeedFile seeds;
  seeds.province = "测试省";
  SeedAgency a;
  a.id = "a";
  a.name = "测试省卫生健康委员会";
  a.urls = {"http://a.test/"};
  seeds.agencies.push_back(a);
  const auto t0 = std::chrono::steady_clock::now();
  o.wrap_transport = [web, t0](EventLoop* loop, std::unique_ptr<Transport> inner) {
    return NewFaultTransport(loop, std::move(inner), [web, t0](const FetchRequest& req, int, FetchResult* fake) {
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      web->requests.push_back({req.url, ms, req.referer});
      Answer a = web->answer(req.url, web->count[req.url]++);
      fake->status = a.status;
      fake->body = a.body;
      fake->content_type = a.content_type;
      return true;
    });
  };
  return Crawl({seeds}, archive, o);
}

// The same into a fresh archive; prepare fills it before the crawl (e.g. with known reports).
Result<CrawlSummary> RunCrawl(FakeWeb* web, CrawlOptions o, const std::string& name,
                              const std::function<void(store::Archive*)>& prepare = {}) {
  std::unique_ptr<store::Archive> archive;
  REQUIRE(store::Archive::Open(store::Options{}, TempDir(name), &archive).ok());
  if (prepare) prepare(archive.get());
  return CrawlInto(web, std::move(o), archive.get());
}

CrawlOptions Fast() {
  CrawlOptions o;
  o.delay_ms = 0;
  o.retry_base_ms = 20;
  o.robots_retry_ms = 30;
  return o;
}

const char* kHome =
    "<html><head><title>首页</title></head><body><a href=\"/x.html\">x</a> <a href=\"/private/y.html\">y</a> "
    "<a href=\"/err503.html\">503</a> <a href=\"/err404.html\">404</a></body></html>";

Answer Site(const std::string& url, const std::string& robots) {
  if (url == "http://a.test/robots.txt") return robots.empty() ? Answer{404, "", "text/html"} : Answer{200, robots, "text/plain"};
  if (url == "http://a.test/") return {200, kHome};
  if (url == "http://a.test/err503.html") return {503, "busy"};
  if (url == "http://a.test/err404.html") return {404, "gone"};
  return {200, "<html><body>page</body></html>"};
}

}  // namespace

TEST_CASE("engine: robots.txt 4xx allows everything; 200 rules are obeyed", "[crawl]") {
  FakeWeb web;
  web.answer = [](const std::string& url, int) { return Site(url, ""); };
  auto r = RunCrawl(&web, Fast(), "robots404");
  REQUIRE(r.ok());
  CHECK(web.Count("http://a.test/private/y.html") == 1);
  CHECK(r->robots_disallowed == 0);

  FakeWeb web2;
  web2.answer = [](const std::string& url, int) { return Site(url, "User-agent: *\nDisallow: /private/\n"); };
  r = RunCrawl(&web2, Fast(), "robots200");
  REQUIRE(r.ok());
  CHECK(web2.Count("http://a.test/private/y.html") == 0);
  CHECK(web2.Count("http://a.test/x.html") == 1);
  CHECK(r->robots_disallowed == 1);
}

TEST_CASE("engine: robots.txt 5xx disallows everything and is asked again later", "[crawl]") {
  SECTION("5xx once, then 200: the pages wait, then are fetched") {
    FakeWeb web;
    web.answer = [](const std::string& url, int nth) {
      if (url == "http://a.test/robots.txt" && nth == 0) return Answer{503, "down"};
      return Site(url, "User-agent: *\nAllow: /\n");
    };
    auto r = RunCrawl(&web, Fast(), "robots503once");
    REQUIRE(r.ok());
    auto robots = web.Times("http://a.test/robots.txt");
    REQUIRE(robots.size() == 2);
    CHECK(robots[1] - robots[0] >= 30 - 1);  // robots_retry_ms
    // Nothing was fetched from the host before robots.txt was read.
    REQUIRE(web.requests.size() >= 3);
    CHECK(web.requests[0].url == "http://a.test/robots.txt");
    CHECK(web.requests[1].url == "http://a.test/robots.txt");
    CHECK(web.Count("http://a.test/x.html") == 1);
  }
  SECTION("5xx every time: nothing fetched, the seed fails as robots.txt unavailable") {
    FakeWeb web;
    web.answer = [](const std::string& url, int) {
      if (url == "http://a.test/robots.txt") return Answer{500, "down"};
      return Site(url, "");
    };
    auto r = RunCrawl(&web, Fast(), "robots503");
    REQUIRE(r.ok());
    auto robots = web.Times("http://a.test/robots.txt");
    CHECK(robots.size() == 3);
    for (const auto& q : web.requests) CHECK(q.url == "http://a.test/robots.txt");
    REQUIRE(r->failures.size() == 1);
    CHECK(r->failures[0].reason == "robots.txt unavailable");
  }
}

TEST_CASE("engine: 5xx retried with backoff then given up; 4xx final", "[crawl]") {
  FakeWeb web;
  web.answer = [](const std::string& url, int) { return Site(url, ""); };
  CrawlOptions o = Fast();
  o.max_retries = 2;
  o.retry_base_ms = 40;
  auto r = RunCrawl(&web, o, "retries");
  REQUIRE(r.ok());
  auto t = web.Times("http://a.test/err503.html");
  REQUIRE(t.size() == 3);              // the first try and two retries
  CHECK(t[1] - t[0] >= 40 - 1);        // base
  CHECK(t[2] - t[1] >= 80 - 1);        // base × 2
  CHECK(web.Count("http://a.test/err404.html") == 1);
  CHECK(r->retries == 2);
  std::map<std::string, std::string> failed;
  for (const auto& f : r->failures) failed[f.url] = f.reason;
  CHECK(failed["http://a.test/err503.html"] == "HTTP 503");
  CHECK(failed["http://a.test/err404.html"] == "404");
}

TEST_CASE("engine: the delay between requests to a host; Crawl-delay wins when larger", "[crawl]") {
  auto gaps = [](const FakeWeb& web) {
    double min_gap = 1e9;
    for (size_t i = 1; i < web.requests.size(); ++i)
      min_gap = std::min(min_gap, web.requests[i].ms - web.requests[i - 1].ms);
    return min_gap;
  };
  SECTION("--delay larger") {
    FakeWeb web;
    web.answer = [](const std::string& url, int) { return Site(url, "User-agent: *\nCrawl-delay: 0.01\n"); };
    CrawlOptions o = Fast();
    o.delay_ms = 60;
    o.max_retries = 0;
    auto r = RunCrawl(&web, o, "delay");
    REQUIRE(r.ok());
    REQUIRE(web.requests.size() >= 5);
    CHECK(gaps(web) >= 60 - 1);
  }
  SECTION("Crawl-delay larger, capped by max_crawl_delay_ms") {
    FakeWeb web;
    web.answer = [](const std::string& url, int) { return Site(url, "User-agent: *\nCrawl-delay: 5\n"); };
    CrawlOptions o = Fast();
    o.delay_ms = 10;
    o.max_crawl_delay_ms = 70;
    o.max_retries = 0;
    auto t0 = std::chrono::steady_clock::now();
    auto r = RunCrawl(&web, o, "crawldelay");
    REQUIRE(r.ok());
    REQUIRE(web.requests.size() >= 5);
    CHECK(gaps(web) >= 70 - 1);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));  // the cap held
  }
}

TEST_CASE("engine: an anti-bot challenge is blocked, never a page", "[crawl]") {
  FakeWeb web;
  web.answer = [](const std::string& url, int) {
    if (url == "http://a.test/x.html")
      return Answer{412, "<html><script>document.cookie='a=1';location.reload()</script></html>"};
    return Site(url, "");
  };
  auto r = RunCrawl(&web, Fast(), "challenge");
  REQUIRE(r.ok());
  CHECK(r->blocked == 1);
  CHECK(web.Count("http://a.test/x.html") == 1);  // not retried
}

TEST_CASE("engine: a re-check fetches only the known report URLs, and extracts a PDF whatever its URL", "[crawl]") {
  // The known report is a PDF whose URL and (absent) anchor say nothing of a report: only the
  // archive knowing it makes it a report candidate.
  std::ifstream in(std::string(NIANBAO_SOURCE_DIR) + "/tests/data/reports/huaian-szfgs-2024.pdf", std::ios::binary);
  const std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(pdf.size() > 1000);
  const std::string known = "http://a.test/u/P020250120.pdf";
  const auto prepare = [&](store::Archive* archive) {
    store::ReportContent c;
    c.text = "旧文本";
    c.url = known;
    store::Observation obs;
    obs.time = 1;
    obs.url = known;
    obs.http_status = 200;
    REQUIRE(archive->PutReport({"a", 2024}, {}, c, obs).ok());
  };
  FakeWeb web;
  web.answer = [&](const std::string& url, int) {
    if (url == known) return Answer{200, pdf, "application/pdf"};
    return Site(url, "");
  };
  CrawlOptions o = Fast();
  o.recheck_only = true;
  auto s = RunCrawl(&web, o, "recheck", prepare);
  REQUIRE(s.ok());
  std::vector<std::string> fetched;
  for (const auto& r : web.requests) fetched.push_back(r.url);
  CHECK(fetched == std::vector<std::string>{"http://a.test/robots.txt", known});
  CHECK(s->reports == 1);   // the PDF was read as the report it is

  // The same archive state in a discovery crawl starts from the seed and follows links.
  FakeWeb web2;
  web2.answer = web.answer;
  auto d = RunCrawl(&web2, Fast(), "recheck-discovery", prepare);
  REQUIRE(d.ok());
  CHECK(web2.Count("http://a.test/") == 1);
  CHECK(web2.Count("http://a.test/x.html") == 1);
  CHECK(web2.Count(known) == 1);
}

TEST_CASE("crawl: each request names the page its link was found on as Referer", "[crawl]") {
  FakeWeb web;
  web.answer = [](const std::string& url, int) {
    if (url == "http://a.test/robots.txt") return Answer{404, "", "text/html"};
    if (url == "http://a.test/") return Answer{200, "<a href=\"/list.html\">list</a> <a href=\"/a.html\">a</a>"};
    if (url == "http://a.test/list.html") return Answer{200, "<a href=\"/a.html\">a</a> <a href=\"/b.html\">b</a>"};
    return Answer{200, "<html><body>page</body></html>"};
  };
  auto summary = RunCrawl(&web, Fast(), "referer");
  REQUIRE(summary.ok());
  std::map<std::string, std::string> referer;
  for (const auto& r : web.requests) referer[r.url] = r.referer;
  CHECK(referer.at("http://a.test/list.html") == "http://a.test/");
  CHECK(referer.at("http://a.test/a.html") == "http://a.test/");   // found first on the home page
  CHECK(referer.at("http://a.test/b.html") == "http://a.test/list.html");
  CHECK(referer.at("http://a.test/").empty());
}

TEST_CASE("engine: with few requests per host in memory, every page is still fetched once", "[crawl]") {
  // A list of 60 pages, each linking on to two more pages; the list's last link looks like the
  // annual report. At most 3 requests of the host are held in memory: the rest wait on disk.
  FakeWeb web;
  web.answer = [](const std::string& url, int) {
    if (url == "http://a.test/robots.txt") return Answer{404, "", "text/html"};
    std::string body = "<html><body>";
    if (url == "http://a.test/") {
      for (int i = 0; i < 60; ++i) body += "<a href=\"/p" + std::to_string(i) + ".html\">第" + std::to_string(i) + "页</a> ";
      body += "<a href=\"/zfxxgkndbg.html\">2025年政府信息公开工作年度报告</a>";
    } else if (url.find("/p") != std::string::npos) {
      const std::string n = url.substr(url.find("/p") + 2, url.find(".html") - url.find("/p") - 2);
      body += "<a href=\"/q" + n + "a.html\">a</a> <a href=\"/q" + n + "b.html\">b</a>";
    }
    return Answer{200, body + "</body></html>"};
  };
  CrawlOptions o = Fast();
  o.max_queued_per_host = 3;
  o.concurrency = 2;
  o.delay_ms = 5;   // ~1 s in all: several progress reports
  uint64_t max_in_memory = 0, max_on_disk = 0;
  int reports = 0;
  o.progress = [&](const CrawlProgress& p) {
    ++reports;
    max_in_memory = std::max<uint64_t>(max_in_memory, p.queued - p.on_disk);
    max_on_disk = std::max<uint64_t>(max_on_disk, p.on_disk);
  };
  auto r = RunCrawl(&web, o, "backlog");
  REQUIRE(r.ok());
  CHECK(r->errors == 0);
  CHECK_FALSE(r->stopped);
  CHECK(r->left_pending == 0);
  REQUIRE(reports >= 3);
  CHECK(max_in_memory <= 3 + 2);   // the bound, plus the seed and the report link (urgent)
  CHECK(max_on_disk >= 10);
  CHECK(web.Count("http://a.test/") == 1);
  for (int i = 0; i < 60; ++i) {
    INFO(i);
    CHECK(web.Count("http://a.test/p" + std::to_string(i) + ".html") == 1);
    CHECK(web.Count("http://a.test/q" + std::to_string(i) + "a.html") == 1);
    CHECK(web.Count("http://a.test/q" + std::to_string(i) + "b.html") == 1);
  }
  CHECK(web.requests.size() == 2 + 61 + 120);   // robots, home, list links, their links
  // The report link came right after the home page, ahead of the 60 spilled list links.
  size_t report_at = 0;
  for (size_t i = 0; i < web.requests.size(); ++i)
    if (web.requests[i].url == "http://a.test/zfxxgkndbg.html") report_at = i;
  CHECK(report_at > 0);
  CHECK(report_at <= 5);
}

namespace {

// An archive that fails on demand: state-batch commits (the frontier's) and scans of the
// frontier from a key (the backlog's read-back). Everything else goes to the real one.
class FaultyArchive : public store::Archive {
 public:
  explicit FaultyArchive(store::Archive* real) : a_(real) {}
  std::function<bool(int nth)> fail_commit = [](int) { return false; };
  bool fail_readback = false;
  int commits = 0, failed_commits = 0, failed_readbacks = 0;

  Status Commit(StateBatch* b) override {
    if (fail_commit(++commits)) {
      ++failed_commits;
      return Status::IOError("injected: commit failed");
    }
    return a_->Commit(b);
  }
  Status ScanStateFrom(const std::string& ns, const std::string& prefix, const std::string& start,
                       const std::function<bool(const std::string&, const std::string&)>& fn) override {
    if (fail_readback && ns == "frontier") {
      ++failed_readbacks;
      return Status::IOError("injected: read failed");
    }
    return a_->ScanStateFrom(ns, prefix, start, fn);
  }

  Result<store::PutResult> PutReport(const store::DocKey& k, const store::AgencyInfo& a, const store::ReportContent& c,
                                     const store::Observation& o) override { return a_->PutReport(k, a, c, o); }
  Status MarkWithdrawn(const store::DocKey& k, const store::Observation& o) override { return a_->MarkWithdrawn(k, o); }
  Status PutUnchanged(const store::DocKey& k, const store::Observation& o) override { return a_->PutUnchanged(k, o); }
  Result<store::DocumentInfo> GetDocument(const store::DocKey& k) override { return a_->GetDocument(k); }
  Status ListDocuments(const std::optional<std::string>& ag, std::optional<int> y,
                       const std::function<bool(const store::DocumentInfo&)>& fn) override {
    return a_->ListDocuments(ag, y, fn);
  }
  Result<store::Version> GetVersion(const store::DocKey& k, int v) override { return a_->GetVersion(k, v); }
  Status ListVersions(const store::DocKey& k, const std::function<bool(const store::Version&)>& fn) override {
    return a_->ListVersions(k, fn);
  }
  Status ListObservations(const store::DocKey& k, const std::function<bool(const store::Observation&)>& fn) override {
    return a_->ListObservations(k, fn);
  }
  Result<store::DocKey> FindByUrl(const std::string& u) override { return a_->FindByUrl(u); }
  Status PutAgency(const store::AgencyInfo& a) override { return a_->PutAgency(a); }
  Result<store::AgencyInfo> GetAgency(const std::string& id) override { return a_->GetAgency(id); }
  Status ListAgencies(const std::function<bool(const store::AgencyInfo&)>& fn) override { return a_->ListAgencies(fn); }
  Result<std::string> PutCapture(const store::Capture& c) override { return a_->PutCapture(c); }
  Result<std::string> GetPayload(const std::string& s) override { return a_->GetPayload(s); }
  Status ListCaptures(const std::function<bool(const store::CaptureRecord&)>& fn) override { return a_->ListCaptures(fn); }
  Status ListChanges(uint64_t after, const std::function<bool(const store::ChangeEvent&)>& fn) override {
    return a_->ListChanges(after, fn);
  }
  std::unique_ptr<StateBatch> NewStateBatch() override { return a_->NewStateBatch(); }
  Status PutState(const std::string& ns, const std::string& k, const std::string& v) override { return a_->PutState(ns, k, v); }
  Result<std::string> GetState(const std::string& ns, const std::string& k) override { return a_->GetState(ns, k); }
  Status DeleteState(const std::string& ns, const std::string& k) override { return a_->DeleteState(ns, k); }
  Status ScanState(const std::string& ns, const std::string& p,
                   const std::function<bool(const std::string&, const std::string&)>& fn) override {
    return a_->ScanState(ns, p, fn);
  }
  Status CompactAll() override { return a_->CompactAll(); }
  uint64_t ApproximateSize() override { return a_->ApproximateSize(); }
  uint64_t MemoryUsage() override { return a_->MemoryUsage(); }
  const std::string& dir() const override { return a_->dir(); }

 private:
  store::Archive* a_;
};

// A site of one list page linking 40 pages; at most 2 requests of the host in memory.
Result<CrawlSummary> RunFaulty(FakeWeb* web, store::Archive* archive) {
  web->answer = [](const std::string& url, int) {
    if (url == "http://a.test/robots.txt") return Answer{404, "", "text/html"};
    std::string body = "<html><body>";
    if (url == "http://a.test/")
      for (int i = 0; i < 40; ++i) body += "<a href=\"/p" + std::to_string(i) + ".html\">" + std::to_string(i) + "</a> ";
    return Answer{200, body + "</body></html>"};
  };
  CrawlOptions o = Fast();
  o.max_queued_per_host = 2;
  return CrawlInto(web, o, archive);
}

}  // namespace

TEST_CASE("engine: pages whose completion could not be committed are fetched again in the same run", "[crawl]") {
  std::unique_ptr<store::Archive> real;
  REQUIRE(store::Archive::Open(store::Options{}, TempDir("faulty-commit"), &real).ok());
  FaultyArchive archive(real.get());
  // The frontier's 3rd and 6th commits fail (the 1st admits the seed).
  archive.fail_commit = [](int nth) { return nth == 3 || nth == 6; };
  FakeWeb web;
  auto r = RunFaulty(&web, &archive);
  REQUIRE(r.ok());
  CHECK(archive.failed_commits == 2);
  CHECK(r->errors >= 2);   // the failed commits are listed
  CHECK_FALSE(r->stopped);
  CHECK(r->left_pending == 0);
  for (int i = 0; i < 40; ++i) {
    INFO(i);
    CHECK(web.Count("http://a.test/p" + std::to_string(i) + ".html") >= 1);
  }
}

TEST_CASE("engine: requests that cannot be read back leave the crawl unfinished, and the next run finishes it", "[crawl]") {
  const std::string dir = TempDir("faulty-read");
  std::unique_ptr<store::Archive> real;
  REQUIRE(store::Archive::Open(store::Options{}, dir, &real).ok());
  FakeWeb first;
  {
    FaultyArchive archive(real.get());
    archive.fail_readback = true;
    FakeWeb& web = first;
    auto r = RunFaulty(&web, &archive);
    REQUIRE(r.ok());
    CHECK(archive.failed_readbacks > 0);
    CHECK_FALSE(r->stopped);
    CHECK(r->left_pending > 0);
    CHECK(r->left_pending < 40);
    CHECK(web.requests.size() < 42);
  }
  FakeWeb web;
  auto r = RunFaulty(&web, real.get());
  REQUIRE(r.ok());
  CHECK(r->resumed);
  CHECK(r->left_pending == 0);
  CHECK(web.Count("http://a.test/") == 0);   // done in the first run
  for (int i = 0; i < 40; ++i) {   // every page, in one run or the other
    const std::string url = "http://a.test/p" + std::to_string(i) + ".html";
    INFO(url);
    CHECK(first.Count(url) + web.Count(url) >= 1);
  }
}
