#include "nianbao/daemon/report.h"

#include <cctype>
#include <deque>
#include <map>

#include "nianbao/common/clock.h"
#include "nianbao/common/diff.h"
#include "nianbao/common/text.h"

namespace nianbao::daemon {
namespace {

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out += c;
    }
  }
  return SanitizeUtf8(out);  // the feed must be valid UTF-8 whatever a page held
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct Entry {
  store::ChangeEvent event;
  int from = 0;   // the version before this event
};

}  // namespace

Result<Json> StatusJson(store::Archive* archive, Scheduler* scheduler, size_t changes) {
  Json agencies = Json::object();
  Status s = archive->ListAgencies([&](const store::AgencyInfo& a) {
    agencies[a.id] = Json{{"name", a.name}, {"region", a.region}, {"province", a.province}, {"level", a.level},
                          {"documents", 0}, {"versions", 0}, {"withdrawn", 0}, {"last_changed", ""}};
    return true;
  });
  if (!s.ok()) return s;
  int64_t documents = 0, versions = 0, withdrawn = 0;
  s = archive->ListDocuments(std::nullopt, std::nullopt, [&](const store::DocumentInfo& d) {
    Json& a = agencies[d.key.agency];
    if (!a.contains("documents")) a = Json{{"name", d.agency.name}, {"documents", 0}, {"versions", 0}, {"withdrawn", 0}, {"last_changed", ""}};
    a["documents"] = a["documents"].get<int64_t>() + 1;
    a["versions"] = a["versions"].get<int64_t>() + d.versions;
    if (d.withdrawn) a["withdrawn"] = a["withdrawn"].get<int64_t>() + 1;
    const std::string changed = FormatTimeUtc(d.last_changed);
    if (d.last_changed > 0 && changed > a["last_changed"].get<std::string>()) a["last_changed"] = changed;
    ++documents;
    versions += d.versions;
    withdrawn += d.withdrawn ? 1 : 0;
    return true;
  });
  if (!s.ok()) return s;
  std::deque<store::ChangeEvent> last;
  uint64_t events = 0;
  s = archive->ListChanges(0, [&](const store::ChangeEvent& e) {
    last.push_back(e);
    if (last.size() > changes) last.pop_front();
    ++events;
    return true;
  });
  if (!s.ok()) return s;
  Json recent = Json::array();
  for (auto it = last.rbegin(); it != last.rend(); ++it)
    recent.push_back(Json{{"seq", it->seq}, {"time", FormatTimeUtc(it->time)}, {"agency", it->key.agency},
                          {"year", it->key.year}, {"kind", it->kind}, {"version", it->version},
                          {"title", it->title}, {"url", it->url}});
  Json schedule = scheduler ? scheduler->ToJson() : Json::object();
  if (schedule.contains("agencies"))
    for (auto& [id, sj] : schedule["agencies"].items()) agencies[id]["schedule"] = sj;
  return Json{{"agencies", agencies},
              {"totals", {{"agencies", agencies.size()}, {"documents", documents}, {"versions", versions},
                          {"withdrawn", withdrawn}, {"changes", events}}},
              {"last_changes", recent},
              {"schedule", schedule}};
}

Result<std::string> AtomFeed(store::Archive* archive, const std::string& base_url, size_t max_entries) {
  std::deque<Entry> entries;
  std::map<std::pair<std::string, int>, int> current;  // document → its version before each event
  Status s = archive->ListChanges(0, [&](const store::ChangeEvent& e) {
    int& cur = current[{e.key.agency, e.key.year}];
    entries.push_back(Entry{e, cur});
    if (e.kind != "withdrawn") cur = e.version;
    if (entries.size() > max_entries) entries.pop_front();
    return true;
  });
  if (!s.ok()) return s;
  std::map<std::string, std::string> names;
  archive->ListAgencies([&](const store::AgencyInfo& a) {
    names[a.id] = a.name;
    return true;
  });
  const std::string updated = entries.empty() ? "1970-01-01T00:00:00Z" : FormatTimeUtc(entries.back().event.time);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "  <id>urn:nianbao:changes:" + XmlEscape(archive->dir()) + "</id>\n";
  x += "  <title>nianbao: new, changed and withdrawn annual reports</title>\n";
  x += "  <updated>" + updated + "</updated>\n";
  x += "  <author><name>nianbao</name></author>\n";
  x += "  <link rel=\"self\" href=\"" + XmlEscape(base_url + "/changes") + "\"/>\n";
  x += "  <generator>nianbao</generator>\n";
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const store::ChangeEvent& e = it->event;
    const std::string name = names.count(e.key.agency) ? names[e.key.agency] : e.key.agency;
    const std::string diff = base_url + "/diff?agency=" + UrlEncode(e.key.agency) + "&year=" +
                             std::to_string(e.key.year) + "&from=" + std::to_string(it->from) +
                             "&to=" + std::to_string(e.version);
    const std::string title = name + " " + std::to_string(e.key.year) + "年度报告: " + e.kind +
                              " (version " + std::to_string(e.version) + ")";
    x += "  <entry>\n";
    x += "    <id>urn:nianbao:change:" + std::to_string(e.seq) + "</id>\n";
    x += "    <title>" + XmlEscape(title) + "</title>\n";
    x += "    <updated>" + FormatTimeUtc(e.time) + "</updated>\n";
    x += "    <link rel=\"alternate\" type=\"text/plain\" href=\"" + XmlEscape(diff) + "\"/>\n";
    if (!e.url.empty()) x += "    <link rel=\"related\" href=\"" + XmlEscape(e.url) + "\"/>\n";
    x += "    <category term=\"" + XmlEscape(e.kind) + "\"/>\n";
    x += "    <summary>" + XmlEscape("agency=" + e.key.agency + " year=" + std::to_string(e.key.year) +
                                     " kind=" + e.kind + " version=" + std::to_string(e.version) +
                                     (e.title.empty() ? "" : " title=" + e.title)) + "</summary>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

Result<std::string> VersionDiff(store::Archive* archive, const store::DocKey& key, int from, int to) {
  if (from < 0 || to < 1) return Status::InvalidArgument("versions are numbered from 1 (from=0: empty)");
  std::string a;
  if (from > 0) {
    auto v = archive->GetVersion(key, from);
    if (!v.ok()) return v.status();
    a = v->text;
  }
  auto b = archive->GetVersion(key, to);
  if (!b.ok()) return b.status();
  return FormatUnifiedDiff(DiffLines(a, b->text));
}

}  // namespace nianbao::daemon
