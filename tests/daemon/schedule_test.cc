// The scheduler in fake time: intervals in and out of the publication season, backoff of a
// failing host without delaying other agencies, and a restart continuing from the archive.
#include <catch2/catch.hpp>

#include "daemon_util.h"
#include "nianbao/daemon/config.h"
#include "nianbao/daemon/schedule.h"

using namespace nianbao;
using namespace nianbao::daemon;

namespace {

int64_t At(const std::string& utc) {
  int64_t t = 0;
  REQUIRE(ParseTimeUtc(utc, &t));
  return t;
}

JobOutcome Ok(const std::string& host = "", bool host_ok = true) {
  JobOutcome o;
  if (!host.empty()) o.hosts[host] = host_ok ? std::pair<int64_t, int64_t>{3, 0} : std::pair<int64_t, int64_t>{0, 5};
  return o;
}

const std::map<std::string, std::vector<std::string>> kAgencies = {{"a", {"a.test"}}, {"b", {"b.test"}}};

// Runs every due job (as the daemon would, one at a time) and returns them as "agency:kind".
std::vector<std::string> RunDue(Scheduler& s, const std::map<std::string, JobOutcome>& outcomes = {}) {
  std::vector<std::string> ran;
  while (auto job = s.Next()) {
    ran.push_back(job->agency + ":" + JobKindName(job->kind));
    REQUIRE(s.Begin(*job).ok());
    auto it = outcomes.find(job->agency);
    REQUIRE(s.Finish(*job, it == outcomes.end() ? Ok() : it->second).ok());
    REQUIRE(ran.size() < 100);
  }
  return ran;
}

}  // namespace

TEST_CASE("durations and the season in Beijing time") {
  CHECK(*ParseDuration("90s") == 90 * kSecond);
  CHECK(*ParseDuration("30m") == 1800 * kSecond);
  CHECK(*ParseDuration("12h") == 12 * kHour);
  CHECK(*ParseDuration("3d") == 3 * kDay);
  CHECK(*ParseDuration("1.5") == 1500000);
  CHECK(!ParseDuration("").ok());
  CHECK(!ParseDuration("3w").ok());
  CHECK(!ParseDuration("-1h").ok());
  Config c;
  CHECK(InSeason(c, At("2026-01-01T00:00:00Z")));
  CHECK(InSeason(c, At("2025-12-31T16:00:00Z")));   // already 1 January in Beijing
  CHECK(InSeason(c, At("2026-03-31T15:59:59Z")));
  CHECK_FALSE(InSeason(c, At("2026-03-31T16:00:00Z")));
  CHECK_FALSE(InSeason(c, At("2026-07-01T00:00:00Z")));
  c.season_first_month = 11;
  c.season_last_month = 2;   // wraps the new year
  CHECK(InSeason(c, At("2026-12-01T00:00:00Z")));
  CHECK_FALSE(InSeason(c, At("2026-03-05T00:00:00Z")));
}

TEST_CASE("config file: documented keys, strict about typos, all or nothing") {
  Config c;
  REQUIRE(LoadConfigText("[schedule]\ndiscovery_interval = \"2d\"\nrecheck_interval = 3600\n"
                         "[crawl]\ndelay_ms = 50\nconnect_to = [\"::127.0.0.1:8080\"]\n"
                         "[http]\nlisten = \"127.0.0.1:0\"\n[backoff]\nbase = \"2h\"\n",
                         "t.toml", &c)
              .ok());
  CHECK(c.discovery_interval == 2 * kDay);
  CHECK(c.recheck_interval == kHour);
  CHECK(c.delay_ms == 50);
  CHECK(c.connect_to == std::vector<std::string>{"::127.0.0.1:8080"});
  CHECK(c.listen == "127.0.0.1:0");
  CHECK(c.backoff_base == 2 * kHour);
  CHECK(c.season_recheck_interval == 2 * kHour);   // untouched default
  Config before = c;
  Status s = LoadConfigText("[crawl]\ndelay_ms = 10\ndelay = 5\n", "bad.toml", &c);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("bad.toml:3: crawl.delay") != std::string::npos);
  CHECK(c.delay_ms == before.delay_ms);   // nothing applied
  CHECK(!LoadConfigText("[schedule]\nrecheck_interval = \"soon\"\n", "t", &c).ok());
  CHECK(!LoadConfigText("[crawl]\nper_host = 0\n", "t", &c).ok());
  CHECK(!LoadConfigText("[log]\nlevel = \"loud\"\n", "t", &c).ok());
  CHECK(!LoadConfigText("[crawl\n", "t", &c).ok());
  Status rule = LoadConfigText("[crawl]\nconnect_to = [\"::127.0.0.1:8080\", \"127.0.0.1:8080\"]\n", "t", &c);
  CHECK(rule.message().find("crawl.connect_to") != std::string::npos);
  CHECK(rule.message().find("HOST1:PORT1:HOST2:PORT2") != std::string::npos);
}

TEST_CASE("discovery first, then re-checks; tighter in the publication season") {
  testing::TempDir dir;
  FakeClock clock(At("2026-06-01T00:00:00Z"));
  auto archive = testing::OpenArchive(dir.path(), &clock);
  REQUIRE(archive);
  Scheduler s(archive.get(), &clock);
  Config c;   // defaults: discovery 3 d, re-check 12 h; season 1 d / 2 h
  s.SetConfig(c);
  REQUIRE(s.Load().ok());
  s.SetAgencies(kAgencies);
  CHECK(RunDue(s) == std::vector<std::string>{"a:discovery", "b:discovery"});
  CHECK(RunDue(s).empty());
  clock.Advance(12 * kHour - kSecond);
  CHECK(RunDue(s).empty());
  clock.Advance(kSecond);
  CHECK(RunDue(s) == std::vector<std::string>{"a:recheck", "b:recheck"});
  clock.Advance(48 * kHour);   // 2.5 days after discovery: re-check only (several due: one run)
  CHECK(RunDue(s) == std::vector<std::string>{"a:recheck", "b:recheck"});
  clock.Advance(12 * kHour);   // 3 days after discovery
  CHECK(RunDue(s) == std::vector<std::string>{"a:discovery", "b:discovery"});

  // In January the re-check comes every 2 h and discovery daily.
  FakeClock winter(At("2026-01-10T00:00:00Z"));
  testing::TempDir dir2;
  auto a2 = testing::OpenArchive(dir2.path(), &winter);
  Scheduler w(a2.get(), &winter);
  w.SetConfig(c);
  REQUIRE(w.Load().ok());
  w.SetAgencies({{"a", {"a.test"}}});
  CHECK(RunDue(w) == std::vector<std::string>{"a:discovery"});
  winter.Advance(2 * kHour);
  CHECK(RunDue(w) == std::vector<std::string>{"a:recheck"});
  winter.Advance(22 * kHour);
  CHECK(RunDue(w) == std::vector<std::string>{"a:discovery"});
  CHECK(w.NextDue() == winter.NowMicros() + 2 * kHour);
}

TEST_CASE("a failing host backs off for hours, doubling, without delaying other agencies") {
  testing::TempDir dir;
  FakeClock clock(At("2026-06-01T00:00:00Z"));
  auto archive = testing::OpenArchive(dir.path(), &clock);
  Scheduler s(archive.get(), &clock);
  Config c;
  c.backoff_base = 1 * kHour;
  c.backoff_max = 4 * kHour;
  c.recheck_interval = 10 * 60 * kSecond;   // re-checks every 10 min: backoff must win
  s.SetConfig(c);
  REQUIRE(s.Load().ok());
  s.SetAgencies(kAgencies);
  std::map<std::string, JobOutcome> outcomes = {{"a", Ok("a.test", false)}, {"b", Ok("b.test", true)}};
  CHECK(RunDue(s, outcomes) == std::vector<std::string>{"a:discovery", "b:discovery"});
  CHECK(s.InBackoff("a.test"));
  CHECK_FALSE(s.InBackoff("b.test"));
  CHECK(s.HostsInBackoff() == 1);
  CHECK(s.RecheckDue("a") == clock.NowMicros() + kHour);
  clock.Advance(10 * 60 * kSecond);
  CHECK(RunDue(s, outcomes) == std::vector<std::string>{"b:recheck"});   // b goes on as usual
  clock.Advance(50 * 60 * kSecond);
  // a's re-check was due since t0+10 min (held only by the backoff): the most overdue goes first.
  CHECK(RunDue(s, outcomes) == std::vector<std::string>{"a:recheck", "b:recheck"});
  CHECK(s.hosts().at("a.test").failures == 2);
  CHECK(s.RecheckDue("a") == clock.NowMicros() + 2 * kHour);   // doubled
  for (int i = 0; i < 5; ++i) {
    clock.Set(s.RecheckDue("a"));
    RunDue(s, outcomes);
  }
  CHECK(s.RecheckDue("a") == clock.NowMicros() + 4 * kHour);    // capped at backoff.max
  // The host answers again: backoff cleared at once.
  outcomes["a"] = Ok("a.test", true);
  clock.Set(s.RecheckDue("a"));
  RunDue(s, outcomes);
  CHECK_FALSE(s.InBackoff("a.test"));
  CHECK(s.hosts().count("a.test") == 0);
}

TEST_CASE("a job that cannot run is retried later, not in a loop") {
  testing::TempDir dir;
  FakeClock clock(At("2026-06-01T00:00:00Z"));
  auto archive = testing::OpenArchive(dir.path(), &clock);
  Scheduler s(archive.get(), &clock);
  Config c;
  s.SetConfig(c);
  REQUIRE(s.Load().ok());
  s.SetAgencies({{"a", {"a.test"}}});
  JobOutcome failed{false, "IOError: disk full", {}};
  CHECK(RunDue(s, {{"a", failed}}) == std::vector<std::string>{"a:discovery"});
  CHECK(s.agencies().at("a").errors == 1);
  CHECK(s.agencies().at("a").last_error == "IOError: disk full");
  CHECK(s.DiscoveryDue("a") == clock.NowMicros() + c.error_retry);
  clock.Advance(c.error_retry);
  CHECK(RunDue(s, {{"a", failed}}) == std::vector<std::string>{"a:discovery"});
  CHECK(s.DiscoveryDue("a") == clock.NowMicros() + 2 * c.error_retry);
}

TEST_CASE("restart continues the schedule and resumes the interrupted job first") {
  testing::TempDir dir;
  FakeClock clock(At("2026-06-01T00:00:00Z"));
  Config c;
  {
    auto archive = testing::OpenArchive(dir.path(), &clock);
    Scheduler s(archive.get(), &clock);
    s.SetConfig(c);
    REQUIRE(s.Load().ok());
    s.SetAgencies(kAgencies);
    auto job = s.Next();
    REQUIRE(job);
    REQUIRE(s.Begin(*job).ok());
    REQUIRE(s.Finish(*job, Ok()).ok());   // a done
    clock.Advance(kHour);
    job = s.Next();
    REQUIRE(job->agency == "b");
    REQUIRE(s.Begin(*job).ok());          // b in progress … and the process dies (no Finish)
  }
  clock.Advance(5 * kHour);
  auto archive = testing::OpenArchive(dir.path(), &clock);
  Scheduler s(archive.get(), &clock);
  s.SetConfig(c);
  REQUIRE(s.Load().ok());
  s.SetAgencies(kAgencies);
  REQUIRE(s.current());
  auto job = s.Next();
  REQUIRE(job);
  CHECK(job->agency == "b");
  CHECK(job->kind == JobKind::kDiscovery);
  CHECK(job->resumed);
  REQUIRE(s.Begin(*job).ok());
  REQUIRE(s.Finish(*job, Ok()).ok());
  CHECK_FALSE(s.Next());   // a was discovered 6 h ago: its re-check is due in 6 h, not now
  CHECK(s.RecheckDue("a") == At("2026-06-01T12:00:00Z"));
  // An agency removed from the seeds is no longer scheduled, its state stays.
  s.SetAgencies({{"b", {"b.test"}}});
  clock.Advance(30 * kDay);
  auto next = s.Next();
  REQUIRE(next);
  CHECK(next->agency == "b");
  CHECK(s.agencies().count("a") == 1);
  Json j = s.ToJson();
  CHECK(j["agencies"]["a"]["scheduled"] == false);
  CHECK(j["agencies"]["b"]["scheduled"] == true);
}
