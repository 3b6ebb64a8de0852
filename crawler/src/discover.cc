// Discover(): runs the generic scan and every adapter whose signature the page shows, into one
// LinkSink that resolves, classifies, scores and dedupes (discover.h).
#include "nianbao/crawler/discover.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

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

// What a link's URL alone decides, worked out once per distinct resolved reference.
struct Resolved {
  std::optional<std::string> url;   // canonical, or none when the ref does not resolve to http(s)
  int url_score = 0;                // UrlScore(url)
  bool attachment = false;          // IsAttachmentUrl(url)
};

Resolved ResolveNow(std::string_view base, std::string_view ref) {
  Resolved r;
  r.url = ResolveAgainstCanonical(base, ref);
  if (r.url) {
    r.url_score = UrlScore(*r.url);
    r.attachment = IsAttachmentUrl(*r.url);
  }
  return r;
}

// The pages of a site repeat the same hrefs: navigation, sidebar, breadcrumbs and footer (14 of
// a typical detail page's 20 distinct hrefs are the site's). Each worker thread remembers what
// its recent hrefs resolved to, keyed by the part of the base they depend on: the origin for an
// absolute path ("/xxgk/"), the base's directory for everything else. Refs that depend on the
// base's file name or query (empty, "?…", "#…") or that start with white space are not cached.
class ResolveCache {
 public:
  // Valid until the next call.
  const Resolved& Resolve(std::string_view base, std::string_view ref) {
    if (ref.empty() || ref[0] == '?' || ref[0] == '#' || static_cast<unsigned char>(ref[0]) <= 0x20 ||
        ref.size() > 512) {
      uncached_ = ResolveNow(base, ref);
      return uncached_;
    }
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
    // Direct-mapped: one slot per hash, a miss overwrites it (reusing the slot's key buffer).
    // A chained hash map cleared when full cost 3 % of a 300-host crawl's CPU in bucket walks,
    // node allocations and clears: the hosts' pages interleave, so its 4,096 entries churned.
    if (slots_.empty()) slots_.resize(kSlots);
    Slot& slot = slots_[std::hash<std::string>()(key_) & (kSlots - 1)];
    if (slot.used && slot.key == key_) return slot.value;
    slot.key.assign(key_);
    slot.value = ResolveNow(base, ref);
    slot.used = true;
    return slot.value;
  }

 private:
  static constexpr size_t kSlots = 4096;
  struct Slot {
    std::string key;
    Resolved value;
    bool used = false;
  };
  std::string key_;
  Resolved uncached_;
  std::vector<Slot> slots_;
};

const Resolved& ResolveCached(std::string_view base, std::string_view ref) {
  thread_local ResolveCache cache;
  return cache.Resolve(base, ref);
}

}  // namespace

bool LinkSink::Known(std::string_view ref) {
  if (!known_) return false;
  const Resolved& r = ResolveCached(base_, ref);
  return r.url && known_->Has(*r.url);
}

bool LinkSink::Add(std::string_view ref, std::string_view anchor, LinkKind kind) {
  const Resolved& r = ResolveCached(base_, ref);
  if (!r.url) return false;
  if (known_ && known_->Has(*r.url)) return true;   // the caller has it: as good as merged
  Link link;
  link.url = *r.url;
  link.kind = kind == LinkKind::kPage && r.attachment ? LinkKind::kAttachment : kind;
  link.anchor = TrimAndCut(std::string(anchor), kMaxAnchorBytes);
  link.priority = AnchorScore(link.anchor) + r.url_score;
  return Insert(std::move(link));
}

bool LinkSink::AddPost(std::string_view ref, std::string body, std::string content_type,
                       std::string_view anchor) {
  const Resolved& r = ResolveCached(base_, ref);
  if (!r.url) return false;
  Link link;
  link.url = *r.url;
  link.kind = LinkKind::kDataRequest;
  link.method = "POST";
  link.post_body = std::move(body);
  link.content_type = std::move(content_type);
  link.anchor = TrimAndCut(std::string(anchor), kMaxAnchorBytes);
  link.priority = AnchorScore(link.anchor) + r.url_score;
  return Insert(std::move(link));
}

bool LinkSink::Insert(Link link) {
  // Most of a page's links repeat one already taken (navigation, the same item twice): look up
  // before building a key.
  auto it = KeyIsUrl(link) ? index_.find(std::string_view(link.url)) : index_.end();
  bool added = false;
  if (it == index_.end()) std::tie(it, added) = index_.emplace(LinkKey(link), links_.size());
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
  if (internal::KeyIsUrl(link)) return link.url;
  return link.method + " " + link.url + "\n" + link.post_body;
}

Discovery Discover(const Page& page, const KnownUrls* known) {
  Discovery d;
  internal::LinkSink sink(CanonicalizeUrl(page.url).value_or(page.url), known);
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

namespace internal {
namespace {

struct Word {
  std::string_view text;
  int score;
};

// The score of the best word of `words` found in s (only the best counts, so that a long title
// is not favoured), or 0.
template <size_t N>
int BestWord(std::string_view s, const Word (&words)[N]) {
  int best = 0;
  for (const Word& w : words)
    if (s.find(w.text) != std::string_view::npos) best = std::max(best, w.score);
  return best;
}

}  // namespace

int AnchorScore(std::string_view anchor) {
  static constexpr Word kAnchorWords[] = {
      {"年度报告", 60}, {"年报", 50}, {"政府信息公开", 35}, {"信息公开", 25}, {"政务公开", 20},
      {"法定主动公开", 15}, {"公开目录", 15}, {"工作报告", 10}};
  // Every anchor word holds 报 or 公开: most anchors hold neither and are done after two scans.
  if (anchor.find("报") == std::string_view::npos && anchor.find("公开") == std::string_view::npos) return 0;
  return BestWord(anchor, kAnchorWords);
}

int UrlScore(std::string_view url) {
  // Matched in the lower-cased URL: column names seen on real CMSs.
  static constexpr Word kUrlWords[] = {
      {"zfxxgknb", 40}, {"xxgknb", 40}, {"zfxxgkndbg", 40}, {"ndbg", 35}, {"gknb", 35},
      {"nianbao", 35},  {"annualreport", 35}, {"zfxxgk", 20}, {"xxgk", 15}, {"zwgk", 10}};
  char lower[1024];
  const size_t n = std::min(url.size(), sizeof lower);
  for (size_t i = 0; i < n; ++i) lower[i] = LowerAscii(url[i]);
  return BestWord(std::string_view(lower, n), kUrlWords);
}

}  // namespace internal

int ScoreLink(std::string_view url, std::string_view anchor) {
  return internal::AnchorScore(anchor) + internal::UrlScore(url);
}

}  // namespace nianbao::crawler
