// Read commands on a store a running daemon holds, answered through it: a large export streams
// (the daemon's memory does not grow with the export's size), and a forwarded `status` uses the
// daemon's own schedule intervals and lines up CJK agency names.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "daemon_util.h"
#include "nianbao/common/clock.h"
#include "nianbao/common/json.h"
#include "nianbao/daemon/config.h"
#include "nianbao/daemon/schedule.h"

using namespace nianbao;
using namespace nianbao::testing;

namespace {

const char* kAgency = "测试市卫生健康委员会";   // 10 CJK characters: 20 columns, 30 bytes

// A report text of about `bytes` bytes, different for each n.
std::string ReportText(int n, size_t bytes) {
  std::string t = "测试市卫生健康委员会" + std::to_string(2000 + n % 100) + "年政府信息公开工作年度报告\n";
  for (int line = 0; t.size() < bytes; ++line)
    t += "（" + std::to_string(line) + "）本机关第" + std::to_string(n) + "号报告，主动公开政府信息" +
         std::to_string(n * 31 + line) + "条，收到申请" + std::to_string(line * 7 + n) + "件。\n";
  return t;
}

// VmHWM (peak resident size) of a process, in kB.
long PeakRssKb(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

// Seconds between two "YYYY-MM-DDTHH:MM:SSZ" times.
long Seconds(const std::string& from, const std::string& to) {
  auto parse = [](const std::string& s) {
    std::tm tm{};
    std::istringstream in(s);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    return static_cast<long>(timegm(&tm));
  };
  return parse(to) - parse(from);
}

// Columns a line takes on a terminal (ASCII 1, the CJK used here 2).
size_t Columns(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += c < 0x80 ? 1 : (c & 0xC0) == 0xC0 ? 2 : 0;
  return w;
}

struct Daemon {
  Proc proc;
  std::string address;
  ~Daemon() {
    if (proc.pid > 0) {
      kill(proc.pid, SIGTERM);
      if (WaitExit(proc.pid, 10) == -1000) Kill9(proc.pid);
    }
  }
};

}  // namespace

TEST_CASE("through a running daemon: a large export streams, status uses the daemon's config", "[daemon][integration]") {
  TempDir dir;
  const std::string store = dir.sub("store");
  constexpr int kDocs = 1200;
  constexpr size_t kTextBytes = 25000;
  {
    auto archive = OpenArchive(store);
    REQUIRE(archive);
    store::AgencyInfo agency{kAgency, kAgency, "测试市", "测试省", "city", ""};
    REQUIRE(archive->PutAgency(agency).ok());
    for (int n = 0; n < kDocs; ++n) {
      store::ReportContent c{"报告" + std::to_string(n), ReportText(n, kTextBytes),
                             "http://wjw.test.gov.cn/" + std::to_string(n) + ".html", "html", ""};
      store::Observation obs;
      obs.url = c.url;
      obs.http_status = 200;
      // Agencies with these ids: one per document keeps each document its own (agency, year).
      const std::string id = n == 0 ? std::string(kAgency) : "agency-" + std::to_string(n);
      REQUIRE(archive->PutReport(store::DocKey{id, 2020}, agency, c, obs).ok());
    }
    // The schedule a daemon left: the agency was discovered and re-checked just now.
    daemon::Scheduler scheduler(archive.get(), Clock::Real());
    REQUIRE(scheduler.Load().ok());
    scheduler.SetAgencies({{kAgency, {"wjw.test.gov.cn"}}});
    for (auto kind : {daemon::JobKind::kDiscovery, daemon::JobKind::kRecheck}) {
      daemon::Job job{kAgency, kind, false};
      REQUIRE(scheduler.Begin(job).ok());
      REQUIRE(scheduler.Finish(job, daemon::JobOutcome{}).ok());
    }
  }
  const std::string seeds = dir.sub("seeds");   // none: the daemon only serves
  std::filesystem::create_directories(seeds);
  const std::string config = dir.sub("daemon.toml");
  WriteFile(config, "[schedule]\ndiscovery_interval = \"7h\"\nseason_discovery_interval = \"7h\"\n"
                    "recheck_interval = \"5h\"\nseason_recheck_interval = \"5h\"\n"
                    "[http]\nlisten = \"127.0.0.1:0\"\n");
  // ASan keeps freed memory in quarantine (256 MB by default): bound it, or the peak would
  // measure ASan rather than the daemon.
  std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
  setenv("ASAN_OPTIONS", (asan + (asan.empty() ? "" : ":") + "quarantine_size_mb=4").c_str(), 1);
  Daemon d;
  d.proc = StartDaemon(seeds, store, config, dir.sub("daemon.log"));
  if (asan.empty()) unsetenv("ASAN_OPTIONS"); else setenv("ASAN_OPTIONS", asan.c_str(), 1);
  REQUIRE(WaitFor(30, [&] { return !(d.address = Endpoint(store)).empty(); }));
  INFO(ReadFile(dir.sub("daemon.log")));

  SECTION("an export of the whole archive streams: the daemon's peak memory grows far less than it") {
    // A first small command: whatever a forwarded command costs once (threads, caches).
    std::string out, err;
    REQUIRE(RunCli({"list", "--store", store}, &out, &err) == 0);
    const long before = PeakRssKb(d.proc.pid);
    const std::string file = dir.sub("all.jsonl");
    REQUIRE(RunCli({"export", "--store", store, "--format", "jsonl", "--out", file}, &out, &err) == 0);
    const long after = PeakRssKb(d.proc.pid);
    CHECK(err.find("exported " + std::to_string(kDocs) + " record(s) to " + file) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file + ".partial"));
    const auto size = std::filesystem::file_size(file);
    REQUIRE(size > kDocs * kTextBytes);
    std::ifstream in(file);
    std::string line;
    int lines = 0, intact = 0;
    while (std::getline(in, line)) {
      ++lines;
      Json j = Json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      const std::string agency = j.value("agency", "");
      const int n = agency == kAgency ? 0 : std::atoi(agency.c_str() + 7);
      intact += j.value("text", "") == ReportText(n, kTextBytes);
    }
    CHECK(lines == kDocs);
    CHECK(intact == kDocs);
    INFO("daemon peak RSS " << before << " kB before, " << after << " kB after exporting " << size / 1024 << " kB");
    // Held whole (the output, then its encoding) the peak would grow by more than twice the
    // export; streamed, by the block cache filling and a frame (ASan's own bookkeeping: ~11 MB).
    CHECK(after - before < static_cast<long>(size / 1024 / 2));

    // Standard output too, byte for byte the same.
    REQUIRE(RunCli({"export", "--store", store, "--format", "jsonl"}, &out, &err) == 0);
    CHECK(out == ReadFile(file));
  }

  SECTION("a forwarded status computes due times with the daemon's intervals and aligns CJK names") {
    std::string out, err;
    REQUIRE(RunCli({"status", "--store", store, "--json"}, &out, &err) == 0);
    Json j = Json::parse(out, nullptr, false);
    REQUIRE(j.is_object());
    const Json& s = j["agencies"][kAgency]["schedule"];
    CHECK(Seconds(s.value("last_discovery", ""), s.value("next_discovery", "")) == 7 * 3600);
    CHECK(Seconds(s.value("last_recheck", ""), s.value("next_recheck", "")) == 5 * 3600);

    REQUIRE(RunCli({"status", "--store", store}, &out, &err) == 0);
    std::istringstream lines(out);
    std::string line;
    size_t docs_column = 0;
    bool row = false;
    while (std::getline(lines, line)) {
      if (line.rfind("agency ", 0) == 0) docs_column = Columns(line.substr(0, line.find("docs")));
      if (line.rfind(kAgency, 0) == 0) {
        row = true;
        const size_t value = line.find_first_not_of(' ', std::string(kAgency).size());
        CHECK(Columns(line.substr(0, value)) == docs_column);   // "1" under "docs"
        CHECK(line.substr(value, 2) == "1 ");
      }
    }
    CHECK(docs_column > 20);
    CHECK(row);
  }
}
