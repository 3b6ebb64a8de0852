// Character-level F1 between an extracted text and the true text: multiset overlap of CJK
// characters, letters and digits (folded), white space and punctuation ignored. The measure the
// extraction test set and ../shared/extraction-dev are scored with.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "nianbao/common/text.h"

namespace nianbao::extractor::testing {

inline std::unordered_map<char32_t, int> CharBag(std::string_view text) {
  std::unordered_map<char32_t, int> bag;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = FoldCodePoint(DecodeUtf8(text, &pos));
    bool cjk = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp >= 0x20000;
    bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z');
    if (cjk || alnum) ++bag[cp];
  }
  return bag;
}

inline double CharF1(std::string_view extracted, std::string_view truth) {
  auto a = CharBag(extracted), b = CharBag(truth);
  long na = 0, nb = 0, common = 0;
  for (auto& [c, n] : a) na += n;
  for (auto& [c, n] : b) {
    nb += n;
    auto it = a.find(c);
    if (it != a.end()) common += std::min(n, it->second);
  }
  if (na == 0 && nb == 0) return 1.0;
  if (na == 0 || nb == 0 || common == 0) return 0.0;
  double p = static_cast<double>(common) / na, r = static_cast<double>(common) / nb;
  return 2 * p * r / (p + r);
}

// The text after the title line (the hand-cut extraction-dev texts have no title).
inline std::string BodyOf(const std::string& canonical) {
  size_t nl = canonical.find('\n');
  return nl == std::string::npos ? "" : canonical.substr(nl + 1);
}

}  // namespace nianbao::extractor::testing
