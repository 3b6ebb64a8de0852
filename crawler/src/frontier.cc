#include "nianbao/crawler/frontier.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <string_view>
#include <type_traits>
#include <unordered_set>

#include "nianbao/common/clock.h"
#include "nianbao/common/json.h"
#include "nianbao/common/text.h"

namespace nianbao::crawler {
namespace {

constexpr char kNsCrawl[] = "crawl";
constexpr char kNsFrontier[] = "frontier";
constexpr char kNsSeen[] = "seen";
constexpr char kNsBudget[] = "budget";
constexpr char kNsValidators[] = "validators";

// 64 bits: a collision (one URL wrongly taken as seen) is ~1e-9 likely at 200k cached keys.
uint64_t Hash64(std::string_view s) { return std::hash<std::string_view>{}(s); }

std::string NewCrawlId() {
  std::random_device rd;
  char buf[17];
  uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd() ^ static_cast<uint64_t>(Clock::Real()->NowMicros());
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string FrontierItem::Key() const {
  if (method == "GET") return url;
  return method + " " + url + "\n" + post_body;
}

// The persisted record: a version byte, then Pack() without an origin (attempts is written but
// ignored on reading: retries happen within one run). ForEachField's order is the format:
// changing it means a new version byte. Crawls saved as JSON (before 2026-11-26) still resume.
constexpr char kRecordV1 = '\x01';

std::string FrontierItem::Serialize() const {
  std::string out(1, kRecordV1);
  out.append(Pack());
  return out;
}

bool FrontierItem::Parse(const std::string& s, FrontierItem* out) {
  if (!s.empty() && s[0] == kRecordV1) {
    // Unpack takes a cut record as a partial item; a record is taken only if it is whole (an
    // item with, say, an empty method would have another key and never be marked done).
    FrontierItem it = Unpack(std::string_view(s).substr(1));
    if (it.url.empty() || it.Pack() != std::string_view(s).substr(1)) return false;
    it.attempts = 0;
    *out = std::move(it);
    return true;
  }
  Json j = Json::parse(s, nullptr, false);
  if (!j.is_object() || !j.contains("url")) return false;
  try {
    FrontierItem it;
    it.url = j.value("url", "");
    it.method = j.value("m", "GET");
    it.agency = j.value("a", "");
    it.depth = j.value("d", 0);
    it.priority = j.value("p", 0);
    it.kind = j.value("k", 0);
    it.seq = j.value("s", uint64_t{0});
    it.post_body = j.value("b", "");
    it.content_type = j.value("ct", "");
    it.anchor = j.value("t", "");
    it.referrer = j.value("r", "");
    it.redirects = j.value("rd", 0);
    it.report_hint = j.value("h", false);
    it.etag = j.value("e", "");
    it.last_modified = j.value("lm", "");
    *out = std::move(it);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

namespace {

// Calls f on every field of a FrontierItem (const or not), in one order for Pack and Unpack.
template <typename Item, typename F>
void ForEachField(Item& it, F&& f) {
  f(it.url), f(it.method), f(it.post_body), f(it.content_type), f(it.agency), f(it.anchor), f(it.referrer);
  f(it.etag), f(it.last_modified), f(it.kind), f(it.depth), f(it.priority), f(it.redirects);
  f(it.report_hint), f(it.seq), f(it.attempts);
}

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// False at the end of the input (a cut packed string).
bool GetVarint(std::string_view in, size_t* pos, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && *pos < in.size(); shift += 7) {
    const unsigned char c = static_cast<unsigned char>(in[(*pos)++]);
    *v |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (c < 0x80) return true;
  }
  return false;
}

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

std::string FrontierItem::Pack(std::string_view origin) const {
  std::string out;
  out.reserve(24 + url.size() + agency.size() + anchor.size() + referrer.size() + post_body.size());
  ForEachField(*this, [&](const auto& field) {
    using T = std::decay_t<decltype(field)>;
    if constexpr (std::is_same_v<T, std::string>) {
      const bool elide = !origin.empty() && StartsWith(field, origin);
      const std::string_view rest = std::string_view(field).substr(elide ? origin.size() : 0);
      PutVarint((static_cast<uint64_t>(rest.size()) << 1) | (elide ? 1 : 0), &out);
      out.append(rest);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      PutVarint(field, &out);
    } else {
      PutVarint(ZigZag(static_cast<int64_t>(field)), &out);
    }
  });
  return out;
}

FrontierItem FrontierItem::Unpack(std::string_view packed, std::string_view origin) {
  FrontierItem it;
  size_t pos = 0;
  bool ok = true;   // after a cut, the remaining fields stay default
  ForEachField(it, [&](auto& field) {
    using T = std::decay_t<decltype(field)>;
    uint64_t v = 0;
    if (!ok || !(ok = GetVarint(packed, &pos, &v))) return;
    if constexpr (std::is_same_v<T, std::string>) {
      const std::string_view rest = packed.substr(pos, static_cast<size_t>(v >> 1));
      pos += rest.size();
      field.assign((v & 1) ? origin : std::string_view());
      field.append(rest);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      field = v;
    } else {
      field = static_cast<T>(UnZigZag(v));
    }
  });
  return it;
}

Result<std::unique_ptr<Frontier>> Frontier::Open(store::Archive* archive, const std::string& signature,
                                                 size_t cache_entries, int max_per_agency) {
  std::unique_ptr<Frontier> f(new Frontier(archive, cache_entries, max_per_agency));
  f->signature_ = signature;
  std::string previous;
  auto cur = archive->GetState(kNsCrawl, "current");
  if (cur.ok()) {
    Json j = Json::parse(*cur, nullptr, false);
    if (j.is_object()) {
      previous = j.value("id", "");
      if (!j.value("finished", true) && j.value("signature", "") == signature && !previous.empty()) {
        f->id_ = previous;
        f->resumed_ = true;
      }
    }
  } else if (!cur.status().IsNotFound()) {
    return cur.status();
  }
  if (f->resumed_) {
    // Budgets and the next sequence number come back from disk.
    Status s = archive->ScanState(kNsBudget, f->id_ + "/", [&](const std::string& k, const std::string& v) {
      f->budget_[k.substr(f->id_.size() + 1)] = std::strtoull(v.c_str(), nullptr, 10);
      return true;
    });
    if (!s.ok()) return s;
    s = archive->ScanState(kNsFrontier, f->id_ + "/", [&](const std::string&, const std::string& v) {
      FrontierItem it;
      if (FrontierItem::Parse(v, &it)) f->next_seq_ = std::max(f->next_seq_, it.seq + 1);
      return true;
    });
    if (!s.ok()) return s;
    return f;
  }
  if (!previous.empty()) {
    Status s = f->DeleteCrawl(previous);
    if (!s.ok()) return s;
  }
  f->id_ = NewCrawlId();
  Json j = {{"id", f->id_}, {"signature", signature}, {"started", Clock::Real()->NowMicros()}, {"finished", false}};
  Status s = archive->PutState(kNsCrawl, "current", DumpJson(j));
  if (!s.ok()) return s;
  return f;
}

Status Frontier::DeleteCrawl(const std::string& id) {
  for (const char* ns : {kNsFrontier, kNsSeen, kNsBudget}) {
    std::vector<std::string> keys;
    Status s = archive_->ScanState(ns, id + "/", [&](const std::string& k, const std::string&) {
      keys.push_back(k);
      return true;
    });
    if (!s.ok()) return s;
    for (size_t i = 0; i < keys.size(); i += 1000) {
      auto batch = archive_->NewStateBatch();
      for (size_t k = i; k < std::min(keys.size(), i + 1000); ++k) batch->Delete(ns, keys[k]);
      s = archive_->Commit(batch.get());
      if (!s.ok()) return s;
    }
  }
  return Status::OK();
}

Status Frontier::LoadPending(const std::function<void(FrontierItem&& item)>& fn) {
  return archive_->ScanState(kNsFrontier, id_ + "/", [&](const std::string&, const std::string& v) {
    FrontierItem it;
    if (FrontierItem::Parse(v, &it)) fn(std::move(it));
    return true;
  });
}

Status Frontier::ScanPending(const std::string& key_prefix, const std::string& start,
                             const std::function<bool(const std::string& key, FrontierItem&& item)>& fn) {
  const std::string dir = id_ + "/";
  return archive_->ScanStateFrom(kNsFrontier, dir + key_prefix, start.empty() ? "" : dir + start,
                                 [&](const std::string& k, const std::string& v) {
                                   FrontierItem it;
                                   if (!FrontierItem::Parse(v, &it)) return true;
                                   return fn(k.substr(dir.size()), std::move(it));
                                 });
}

bool Frontier::CacheHas(uint64_t h) const {
  if (cache_.empty()) return false;
  h = h ? h : 1;
  const size_t mask = cache_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (cache_[i] == h) return true;
    if (cache_[i] == 0) return false;
  }
}

void Frontier::CacheAdd(uint64_t h) {
  h = h ? h : 1;
  // Bounded: when full, start over (the disk still answers for what the cache forgot). The
  // table doubles up to twice the limit, so it is never more than half full.
  if (cache_size_ >= cache_limit_) {
    std::fill(cache_.begin(), cache_.end(), 0);
    cache_size_ = 0;
  }
  if (2 * (cache_size_ + 1) > cache_.size()) {
    std::vector<uint64_t> old = std::move(cache_);
    cache_.assign(std::max<size_t>(1024, 2 * old.size()), 0);
    cache_size_ = 0;
    for (uint64_t o : old)
      if (o) CacheAdd(o);
  }
  const size_t mask = cache_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (cache_[i] == h) return;
    if (cache_[i] == 0) {
      cache_[i] = h;
      ++cache_size_;
      return;
    }
  }
}

bool Frontier::Seen(const std::string& key) {
  if (CacheHas(Hash64(key))) return true;
  auto r = archive_->GetState(kNsSeen, id_ + "/" + key);
  if (r.ok()) {
    Remember(key);
    return true;
  }
  return false;
}

void Frontier::Remember(const std::string& key) {
  CacheAdd(Hash64(key));
}

Status Frontier::Complete(const std::string* done_key, std::vector<FrontierItem> items,
                          std::vector<FrontierItem>* admitted, uint64_t* over_budget) {
  std::vector<Step> steps(1);
  if (done_key) steps[0].done_key = *done_key;
  steps[0].items = std::move(items);
  Status s = CompleteAll(&steps);
  if (!s.ok()) return s;
  for (auto& it : steps[0].admitted) admitted->push_back(std::move(it));
  if (over_budget) *over_budget += steps[0].over_budget;
  return s;
}

Status Frontier::CompleteAll(std::vector<Step>* steps) {
  auto batch = archive_->NewStateBatch();
  std::map<std::string, uint64_t> touched;
  std::unordered_set<std::string> in_batch;
  for (Step& step : *steps) {
    if (!step.done_key.empty()) {
      batch->Delete(kNsFrontier, id_ + "/" + step.done_key);
      batch->Put(kNsSeen, id_ + "/" + step.done_key, "d");
    }
    for (auto& it : step.items) {
      std::string key = it.Key();
      if (in_batch.count(key) || Seen(key)) continue;
      uint64_t& n = budget_[it.agency];
      if (max_per_agency_ > 0 && n >= static_cast<uint64_t>(max_per_agency_)) {
        ++step.over_budget;
        continue;
      }
      ++n;
      touched[it.agency] = n;
      in_batch.insert(key);
      it.seq = next_seq_++;
      if (it.referrer.empty()) it.referrer = step.referrer;
      if (it.method == "GET") Validators(it.url, &it.etag, &it.last_modified);
      batch->Put(kNsSeen, id_ + "/" + key, "q");
      batch->Put(kNsFrontier, id_ + "/" + key, it.Serialize());
      step.admitted.push_back(std::move(it));
    }
    step.items.clear();
  }
  for (const auto& [agency, n] : touched) batch->Put(kNsBudget, id_ + "/" + agency, std::to_string(n));
  Status s = archive_->Commit(batch.get());
  if (!s.ok()) {
    for (Step& step : *steps) step.admitted.clear();
    return s;
  }
  for (const auto& key : in_batch) Remember(key);
  for (const Step& step : *steps)
    if (!step.done_key.empty()) Remember(step.done_key);
  return Status::OK();
}

Status Frontier::Finish() {
  Json j = {{"id", id_}, {"signature", signature_}, {"finished", true}, {"ended", Clock::Real()->NowMicros()}};
  return archive_->PutState(kNsCrawl, "current", DumpJson(j));
}

void Frontier::Validators(const std::string& url, std::string* etag, std::string* last_modified) {
  auto r = archive_->GetState(kNsValidators, url);
  if (!r.ok()) return;
  size_t nl = r->find('\n');
  *etag = r->substr(0, nl);
  *last_modified = nl == std::string::npos ? "" : r->substr(nl + 1);
}

Status Frontier::PutValidators(const std::string& url, const std::string& etag, const std::string& last_modified) {
  if (etag.empty() && last_modified.empty()) return archive_->DeleteState(kNsValidators, url);
  return archive_->PutState(kNsValidators, url, etag + "\n" + last_modified);
}

uint64_t Frontier::admitted(const std::string& agency) const {
  auto it = budget_.find(agency);
  return it == budget_.end() ? 0 : it->second;
}

}  // namespace nianbao::crawler
