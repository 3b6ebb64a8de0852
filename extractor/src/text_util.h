// Small UTF-8 helpers the extractor's parts share (counting content characters, collapsing
// HTML white space, Chinese year numbers). Built on common/text.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nianbao::extractor {

// CJK ideographs, ASCII/full-width letters and digits: the characters the F1 score and the
// text-density heuristics count. Punctuation and white space are not content.
bool IsContentCodePoint(char32_t cp);
bool IsCjkCodePoint(char32_t cp);
// Chinese and ASCII sentence punctuation (，。；：、！？…): a sign of prose rather than menus.
bool IsProsePunct(char32_t cp);

struct CharCounts {
  int content = 0;
  int punct = 0;
};
CharCounts CountChars(std::string_view utf8);

// Appends text with every run of ASCII white space (HTML's inter-element white space, source
// line breaks) folded to one space, as a browser renders it.
void AppendCollapsed(std::string_view text, std::string* out);

// True if text contains any of the needles.
bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> needles);

// The first four-digit year 1990..2100 written as "YYYY" or with Chinese digits "二〇二二" that
// ends at byte `end` of text (text[end] is the 年). 0 if none.
int YearBefore(std::string_view text, size_t end);

// Splits canonical text into lines (no trailing '\r').
std::vector<std::string> Lines(std::string_view text);

}  // namespace nianbao::extractor
