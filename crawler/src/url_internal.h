// Pieces of URL handling shared by url.cc and robots.cc, so that a robots.txt pattern and a
// canonical URL are normalised by the same code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nianbao::crawler::internal {

// Appends s to *out with percent-encoding normalised the way CanonicalizeUrl does: %xx hex
// upper-cased, %xx of an unreserved octet (ALPHA DIGIT - . _ ~) decoded, a stray '%' encoded as
// %25, and octets that may not appear raw (controls, space, non-ASCII, " < > ` { } | ^ \) encoded.
// RFC 9309 2.2.2 asks robots matching for exactly this equivalence.
void NormalizePercent(std::string_view s, std::string* out);

// ResolveUrl for a base that is already canonical (a LinkSink's): skips re-canonicalising it,
// which is a third of the cost of resolving a link.
std::optional<std::string> ResolveAgainstCanonical(std::string_view canonical_base, std::string_view ref);

inline bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
// HostOf without the copy: a view into canonical_url.
std::string_view HostView(std::string_view canonical_url);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

}  // namespace nianbao::crawler::internal
