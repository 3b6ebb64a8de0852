#include "records.h"

namespace nianbao::store::records {
namespace {

template <typename T>
T Get(const Json& j, const char* name, T fallback = T()) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const Json::exception&) {
    return fallback;
  }
}

// Drops members that hold their type's default ("", 0, false): records are read with defaults,
// and observations and captures are written on every fetch, so their size is the archive's growth.
Json Compact(Json j) {
  for (auto it = j.begin(); it != j.end();) {
    const Json& v = *it;
    if ((v.is_string() && v.get_ref<const std::string&>().empty()) || (v.is_number() && v == 0) ||
        (v.is_boolean() && !v.get<bool>()))
      it = j.erase(it);
    else
      ++it;
  }
  return j;
}

}  // namespace

Json FromAgency(const AgencyInfo& a) {
  return {{"id", a.id}, {"name", a.name}, {"region", a.region}, {"province", a.province},
          {"level", a.level}, {"discovered_from", a.discovered_from}};
}

AgencyInfo ToAgency(const Json& j) {
  AgencyInfo a;
  a.id = Get<std::string>(j, "id");
  a.name = Get<std::string>(j, "name");
  a.region = Get<std::string>(j, "region");
  a.province = Get<std::string>(j, "province");
  a.level = Get<std::string>(j, "level");
  a.discovered_from = Get<std::string>(j, "discovered_from");
  return a;
}

Json FromDocument(const DocumentInfo& d) {
  return {{"agency", d.key.agency}, {"year", d.key.year}, {"versions", d.versions},
          {"current", d.current_version}, {"shas", d.version_sha256}, {"observations", d.observations}, {"first_seen", d.first_seen}, {"last_seen", d.last_seen},
          {"last_changed", d.last_changed}, {"withdrawn", d.withdrawn}, {"withdrawn_at", d.withdrawn_at},
          {"title", d.latest_title}, {"url", d.latest_url}, {"source_format", d.latest_source_format},
          {"sha256", d.latest_sha256}, {"urls", d.urls}};
}

DocumentInfo ToDocument(const Json& j) {
  DocumentInfo d;
  d.key.agency = Get<std::string>(j, "agency");
  d.key.year = Get<int>(j, "year");
  d.versions = Get<int>(j, "versions");
  d.current_version = Get<int>(j, "current", d.versions);
  d.version_sha256 = Get<std::vector<std::string>>(j, "shas");
  d.observations = Get<int>(j, "observations");
  d.first_seen = Get<int64_t>(j, "first_seen");
  d.last_seen = Get<int64_t>(j, "last_seen");
  d.last_changed = Get<int64_t>(j, "last_changed");
  d.withdrawn = Get<bool>(j, "withdrawn");
  d.withdrawn_at = Get<int64_t>(j, "withdrawn_at");
  d.latest_title = Get<std::string>(j, "title");
  d.latest_url = Get<std::string>(j, "url");
  d.latest_source_format = Get<std::string>(j, "source_format");
  d.latest_sha256 = Get<std::string>(j, "sha256");
  d.urls = Get<std::vector<std::string>>(j, "urls");
  return d;
}

std::string EncodeVersion(const Version& v) {
  Json j = {{"number", v.number}, {"created", v.created}, {"title", v.title}, {"url", v.url},
            {"source_format", v.source_format}, {"sha256", v.content_sha256}};
  if (!v.stats_json.empty()) {
    Json stats = Json::parse(v.stats_json, nullptr, /*allow_exceptions=*/false);
    if (!stats.is_discarded()) j["stats"] = std::move(stats);
  }
  std::string out = DumpJson(j);   // compact: a newline inside can only be escaped, never raw
  out.push_back('\n');
  out.append(v.text);
  return out;
}

Result<Version> DecodeVersion(std::string_view key, std::string_view value) {
  const size_t nl = value.find('\n');
  auto j = Decode(key, value.substr(0, nl));
  if (!j.ok()) return j.status();
  Version v;
  v.number = Get<int>(*j, "number");
  v.created = Get<int64_t>(*j, "created");
  v.title = Get<std::string>(*j, "title");
  v.url = Get<std::string>(*j, "url");
  v.source_format = Get<std::string>(*j, "source_format");
  v.content_sha256 = Get<std::string>(*j, "sha256");
  if (auto it = j->find("stats"); it != j->end()) v.stats_json = DumpJson(*it);
  if (nl != std::string_view::npos) v.text = std::string(value.substr(nl + 1));
  return v;
}

Json FromObservation(const Observation& o) {
  return Compact({{"time", o.time}, {"url", o.url}, {"status", o.http_status}, {"etag", o.etag},
          {"last_modified", o.last_modified}, {"sha256", o.content_sha256}, {"capture", o.capture_sha256},
          {"version", o.version}, {"changed", o.changed}, {"event", o.event}});
}

Observation ToObservation(const Json& j) {
  Observation o;
  o.time = Get<int64_t>(j, "time");
  o.url = Get<std::string>(j, "url");
  o.http_status = Get<int>(j, "status");
  o.etag = Get<std::string>(j, "etag");
  o.last_modified = Get<std::string>(j, "last_modified");
  o.content_sha256 = Get<std::string>(j, "sha256");
  o.capture_sha256 = Get<std::string>(j, "capture");
  o.version = Get<int>(j, "version");
  o.changed = Get<bool>(j, "changed");
  o.event = Get<std::string>(j, "event");
  return o;
}

Json FromCapture(const CaptureRecord& c) {
  return Compact({{"seq", c.seq}, {"url", c.url}, {"method", c.method}, {"request_headers", c.request_headers},
          {"response_headers", c.response_headers}, {"status", c.http_status}, {"truncated", c.truncated},
          {"fetched_at", c.fetched_at}, {"ip", c.ip}, {"payload", c.payload_sha256},
          {"size", c.payload_size}, {"first", c.first_of_payload}});
}

CaptureRecord ToCapture(const Json& j) {
  CaptureRecord c;
  c.seq = Get<uint64_t>(j, "seq");
  c.url = Get<std::string>(j, "url");
  c.method = Get<std::string>(j, "method");
  c.request_headers = Get<std::string>(j, "request_headers");
  c.response_headers = Get<std::string>(j, "response_headers");
  c.http_status = Get<int>(j, "status");
  c.truncated = Get<bool>(j, "truncated");
  c.fetched_at = Get<int64_t>(j, "fetched_at");
  c.ip = Get<std::string>(j, "ip");
  c.payload_sha256 = Get<std::string>(j, "payload");
  c.payload_size = Get<uint64_t>(j, "size");
  c.first_of_payload = Get<bool>(j, "first", false);
  return c;
}

Json FromEvent(const ChangeEvent& e) {
  return {{"seq", e.seq}, {"time", e.time}, {"agency", e.key.agency}, {"year", e.key.year},
          {"kind", e.kind}, {"version", e.version}, {"title", e.title}, {"url", e.url}};
}

ChangeEvent ToEvent(const Json& j) {
  ChangeEvent e;
  e.seq = Get<uint64_t>(j, "seq");
  e.time = Get<int64_t>(j, "time");
  e.key.agency = Get<std::string>(j, "agency");
  e.key.year = Get<int>(j, "year");
  e.kind = Get<std::string>(j, "kind");
  e.version = Get<int>(j, "version");
  e.title = Get<std::string>(j, "title");
  e.url = Get<std::string>(j, "url");
  return e;
}

Result<Json> Decode(std::string_view key, std::string_view value) {
  Json j = Json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    std::string printable(key);
    for (char& c : printable)
      if (c == '\0') c = '/';
    return Status::Corruption("record " + printable + " is not a JSON object");
  }
  return j;
}

}  // namespace nianbao::store::records
