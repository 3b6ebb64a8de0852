// Discover(): runs the generic scan and every adapter whose signature the page shows, into one
// LinkSink that resolves, classifies, scores and dedupes (discover.h).
#include "nianbao/crawler/discover.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "discover_adapter.h"
#include "discover_scan.h"
#include "nianbao/crawler/url.h"
#include "url_internal.h"

namespace nianbao::crawler {
namespace internal {
namespace {

constexpr size_t kMaxAnchorBytes = 200;

const Adapter* const kAdapters[] = {&kGenericAdapter, &kTrsAdapter, &kHanwebAdapter,
                                    &kFujianAdapter, &kSitemapAdapter};

// The pages of a site repeat the same hrefs: navigation, sidebar, breadcrumbs and footer (14 of
// a typical detail page's 20 distinct hrefs are the site's). Each worker thread remembers what
// its recent hrefs resolved to, keyed by the part of the base they depend on: the origin for an
// absolute path ("/xxgk/"), the base's directory for everything else. Refs that depend on the
// base's file name or query (empty, "?…", "#…") or that start with white space are not cached.
class ResolveCache {
 public:
  std::optional<std::string> Resolve(std::string_view base, std::string_view ref) {
    if (ref.empty() || ref[0] == '?' || ref[0] == '#' || static_cast<unsigned char>(ref[0]) <= 0x20 ||
        ref.size() > 512)
      return ResolveAgainstCanonical(base, ref);
    const bool origin_only = ref[0] == '/' && (ref.size() == 1 || (ref[1] != '/' && ref[1] != '\\'));
    const size_t authority = base.find("://");
    const size_t path = authority == std::string_view::npos ? base.size() : base.find('/', authority + 3);
    size_t scope = path == std::string_view::npos ? base.size() : path;
    if (!origin_only && path != std::string_view::npos) {
      const size_t dir = base.substr(0, base.find('?')).rfind('/');
      scope = dir == std::string_view::npos ? base.size() : dir + 1;
    }
    key_.assign(base.substr(0, scope)).push_back('\0');
    key_.append(ref);
    if (auto it = map_.find(key_); it != map_.end()) return it->second;
    auto url = ResolveAgainstCanonical(base, ref);
    if (map_.size() >= kMaxEntries) map_.clear();   // bounded; a site's repeats come back at once
    map_.emplace(key_, url);
    return url;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::string key_;
  std::unordered_map<std::string, std::optional<std::string>> map_;
};

std::optional<std::string> ResolveCached(std::string_view base, std::string_view ref) {
  thread_local ResolveCache cache;
  return cache.Resolve(base, ref);
}

}  // namespace

bool LinkSink::Add(std::string_view ref, std::string_view anchor, LinkKind kind) {
  Link link;
  auto url = ResolveCached(base_, ref);
  if (!url) return false;
  link.url = std::move(*url);
  link.kind = kind == LinkKind::kPage && IsAttachmentUrl(link.url) ? LinkKind::kAttachment : kind;
  link.anchor = TrimAndCut(std::string(anchor), kMaxAnchorBytes);
  return Insert(std::move(link));
}

bool LinkSink::AddPost(std::string_view ref, std::string body, std::string content_type,
                       std::string_view anchor) {
  Link link;
  auto url = ResolveCached(base_, ref);
  if (!url) return false;
  link.url = std::move(*url);
  link.kind = LinkKind::kDataRequest;
  link.method = "POST";
  link.post_body = std::move(body);
  link.content_type = std::move(content_type);
  link.anchor = TrimAndCut(std::string(anchor), kMaxAnchorBytes);
  return Insert(std::move(link));
}

bool LinkSink::Insert(Link link) {
  link.priority = ScoreLink(link.url, link.anchor);
  auto [it, added] = index_.emplace(LinkKey(link), links_.size());
  if (!added) {  // the same target again: keep the first, with the best words seen
    Link& first = links_[it->second];
    if (link.priority > first.priority) {
      first.priority = link.priority;
      first.anchor = std::move(link.anchor);
    } else if (first.anchor.empty()) {
      first.anchor = std::move(link.anchor);
    }
    return true;
  }
  if (links_.size() >= kMaxLinks) {
    index_.erase(it);
    return false;
  }
  links_.push_back(std::move(link));
  return true;
}

}  // namespace internal

const char* LinkKindName(LinkKind kind) {
  switch (kind) {
    case LinkKind::kPage: return "page";
    case LinkKind::kAttachment: return "attachment";
    case LinkKind::kFrame: return "frame";
    case LinkKind::kRedirect: return "redirect";
    case LinkKind::kPagination: return "pagination";
    case LinkKind::kDataRequest: return "data-request";
    case LinkKind::kSitemap: return "sitemap";
  }
  return "page";
}

std::string LinkKey(const Link& link) {
  if (link.method == "GET" && link.post_body.empty()) return link.url;
  return link.method + " " + link.url + "\n" + link.post_body;
}

Discovery Discover(const Page& page) {
  Discovery d;
  internal::LinkSink sink(CanonicalizeUrl(page.url).value_or(page.url));
  for (const internal::Adapter* a : internal::kAdapters) {
    if (!a->detect(page)) continue;
    a->discover(page, &sink);
    if (!d.adapter.empty()) d.adapter += "+";
    d.adapter += a->name;
  }
  d.links = sink.Take();
  d.title = std::move(sink.title);
  return d;
}

int ScoreLink(std::string_view url, std::string_view anchor) {
  struct Word {
    std::string_view text;
    int score;
  };
  // Anchor words, strongest first; only the best one counts so a long title is not favoured.
  static constexpr Word kAnchorWords[] = {
      {"年度报告", 60}, {"年报", 50}, {"政府信息公开", 35}, {"信息公开", 25}, {"政务公开", 20},
      {"法定主动公开", 15}, {"公开目录", 15}, {"工作报告", 10}};
  // URL words (matched in the lower-cased URL): column names seen on real CMSs.
  static constexpr Word kUrlWords[] = {
      {"zfxxgknb", 40}, {"xxgknb", 40}, {"zfxxgkndbg", 40}, {"ndbg", 35}, {"gknb", 35},
      {"nianbao", 35},  {"annualreport", 35}, {"zfxxgk", 20}, {"xxgk", 15}, {"zwgk", 10}};
  int a = 0, u = 0;
  // Every anchor word holds 报 or 公开: most anchors hold neither and are done after two scans.
  if (anchor.find("报") != std::string_view::npos || anchor.find("公开") != std::string_view::npos)
    for (const Word& w : kAnchorWords)
      if (anchor.find(w.text) != std::string_view::npos) a = std::max(a, w.score);
  char lower[1024];
  const size_t n = std::min(url.size(), sizeof lower);
  for (size_t i = 0; i < n; ++i) lower[i] = internal::LowerAscii(url[i]);
  const std::string_view lower_url(lower, n);
  for (const Word& w : kUrlWords)
    if (lower_url.find(w.text) != std::string_view::npos) u = std::max(u, w.score);
  return a + u;
}

}  // namespace nianbao::crawler
