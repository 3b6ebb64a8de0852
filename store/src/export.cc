#include "nianbao/store/export.h"

#include "nianbao/common/clock.h"
#include "nianbao/common/json.h"
#include "records.h"

namespace nianbao::store {
namespace {

std::string TimeOrEmpty(int64_t micros) { return micros ? FormatTimeUtc(micros) : ""; }

// Calls fn(document, version) for the latest version of every document, or every version.
Status ForEachRecord(Archive* archive, bool all_versions,
                     const std::function<Status(const DocumentInfo&, const Version&)>& fn) {
  Status inner;
  Status s = archive->ListDocuments(std::nullopt, std::nullopt, [&](const DocumentInfo& doc) {
    if (all_versions) {
      Status ls = archive->ListVersions(doc.key, [&](const Version& v) {
        inner = fn(doc, v);
        return inner.ok();
      });
      if (!ls.ok()) inner = ls;
    } else {
      auto v = archive->GetVersion(doc.key, 0);
      inner = v.ok() ? fn(doc, *v) : v.status();
    }
    return inner.ok();
  });
  return s.ok() ? inner : s;
}

Json Metadata(const DocumentInfo& doc, const Version& v) {
  return {{"agency", doc.key.agency},
          {"agency_name", doc.agency.name},
          {"region", doc.agency.region},
          {"province", doc.agency.province},
          {"level", doc.agency.level},
          {"year", doc.key.year},
          {"title", v.title},
          {"url", v.url},
          {"source_format", v.source_format},
          {"version", v.number},
          {"versions", doc.versions},
          {"version_created", TimeOrEmpty(v.created)},
          {"first_seen", TimeOrEmpty(doc.first_seen)},
          {"last_changed", TimeOrEmpty(doc.last_changed)},
          {"withdrawn", doc.withdrawn},
          {"withdrawn_at", TimeOrEmpty(doc.withdrawn_at)},
          {"sha256", v.content_sha256}};
}

std::string CsvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CellOf(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  if (j.is_null()) return "";
  return DumpJson(j);
}

const char* const kCsvColumns[] = {"agency", "agency_name", "region", "province", "level", "year",
                                   "title", "url", "source_format", "version", "versions",
                                   "version_created", "first_seen", "last_changed", "withdrawn",
                                   "withdrawn_at", "sha256"};

}  // namespace

Status ExportJsonl(Archive* archive, const ExportOptions& options, std::ostream& out, size_t* count) {
  *count = 0;
  Status s = ForEachRecord(archive, options.all_versions, [&](const DocumentInfo& doc, const Version& v) {
    Json j = Metadata(doc, v);
    j["text"] = v.text;
    if (!v.stats_json.empty()) {
      Json stats = Json::parse(v.stats_json, nullptr, false);
      if (!stats.is_discarded()) {
        j["template"] = stats.value("template", "");
        j["stats"] = stats.value("fields", Json::object());
        j["checks"] = stats.value("checks", Json::array());
      }
    }
    out << DumpJson(j) << '\n';
    ++*count;
    return out ? Status::OK() : Status::IOError("write failed");
  });
  out.flush();
  if (s.ok() && !out) return Status::IOError("write failed");
  return s;
}

Status ExportCsv(Archive* archive, const ExportOptions& options, std::ostream& out, size_t* count) {
  *count = 0;
  bool first = true;
  for (const char* c : kCsvColumns) {
    out << (first ? "" : ",") << c;
    first = false;
  }
  for (const auto& f : options.stat_fields) out << ',' << CsvCell(f);
  out << ",checks_failed\r\n";
  Status s = ForEachRecord(archive, options.all_versions, [&](const DocumentInfo& doc, const Version& v) {
    Json meta = Metadata(doc, v);
    std::string line;
    for (const char* c : kCsvColumns) {
      if (!line.empty() || c != kCsvColumns[0]) line += ',';
      line += CsvCell(CellOf(meta[c]));
    }
    Json stats = v.stats_json.empty() ? Json::object() : Json::parse(v.stats_json, nullptr, false);
    if (stats.is_discarded()) stats = Json::object();
    const Json fields = stats.value("fields", Json::object());
    for (const auto& f : options.stat_fields) {
      line += ',';
      if (auto it = fields.find(f); it != fields.end()) line += CsvCell(CellOf(*it));
    }
    int failed = 0;
    for (const auto& c : stats.value("checks", Json::array()))
      if (!c.value("ok", true)) ++failed;
    line += "," + std::to_string(failed);
    out << line << "\r\n";
    ++*count;
    return out ? Status::OK() : Status::IOError("write failed");
  });
  out.flush();
  if (s.ok() && !out) return Status::IOError("write failed");
  return s;
}

}  // namespace nianbao::store
