// URLs as the crawler keys them (common/url.h: canonical form, resolution) and the crawler's
// own judgement of them (trap detection). Pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "nianbao/common/url.h"

namespace nianbao::crawler {

// The URL functions live in common/url.h (the extractor resolves its links with them too).
using nianbao::CanonicalizeUrl;
using nianbao::HostOf;
using nianbao::kMaxUrlBytes;
using nianbao::PathAndQuery;
using nianbao::ResolveUrl;

// True when a canonical URL looks like a crawler trap, with a short reason in *why (may be
// null): a path segment repeated 3 or more times, path depth over 12, a query with more than 6
// parameters or over 300 bytes, or a calendar: a year outside 1990..2050 in a date-like path
// (/YYYY/MM/, /YYYYMM/, tYYYYMMDD) or date-like query parameter, or a month outside 1..12 there.
bool LooksLikeTrap(std::string_view canonical_url, std::string* why);

}  // namespace nianbao::crawler
