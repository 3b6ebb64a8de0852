// LooksLikeTrap (url.h): cheap shape tests on a canonical URL that catch the traps seen on
// government sites: calendars that page forever (?date=2099-01-01, /1899/13/), relative links
// that stack a directory on itself (/xxgk/xxgk/xxgk/…), and query strings that grow with every
// click (faceted search, "&page=1&page=2…").
#include <string>
#include <vector>

#include "nianbao/crawler/url.h"
#include "url_internal.h"

namespace nianbao::crawler {
namespace {

using internal::EqualsIgnoreCase;
using internal::IsAsciiDigit;

constexpr int kMaxDepth = 12;
constexpr int kMaxRepeats = 3;
constexpr int kMaxParams = 6;
constexpr size_t kMaxQueryBytes = 300;
// Reports start in 2008; older articles exist but a year outside this is a calendar running away.
constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2050;

bool Fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsAsciiDigit(c)) return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s.substr(0, 9)) v = v * 10 + (c - '0');
  return v;
}

bool BadYear(int y) { return y < kMinYear || y > kMaxYear; }
bool BadMonth(int m) { return m < 1 || m > 12; }

// A date written as YYYY, YYYYMM, YYYYMMDD or YYYY-MM(-DD) (also with '/' or '.'); returns
// true with a reason when its year or month is impossible for a report site.
bool BadDate(std::string_view v, std::string* why) {
  std::string digits;
  for (char c : v.substr(0, 20)) {
    if (IsAsciiDigit(c)) digits.push_back(c);
    else if (c != '-' && c != '/' && c != '.' && c != '%') return false;  // not a date
  }
  if (digits.size() < 4) return false;
  if (BadYear(ToInt(std::string_view(digits).substr(0, 4))))
    return Fail(why, "calendar: year " + digits.substr(0, 4));
  if (digits.size() >= 6 && BadMonth(ToInt(std::string_view(digits).substr(4, 2))))
    return Fail(why, "calendar: month " + digits.substr(4, 2));
  return false;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    if (slash != 0) out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool PathTrap(std::string_view path, std::string* why) {
  const auto segs = Segments(path);
  if (static_cast<int>(segs.size()) > kMaxDepth)
    return Fail(why, "path depth " + std::to_string(segs.size()));
  for (size_t i = 0; i < segs.size(); ++i) {
    int n = 0;
    for (auto s : segs) n += s == segs[i];
    if (n >= kMaxRepeats) return Fail(why, "segment '" + std::string(segs[i]) + "' repeated");
  }
  for (size_t i = 0; i < segs.size(); ++i) {
    std::string_view s = segs[i];
    // /YYYY/M/D/ (Hanweb /art/2023/1/19/), /YYYYMM/ (TRS), tYYYYMMDD_id.html (TRS details).
    if (s.size() == 4 && AllDigits(s) && i + 1 < segs.size() && segs[i + 1].size() <= 2 &&
        AllDigits(segs[i + 1])) {
      if (BadYear(ToInt(s))) return Fail(why, "calendar: year " + std::string(s));
      if (BadMonth(ToInt(segs[i + 1]))) return Fail(why, "calendar: month " + std::string(segs[i + 1]));
    } else if (s.size() == 6 && AllDigits(s)) {
      if (BadDate(s, why)) return true;
    } else if (s.size() > 9 && s[0] == 't' && AllDigits(s.substr(1, 8))) {
      if (BadDate(s.substr(1, 8), why)) return true;
    }
  }
  return false;
}

bool IsDateParam(std::string_view name) {
  for (std::string_view n : {"date", "year", "month", "ym", "ymd", "day", "calendar", "cal",
                             "startdate", "enddate", "begindate", "caldate", "riqi"})
    if (EqualsIgnoreCase(name, n)) return true;
  return false;
}

bool QueryTrap(std::string_view path, std::string_view query, std::string* why) {
  if (query.size() > kMaxQueryBytes) return Fail(why, "query of " + std::to_string(query.size()) + " bytes");
  int params = 0;
  bool has_date = false;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view p = query.substr(0, amp);
    const size_t eq = p.find('=');
    std::string_view name = p.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : p.substr(eq + 1);
    if (++params > kMaxParams) return Fail(why, "more than 6 query parameters");
    if (IsDateParam(name)) {
      has_date = true;
      if (EqualsIgnoreCase(name, "month")) {
        if (AllDigits(value) && BadMonth(ToInt(value))) return Fail(why, "calendar: month " + std::string(value));
      } else if (BadDate(value, why)) {
        return true;
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::string lower_path;
  for (char c : path) lower_path.push_back(internal::LowerAscii(c));
  if (has_date && (lower_path.find("calendar") != std::string::npos || lower_path.find("rili") != std::string::npos))
    return Fail(why, "calendar page with a date parameter");
  return false;
}

}  // namespace

bool LooksLikeTrap(std::string_view canonical_url, std::string* why) {
  if (canonical_url.size() > kMaxUrlBytes) return Fail(why, "URL over 8 KB");
  const std::string pq = PathAndQuery(canonical_url);
  const size_t q = pq.find('?');
  const std::string_view path = std::string_view(pq).substr(0, q);
  const std::string_view query = q == std::string::npos ? std::string_view() : std::string_view(pq).substr(q + 1);
  return PathTrap(path, why) || QueryTrap(path, query, why);
}

}  // namespace nianbao::crawler
