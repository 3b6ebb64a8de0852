// The frontier's persistent half: which requests a crawl has admitted, which are done, kept in
// the archive's state namespaces so that a crawl killed with SIGKILL continues where it stopped.
//
// State layout (namespaces of Archive::PutState; <c> is the crawl id, 16 hex digits):
//   "crawl"     "current"          → {"id","signature","started","finished"}
//   "frontier"  "<c>/<request key>" → the pending FrontierItem, Serialize()d (deleted when done)
//   "seen"      "<c>/<request key>" → "q" (admitted) or "d" (done)
//   "budget"    "<c>/<agency id>"   → URLs admitted for that agency
//   "validators" "<url>"           → "etag\nlast-modified" of a stored report (across crawls)
// A request key is LinkKey(): the URL, or "POST url\nbody".
//
// Thread safety: not thread-safe; the engine uses it from its one writer thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nianbao/common/status.h"
#include "nianbao/store/archive.h"

namespace nianbao::crawler {

struct FrontierItem {
  std::string url;                 // canonical
  std::string method = "GET";
  std::string post_body, content_type;
  std::string agency;              // the seed agency id this request works for
  std::string anchor;              // text of the link that led here
  std::string referrer;
  int kind = 0;                    // LinkKind
  int depth = 0;
  int priority = 0;                // higher first
  int redirects = 0;               // redirect hops that led here
  bool report_hint = false;        // an attachment of a page that said it is a report
  std::string etag, last_modified; // validators of a known report URL (conditional request)
  uint64_t seq = 0;                // admission order (ties in priority go first-come)
  int attempts = 0;                // not persisted: retries happen within one run

  std::string Key() const;         // LinkKey(): "url" or "POST url\nbody"
  // The record the frontier persists: a version byte and Pack() (binary, smaller than the
  // JSON it replaced, and no JSON work for every admitted link). Parse reads it and the JSON
  // records of crawls saved before; false for anything else.
  std::string Serialize() const;
  static bool Parse(const std::string& s, FrontierItem* out);
  // Every field (attempts too) in one compact binary string, for the engine's in-memory host
  // queues: one allocation of ~115 bytes (a typical bench URL; 226 before varints and origins)
  // instead of a 330-byte struct and three or four strings.
  // Lengths and numbers are varints, and a URL field (url, referrer) that starts with `origin`
  // (the host queue's "http://host") keeps only the rest. Unpack with the same origin; a cut
  // string gives a partial item. Serialize persists it behind a version byte.
  std::string Pack(std::string_view origin = {}) const;
  static FrontierItem Unpack(std::string_view packed, std::string_view origin = {});
};

class Frontier {
 public:
  // Opens the crawl state. Resumes the current crawl when it is unfinished and has the same
  // signature (same seeds); otherwise starts a new crawl and deletes the previous crawl's state.
  static Result<std::unique_ptr<Frontier>> Open(store::Archive* archive, const std::string& signature,
                                                size_t cache_entries, int max_per_agency);

  bool resumed() const { return resumed_; }
  const std::string& crawl_id() const { return id_; }

  // Every item admitted and not done (after a resume: to be fetched again), one at a time in
  // request-key order: a caller keeps what it wants in memory (the engine: a bounded part).
  Status LoadPending(const std::function<void(FrontierItem&& item)>& fn);

  // Pending items whose request key starts with key_prefix, in key order, from the first key
  // ≥ start ("" = the first), until fn returns false: how the engine reads back what it did not
  // keep in memory (crawler/src/backlog.h). A record that does not parse is skipped.
  Status ScanPending(const std::string& key_prefix, const std::string& start,
                     const std::function<bool(const std::string& key, FrontierItem&& item)>& fn);

  // In one atomic batch: marks done_key done (when not null) and admits the items of `items` not
  // seen before in this crawl and within their agency's budget. *admitted gets those (with seq
  // set); *over_budget counts the rest that were new but over budget.
  Status Complete(const std::string* done_key, std::vector<FrontierItem> items,
                  std::vector<FrontierItem>* admitted, uint64_t* over_budget = nullptr);

  // Complete() for several pages in one batch (one commit instead of one per page: the writer's
  // per-page cost at high page rates). Each step's admitted / over_budget are filled in; a link
  // admitted by an earlier step is "seen" for a later one. All or nothing.
  struct Step {
    std::string done_key;            // "" = none
    std::string referrer;            // for admitted items that have none: the page they came from
    std::vector<FrontierItem> items;
    std::vector<FrontierItem> admitted;
    uint64_t over_budget = 0;
  };
  Status CompleteAll(std::vector<Step>* steps);

  // Marks the crawl finished: the next Open starts a new one.
  Status Finish();

  // Stored validators of a report URL, for conditional re-fetch.
  void Validators(const std::string& url, std::string* etag, std::string* last_modified);
  Status PutValidators(const std::string& url, const std::string& etag, const std::string& last_modified);

  uint64_t admitted(const std::string& agency) const;


 private:
  Frontier(store::Archive* archive, size_t cache_entries, int max_per_agency)
      : archive_(archive), cache_limit_(cache_entries), max_per_agency_(max_per_agency) {}
  bool Seen(const std::string& key);
  void Remember(const std::string& key);
  Status DeleteCrawl(const std::string& id);

  store::Archive* archive_;
  size_t cache_limit_;
  int max_per_agency_;
  std::string id_, signature_;
  bool resumed_ = false;
  uint64_t next_seq_ = 1;
  // Hashes of keys known seen (bounded; disk is the truth): an open-addressing table (linear
  // probing, 0 = empty): 8-byte slots at most half full, 16-32 bytes a key against ~40 for an
  // unordered_set's node and bucket, and no allocation per key.
  bool CacheHas(uint64_t h) const;
  void CacheAdd(uint64_t h);
  std::vector<uint64_t> cache_;
  size_t cache_size_ = 0;
  std::map<std::string, uint64_t> budget_;
};

}  // namespace nianbao::crawler
