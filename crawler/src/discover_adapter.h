// The internal interface of discovery adapters. An adapter is one file (discover_<cms>.cc)
// defining one Adapter: a cheap signature test and a discover function writing to a LinkSink.
// Adding a CMS = one new file + one line in kAdapters (discover.cc). (Adapters are listed, not
// self-registering, because static-library objects nobody references are dropped at link time.)
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nianbao/crawler/discover.h"

namespace nianbao::crawler::internal {

// Collects the links of one page: resolves, canonicalises, classifies, scores and dedupes.
class LinkSink {
 public:
  // Bounds the output whatever the input: a page may not yield more than this many links.
  static constexpr size_t kMaxLinks = 20000;

  explicit LinkSink(std::string page_url, const KnownUrls* known = nullptr)
      : base_(std::move(page_url)), known_(known) {}
  // The base URL relative references resolve against: the page URL, or its <base href>.
  const std::string& base() const { return base_; }
  void set_base(std::string base) { base_ = std::move(base); }

  // ref: entity-decoded, relative or absolute. Drops what does not resolve to http(s).
  // A kPage link to a document (.pdf, .doc, …) becomes kAttachment. Returns false if dropped.
  bool Add(std::string_view ref, std::string_view anchor, LinkKind kind);
  bool AddPost(std::string_view ref, std::string body, std::string content_type, std::string_view anchor);
  // Whether Add(ref, …) would leave the link out as one the caller already has: a scan can then
  // skip gathering its anchor text.
  bool Known(std::string_view ref);

  std::string title;
  std::vector<Link> Take() { return std::move(links_); }

 private:
  bool Insert(Link link);
  std::string base_;
  const KnownUrls* known_;
  std::vector<Link> links_;
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view k) const { return std::hash<std::string_view>()(k); }
  };
  std::unordered_map<std::string, size_t, KeyHash, std::equal_to<>> index_;  // LinkKey -> position in links_
};

struct Adapter {
  const char* name;
  bool (*detect)(const Page& page);             // must be cheap: a memmem or two
  void (*discover)(const Page& page, LinkSink* sink);
};

// The adapters, in the order they run (generic first: it sets the base from <base href>).
extern const Adapter kGenericAdapter;
extern const Adapter kTrsAdapter;
extern const Adapter kHanwebAdapter;
extern const Adapter kFujianAdapter;
extern const Adapter kSitemapAdapter;

// The generic scan of HTML markup (discover_generic.cc), also used by adapters on fragments (a
// Hanweb record's CDATA). With document true it also takes <base href> and <title>.
void ScanHtml(std::string_view html, bool document, LinkSink* sink);
// Script patterns that navigate: location.href = "…", location.replace("…"), window.open("…").
void ScanScriptNavigation(std::string_view script, LinkSink* sink);
// True when the URL path (or a query value, as in downfile.jsp?filename=a.pdf) ends in a
// document extension.
bool IsAttachmentUrl(std::string_view canonical_url);
// Whether needle occurs in text, found by memchr on needle[rare], a byte seldom seen in HTML
// (an upper-case letter, 'j'): string_view::find stops at every occurrence of the needle's
// first byte, and the signature tests run on every page.
bool ContainsByRareByte(std::string_view text, std::string_view needle, size_t rare);
// Whether LinkKey(link) is the URL itself (a plain GET: nearly every link).
inline bool KeyIsUrl(const Link& link) { return link.method == "GET" && link.post_body.empty(); }
// The two halves of ScoreLink: the words of the anchor text, and the column names in the URL.
int AnchorScore(std::string_view anchor);
int UrlScore(std::string_view url);

// Helpers for scripts and parameter strings. FindParam finds `key: value`, `"key": "value"`,
// `key = 'value'` or `key=value&` with key as a whole word, and returns the value unquoted.
bool FindParam(std::string_view text, std::string_view key, std::string* value);
std::string PercentDecode(std::string_view s);   // also '+' as space (form encoding)
std::string FormEncode(std::string_view s);      // application/x-www-form-urlencoded value
// The URL literal in text that contains needle ("/module/jpage/dataproxy.jsp" around
// "dataproxy.jsp"), or fallback when there is none.
std::string UrlLiteralContaining(std::string_view text, std::string_view needle, std::string_view fallback);
bool ParseInt(std::string_view s, long long* out);  // leading digits, bounded; false if none
// The text of a JS string literal starting at s[*pos] (a quote), escapes undone; advances *pos.
bool ReadJsString(std::string_view s, size_t* pos, std::string* out);

}  // namespace nianbao::crawler::internal
