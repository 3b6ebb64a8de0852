#include "keys.h"

namespace nianbao::store::keys {
namespace {

std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) out.push_back(kSep);
    out.append(p);
    first = false;
  }
  return out;
}

constexpr int kMaxVersion = 99999999;

}  // namespace

std::string Pad(uint64_t n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

std::string Schema() { return Join({"m", "schema"}); }
std::string Seq() { return Join({"m", "seq"}); }
std::string Agency(std::string_view id) { return Join({"a", id}); }
std::string Document(std::string_view agency, int year) { return Join({"d", agency, Pad(year, 4)}); }
std::string DocumentPrefix(std::string_view agency) {
  return agency.empty() ? Join({"d", ""}) : Join({"d", agency, ""});
}
std::string VersionPrefix(std::string_view agency, int year) { return Join({"v", agency, Pad(year, 4), ""}); }
std::string Version(std::string_view agency, int year, int version) {
  return VersionPrefix(agency, year) + Pad(kMaxVersion - version, 8);
}
std::string ObservationPrefix(std::string_view agency, int year) {
  return Join({"o", agency, Pad(year, 4), ""});
}
std::string Observation(std::string_view agency, int year, int64_t time, uint64_t seq) {
  return ObservationPrefix(agency, year) + Pad(static_cast<uint64_t>(time), 16) + kSep + Pad(seq, 12);
}
std::string Url(std::string_view url) { return Join({"u", url}); }
std::string Capture(uint64_t seq) { return Join({"c", Pad(seq, 12)}); }
std::string Blob(std::string_view sha) { return Join({"b", sha}); }
std::string Event(uint64_t seq) { return Join({"e", Pad(seq, 12)}); }
std::string State(std::string_view ns, std::string_view key) { return Join({"s", ns, key}); }

}  // namespace nianbao::store::keys
