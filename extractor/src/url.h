// The links of a page: resolved (common/url.h), and what kind of file they point to.
#pragma once

#include <string>
#include <string_view>

namespace nianbao::extractor {

// The canonical absolute URL of ref against base (nianbao::ResolveUrl, the crawler's own); ref
// trimmed but otherwise unchanged when that gives none: no http(s) base (a file extracted
// without --url) or another scheme (javascript:, mailto:).
std::string ResolveLink(std::string_view base, std::string_view ref);

// The lower-case extension of the URL's path ("pdf"), ignoring query and fragment; also looks
// inside a viewer's query ("viewer.html?file=/a/b.pdf") so 全真版 viewers are recognised.
std::string LinkExtension(std::string_view url);

}  // namespace nianbao::extractor
