// nianbao status: the daemon's /status summary, from the archive alone (no daemon needed; with a
// daemon holding the store, the command runs inside it and prints the same).
#include "cli.h"
#include "nianbao/common/text.h"
#include "nianbao/daemon/config.h"
#include "nianbao/daemon/report.h"
#include "nianbao/daemon/schedule.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

// Columns on a terminal: CJK (East Asian wide and fullwidth) characters take two.
size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t pos = 0; pos < s.size();) {
    const char32_t c = DecodeUtf8(s, &pos);
    const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
                      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
                      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

// v, then spaces up to `width` columns, and always at least one.
std::string Column(std::string v, size_t width) {
  if (v.empty()) v = "-";
  const size_t w = DisplayWidth(v);
  v.append(w < width ? width - w : 1, ' ');
  return v;
}

std::string Str(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

void PrintText(const Json& j) {
  const Json& t = j["totals"];
  Out() << "agencies " << t["agencies"] << ", documents " << t["documents"] << ", versions " << t["versions"]
        << ", withdrawn " << t["withdrawn"] << ", change events " << t["changes"] << "\n";
  const Json& sched = j["schedule"];
  if (sched.contains("current_job") && sched["current_job"].is_object())
    Out() << "interrupted job (resumed by the next daemon start): " << Str(sched["current_job"], "kind") << " of "
          << Str(sched["current_job"], "agency") << "\n";
  if (!Str(sched, "next_due").empty()) Out() << "next job due " << Str(sched, "next_due") << "\n";
  Out() << "\nagency                     docs  vers  wdrn  last discovery        next discovery        next re-check         errors\n";
  for (const auto& [id, a] : j["agencies"].items()) {
    const Json s = a.contains("schedule") ? a["schedule"] : Json::object();
    auto col = Column;
    Out() << col(id, 27) << col(std::to_string(a.value("documents", 0)), 6) << col(std::to_string(a.value("versions", 0)), 6)
          << col(std::to_string(a.value("withdrawn", 0)), 6) << col(Str(s, "last_discovery"), 22)
          << col(Str(s, "next_discovery"), 22) << col(Str(s, "next_recheck"), 22)
          << (s.contains("errors") ? std::to_string(s["errors"].get<int64_t>()) : "-")
          << (Str(s, "last_error").empty() ? "" : " (" + Str(s, "last_error") + ")") << "\n";
  }
  if (sched.contains("hosts"))
    for (const auto& [host, h] : sched["hosts"].items())
      if (h.value("in_backoff", false))
        Out() << "host " << host << " backing off until " << Str(h, "backoff_until") << " after "
              << h.value("failures", 0) << " failed crawl(s)\n";
  if (!j["last_changes"].empty()) Out() << "\nlast changes:\n";
  for (const auto& c : j["last_changes"])
    Out() << "  " << Str(c, "time") << "  " << Str(c, "kind") << "  " << Str(c, "agency") << " " << c["year"]
          << " v" << c["version"] << "  " << Str(c, "title") << "\n";
}

int Run(const Args& args) {
  // Inside a daemon (a forwarded command): its config, unless --config names another.
  daemon::Config config = DaemonConfig() ? *DaemonConfig() : daemon::Config{};
  if (args.Has("config")) {
    config = daemon::Config{};
    Status s = daemon::LoadConfigFile(args.Get("config"), &config);
    if (!s.ok()) return Fail("status", s);
  }
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("status", archive.status());
  daemon::Scheduler scheduler(archive->get(), Clock::Real());
  Status s = scheduler.Load();
  if (!s.ok()) return Fail("status", s);
  scheduler.SetConfig(config);
  // Without the seeds, the agencies the schedule knows are the ones scheduled.
  std::map<std::string, std::vector<std::string>> agencies;
  for (const auto& [id, a] : scheduler.agencies()) agencies[id] = a.hosts;
  scheduler.SetAgencies(agencies);
  auto j = daemon::StatusJson(archive->get(), &scheduler, static_cast<size_t>(args.Has("changes") ? 50 : 10));
  if (!j.ok()) return Fail("status", j.status());
  if (args.Has("json")) {
    Out() << DumpJson(*j, 2) << "\n";
  } else {
    PrintText(*j);
  }
  return 0;
}

NIANBAO_COMMAND((CommandSpec{"status", "summary of the archive and the daemon's schedule",
                             "nianbao status --store DIR [--json] [--config FILE]",
                             "Agencies, documents, versions, withdrawn reports, the last changes and the schedule\n"
                             "(last and next discovery / re-check, errors, hosts backing off), read from the archive;\n"
                             "--json prints the same object as the daemon's GET /status. --config gives the intervals\n"
                             "the next due times are computed with (the daemon's config file).",
                             {StoreOption(), {"json", "", "print JSON (as GET /status)"},
                              {"config", "FILE", "the daemon's config file, for next due times"},
                              {"changes", "", "list the last 50 changes instead of 10"}}}),
                Run);

}  // namespace
}  // namespace nianbao::cli
