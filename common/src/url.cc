// URL canonicalization and resolution (url.h). RFC 3986 with the leniencies browsers apply to
// the hrefs found on government pages (backslashes, stray spaces, unencoded Chinese).
#include "nianbao/common/url.h"

#include <array>

#include "nianbao/common/text.h"

namespace nianbao {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = LowerAscii(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Octets that never appear raw in a canonical URL.
bool MustEncode(unsigned char c) {
  if (c <= 0x20 || c >= 0x7F) return true;
  switch (c) {
    case '"': case '<': case '>': case '`': case '{': case '}': case '|': case '^': case '\\':
      return true;
    default:
      return false;
  }
}

void AppendEncoded(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

}  // namespace

void NormalizePercent(std::string_view s, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      const int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        const unsigned char v = static_cast<unsigned char>(hi * 16 + lo);
        if (IsUnreserved(v)) out->push_back(static_cast<char>(v));
        else AppendEncoded(v, out);
        i += 2;
      } else {
        out->append("%25");
      }
      continue;
    }
    if (MustEncode(c)) AppendEncoded(c, out);
    else out->push_back(static_cast<char>(c));
  }
}

namespace {

// The five components of RFC 3986 Appendix B; the fragment is dropped on the spot.
struct RawUrl {
  std::string scheme;  // lower-cased; "" when absent
  bool has_authority = false;
  std::string_view authority;
  std::string_view path;
  bool has_query = false;
  std::string_view query;
};

// What browsers do before parsing: trim C0 controls and spaces, drop tabs and newlines, and in
// the part before '?'/'#' read '\' as '/' (seen in hrefs like "..\..\zwgk\index.html").
std::string_view Preprocess(std::string_view s, std::string* storage) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= 0x20) --e;
  s = s.substr(b, e - b);
  const size_t special = s.find_first_of("\t\n\r\\");
  if (special == std::string_view::npos || (s[special] == '\\' && s.find_first_of("?#") < special))
    return s;  // the common case: nothing to rewrite, no copy
  b = 0;
  e = s.size();
  std::string& out = *storage;
  out.reserve(e - b);
  bool in_path = true;
  for (size_t i = b; i < e; ++i) {
    char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?' || c == '#') in_path = false;
    out.push_back(in_path && c == '\\' ? '/' : c);
  }
  return out;
}

// Splits s; false when the text before the first ':' is neither a scheme nor a path segment.
bool Split(std::string_view s, RawUrl* u) {
  if (auto hash = s.find('#'); hash != std::string_view::npos) s = s.substr(0, hash);
  const size_t colon = s.find(':');
  const size_t delim = s.find_first_of("/?");
  if (colon != std::string_view::npos && (delim == std::string_view::npos || colon < delim)) {
    std::string_view scheme = s.substr(0, colon);
    if (scheme.empty() || !IsAsciiAlpha(scheme[0])) return false;
    for (char c : scheme)
      if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') return false;
    for (char c : scheme) u->scheme.push_back(LowerAscii(c));
    s.remove_prefix(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    const size_t end = s.find_first_of("/?");
    u->has_authority = true;
    u->authority = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  const size_t q = s.find('?');
  u->path = s.substr(0, q);
  if (q != std::string_view::npos) {
    u->has_query = true;
    u->query = s.substr(q + 1);
  }
  return true;
}

// "host[:port]" lower-cased, default port dropped; false for user-info, IDNs, bad ports.
bool CanonicalAuthority(std::string_view authority, bool https, std::string* out) {
  if (authority.find('@') != std::string_view::npos) return false;  // user-info: never followed
  std::string_view host = authority, port;
  if (!host.empty() && host[0] == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port.empty() && port[0] != ':') return false;
    if (!port.empty()) port.remove_prefix(1);
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    const bool ok = IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '.' || c == '_' ||
                    (host[0] == '[' && (c == '[' || c == ']' || c == ':'));
    if (!ok) return false;
    out->push_back(LowerAscii(c));
  }
  if (port.empty()) return true;
  if (port.size() > 5) return false;
  unsigned value = 0;
  for (char c : port) {
    if (!IsAsciiDigit(c)) return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return false;
  if (value != (https ? 443u : 80u)) out->append(":" + std::to_string(value));
  return true;
}

// RFC 3986 5.2.4, on a path that starts with '/'.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  auto pop = [&out] {
    const size_t slash = out.rfind('/');
    out.resize(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") in.remove_prefix(3);
    else if (in.substr(0, 2) == "./") in.remove_prefix(2);
    else if (in.substr(0, 3) == "/./") in.remove_prefix(2);
    else if (in == "/.") in = "/";
    else if (in.substr(0, 4) == "/../") { in.remove_prefix(3); pop(); }
    else if (in == "/..") { in = "/"; pop(); }
    else if (in == "." || in == "..") in = {};
    else {
      const size_t next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

// Drops ";jsessionid=…" path parameters (Java servlet containers put them in every link).
std::string DropPathSessionIds(std::string path) {
  for (size_t at = 0; (at = path.find(';', at)) != std::string::npos;) {
    if (!StartsWithIgnoreCase(std::string_view(path).substr(at + 1), "jsessionid=")) {
      ++at;
      continue;
    }
    const size_t end = path.find('/', at);
    path.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return path;
}

bool IsSessionOrTrackingParam(std::string_view name, std::string_view value) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "jsessionid", "phpsessid", "sid", "spm", "fbclid", "gclid", "isappinstalled"};
  for (auto n : kNames)
    if (EqualsIgnoreCase(name, n)) return true;
  if (StartsWithIgnoreCase(name, "utm_") || StartsWithIgnoreCase(name, "aspsessionid")) return true;
  // WeChat share links: ?from=timeline&isappinstalled=0.
  return EqualsIgnoreCase(name, "from") &&
         (value == "timeline" || value == "singlemessage" || value == "groupmessage");
}

std::string FilterQuery(std::string_view query) {
  std::string out;
  while (true) {
    const size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    if (!param.empty() &&
        !IsSessionOrTrackingParam(param.substr(0, eq),
                                  eq == std::string_view::npos ? "" : param.substr(eq + 1))) {
      if (!out.empty()) out.push_back('&');
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::optional<std::string> Assemble(const RawUrl& u) {
  if ((u.scheme != "http" && u.scheme != "https") || !u.has_authority) return std::nullopt;
  std::string out = u.scheme + "://";
  if (!CanonicalAuthority(u.authority, u.scheme == "https", &out)) return std::nullopt;
  out.reserve(out.size() + u.path.size() + u.query.size() + 2);
  std::string path;
  if (u.path.empty() || u.path[0] != '/') path.push_back('/');
  NormalizePercent(u.path, &path);
  if (path.find(';') != std::string::npos) path = DropPathSessionIds(std::move(path));
  if (path.find("/.") != std::string::npos) path = RemoveDotSegments(path);
  out.append(path.empty() ? "/" : path);
  if (u.has_query) {
    std::string query;
    NormalizePercent(u.query, &query);
    query = FilterQuery(query);
    if (!query.empty()) out.append("?").append(query);
  }
  if (out.size() > kMaxUrlBytes) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> CanonicalizeUrl(std::string_view absolute_url) {
  if (absolute_url.size() > kMaxUrlBytes) return std::nullopt;
  std::string storage;
  const std::string_view s = Preprocess(absolute_url, &storage);
  RawUrl u;
  if (!Split(s, &u)) return std::nullopt;
  return Assemble(u);
}

std::optional<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  if (base.size() > kMaxUrlBytes || ref.size() > kMaxUrlBytes) return std::nullopt;
  const std::optional<std::string> canonical_base = CanonicalizeUrl(base);
  if (!canonical_base) return std::nullopt;
  return ResolveAgainstCanonical(*canonical_base, ref);
}

std::optional<std::string> ResolveAgainstCanonical(std::string_view canonical_base, std::string_view ref) {
  if (ref.size() > kMaxUrlBytes) return std::nullopt;
  RawUrl b;
  Split(canonical_base, &b);
  std::string storage;
  const std::string_view r_text = Preprocess(ref, &storage);
  RawUrl r;
  if (!Split(r_text, &r)) return std::nullopt;
  if (!r.scheme.empty()) {
    if (r.scheme != "http" && r.scheme != "https") return std::nullopt;  // javascript:, mailto:, …
    if (r.scheme != b.scheme || r.has_authority) return Assemble(r);
  }
  // RFC 3986 5.2.2, with ref's scheme absent (or equal to base's, the browsers' reading).
  RawUrl t;
  t.scheme = b.scheme;
  t.has_authority = true;
  std::string merged;
  if (r.has_authority) {
    t.authority = r.authority;
    t.path = r.path;
    t.has_query = r.has_query;
    t.query = r.query;
  } else {
    t.authority = b.authority;
    if (r.path.empty()) {
      t.path = b.path;
      t.has_query = r.has_query || b.has_query;
      t.query = r.has_query ? r.query : b.query;
    } else {
      if (r.path[0] == '/') {
        t.path = r.path;
      } else {
        merged = std::string(b.path.substr(0, b.path.rfind('/') + 1)).append(r.path);
        t.path = merged;
      }
      t.has_query = r.has_query;
      t.query = r.query;
    }
  }
  return Assemble(t);
}


std::string_view HostView(std::string_view canonical_url) {
  const size_t start = canonical_url.find("://");
  if (start == std::string_view::npos) return "";
  std::string_view rest = canonical_url.substr(start + 3);
  return rest.substr(0, rest.find_first_of("/?#"));
}

std::string HostOf(std::string_view canonical_url) { return std::string(HostView(canonical_url)); }

std::string PathAndQuery(std::string_view canonical_url) {
  const size_t start = canonical_url.find("://");
  if (start == std::string_view::npos) return "/";
  std::string_view rest = canonical_url.substr(start + 3);
  const size_t slash = rest.find_first_of("/?");
  if (slash == std::string_view::npos) return "/";
  std::string out(rest.substr(slash));
  if (const size_t hash = out.find('#'); hash != std::string::npos) out.resize(hash);
  if (out.empty() || out[0] != '/') out.insert(0, "/");
  return out;
}

}  // namespace nianbao
