// The daemon binary against the simulated government web (tests/web/testweb.py): a schedule of
// seconds, SIGKILL mid-crawl twice, restart; then the web changes (one report's numbers edited,
// one removed, a new year's report published, a view counter on every page) and exactly the
// right documents change. Also: SIGTERM exits 0 within 5 s, reads go through the daemon, a
// second opener is refused, /metrics parses as Prometheus text.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "../web/testweb_process.h"
#include "daemon_util.h"
#include "nianbao/common/json.h"
#include "nianbao/daemon/http.h"
#include "prometheus_check.h"

using namespace nianbao;
using namespace nianbao::testing;
using Clock_ = std::chrono::steady_clock;

namespace {

struct DocState {
  int versions = 0;
  bool withdrawn = false;
};

// Every document's version count and withdrawal, through the CLI (forwarded to the daemon).
std::map<std::string, DocState> Docs(const std::string& store) {
  std::string out, err;
  int rc = RunCli({"export", "--store", store, "--format", "jsonl"}, &out, &err);
  INFO(err);
  REQUIRE(rc == 0);
  std::map<std::string, DocState> docs;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    docs[j.value("agency", "") + "/" + std::to_string(j.value("year", 0))] =
        DocState{j.value("versions", 0), j.value("withdrawn", false)};
  }
  return docs;
}

// Every scheduled agency has finished a discovery that started after `after` (a /status time).
bool AllDiscoveredAfter(const std::string& address, const std::string& after, size_t* agencies) {
  Json s = GetJson(address, "/status");
  if (!s.is_object()) return false;
  size_t n = 0;
  for (const auto& [id, a] : s["agencies"].items()) {
    if (!a.contains("schedule") || !a["schedule"].value("scheduled", false)) continue;
    ++n;
    if (a["schedule"].value("last_discovery", "") <= after) return false;
  }
  *agencies = n;
  return n > 0;
}

std::string Control(const nianbao::testweb::TestWeb& web, const std::string& action) {
  auto r = daemon::HttpCall("127.0.0.1:" + std::to_string(web.port()), "GET", "/_control/" + action, "", 10000);
  return r.ok() ? std::to_string(r->status) : r.status().ToString();
}

std::string WriteConfig(const testing::TempDir& dir, const nianbao::testweb::TestWeb& web, const std::string& recheck) {
  const std::string path = dir.sub("daemon.toml");
  testing::WriteFile(path, "[schedule]\n"
                           "discovery_interval = \"20s\"\nseason_discovery_interval = \"20s\"\n"
                           "recheck_interval = \"" + recheck + "\"\nseason_recheck_interval = \"" + recheck + "\"\n"
                           "error_retry = \"2s\"\n"
                           "[backoff]\nbase = \"5s\"\nmax = \"10s\"\n"
                           "[crawl]\ndelay_ms = 20\nmax_depth = 6\nconnect_to = [\"" + web.connect_to() + "\"]\n"
                           "[http]\nlisten = \"127.0.0.1:0\"\n");
  return path;
}

std::string SeedsDir(const testing::TempDir& dir) {
  const std::string seeds = dir.sub("seeds");
  std::filesystem::create_directories(seeds);
  std::filesystem::copy_file(std::string(NIANBAO_SOURCE_DIR) + "/seeds/demo.toml", seeds + "/demo.toml");
  return seeds;
}

}  // namespace

TEST_CASE("daemon: SIGKILL twice, restart, then exactly the changed reports get versions", "[daemon][integration]") {
  testing::TempDir dir;
  nianbao::testweb::TestWeb web(dir.sub("web.jsonl"), {"--fast", "--crawl-delay", "0.1"});
  REQUIRE(web.ok());
  const std::string seeds = SeedsDir(dir);
  const std::string store = dir.sub("store");
  const std::string config = WriteConfig(dir, web, "6s");
  const std::string log = dir.sub("daemon.log");

  // Killed twice in the middle of crawling.
  for (size_t kill_at : {25u, 60u}) {
    Proc d = StartDaemon(seeds, store, config, log);
    const bool busy = WaitFor(60, [&] { return web.Log().size() >= kill_at; });
    Kill9(d.pid);
    REQUIRE(busy);
  }
  CHECK(testing::ReadFile(log).find("\"resumes\":true") != std::string::npos);   // the 2nd start resumed a job

  Proc d = StartDaemon(seeds, store, config, log);
  std::string address;
  REQUIRE(WaitFor(20, [&] { return !(address = Endpoint(store)).empty(); }));
  size_t agencies = 0;
  INFO(testing::ReadFile(log));
  REQUIRE(WaitFor(240, [&] { return AllDiscoveredAfter(address, "", &agencies); }));
  CHECK(agencies == 6);
  auto before = Docs(store);
  for (const auto& [k, v] : before) UNSCOPED_INFO("before: " << k << " v" << v.versions << (v.withdrawn ? " withdrawn" : ""));
  CHECK(before.size() == 8);
  for (const auto& [k, v] : before) {
    CHECK(v.versions == 1);
    CHECK_FALSE(v.withdrawn);
  }
  REQUIRE(before.count("luocheng-wsjkw/2022"));
  REQUIRE(before.count("chengguan-wjw/2021"));
  CHECK(before.count("demo-wjw/2023") == 0);
  Json feed_before_status = GetJson(address, "/status");
  const uint64_t changes_before = feed_before_status["totals"].value("changes", uint64_t{0});

  // The web changes.
  REQUIRE(Control(web, "edit?report=luocheng-2022&find=3916&replace=3917") == "200");
  REQUIRE(Control(web, "remove?report=chengguan-2021") == "200");
  REQUIRE(Control(web, "add?report=demo-wjw-2023") == "200");
  REQUIRE(Control(web, "counter?on=1") == "200");
  const std::string mutated = GetJson(address, "/status")["daemon"].value("started", "");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::string after_mutation = FormatTimeUtc(nianbao::Clock::Real()->NowMicros());
  (void)mutated;

  // A full round of discoveries and re-checks after the change.
  REQUIRE(WaitFor(240, [&] { return AllDiscoveredAfter(address, after_mutation, &agencies); }));
  std::this_thread::sleep_for(std::chrono::seconds(8));   // and a re-check round (6 s)
  auto after = Docs(store);
  for (const auto& [k, v] : after) UNSCOPED_INFO("after: " << k << " v" << v.versions << (v.withdrawn ? " withdrawn" : ""));
  CHECK(after.size() == 9);
  for (const auto& [k, v] : after) {
    INFO(k);
    if (k == "luocheng-wsjkw/2022") {
      CHECK(v.versions == 2);       // the numbers edited
      CHECK_FALSE(v.withdrawn);
    } else if (k == "chengguan-wjw/2021") {
      CHECK(v.withdrawn);           // removed
      CHECK(v.versions == 1);
    } else if (k == "demo-wjw/2023") {
      CHECK(v.versions == 1);       // the new year's report
      CHECK_FALSE(v.withdrawn);
    } else {
      CHECK(v.versions == 1);       // the view counter is not a change
      CHECK_FALSE(v.withdrawn);
    }
  }

  // /changes: the Atom feed has exactly those three events since.
  auto feed = daemon::HttpCall(address, "GET", "/changes", "", 10000);
  REQUIRE(feed.ok());
  CHECK(feed->content_type.find("application/atom+xml") == 0);
  Json status = GetJson(address, "/status");
  CHECK(status["totals"].value("changes", uint64_t{0}) == changes_before + 3);
  std::vector<std::string> newest;
  for (size_t p = feed->body.find("<entry>"); p != std::string::npos && newest.size() < 3;
       p = feed->body.find("<entry>", p + 1)) {
    size_t t = feed->body.find("<title>", p);
    newest.push_back(feed->body.substr(t + 7, feed->body.find("</title>", t) - t - 7));
  }
  std::sort(newest.begin(), newest.end());
  INFO(feed->body.substr(0, 3000));
  REQUIRE(newest.size() == 3);
  CHECK(newest[0].find("城关区卫生健康委员会 2021年度报告: withdrawn") == 0);
  CHECK(newest[1].find("洛城市卫生健康委员会 2022年度报告: changed (version 2)") == 0);
  CHECK(newest[2].find("演示省卫生健康委员会 2023年度报告: new (version 1)") == 0);
  auto diff = daemon::HttpCall(address, "GET", "/diff?agency=luocheng-wsjkw&year=2022&from=1&to=2", "", 10000);
  REQUIRE(diff.ok());
  CHECK(diff->status == 200);
  CHECK(diff->body.find("3917") != std::string::npos);

  // /metrics is valid Prometheus text and saw the crawl.
  auto metrics = daemon::HttpCall(address, "GET", "/metrics", "", 10000);
  REQUIRE(metrics.ok());
  std::vector<testing::PromSample> samples;
  CHECK(testing::CheckPrometheusText(metrics->body, &samples) == "");
  double pages = 0;
  for (const auto& s : samples)
    if (s.name == "nianbao_pages_fetched_total") pages += s.value;
  CHECK(pages > 50);

  // Logs are JSON lines with levels.
  std::istringstream logs(testing::ReadFile(log));
  std::string line;
  size_t lines = 0;
  while (std::getline(logs, line)) {
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_object()) continue;   // (curl or a crash could write plain text; count the JSON)
    CHECK(j.contains("level"));
    CHECK(j.contains("event"));
    ++lines;
  }
  CHECK(lines > 10);

  kill(d.pid, SIGTERM);
  CHECK(WaitExit(d.pid, 5) == 0);
}

TEST_CASE("daemon: SIGTERM mid-crawl exits 0 within 5 s; reads go through it; one opener", "[daemon][integration]") {
  testing::TempDir dir;
  nianbao::testweb::TestWeb web(dir.sub("web.jsonl"), {"--crawl-delay", "0.1"});   // not --fast: slow pages
  REQUIRE(web.ok());
  const std::string seeds = SeedsDir(dir);
  const std::string store = dir.sub("store");
  const std::string config = WriteConfig(dir, web, "30s");
  const std::string log = dir.sub("daemon.log");
  Proc d = StartDaemon(seeds, store, config, log);
  std::string address;
  REQUIRE(WaitFor(20, [&] { return !(address = Endpoint(store)).empty(); }));

  // While it runs: a read answers through it, a writer and a second daemon are refused.
  REQUIRE(WaitFor(60, [&] { return web.Log().size() >= 20; }));
  std::string out, err;
  CHECK(RunCli({"status", "--store", store, "--json"}, &out, &err) == 0);
  Json status = Json::parse(out, nullptr, false);
  CHECK(status.is_object());
  CHECK(status.contains("schedule"));
  CHECK(RunCli({"list", "--store", store}, &out, &err) == 0);
  CHECK(RunCli({"export", "--store", store, "--format", "warc", "--out", dir.sub("a.warc.gz")}, &out, &err) == 0);
  CHECK(std::filesystem::file_size(dir.sub("a.warc.gz")) > 100);
  CHECK(err.find("to " + dir.sub("a.warc.gz")) != std::string::npos);
  CHECK(RunCli({"daemon", "--seeds", seeds, "--store", store, "--listen", "127.0.0.1:0"}, &out, &err) == 1);
  CHECK(err.find("already holds this store") != std::string::npos);
  const std::string seeds_file = seeds + "/demo.toml";
  CHECK(RunCli({"crawl", "--seeds", seeds_file, "--store", store}, &out, &err) != 0);
  CHECK(err.find("holds this store") != std::string::npos);

  // SIGHUP: a seed file added is scheduled, and removed again, unscheduled (its state stays).
  auto scheduled = [&] {
    Json st = GetJson(address, "/status");
    size_t n = 0;
    if (st.is_object())
      for (const auto& [id, a] : st["agencies"].items())
        if (a.contains("schedule") && a["schedule"].value("scheduled", false)) ++n;
    return n;
  };
  CHECK(scheduled() == 6);
  testing::WriteFile(seeds + "/extra.toml", "province = \"演示省\"\n[[agency]]\nid = \"extra-wjw\"\n"
                                            "name = \"另一卫生健康委员会\"\nregion = \"演示省\"\nlevel = \"province\"\n"
                                            "urls = [\"http://wjw.demo.gov.cn/\"]\n");
  kill(d.pid, SIGHUP);
  CHECK(WaitFor(20, [&] { return scheduled() == 7; }));
  std::filesystem::remove(seeds + "/extra.toml");
  kill(d.pid, SIGHUP);
  CHECK(WaitFor(20, [&] { return scheduled() == 6; }));
  CHECK(testing::ReadFile(log).find("\"event\":\"reloaded\"") != std::string::npos);

  // SIGTERM while crawling: exit 0 within 5 s.
  const size_t requests = web.Log().size();
  REQUIRE(WaitFor(30, [&] { return web.Log().size() > requests + 3; }));
  auto t0 = Clock_::now();
  kill(d.pid, SIGTERM);
  const int rc = WaitExit(d.pid, 5);
  const double secs = std::chrono::duration<double>(Clock_::now() - t0).count();
  if (rc == -1000) Kill9(d.pid);
  INFO(testing::ReadFile(log));
  CHECK(rc == 0);
  CHECK(secs < 5);
  CHECK_FALSE(std::filesystem::exists(store + "/daemon.endpoint"));
  // The archive opens and reads; the interrupted job is the one the next start resumes.
  CHECK(RunCli({"status", "--store", store, "--json"}, &out, &err) == 0);
  Json after = Json::parse(out, nullptr, false);
  REQUIRE(after.is_object());
  // SIGTERM can land just after the last job ended (the test cannot pick the instant): the
  // schedule must record an interrupted job exactly when the log says one was interrupted.
  const std::string daemon_log = testing::ReadFile(log);
  const size_t last_start = daemon_log.rfind("\"event\":\"job_started\"");
  const size_t last_done = daemon_log.rfind("\"event\":\"job_done\"");
  const bool interrupted =
      last_start != std::string::npos && (last_done == std::string::npos || last_done < last_start);
  CHECK(after["schedule"]["current_job"].is_object() == interrupted);
  CHECK(RunCli({"list", "--store", store}, &out, &err) == 0);
}
