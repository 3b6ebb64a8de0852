#include "nianbao/common/text.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace nianbao {

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const size_t i = *pos;
  const unsigned char c0 = static_cast<unsigned char>(s[i]);
  if (c0 < 0x80) {
    *pos = i + 1;
    return c0;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c0 & 0xE0) == 0xC0) { len = 2; cp = c0 & 0x1F; min = 0x80; }
  else if ((c0 & 0xF0) == 0xE0) { len = 3; cp = c0 & 0x0F; min = 0x800; }
  else if ((c0 & 0xF8) == 0xF0) { len = 4; cp = c0 & 0x07; min = 0x10000; }
  else { *pos = i + 1; return 0xFFFD; }
  if (i + len > s.size()) { *pos = i + 1; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    const unsigned char c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) { *pos = i + 1; return 0xFFFD; }
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { *pos = i + 1; return 0xFFFD; }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t SkipAscii(std::string_view s, size_t from) {
  if (from >= s.size()) return s.size();
  size_t i = from;
  for (uint64_t word; s.size() - i >= 8; i += 8) {
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

bool IsValidUtf8(std::string_view s) {
  // Called on every fetched page: ASCII runs are skipped eight bytes at a time, and each run of
  // multi-byte sequences is checked in one loop with the three-byte case (all of CJK) first.
  const unsigned char* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* p = begin;
  const unsigned char* const end = p + s.size();
  while (p < end) {
    p = begin + SkipAscii(s, static_cast<size_t>(p - begin));
    while (p < end && *p >= 0x80) {
      // Two three-byte sequences at once, the shape of running Chinese text: 1110xxxx 10xxxxxx
      // 10xxxxxx twice, leads other than E0 and ED (whose second byte has a narrower range).
      while (std::endian::native == std::endian::little && end - p >= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        if ((word & 0x0000C0C0F0C0C0F0ULL) != 0x00008080E08080E0ULL) break;
        const unsigned char lead0 = p[0], lead1 = p[3];
        if (lead0 == 0xE0 || lead0 == 0xED || lead1 == 0xE0 || lead1 == 0xED) break;
        p += 6;
      }
      if (p >= end || *p < 0x80) break;
      // One sequence, checked in place (RFC 3629, table 3-7 of Unicode: no overlongs, no
      // surrogates, nothing above U+10FFFF).
      const unsigned char b0 = *p;
      if ((b0 & 0xF0) == 0xE0 && end - p >= 3) {
        const unsigned char b1 = p[1], b2 = p[2];
        if (((b1 & 0xC0) != 0x80) | ((b2 & 0xC0) != 0x80)) return false;
        if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)) return false;
        p += 3;
        continue;
      }
      size_t len;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
      } else {
        return false;   // a continuation byte, C0/C1, F5-FF, or a cut three-byte sequence
      }
      if (static_cast<size_t>(end - p) < len) return false;
      for (size_t k = 1; k < len; ++k)
        if ((p[k] & 0xC0) != 0x80) return false;
      if ((b0 == 0xF0 && p[1] < 0x90) || (b0 == 0xF4 && p[1] > 0x8F)) return false;
      p += len;
    }
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

std::string SanitizeUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) AppendUtf8(DecodeUtf8(s, &pos), &out);
  return out;
}

bool IsSpaceCodePoint(char32_t cp) {
  switch (cp) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0x200B: case 0x200C: case 0x200D: case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

char32_t FoldCodePoint(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;   // full-width ASCII block
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  switch (cp) {
    case 0x3001: return ',';   // 、
    case 0x3002: return '.';   // 。
    case 0xFF61: return '.';   // half-width ideographic full stop
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: return '"';
    case 0x2018: case 0x2019: case 0x300E: case 0x300F: return '\'';
    case 0x3010: case 0x3014: return '[';
    case 0x3011: case 0x3015: return ']';
    case 0x2013: case 0x2014: case 0x2015: case 0x2212: return '-';
    case 0x2026: return '.';
    case 0x00B7: case 0x30FB: return '.';
    default: return cp;
  }
}

std::string NormalizeForComparison(std::string_view text) {
  // Runs on every stored report: bytes are copied through unless a code point folds or is space.
  std::string out(text.size(), '\0');
  char* w = out.data();
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      ++pos;
      if (c == ' ' || (c >= '\t' && c <= '\r')) continue;
      *w++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      continue;
    }
    // CJK ideographs (U+4E00..U+9FFF: lead bytes E4..E9) are most of a report and never fold.
    if (c >= 0xE4 && c <= 0xE9 && pos + 2 < text.size() &&
        (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(text[pos + 2]) & 0xC0) == 0x80 && (c > 0xE4 || static_cast<unsigned char>(text[pos + 1]) >= 0xB8)) {
      *w++ = text[pos];
      *w++ = text[pos + 1];
      *w++ = text[pos + 2];
      pos += 3;
      continue;
    }
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (IsSpaceCodePoint(cp)) continue;
    const char32_t folded = FoldCodePoint(cp);
    if (folded == cp) {
      // Also an invalid byte (decoded as U+FFFD): copied as it is, since the 3-byte U+FFFD
      // would not fit where one byte was.
      for (size_t i = start; i < pos; ++i) *w++ = text[i];
    } else {
      std::string enc;
      AppendUtf8(folded, &enc);
      for (char ch : enc) *w++ = ch;   // folding only shortens: full-width forms become ASCII
    }
  }
  out.resize(w - out.data());
  return out;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

std::string Trim(std::string_view s) {
  // Trims ASCII white space and U+3000 / U+00A0 at both ends.
  auto is_space_at_front = [](std::string_view v, size_t* len) {
    size_t pos = 0;
    char32_t cp = DecodeUtf8(v, &pos);
    *len = pos;
    return IsSpaceCodePoint(cp);
  };
  size_t len = 0;
  while (!s.empty() && is_space_at_front(s, &len)) s.remove_prefix(len);
  while (!s.empty()) {
    size_t back = s.size() - 1;
    while (back > 0 && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
    size_t pos = back;
    if (!IsSpaceCodePoint(DecodeUtf8(s, &pos))) break;
    s.remove_suffix(s.size() - back);
  }
  return std::string(s);
}

std::string TidyLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_blank = false;
  for (std::string_view raw : SplitLines(text)) {
    // Collapse horizontal white space runs (but keep tabs: they separate table cells).
    std::string line;
    line.reserve(raw.size());
    size_t pos = 0;
    bool in_space = false;
    while (pos < raw.size()) {
      char32_t cp = DecodeUtf8(raw, &pos);
      if (cp == '\t') {
        while (!line.empty() && line.back() == ' ') line.pop_back();
        line.push_back('\t');
        in_space = true;
        continue;
      }
      if (IsSpaceCodePoint(cp) && cp != 0x3000) {
        if (!in_space) line.push_back(' ');
        in_space = true;
        continue;
      }
      if (in_space && !line.empty() && line.back() == '\t') { /* tab absorbs spaces */ }
      in_space = false;
      AppendUtf8(cp, &line);
    }
    // Trim spaces (not tabs) at both ends.
    size_t b = 0;
    while (b < line.size() && line[b] == ' ') ++b;
    size_t e = line.size();
    while (e > b && line[e - 1] == ' ') --e;
    line = line.substr(b, e - b);
    if (Trim(line).empty()) {
      if (!out.empty()) pending_blank = true;
      continue;
    }
    if (pending_blank) out += "\n";
    pending_blank = false;
    out += line;
    out += "\n";
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; });
  return out;
}

}  // namespace nianbao
