// URLs as nianbao keys them: one canonical spelling per resource, so that the crawler's
// seen-set, its scope check and the extractor's attachment links compare like with like.
//
// Every function is total and bounded: any byte string is accepted, inputs longer than
// kMaxUrlBytes are rejected (nullopt), and no function allocates more than a few times the
// input. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nianbao {

// Longer URLs are refused: real report URLs are < 300 bytes; 8 KB is what most servers accept.
inline constexpr size_t kMaxUrlBytes = 8 * 1024;

// The canonical form of an absolute http(s) URL, or nullopt when it is not one (other schemes,
// no host, bad port, user-info, over kMaxUrlBytes). Applies, in order:
//  - surrounding white space trimmed, tabs/newlines removed (as browsers do), '\' read as '/';
//  - scheme and host lower-cased, a trailing dot on the host dropped, default port dropped;
//  - percent-encoding normalised: hex upper-cased, unreserved octets decoded, octets that may not
//    appear raw (space, non-ASCII, quotes, <>…) encoded, a '%' not followed by two hex digits
//    encoded as %25;
//  - dot segments removed (RFC 3986 5.2.4), an empty path becomes "/";
//  - the fragment dropped;
//  - session ids and tracking parameters dropped: ";jsessionid=…" path parameters and the query
//    parameters jsessionid, phpsessid, sid, aspsessionid*, utm_*, spm, fbclid, gclid,
//    from=timeline/singlemessage/groupmessage, isappinstalled; a query left empty is dropped.
// Nothing else is reordered or removed: query order matters to some government CMSs.
std::optional<std::string> CanonicalizeUrl(std::string_view absolute_url);

// Resolves ref against base (RFC 3986 section 5.2, with browsers' leniencies: '\' as '/',
// "http:path" with base's scheme read as relative), then canonicalises. nullopt for
// javascript:, mailto:, tel:, data: and every other non-http(s) scheme, or when base is not an
// http(s) URL. An empty ref (or a bare "#frag") resolves to base.
std::optional<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// ResolveUrl for a base that is already canonical: skips re-canonicalising it (a third of the
// cost of resolving a link, which the crawler does ~20 times a page).
std::optional<std::string> ResolveAgainstCanonical(std::string_view canonical_base, std::string_view ref);

// Of a canonical URL: "host" or "host:port" when the port is not the scheme's default.
std::string HostOf(std::string_view canonical_url);
std::string_view HostView(std::string_view canonical_url);   // the same, as a view into it
// Of a canonical URL: path plus "?query" (what robots.txt rules match against); "/" at least.
std::string PathAndQuery(std::string_view canonical_url);

// Appends s to *out with percent-encoding normalised the way CanonicalizeUrl does: %xx hex
// upper-cased, %xx of an unreserved octet (ALPHA DIGIT - . _ ~) decoded, a stray '%' encoded as
// %25, and octets that may not appear raw (controls, space, non-ASCII, " < > ` { } | ^ \) encoded.
// RFC 9309 2.2.2 asks robots.txt matching for exactly this equivalence.
void NormalizePercent(std::string_view s, std::string* out);

}  // namespace nianbao
