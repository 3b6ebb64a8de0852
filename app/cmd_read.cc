// The read-only archive commands: list, history, show, diff.
#include <iostream>

#include "nianbao/common/clock.h"
#include "nianbao/common/diff.h"
#include "nianbao/common/json.h"
#include "store_cli.h"

namespace nianbao::cli {
namespace {

std::string Time(int64_t micros) { return micros ? FormatTimeUtc(micros) : "-"; }

OptionSpec JsonOption() { return {"json", "", "print JSON lines instead of a table"}; }

int RunList(const Args& args) {
  std::optional<std::string> agency;
  if (args.Has("agency")) agency = args.Get("agency");
  std::optional<int> year;
  if (args.Has("year")) {
    auto y = ParseYear(args.Get("year"));
    if (!y.ok()) return UsageError("list", y.status().message());
    year = *y;
  }
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("list", archive.status());
  const bool json = args.Has("json");
  size_t n = 0;
  if (!json) Out() << "agency\tyear\tversions\tobservations\tlast_changed\tstatus\ttitle\n";
  Status s = (*archive)->ListDocuments(agency, year, [&](const store::DocumentInfo& d) {
    ++n;
    if (json) {
      Out() << DumpJson({{"agency", d.key.agency}, {"name", d.agency.name}, {"year", d.key.year},
                             {"versions", d.versions}, {"observations", d.observations},
                             {"last_changed", Time(d.last_changed)}, {"withdrawn", d.withdrawn},
                             {"title", d.latest_title}, {"url", d.latest_url}})
                << "\n";
    } else {
      Out() << d.key.agency << "\t" << d.key.year << "\t" << d.versions << "\t" << d.observations << "\t"
                << Time(d.last_changed) << "\t" << (d.withdrawn ? "withdrawn " + Time(d.withdrawn_at) : "current")
                << "\t" << d.latest_title << "\n";
    }
    return true;
  });
  if (!s.ok()) return Fail("list", s);
  if (!json) Err() << n << " document(s)\n";
  return 0;
}

int RunHistory(const Args& args) {
  auto key = RequireDocKey(args);
  if (!key.ok()) return UsageError("history", key.status().message());
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("history", archive.status());
  auto doc = (*archive)->GetDocument(*key);
  if (!doc.ok()) return Fail("history", doc.status());
  Out() << doc->agency.name << " (" << key->agency << ") " << key->year << ": " << doc->versions
            << " version(s), " << doc->observations << " observation(s), first seen " << Time(doc->first_seen)
            << (doc->withdrawn ? ", WITHDRAWN " + Time(doc->withdrawn_at) : "") << "\n\nversions:\n";
  Status s = (*archive)->ListVersions(*key, [&](const store::Version& v) {
    Out() << "  " << v.number << "\t" << Time(v.created) << "\t" << v.source_format << "\t"
              << v.content_sha256.substr(0, 12) << "\t" << v.text.size() << " bytes\t" << v.url << "\n";
    return true;
  });
  if (!s.ok()) return Fail("history", s);
  Out() << "\nobservations:\n";
  s = (*archive)->ListObservations(*key, [&](const store::Observation& o) {
    Out() << "  " << Time(o.time) << "\t" << o.event << "\tv" << o.version << (o.changed ? " (new)" : "")
              << "\t" << (o.http_status ? std::to_string(o.http_status) : "-") << "\t" << o.url;
    if (!o.etag.empty()) Out() << "\tetag " << o.etag;
    if (!o.last_modified.empty()) Out() << "\tlast-modified " << o.last_modified;
    Out() << "\n";
    return true;
  });
  if (!s.ok()) return Fail("history", s);
  return 0;
}

int RunShow(const Args& args) {
  auto key = RequireDocKey(args);
  if (!key.ok()) return UsageError("show", key.status().message());
  auto version = args.GetInt("version", 0, 1, 1 << 30);
  if (!version.ok()) return UsageError("show", version.status().message());
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("show", archive.status());
  auto v = (*archive)->GetVersion(*key, static_cast<int>(*version));
  if (!v.ok()) return Fail("show", v.status());
  if (args.Has("json")) {
    Json j = {{"agency", key->agency}, {"year", key->year}, {"version", v->number}, {"title", v->title},
              {"url", v->url}, {"created", Time(v->created)}, {"sha256", v->content_sha256}, {"text", v->text}};
    if (!v->stats_json.empty()) j["stats"] = Json::parse(v->stats_json, nullptr, false);
    Out() << DumpJson(j, 2) << "\n";
  } else {
    Out() << v->text;
    if (!v->text.empty() && v->text.back() != '\n') Out() << "\n";
  }
  return 0;
}

int RunDiff(const Args& args) {
  auto key = RequireDocKey(args);
  if (!key.ok()) return UsageError("diff", key.status().message());
  auto archive = OpenStore(args, false);
  if (!archive.ok()) return Fail("diff", archive.status());
  auto doc = (*archive)->GetDocument(*key);
  if (!doc.ok()) return Fail("diff", doc.status());
  auto to = args.GetInt("to", doc->versions, 1, doc->versions);
  if (!to.ok()) return UsageError("diff", to.status().message());
  auto from = args.GetInt("from", std::max<long long>(1, *to - 1), 1, doc->versions);
  if (!from.ok()) return UsageError("diff", from.status().message());
  auto a = (*archive)->GetVersion(*key, static_cast<int>(*from));
  if (!a.ok()) return Fail("diff", a.status());
  auto b = (*archive)->GetVersion(*key, static_cast<int>(*to));
  if (!b.ok()) return Fail("diff", b.status());
  Out() << "--- " << key->agency << " " << key->year << " version " << a->number << " (" << Time(a->created)
            << ")\n+++ " << key->agency << " " << key->year << " version " << b->number << " ("
            << Time(b->created) << ")\n";
  auto context = args.GetInt("context", 2, 0, 1000);
  if (!context.ok()) return UsageError("diff", context.status().message());
  std::string text = FormatUnifiedDiff(DiffLines(a->text, b->text), static_cast<int>(*context));
  Out() << (text.empty() ? "(no differences)\n" : text);
  return 0;
}

NIANBAO_COMMAND((CommandSpec{"list", "list archived documents with their version counts",
                             "nianbao list --store DIR [--agency NAME] [--year YYYY] [--json]",
                             "One line per (agency, report year): versions, observations, when it last changed,\n"
                             "whether it was withdrawn, and its title.",
                             {StoreOption(), AgencyOption(), YearOption(), JsonOption()}}),
                RunList);
NIANBAO_COMMAND((CommandSpec{"history", "show a document's versions and every observation of it",
                             "nianbao history --store DIR --agency NAME --year YYYY", "",
                             {StoreOption(), AgencyOption(), YearOption()}}),
                RunHistory);
NIANBAO_COMMAND((CommandSpec{"show", "print a document's text (latest version unless --version)",
                             "nianbao show --store DIR --agency NAME --year YYYY [--version N] [--json]", "",
                             {StoreOption(), AgencyOption(), YearOption(),
                              {"version", "N", "the version to print (default: the latest)"}, JsonOption()}}),
                RunShow);
NIANBAO_COMMAND((CommandSpec{"diff", "a line diff between two versions of a document",
                             "nianbao diff --store DIR --agency NAME --year YYYY [--from N --to M] [--context K]",
                             "By default compares the latest version with the one before it.",
                             {StoreOption(), AgencyOption(), YearOption(),
                              {"from", "N", "the older version (default: the one before --to)"},
                              {"to", "M", "the newer version (default: the latest)"},
                              {"context", "K", "unchanged lines shown around each change (default 2)"}}}),
                RunDiff);

}  // namespace
}  // namespace nianbao::cli
