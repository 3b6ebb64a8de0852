// Link discovery: every link a fetched page leads to, found by a generic scan of the markup plus
// small adapters that know how particular government CMSs hide their lists (TRS pagination
// scripts, Hanweb jpage data requests, the Fujian cluster's JSON search, sitemaps).
//
// Discover runs on every page, so it is a single streaming pass over the bytes (no DOM): about
// 1 GB/s for the adapters' signature checks and well over 100 MB/s for the tag scan (see
// bench/discover.cc). It is total: any bytes give some (possibly empty) Discovery; it is pure
// and thread-safe; its output is bounded by the input (at most one link per 16 input bytes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nianbao::crawler {

enum class LinkKind {
  kPage,         // <a>/<area> to an HTML page
  kAttachment,   // a document: .pdf .doc .docx .wps .ofd .xls .xlsx .et
  kFrame,        // <frame>/<iframe> src: part of this page, fetch it like the page
  kRedirect,     // meta refresh or a script setting location
  kPagination,   // further pages of the same list (TRS index_N.html …)
  kDataRequest,  // a request a list page's script would make (method/post_body say how)
  kSitemap,      // another sitemap (from a <sitemapindex>)
};
const char* LinkKindName(LinkKind kind);  // "page", "attachment", …

struct Link {
  std::string url;             // canonical absolute (CanonicalizeUrl)
  std::string anchor;          // anchor text (UTF-8, entities decoded, trimmed, ≤ 200 bytes)
  LinkKind kind = LinkKind::kPage;
  int priority = 0;            // higher first: ScoreLink(url, anchor)
  std::string method = "GET";  // "POST" for data requests
  std::string post_body;       // form-encoded or JSON body for POST
  std::string content_type;    // of the POST body
};

// Two POST links may share a url and differ in body (two Hanweb columns on one host): key
// seen-sets with this ("url", or "POST url\nbody").
std::string LinkKey(const Link& link);

struct Page {
  std::string url;             // final (after redirects) canonical URL
  std::string content_type;    // as served, e.g. "text/html; charset=utf-8", may be ""
  std::string_view body_utf8;  // the body decoded to UTF-8
  // The POST body that produced this page when it answers a kDataRequest link ("" for GET):
  // the Hanweb and Fujian adapters read their list parameters from it when the reply lacks them.
  std::string_view request_body;
};

struct Discovery {
  std::vector<Link> links;  // deduplicated by LinkKey; first occurrence's order
  std::string title;        // <title> text, tidied
  std::string adapter;      // adapters that matched, "+"-joined: "generic+trs"
};

// The canonical URLs a caller has already taken. A site's navigation, sidebar and footer repeat
// on every page: once a caller holds a GET link, the same URL on later pages needs no anchor
// text, score, key or Link again (the bench web: ~35 links a page, nearly all repeats).
class KnownUrls {
 public:
  virtual ~KnownUrls() = default;
  virtual bool Has(std::string_view canonical_url) const = 0;
};

// Generic scan plus every adapter whose signature the page shows. Links that do not resolve to
// http(s) (javascript:, mailto:, …) are dropped; scope (which hosts to follow) is the caller's.
// GET links whose canonical URL `known` has are left out too (POST data requests never are).
Discovery Discover(const Page& page, const KnownUrls* known = nullptr);

// Priority of a link: report-ish words in the anchor (年度报告, 年报, 政府信息公开, 信息公开 …)
// and URL (ndbg, gknb, xxgknb, zfxxgk, xxgk …). 0 for an ordinary link, up to about 100.
int ScoreLink(std::string_view url, std::string_view anchor);

}  // namespace nianbao::crawler
