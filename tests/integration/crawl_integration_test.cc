// The crawler against the simulated government web (tests/web/testweb.py), through --connect-to.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
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

// The politeness rules, from the server's own log.
void CheckPoliteness(const std::vector<LogRecord>& log, double delay_s, double qingxian_delay_s) {
  std::map<std::string, std::vector<LogRecord>> by_host;
  for (const auto& r : log) by_host[r.host].push_back(r);
  for (auto& [host, recs] : by_host) {
    std::sort(recs.begin(), recs.end(), [](const LogRecord& a, const LogRecord& b) { return a.t0 < b.t0; });
    const double want = host == "wjj.qingxian.demo.gov.cn" ? qingxian_delay_s : delay_s;
    for (size_t i = 1; i < recs.size(); ++i) {
      INFO(host << " " << recs[i - 1].path << " then " << recs[i].path);
      // One connection per host: the next request starts after the previous answer ended …
      CHECK(recs[i].t0 >= recs[i - 1].t1 - 0.005);
      // … and at least the delay later (robots.txt included). The server's timestamps are taken
      // by Python threads that wait for the GIL, so they carry some noise: start to start must
      // keep the delay within 10 ms, answer end to next start within 25 ms.
      // Exception: a request the server dropped unanswered (reset, status 0) on a reused
      // connection is re-sent at once by libcurl itself, as browsers do.
      if (recs[i - 1].status == 0) continue;
      CHECK(recs[i].t0 - recs[i - 1].t0 >= want - 0.010);
      CHECK(recs[i].t0 - recs[i - 1].t1 >= want - 0.025);
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
  CheckPoliteness(log, 0.050, 0.300);
}

TEST_CASE("crawl: killed with SIGKILL and run again, it fetches nothing it had finished", "[integration]") {
  const std::string dir = TempDir("kill");
  nianbao::testweb::TestWeb web(dir + "/log.jsonl", {"--crawl-delay", "0.1", "--fast"});
  REQUIRE(web.ok());
  const std::string store_dir = dir + "/store";
  auto run = [&](bool kill_early) -> int {
    pid_t pid = fork();
    if (pid == 0) {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
      const std::string seeds = std::string(NIANBAO_SOURCE_DIR) + "/seeds/demo.toml";
      execl(NIANBAO_BINARY, NIANBAO_BINARY, "crawl", "--seeds", seeds.c_str(), "--store", store_dir.c_str(),
            "--connect-to", web.connect_to().c_str(), "--delay", "100", "--max-depth", "6", (char*)nullptr);
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
