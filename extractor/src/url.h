// Resolving links against a base URL (RFC 3986 section 5.2, the parts real pages need).
#pragma once

#include <string>
#include <string_view>

namespace nianbao::extractor {

// Absolute form of ref against base. Returns ref unchanged when base is empty or not absolute
// and ref is already absolute or nothing better is known.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The lower-case extension of the URL's path ("pdf"), ignoring query and fragment; also looks
// inside a viewer's query ("viewer.html?file=/a/b.pdf") so 全真版 viewers are recognised.
std::string LinkExtension(std::string_view url);

}  // namespace nianbao::extractor
