// UTF-8 text helpers shared by the extractor, the store and the parser.
// All functions are total: any byte string is accepted; invalid UTF-8 is replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao {

// Decodes one code point at s[*pos], advancing *pos; invalid bytes give U+FFFD and advance by 1.
char32_t DecodeUtf8(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);
// Valid UTF-8 copy of s (invalid sequences become U+FFFD).
std::string SanitizeUtf8(std::string_view s);
bool IsValidUtf8(std::string_view s);
// The index of the first byte at or after `from` that is not ASCII, or s.size(): ASCII runs
// (markup, styles, scripts) are skipped eight bytes at a time.
size_t SkipAscii(std::string_view s, size_t from = 0);

// Folds one code point for comparison: full-width ASCII (U+FF01..FF5E) to ASCII, the
// ideographic space to a space, ASCII letters to lower case, and common punctuation variants
// (、，。：；（）【】“”‘’ …) to one form. Digits in any width fold to ASCII.
char32_t FoldCodePoint(char32_t cp);
bool IsSpaceCodePoint(char32_t cp);   // Unicode white space incl. U+3000, U+00A0, zero-width

// The form the archive compares versions by: every code point folded, all white space removed.
// Two texts that differ only in white space, line breaks or character width are equal here.
std::string NormalizeForComparison(std::string_view text);

// Collapses runs of horizontal white space, trims each line, and keeps at most one blank line
// in a row. Used to tidy any text before it is stored or printed.
std::string TidyLines(std::string_view text);

std::vector<std::string_view> SplitLines(std::string_view text);
std::string Trim(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::string ToLowerAscii(std::string_view s);
inline bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool EqualsIgnoreCase(std::string_view a, std::string_view b);   // ASCII letters only
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

}  // namespace nianbao
