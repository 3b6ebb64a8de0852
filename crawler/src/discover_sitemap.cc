// Sitemaps (sitemaps.org): <urlset><url><loc>…</loc></url></urlset> lists pages (kPage, or
// kAttachment for documents); <sitemapindex><sitemap><loc>…</loc></sitemap></sitemapindex> lists
// further sitemaps (kSitemap); a text sitemap (…/sitemap.txt) has one URL per line.
// A scan for <loc> rather than libxml2: the format is flat, a scan is total and bounded by
// construction, and it is not exposed to XML entity expansion (a "billion laughs" sitemap).
#include <string>

#include "discover_adapter.h"
#include "discover_scan.h"
#include "url_internal.h"

namespace nianbao::crawler::internal {
namespace {

bool IsTextSitemap(const Page& page) {
  const std::string_view url = std::string_view(page.url).substr(0, page.url.find('?'));
  return url.size() >= 12 && EqualsIgnoreCase(url.substr(url.size() - 12), "/sitemap.txt");
}

bool DetectSitemap(const Page& page) {
  const std::string_view head = page.body_utf8.substr(0, 4096);
  return head.find("<urlset") != std::string_view::npos || head.find("<sitemapindex") != std::string_view::npos ||
         IsTextSitemap(page);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

void DiscoverSitemap(const Page& page, LinkSink* sink) {
  const std::string_view body = page.body_utf8;
  if (IsTextSitemap(page)) {
    for (size_t p = 0; p < body.size();) {
      const size_t eol = std::min(body.find('\n', p), body.size());
      const std::string_view line = Trim(body.substr(p, eol - p));
      if (StartsWithIgnoreCase(line, "http")) sink->Add(line, "", LinkKind::kPage);
      p = eol + 1;
    }
    return;
  }
  const bool index = body.substr(0, 4096).find("<sitemapindex") != std::string_view::npos;
  for (size_t p = 0; (p = body.find("<loc", p)) != std::string_view::npos;) {
    const size_t open_end = body.find('>', p);
    if (open_end == std::string_view::npos) break;
    const size_t close = body.find("</loc>", open_end);
    if (close == std::string_view::npos) break;
    std::string_view loc = Trim(body.substr(open_end + 1, close - open_end - 1));
    if (loc.substr(0, 9) == "<![CDATA[" && loc.size() >= 12 && loc.substr(loc.size() - 3) == "]]>")
      loc = Trim(loc.substr(9, loc.size() - 12));
    sink->Add(DecodeEntities(loc), "", index ? LinkKind::kSitemap : LinkKind::kPage);
    p = close + 6;
  }
}

}  // namespace

const Adapter kSitemapAdapter = {"sitemap", DetectSitemap, DiscoverSitemap};

}  // namespace nianbao::crawler::internal
