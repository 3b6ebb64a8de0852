// The crawler against the simulated government web (tests/web/testweb.py), through --connect-to.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "../web/testweb_process.h"
#include "nianbao/crawler/crawl.h"
#include "nianbao/crawler/seeds.h"
#include "nianbao/store/archive.h"

using namespace nianbao;
using nianbao::testweb::LogRecord;

namespace {

std::string TempDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("nianbao-it-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

crawler::SeedFile DemoSeeds() {
  auto s = crawler::LoadSeedFile(std::string(NIANBAO_SOURCE_DIR) + "/seeds/demo.toml");
  REQUIRE(s.ok());
  return *s;
}

struct Doc {
  std::string agency, url;
  int year;
};

std::vector<Doc> Documents(store::Archive* a) {
  std::vector<Doc> out;
  a->ListDocuments(std::nullopt, std::nullopt, [&](const store::DocumentInfo& d) {
    out.push_back({d.key.agency, d.latest_url, d.key.year});
    return true;
  });
  return out;
}

bool Has(const std::vector<Doc>& docs, const std::string& agency_part, int year) {
  for (const auto& d : docs)
    if (d.year == year && d.agency.find(agency_part) != std::string::npos) return true;
  return false;
}

// One line of the crawler's own request log (--request-log).
struct CrawlerRecord {
  std::string host, url;
  int status = 0;
  int64_t start_us = 0, end_us = 0;
  int local_port = 0;
};

std::vector<CrawlerRecord> CrawlerLog(const std::string& path) {
  std::vector<CrawlerRecord> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    out.push_back({j.value("host", ""), j.value("url", ""), j.value("status", 0), j.value("start_us", int64_t{0}),
                   j.value("end_us", int64_t{0}), j.value("local_port", 0)});
  }
  return out;
}

// The politeness rules. Times come from the crawler's own request log: the server's timestamps
// are taken by Python threads that wait for the GIL (tens of ms of noise on a loaded machine),
// while the crawler's are taken where the decision is made, so the check can be exact (2 ms for
// the engine's millisecond clock). The server's connection ids check the connection limit
// without any timing: with one connection per host, a host never goes back to a connection it
// has left (two connections in turn would mean two open at once).
void CheckPoliteness(const std::vector<CrawlerRecord>& crawler_log, const std::vector<LogRecord>& server_log,
                     double delay_s, double qingxian_delay_s) {
  std::map<std::string, std::vector<CrawlerRecord>> by_host;
  for (const auto& r : crawler_log) by_host[r.host].push_back(r);
  REQUIRE(by_host.size() >= 5);
  for (auto& [host, recs] : by_host) {
    std::sort(recs.begin(), recs.end(), [](const auto& a, const auto& b) { return a.start_us < b.start_us; });
    const int64_t want_us = static_cast<int64_t>((host == "wjj.qingxian.demo.gov.cn" ? qingxian_delay_s : delay_s) * 1e6);
    for (size_t i = 1; i < recs.size(); ++i) {
      INFO(host << " " << recs[i - 1].url << " then " << recs[i].url);
      CHECK(recs[i].start_us >= recs[i - 1].end_us - 2000);             // one request at a time
      CHECK(recs[i].start_us - recs[i - 1].start_us >= want_us - 2000);   // the delay, start to start
      CHECK(recs[i].start_us - recs[i - 1].end_us >= want_us - 2000);     // … and after the answer
    }
  }
  std::map<std::string, std::vector<LogRecord>> server_by_host;
  for (const auto& r : server_log) server_by_host[r.host].push_back(r);
  std::set<int> crawler_ports;
  for (const auto& r : crawler_log) crawler_ports.insert(r.local_port);
  for (auto& [host, recs] : server_by_host) {
    std::sort(recs.begin(), recs.end(), [](const LogRecord& a, const LogRecord& b) { return a.t0 < b.t0; });
    std::set<long long> left;
    for (size_t i = 0; i < recs.size(); ++i) {
      INFO(host << recs[i].path << " on connection " << recs[i].conn);
      CHECK(left.count(recs[i].conn) == 0);
      if (i > 0 && recs[i].conn != recs[i - 1].conn) left.insert(recs[i - 1].conn);
      // Every answered request the server logged is one the crawler logged, on that connection.
      if (recs[i].status != 0) CHECK(crawler_ports.count(recs[i].port) == 1);
    }
  }
}

}  // namespace

TEST_CASE("crawl: the demo web, every report, politely", "[integration]") {
  nianbao::testweb::TestWeb web(TempDir("web1") + "/log.jsonl", {"--crawl-delay", "0.3"});
  REQUIRE(web.ok());
  std::unique_ptr<store::Archive> archive;
  REQUIRE(store::Archive::Open(store::Options{}, TempDir("store1"), &archive).ok());

  crawler::CrawlOptions o;
  o.connect_to = {web.connect_to()};
  o.delay_ms = 50;
  o.retry_base_ms = 100;
  o.robots_retry_ms = 200;
  o.max_depth = 6;
  o.request_log = TempDir("rl1") + "/requests.jsonl";
  // The default bound on requests a host holds in memory, and the tightest (every host's other
  // requests wait on disk and are read back one by one).
  o.max_queued_per_host = GENERATE(size_t{32}, size_t{1});
  INFO("max_queued_per_host " << o.max_queued_per_host);
  auto t0 = std::chrono::steady_clock::now();
  auto r = crawler::Crawl({DemoSeeds()}, archive.get(), o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(r.ok());
  const auto& s = *r;
  for (const auto& f : s.failures) UNSCOPED_INFO("failure: " << f.url << " " << f.reason);
  CHECK_FALSE(s.stopped);  // ended by itself
  CHECK(secs < 45);

  // Every report, with the right agency and year; nothing that only looks like one.
  auto docs = Documents(archive.get());
  for (const auto& d : docs) UNSCOPED_INFO("doc " << d.agency << " " << d.year << " " << d.url);
  CHECK(Has(docs, "demo-wjw", 2019));
  CHECK(Has(docs, "获嘉", 2021));         // aggregated on the portal: a new agency
  CHECK(Has(docs, "淮安", 2024));         // a PDF on the portal
  CHECK(Has(docs, "luocheng-wsjkw", 2022));
  CHECK(Has(docs, "luocheng-wsjkw", 2021));  // .docx
  CHECK(Has(docs, "minzhou-gov", 2021));
  CHECK(Has(docs, "qingxian-wjj", 2020));
  CHECK(Has(docs, "chengguan-wjw", 2021));
  CHECK(docs.size() == 8);
  auto agency = archive->GetAgency(docs.empty() ? "" : "淮安市人民政府");
  if (agency.ok()) CHECK(agency->discovered_from.find("www.demo.gov.cn") != std::string::npos);

  CHECK(s.blocked >= 1);   // the 412 challenge
  bool truncated = false;
  for (const auto& f : s.failures) truncated |= f.url.find("/download/huge.html") != std::string::npos;
  CHECK(truncated);
  CHECK(s.retries >= 2);   // 503 twice (libcurl itself retries a reset on a reused connection)

  auto log = web.Log();
  REQUIRE(log.size() > 30);
  // No robots-disallowed URL fetched.
  for (const auto& rec : log) {
    INFO(rec.host << rec.path);
    CHECK(rec.path.rfind("/private/", 0) != 0);
    CHECK(rec.path.rfind("/internal/x", 0) != 0);
    if (rec.host == "www.demo.gov.cn") CHECK(rec.path.rfind("/search/", 0) != 0);
    CHECK(rec.path.rfind("/system/", 0) != 0);
    CHECK(rec.path.rfind("/admin/", 0) != 0);
  }
  // No URL fetched twice (a retry after a 503 or a reset aside).
  std::map<std::string, int> fetched;
  for (const auto& rec : log)
    if (rec.status != 503 && rec.status != 0) ++fetched[rec.method + " " + rec.host + rec.path + " " + rec.body];
  for (const auto& [k, n] : fetched) {
    INFO(k);
    CHECK(n == 1);
  }
  CheckPoliteness(CrawlerLog(o.request_log), log, 0.050, 0.300);

  // One source per document: 城关区's report page carries the full text and the same report as
  // a .docx below it; both were fetched, the page's text is the one stored.
  bool docx_fetched = false;
  for (const auto& rec : log) docx_fetched |= rec.path == "/zwgk/ndbg/202201/P020220125_501.docx" && rec.status == 200;
  CHECK(docx_fetched);
  auto cg = archive->GetDocument(store::DocKey{"chengguan-wjw", 2021});
  REQUIRE(cg.ok());
  CHECK(cg->versions == 1);
  CHECK(cg->latest_source_format == "html");
}

TEST_CASE("crawl: killed with SIGKILL and run again, it fetches nothing it had finished", "[integration]") {
  const std::string dir = TempDir("kill");
  nianbao::testweb::TestWeb web(dir + "/log.jsonl", {"--crawl-delay", "0.1", "--fast"});
  REQUIRE(web.ok());
  const std::string store_dir = dir + "/store";
  // The resumed crawl reads its pending requests back; with a bound of 2 most wait on disk.
  const std::string queued = GENERATE(as<std::string>{}, "32", "2");
  INFO("--max-queued-per-host " << queued);
  auto run = [&](bool kill_early) -> int {
    pid_t pid = fork();
    if (pid == 0) {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      const std::string seeds = std::string(NIANBAO_SOURCE_DIR) + "/seeds/demo.toml";
      execl(NIANBAO_BINARY, NIANBAO_BINARY, "crawl", "--seeds", seeds.c_str(), "--store", store_dir.c_str(),
            "--connect-to", web.connect_to().c_str(), "--delay", "100", "--max-depth", "6",
            "--max-queued-per-host", queued.c_str(), (char*)nullptr);
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      int st = 0;
      if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      if (kill_early && web.Log().size() >= 30) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
        return -9;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -2;
  };
  REQUIRE(run(true) == -9);
  const size_t first_run = web.Log().size();

  // What the killed crawl had finished, from its own state.
  std::set<std::string> done;
  {
    std::unique_ptr<store::Archive> a;
    REQUIRE(store::Archive::Open(store::Options{}, store_dir, &a).ok());
    a->ScanState("seen", "", [&](const std::string& k, const std::string& v) {
      if (v == "d") done.insert(k.substr(k.find('/') + 1));
      return true;
    });
  }
  REQUIRE(!done.empty());

  REQUIRE(run(false) == 0);
  auto log = web.Log();
  size_t refetched = 0;
  for (size_t i = first_run; i < log.size(); ++i) {
    const auto& rec = log[i];
    if (rec.method != "GET") continue;
    const std::string url = "http://" + rec.host + rec.path;
    INFO(url);
    CHECK(done.count(url) == 0);
    refetched += done.count(url);
  }
  CHECK(refetched == 0);
  // robots.txt came from the cache the first run left.
  std::set<std::string> robots_hosts;
  for (size_t i = first_run; i < log.size(); ++i)
    if (log[i].path == "/robots.txt") robots_hosts.insert(log[i].host);
  std::set<std::string> first_robots;
  for (size_t i = 0; i < first_run; ++i)
    if (log[i].path == "/robots.txt" && log[i].status == 200) first_robots.insert(log[i].host);
  for (const auto& h : first_robots) CHECK(robots_hosts.count(h) == 0);

  std::unique_ptr<store::Archive> a;
  REQUIRE(store::Archive::Open(store::Options{}, store_dir, &a).ok());
  auto docs = Documents(a.get());
  CHECK(docs.size() == 8);
}

namespace {

nlohmann::json Control(const nianbao::testweb::TestWeb& web, const std::string& action) {
  crawler::TransportOptions to;
  to.connect_to = {web.connect_to()};
  crawler::FetchRequest req;
  req.url = "http://www.demo.gov.cn/_control/" + action;
  auto r = crawler::FetchOnce(req, to);
  INFO(action << ": " << r.error_message);
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body);
}

std::map<std::string, int> ChangeKinds(store::Archive* a, uint64_t after) {
  std::map<std::string, int> kinds;
  a->ListChanges(after, [&](const store::ChangeEvent& e) {
    ++kinds[e.kind];
    return true;
  });
  return kinds;
}

uint64_t LastChange(store::Archive* a) {
  uint64_t seq = 0;
  a->ListChanges(0, [&](const store::ChangeEvent& e) {
    seq = e.seq;
    return true;
  });
  return seq;
}

}  // namespace

TEST_CASE("crawl: crawling again records edits, removals and nothing else", "[integration]") {
  const std::string dir = TempDir("recrawl");
  nianbao::testweb::TestWeb web(dir + "/log.jsonl", {"--crawl-delay", "0.05", "--fast"});
  REQUIRE(web.ok());
  std::unique_ptr<store::Archive> archive;
  REQUIRE(store::Archive::Open(store::Options{}, dir + "/store", &archive).ok());
  crawler::CrawlOptions o;
  o.connect_to = {web.connect_to()};
  o.delay_ms = 10;
  o.retry_base_ms = 50;
  o.robots_retry_ms = 100;
  o.max_depth = 6;
  auto crawl = [&]() {
    auto r = crawler::Crawl({DemoSeeds()}, archive.get(), o);
    REQUIRE(r.ok());
    return *r;
  };
  const store::DocKey demo{"demo-wjw", 2019}, qingxian{"qingxian-wjj", 2020}, cg{"chengguan-wjw", 2021};

  auto first = crawl();
  CHECK(first.new_documents == 8);
  CHECK(first.new_versions == 8);
  CHECK(Documents(archive.get()).size() == 8);
  uint64_t seq = LastChange(archive.get());

  {  // Nothing changed: only observations.
    auto second = crawl();
    CHECK(second.new_documents == 0);
    CHECK(second.new_versions == 0);
    CHECK(second.withdrawn == 0);
    CHECK(second.unchanged >= 6);  // 304 on the known report URLs
    CHECK(ChangeKinds(archive.get(), seq).empty());
    auto d = archive->GetDocument(cg);
    REQUIRE(d.ok());
    CHECK(d->versions == 1);
    CHECK(d->latest_source_format == "html");
  }

  {  // An edited number, a removed report, a view counter.
    seq = LastChange(archive.get());
    Control(web, "edit?report=demo-wjw-2019&find=16994&replace=17001");
    Control(web, "remove?report=qingxian-2020");
    Control(web, "counter?on=1");
    auto second = crawl();
    for (const auto& f : second.failures) UNSCOPED_INFO("failure: " << f.url << " " << f.reason);
    CHECK(second.new_documents == 0);
    CHECK(second.new_versions == 1);
    CHECK(second.withdrawn == 1);
    auto kinds = ChangeKinds(archive.get(), seq);
    CHECK(kinds == std::map<std::string, int>{{"changed", 1}, {"withdrawn", 1}});
    auto d = archive->GetDocument(demo);
    REQUIRE(d.ok());
    CHECK(d->versions == 2);
    auto v = archive->GetVersion(demo, 0);
    REQUIRE(v.ok());
    CHECK(v->text.find("17001") != std::string::npos);
    auto q = archive->GetDocument(qingxian);
    REQUIRE(q.ok());
    CHECK(q->withdrawn);

    // Again, with the counter still counting (every page's bytes differ): nothing new.
    seq = LastChange(archive.get());
    auto third = crawl();
    CHECK(third.new_versions == 0);
    CHECK(third.withdrawn == 0);  // already withdrawn: only an observation
    CHECK(ChangeKinds(archive.get(), seq).empty());
    auto c = archive->GetDocument(cg);
    REQUIRE(c.ok());
    CHECK(c->versions == 1);
  }
}

TEST_CASE("crawl: through an HTTP proxy (--proxy)", "[integration]") {
  const std::string dir = TempDir("proxy");
  nianbao::testweb::TestWeb web(dir + "/log.jsonl", {"--crawl-delay", "0.05", "--fast"});
  REQUIRE(web.ok());
  std::unique_ptr<store::Archive> archive;
  REQUIRE(store::Archive::Open(store::Options{}, dir + "/store", &archive).ok());
  crawler::CrawlOptions o;
  // No --connect-to: the demo host names do not resolve, only the proxy knows them.
  o.proxy = "http://127.0.0.1:" + std::to_string(web.port());
  o.agency = "luocheng-wsjkw";
  o.delay_ms = 10;
  auto r = crawler::Crawl({DemoSeeds()}, archive.get(), o);
  REQUIRE(r.ok());
  for (const auto& f : r->failures) UNSCOPED_INFO("failure: " << f.url << " " << f.reason);
  auto docs = Documents(archive.get());
  CHECK(Has(docs, "luocheng-wsjkw", 2022));
  CHECK(Has(docs, "luocheng-wsjkw", 2021));
  std::set<std::string> hosts;
  for (const auto& rec : web.Log()) hosts.insert(rec.host);
  CHECK(hosts == std::set<std::string>{"wsjkw.luocheng.demo.gov.cn"});
}
