// The streaming tag scanner (discover_scan.h).
#include "discover_scan.h"

#include <cstring>

#include "nianbao/common/text.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsRawTextElement(std::string_view name) {
  for (std::string_view n : {"script", "style", "title", "textarea", "xmp"})
    if (EqualsIgnoreCase(name, n)) return true;
  return false;
}

size_t Find(std::string_view s, std::string_view needle, size_t from) {
  const size_t r = s.find(needle, from);
  return r == std::string_view::npos ? s.size() : r;
}

}  // namespace

bool HtmlTag::Is(std::string_view lower_name) const { return EqualsIgnoreCase(name, lower_name); }

std::string_view HtmlTag::Attr(std::string_view lower_name) const {
  for (int i = 0; i < attr_count; ++i)
    if (EqualsIgnoreCase(attrs[i].name, lower_name)) return attrs[i].value;
  return {};
}

size_t FindIgnoreCase(std::string_view h, std::string_view needle, size_t from) {
  if (needle.empty()) return from <= h.size() ? from : std::string_view::npos;
  const char first = LowerAscii(needle[0]);
  for (size_t i = from; i + needle.size() <= h.size(); ++i)
    if (LowerAscii(h[i]) == first && EqualsIgnoreCase(h.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

// Where "</name" (any case) starts at or after from; *after is one past its '>'.
size_t TagScanner::FindEndTag(std::string_view name, size_t from, size_t* after) const {
  for (size_t at = from; (at = s_.find("</", at)) != std::string_view::npos; at += 2) {
    if (!EqualsIgnoreCase(s_.substr(at + 2, name.size()), name)) continue;
    const size_t next = at + 2 + name.size();
    if (next < s_.size() && !IsSpace(s_[next]) && s_[next] != '>' && s_[next] != '/') continue;
    const size_t gt = Find(s_, ">", next);
    *after = gt == s_.size() ? gt : gt + 1;
    return at;
  }
  *after = s_.size();
  return s_.size();
}

void TagScanner::ParseAttributes(HtmlTag* tag) {
  const size_t n = s_.size();
  while (p_ < n) {
    while (p_ < n && (IsSpace(s_[p_]) || s_[p_] == '/')) ++p_;
    if (p_ >= n || s_[p_] == '>') break;
    const size_t name_begin = p_++;  // a leading '=' belongs to the name (HTML5 13.2.5.32)
    while (p_ < n && !IsSpace(s_[p_]) && s_[p_] != '/' && s_[p_] != '>' && s_[p_] != '=') ++p_;
    HtmlAttr attr{s_.substr(name_begin, p_ - name_begin), {}};
    size_t q = p_;
    while (q < n && IsSpace(s_[q])) ++q;
    if (q < n && s_[q] == '=') {
      p_ = q + 1;
      while (p_ < n && IsSpace(s_[p_])) ++p_;
      if (p_ < n && (s_[p_] == '"' || s_[p_] == '\'')) {
        const size_t close = Find(s_, std::string_view(&s_[p_], 1), p_ + 1);
        attr.value = s_.substr(p_ + 1, close - p_ - 1);
        p_ = close < n ? close + 1 : n;
      } else {
        const size_t vb = p_;
        while (p_ < n && !IsSpace(s_[p_]) && s_[p_] != '>') ++p_;
        attr.value = s_.substr(vb, p_ - vb);
      }
    }
    if (tag->attr_count < HtmlTag::kMaxAttrs) tag->attrs[tag->attr_count++] = attr;
  }
}

bool TagScanner::Next(HtmlTag* tag) {
  const size_t n = s_.size();
  while (p_ < n) {
    const void* lt = std::memchr(s_.data() + p_, '<', n - p_);
    if (!lt) break;
    p_ = static_cast<size_t>(static_cast<const char*>(lt) - s_.data());
    const size_t begin = p_;
    if (p_ + 1 >= n) break;
    const char c = s_[p_ + 1];
    if (c == '!' && s_.substr(p_, 4) == "<!--") {
      const size_t close = s_.find("-->", p_ + 4);
      p_ = close == std::string_view::npos ? n : close + 3;
      continue;
    }
    const bool end_tag = c == '/';
    const size_t name_at = p_ + (end_tag ? 2 : 1);
    if (c == '!' || c == '?' || (end_tag && (name_at >= n || !IsAsciiAlpha(s_[name_at])))) {
      p_ = Find(s_, ">", p_ + 1) + 1;  // bogus comment
      continue;
    }
    if (!IsAsciiAlpha(c) && !end_tag) {
      ++p_;  // a '<' in text
      continue;
    }
    p_ = name_at;
    while (p_ < n && !IsSpace(s_[p_]) && s_[p_] != '/' && s_[p_] != '>') ++p_;
    tag->name = s_.substr(name_at, p_ - name_at);
    tag->end_tag = end_tag;
    tag->begin = begin;
    tag->attr_count = 0;
    tag->raw_text = {};
    ParseAttributes(tag);
    p_ = p_ < n ? p_ + 1 : n;
    tag->end = p_;
    if (!end_tag && IsRawTextElement(tag->name)) {
      size_t after = 0;
      const size_t close = FindEndTag(tag->name, p_, &after);
      tag->raw_text = s_.substr(p_, close - p_);
      p_ = after;
    }
    return true;
  }
  p_ = n;
  return false;
}

namespace {

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"ensp", 0x2002},   {"emsp", 0x2003},   {"middot", 0xB7},  {"mdash", 0x2014},
    {"ndash", 0x2013}, {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"hellip", 0x2026}, {"copy", 0xA9},    {"reg", 0xAE},      {"times", 0xD7},   {"laquo", 0xAB},
    {"raquo", 0xBB}};

}  // namespace

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const size_t semi = s.find(';', i + 1);
    if (i + 1 < s.size() && s[i + 1] == '#' && semi != std::string_view::npos && semi - i <= 10) {
      const bool hex = i + 2 < s.size() && (s[i + 2] == 'x' || s[i + 2] == 'X');
      char32_t cp = 0;
      bool ok = semi > i + (hex ? 3 : 2);
      for (size_t k = i + (hex ? 3 : 2); ok && k < semi; ++k) {
        const char c = LowerAscii(s[k]);
        int d = IsAsciiDigit(c) ? c - '0' : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
      }
      if (ok) {
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        AppendUtf8(cp, &out);
        i = semi;
        continue;
      }
    } else if (semi != std::string_view::npos && semi - i <= 8) {
      const std::string_view name = s.substr(i + 1, semi - i - 1);
      bool found = false;
      for (const auto& e : kEntities) {
        if (e.name == name) {
          AppendUtf8(e.cp, &out);
          found = true;
          break;
        }
      }
      if (found) {
        i = semi;
        continue;
      }
    }
    // "&amp" without ';' (old CMS output) when no name character follows.
    if (s.substr(i + 1, 3) == "amp" && (i + 4 >= s.size() || !IsAsciiAlpha(s[i + 4]))) {
      out.push_back('&');
      i += 3;
      continue;
    }
    out.push_back('&');
  }
  return out;
}

void AppendTidyText(std::string_view raw, std::string* out) {
  std::string decoded;
  std::string_view text = raw;
  if (raw.find('&') != std::string_view::npos) text = decoded = DecodeEntities(raw);
  bool space = !out->empty() && out->back() == ' ';
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // A run of words is copied at once; then one white-space character.
    size_t j = i, len = 0;
    for (; j < n; ++j) {
      const unsigned char c = static_cast<unsigned char>(text[j]);
      if (c <= 0x20) {
        len = 1;
        break;
      }
      if (c == 0xC2 && j + 1 < n && static_cast<unsigned char>(text[j + 1]) == 0xA0) {
        len = 2;  // U+00A0
        break;
      }
      if (c == 0xE3 && text.substr(j, 3) == "\xE3\x80\x80") {
        len = 3;  // U+3000 ideographic space
        break;
      }
    }
    if (j > i) {
      out->append(text.substr(i, j - i));
      space = false;
    }
    if (j == n) break;
    if (!space && !out->empty()) out->push_back(' ');
    space = true;
    i = j + len;
  }
}

std::string TrimAndCut(std::string s, size_t max_bytes) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t lead = 0;
  while (lead < s.size() && s[lead] == ' ') ++lead;
  s.erase(0, lead);
  if (s.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // continuation byte
    s.resize(cut);
  }
  return s;
}

}  // namespace nianbao::crawler::internal
