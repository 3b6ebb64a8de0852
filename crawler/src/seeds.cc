// Seed files (seeds.h): TOML read with toml++, then checked strictly — a typo in a key must
// fail loudly ("FILE:LINE: unknown key 'url' in [[agency]] (did you mean 'urls'?)") rather than
// silently drop an agency's URLs.
#include "nianbao/crawler/seeds.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "nianbao/crawler/url.h"
#include "url_internal.h"

namespace nianbao::crawler {
namespace {

// A seed file lists a province's agencies: a few hundred KB at most. Larger is not a seed file.
constexpr std::uintmax_t kMaxSeedFileBytes = 4 * 1024 * 1024;

const std::set<std::string, std::less<>> kTopKeys = {"province", "agency"};
const std::set<std::string, std::less<>> kAgencyKeys = {"id", "name", "region", "level", "urls", "hosts", "columns"};
const std::set<std::string, std::less<>> kLevels = {"province", "city", "county", "district"};

Status Problem(const std::string& path, int line, const std::string& what) {
  return Status::InvalidArgument(path + ":" + std::to_string(line) + ": " + what);
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Levenshtein distance, for "did you mean" on unknown keys (keys are a few bytes long).
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0]++;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string UnknownKey(std::string_view key, std::string_view where, const std::set<std::string, std::less<>>& known) {
  std::string msg = "unknown key '" + std::string(key) + "'" + std::string(where);
  for (const auto& k : known)
    if (Distance(key, k) <= 2)
      return msg + " (did you mean '" + k + "'?)";
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  return msg + " (known: " + list + ")";
}

// A string value of a key, or a Problem. *present tells absent from empty.
Status GetString(const std::string& path, const toml::table& t, std::string_view key, int line,
                 std::string* out, bool* present) {
  const toml::node* n = t.get(key);
  *present = n != nullptr;
  if (!n) return Status::OK();
  if (!n->is_string()) return Problem(path, LineOf(*n), "'" + std::string(key) + "' must be a string");
  *out = n->as_string()->get();
  if (out->empty()) return Problem(path, LineOf(*n) ? LineOf(*n) : line, "'" + std::string(key) + "' is empty");
  return Status::OK();
}

// An array of absolute http(s) URLs, canonicalised.
Status GetUrls(const std::string& path, const toml::table& t, std::string_view key, std::vector<std::string>* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::OK();
  const toml::array* arr = n->as_array();
  if (!arr) return Problem(path, LineOf(*n), "'" + std::string(key) + "' must be an array of URLs");
  for (const toml::node& item : *arr) {
    const int line = LineOf(item) ? LineOf(item) : LineOf(*n);
    if (!item.is_string()) return Problem(path, line, "'" + std::string(key) + "' holds a non-string");
    const std::string& text = item.as_string()->get();
    auto url = CanonicalizeUrl(text);
    if (!url || !(internal::StartsWithIgnoreCase(text, "http://") || internal::StartsWithIgnoreCase(text, "https://")))
      return Problem(path, line, "'" + text + "' in " + std::string(key) + " is not an absolute http(s) URL");
    out->push_back(*url);
  }
  return Status::OK();
}

Status GetHosts(const std::string& path, const toml::table& t, std::vector<std::string>* out) {
  const toml::node* n = t.get("hosts");
  if (!n) return Status::OK();
  const toml::array* arr = n->as_array();
  if (!arr) return Problem(path, LineOf(*n), "'hosts' must be an array of host names");
  for (const toml::node& item : *arr) {
    const int line = LineOf(item) ? LineOf(item) : LineOf(*n);
    auto url = item.is_string() ? CanonicalizeUrl("http://" + item.as_string()->get() + "/") : std::nullopt;
    if (!url || item.as_string()->get().find_first_of("/?#@") != std::string::npos)
      return Problem(path, line, "'hosts' entries must be host names like \"www.example.gov.cn\"");
    out->push_back(HostOf(*url));
  }
  return Status::OK();
}

Result<SeedAgency> ReadAgency(const std::string& path, const toml::table& t, int line) {
  SeedAgency a;
  a.line = line;
  for (const auto& [key, node] : t)
    if (!kAgencyKeys.count(key.str()))
      return Problem(path, LineOf(node) ? LineOf(node) : line, UnknownKey(key.str(), " in [[agency]]", kAgencyKeys));
  bool present = false;
  if (Status s = GetString(path, t, "name", line, &a.name, &present); !s.ok()) return s;
  if (!present) return Problem(path, line, "[[agency]] without name");
  if (Status s = GetString(path, t, "id", line, &a.id, &present); !s.ok()) return s;
  if (!present) a.id = a.name;
  if (Status s = GetString(path, t, "region", line, &a.region, &present); !s.ok()) return s;
  if (Status s = GetString(path, t, "level", line, &a.level, &present); !s.ok()) return s;
  if (!present) return Problem(path, line, "agency '" + a.name + "' without level (province, city, county or district)");
  if (!kLevels.count(a.level))
    return Problem(path, LineOf(*t.get("level")),
                   "level '" + a.level + "' is not one of province, city, county, district");
  if (Status s = GetUrls(path, t, "urls", &a.urls); !s.ok()) return s;
  if (a.urls.empty()) return Problem(path, t.get("urls") ? LineOf(*t.get("urls")) : line, "agency '" + a.name + "' has no urls");
  if (Status s = GetUrls(path, t, "columns", &a.columns); !s.ok()) return s;
  if (Status s = GetHosts(path, t, &a.hosts); !s.ok()) return s;
  return a;
}

Result<SeedFile> ReadSeeds(const std::string& path, const toml::table& doc) {
  SeedFile f;
  f.path = path;
  for (const auto& [key, node] : doc)
    if (!kTopKeys.count(key.str())) return Problem(path, LineOf(node), UnknownKey(key.str(), "", kTopKeys));
  bool present = false;
  if (Status s = GetString(path, doc, "province", 1, &f.province, &present); !s.ok()) return s;
  if (!present) return Problem(path, 1, "missing province = \"…\" at the top");
  const toml::node* agencies = doc.get("agency");
  const toml::array* arr = agencies ? agencies->as_array() : nullptr;
  if (!arr || arr->empty()) return Problem(path, agencies ? LineOf(*agencies) : 1, "no [[agency]] tables");
  std::map<std::string, int> ids;
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) return Problem(path, LineOf(item), "'agency' must be written as [[agency]] tables");
    auto agency = ReadAgency(path, *t, LineOf(item));
    if (!agency.ok()) return agency.status();
    auto [it, fresh] = ids.emplace(agency->id, agency->line);
    if (!fresh)
      return Problem(path, agency->line,
                     "duplicate agency id '" + agency->id + "' (first at line " + std::to_string(it->second) + ")");
    f.agencies.push_back(std::move(agency).value());
  }
  return f;
}

}  // namespace

Result<SeedFile> LoadSeedFile(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError(path + ": " + ec.message());
  if (size > kMaxSeedFileBytes) return Problem(path, 1, "larger than 4 MB: not a seed file");
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in) return Status::IOError(path + ": cannot read");
  const std::string text = buf.str();
  try {
    const toml::table doc = toml::parse(text, path);
    return ReadSeeds(path, doc);
  } catch (const toml::parse_error& e) {
    return Problem(path, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
}

Result<std::string> FindProvinceFile(const std::string& dir, const std::string& province) {
  if (province.empty()) return Status::InvalidArgument("no province given");
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  if (ec) return Status::NotFound("seed directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  const std::string& query = province;
  std::vector<std::pair<std::string, std::string>> prefix_hits;  // path, province
  std::string known;
  for (const auto& file : files) {
    const std::string stem = file.stem().string();
    if (internal::EqualsIgnoreCase(stem, query)) return file.string();
    auto seeds = LoadSeedFile(file.string());
    const std::string name = seeds.ok() ? seeds->province : "";
    if (!name.empty() && name == query) return file.string();
    known += (known.empty() ? "" : ", ") + (name.empty() ? stem : name);
    if (internal::StartsWithIgnoreCase(stem, query) || (!name.empty() && name.rfind(query, 0) == 0))
      prefix_hits.emplace_back(file.string(), name.empty() ? stem : name);
  }
  if (prefix_hits.size() == 1) return prefix_hits[0].first;
  if (prefix_hits.empty()) return Status::NotFound("no seed file for '" + province + "' in " + dir + " (have: " + known + ")");
  std::string list;
  for (const auto& [p, n] : prefix_hits) list += (list.empty() ? "" : ", ") + n + " (" + p + ")";
  return Status::InvalidArgument("'" + province + "' matches several seed files: " + list);
}

}  // namespace nianbao::crawler
