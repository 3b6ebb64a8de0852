// Small helpers shared by the discovery adapters (discover_adapter.h).
#include <cstring>
#include <string>

#include "discover_adapter.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

bool IsWordChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_' || c == '$'; }

bool EndsWithDocumentExtension(std::string_view s) {
  const size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || s.size() - dot > 5) return false;
  const std::string_view ext = s.substr(dot + 1);
  for (std::string_view e : {"pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et", "rtf"})
    if (EqualsIgnoreCase(ext, e)) return true;
  return false;
}

}  // namespace

bool IsAttachmentUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  const size_t q = url.find('?');
  if (EndsWithDocumentExtension(url.substr(0, q))) return true;
  if (q == std::string_view::npos) return false;
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {  // download scripts: downfile.jsp?filename=P0201….pdf
    const size_t amp = query.find('&');
    if (EndsWithDocumentExtension(query.substr(0, amp))) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

bool ContainsByRareByte(std::string_view text, std::string_view needle, size_t rare) {
  if (needle.size() > text.size() || rare >= needle.size()) return false;
  const char* const begin = text.data();
  const char* p = begin + rare;
  const char* const last = begin + (text.size() - needle.size()) + rare;   // needle[rare]'s last place
  while (p <= last) {
    p = static_cast<const char*>(std::memchr(p, needle[rare], static_cast<size_t>(last - p) + 1));
    if (!p) return false;
    if (std::memcmp(p - rare, needle.data(), needle.size()) == 0) return true;
    ++p;
  }
  return false;
}

bool ReadJsString(std::string_view s, size_t* pos, std::string* out) {
  if (*pos >= s.size()) return false;
  const char quote = s[*pos];
  if (quote != '"' && quote != '\'' && quote != '`') return false;
  out->clear();
  for (size_t i = *pos + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == quote) {
      *pos = i + 1;
      return true;
    }
    if (c == '\n' && quote != '`') return false;
    if (c == '\\' && i + 1 < s.size()) {
      const char e = s[++i];
      out->push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);  // \/ \" \' \\ as themselves
      continue;
    }
    out->push_back(c);
  }
  return false;
}

bool FindParam(std::string_view text, std::string_view key, std::string* value) {
  for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    if (at > 0 && IsWordChar(text[at - 1])) continue;
    size_t p = at + key.size();
    if (p < text.size() && IsWordChar(text[p])) continue;
    if (p < text.size() && (text[p] == '"' || text[p] == '\'')) ++p;  // "key": …
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    if (p >= text.size() || (text[p] != ':' && text[p] != '=')) continue;
    if (p + 1 < text.size() && text[p + 1] == '=') continue;  // ==, a comparison
    ++p;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    if (p < text.size() && (text[p] == '"' || text[p] == '\'')) {
      if (ReadJsString(text, &p, value)) return true;
      continue;
    }
    const size_t end = text.find_first_of(",;&)}] \t\r\n<\"'", p);
    *value = std::string(text.substr(p, end == std::string_view::npos ? std::string_view::npos : end - p));
    if (!value->empty()) return true;
  }
  return false;
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (IsAsciiDigit(c)) return c - '0';
    c = LowerAscii(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::string FormEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (IsAsciiAlpha(static_cast<char>(c)) || IsAsciiDigit(static_cast<char>(c)) || c == '-' ||
        c == '.' || c == '_' || c == '*' || c == '/') {
      out.push_back(static_cast<char>(c));  // '/' kept raw: jpage sends path=/ unencoded
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

std::string UrlLiteralContaining(std::string_view text, std::string_view needle, std::string_view fallback) {
  const size_t at = text.find(needle);
  if (at == std::string_view::npos) return std::string(fallback);
  auto is_delim = [](char c) { return c == '"' || c == '\'' || c == '=' || c == ' ' || c == '(' || c == '>' || c == '\n'; };
  size_t b = at;
  while (b > 0 && !is_delim(text[b - 1]) && at - b < 200) --b;
  const std::string url(text.substr(b, at + needle.size() - b));
  return url.empty() || (url[0] != '/' && url.rfind("http", 0) != 0) ? std::string(fallback) : url;
}

bool ParseInt(std::string_view s, long long* out) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  long long v = 0;
  size_t digits = 0;
  for (; i < s.size() && IsAsciiDigit(s[i]) && digits < 12; ++i, ++digits) v = v * 10 + (s[i] - '0');
  if (digits == 0) return false;
  *out = v;
  return true;
}

}  // namespace nianbao::crawler::internal
