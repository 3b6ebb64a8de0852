#include "text_util.h"

#include "nianbao/common/text.h"

namespace nianbao::extractor {

bool IsCjkCodePoint(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3007;
}

bool IsContentCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp >= 0xFF10 && cp <= 0xFF19) return true;   // full-width digits
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) return true;
  return IsCjkCodePoint(cp);
}

bool IsProsePunct(char32_t cp) {
  switch (cp) {
    case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF1A: case 0x3001: case 0xFF01: case 0xFF1F:
    case 0x201C: case 0x201D: case 0xFF08: case 0xFF09: case 0x300A: case 0x300B:
    case ',': case '.': case ';': case '!': case '?':
      return true;
    default:
      return false;
  }
}

CharCounts CountChars(std::string_view utf8) {
  CharCounts c;
  size_t pos = 0;
  while (pos < utf8.size()) {
    unsigned char b = static_cast<unsigned char>(utf8[pos]);
    if (b < 0x80) {   // ASCII fast path: most of a page's bytes
      ++pos;
      if ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) ++c.content;
      else if (b == ',' || b == '.' || b == ';' || b == '!' || b == '?') ++c.punct;
      continue;
    }
    char32_t cp = DecodeUtf8(utf8, &pos);
    if (IsContentCodePoint(cp)) ++c.content;
    else if (IsProsePunct(cp)) ++c.punct;
  }
  return c;
}

void AppendCollapsed(std::string_view text, std::string* out) {
  bool space = !out->empty() && out->back() == ' ';
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
      if (!space) out->push_back(' ');
      space = true;
    } else {
      out->push_back(ch);
      space = false;
    }
  }
}

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles)
    if (text.find(n) != std::string_view::npos) return true;
  return false;
}

namespace {
int ChineseDigit(char32_t cp) {
  switch (cp) {
    case U'〇': case U'零': case U'○': case U'O': return 0;
    case U'一': return 1; case U'二': return 2; case U'三': return 3; case U'四': return 4;
    case U'五': return 5; case U'六': return 6; case U'七': return 7; case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}
}  // namespace

int YearBefore(std::string_view text, size_t end) {
  if (end > text.size()) return 0;
  // Walk back over up to four digits (ASCII, full-width or Chinese), skipping spaces.
  std::vector<int> digits;
  size_t pos = end;
  while (pos > 0 && digits.size() < 5) {
    size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t p = start;
    char32_t cp = DecodeUtf8(text, &p);
    int d = -1;
    if (cp >= '0' && cp <= '9') d = static_cast<int>(cp - '0');
    else if (cp >= 0xFF10 && cp <= 0xFF19) d = static_cast<int>(cp - 0xFF10);
    else d = ChineseDigit(cp);
    if (d < 0) {
      if (cp == ' ' && digits.empty()) { pos = start; continue; }
      break;
    }
    digits.insert(digits.begin(), d);
    pos = start;
  }
  if (digits.size() != 4) return 0;
  int y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  return (y >= 1990 && y <= 2100) ? y : 0;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view l : SplitLines(text)) out.emplace_back(l);
  return out;
}

}  // namespace nianbao::extractor
